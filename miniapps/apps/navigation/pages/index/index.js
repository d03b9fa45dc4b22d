// @ts-check
// Search a destination, route to it from where the car is (with a charging stop when the battery
// would arrive too low), follow the car along the route, re-route when it leaves it, and tell the
// platform the destination and arrival time so other apps can use them.
const api = require('../../utils/api.js');
const geo = require('../../utils/geo.js');

/** The next-turn card's arrow for each manoeuvre the routing backend names. */
const ARROWS = /** @type {Record<string, string>} */ ({
  depart: '\u2191',
  continue: '\u2191',
  'turn-left': '\u21b0',
  'turn-right': '\u21b1',
  'slight-left': '\u2196',
  'slight-right': '\u2197',
  'sharp-left': '\u21b2',
  'sharp-right': '\u21b3',
  'u-turn': '\u21b6',
  arrive: '\u2691',
});

const LAT = 'Vehicle.CurrentLocation.Latitude';
const LON = 'Vehicle.CurrentLocation.Longitude';
const SOC = 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed';
const SIGNALS = [LAT, LON, SOC];
/** Off the route by more than this, twice running: re-route (once is GPS noise). */
const OFF_ROUTE_M = 60;
/** Off by more than this: clearly elsewhere, re-route at once. */
const ELSEWHERE_M = 200;
const ARRIVED_M = 40;
/** How often the platform hears the new arrival time, ms. */
const SHARE_EVERY_MS = 5000;
const RECENT_KEY = 'recent-destinations';
const FAVOURITES = [
  { name: 'Home', query: 'home' },
  { name: 'Work', query: 'work' },
];

Page({
  data: {
    mode: 'search',
    query: '',
    results: /** @type {Array<{ id: string, name: string, kind: string, latitude: number, longitude: number }>} */ ([]),
    recent: /** @type {Array<{ name: string, latitude: number, longitude: number }>} */ ([]),
    favourites: FAVOURITES,
    message: '',
    /** What failed may work if tried again: a Retry beside the message. */
    retry: false,
    busy: false,
    moving: false,
    /** The platform turned the keyboard off (the driver's screen while driving): search by voice. */
    noKeyboard: false,
    located: false,
    destination: '',
    next: '',
    nextIn: '',
    nextArrow: '',
    remaining: '',
    arrival: '',
    chargingStop: '',
    map: { latitude: 48.1374, longitude: 11.5755, scale: 15, polyline: /** @type {any[]} */ ([]), markers: /** @type {any[]} */ ([]), includePoints: /** @type {any[]} */ ([]) },
  },

  onLoad(query) {
    /** @type {[number, number] | null} */
    this.position = null;
    /** @type {number | null} */
    this.soc = null;
    /** @type {Glovebox.VehicleProfile | null} */
    this.profile = null;
    /** @type {any} */
    this.plan = null;
    this.offCount = 0;
    this.lastShared = 0;
    /** @param {Glovebox.DrivingState} driving */
    const drivingChanged = (driving) => this.setData({ moving: driving.state !== 'PARKED', noKeyboard: driving.flags.includes('NO_KEYBOARD') });
    car.getDrivingState().then(drivingChanged);
    car.onDrivingStateChange(drivingChanged);
    car.getVehicleProfile().then((profile) => {
      this.profile = profile;
    });
    const located = car.getVehicleState({ signals: SIGNALS }).then(
      (state) => this.onVehicle(state),
      () => this.say('The car\u2019s position is not available yet.'),
    );
    car.onVehicleStateChange((changes) => this.onVehicle(changes), { signals: SIGNALS }).catch(() => undefined);
    this.located = located;
    wx.getStorage({ key: RECENT_KEY }).then(
      (stored) => this.setData({ recent: /** @type {any} */ (stored.data) || [] }),
      () => undefined,
    );
    // Another app asked to go somewhere (wx.openLocation).
    if (query.latitude && query.longitude) {
      located.then(() => this.routeTo({ name: query.name || 'Selected place', latitude: Number(query.latitude), longitude: Number(query.longitude) }));
    } else {
      // Opened again (a reload, a restart) while the platform still has this app's route: carry on
      // with it, so the map, the panel and other apps agree on where the car is going.
      car.getNavigationState().then(
        (navigation) => {
          const place = navigation.active && navigation.destination;
          if (place && !this.plan) located.then(() => !this.plan && this.routeTo({ name: place.name, latitude: place.latitude, longitude: place.longitude }));
        },
        () => undefined,
      );
    }
  },

  onUnload() {
    car.offVehicleStateChange();
  },

  /** @param {string} message @param {() => void} [again] what Retry does */
  say(message, again) {
    this.again = again;
    this.setData({ message, busy: false, retry: Boolean(again) });
  },

  /**
   * A failed call: its sentence, and a Retry when trying again may help.
   * @param {any} error @param {() => void} again
   */
  failed(error, again) {
    this.say(error.message, error.retry ? again : undefined);
  },

  retry() {
    const again = this.again;
    this.say('');
    if (again) again();
  },

  /** @param {Glovebox.VehicleState} changes */
  onVehicle(changes) {
    if (typeof changes[SOC] === 'number') this.soc = /** @type {number} */ (changes[SOC]);
    const latitude = changes[LAT] !== undefined ? changes[LAT] : this.position && this.position[0];
    const longitude = changes[LON] !== undefined ? changes[LON] : this.position && this.position[1];
    if (typeof latitude !== 'number' || typeof longitude !== 'number') return;
    this.position = [latitude, longitude];
    if (!this.data.located) this.setData({ located: true, 'map.latitude': latitude, 'map.longitude': longitude });
    if (this.plan) this.follow();
  },

  /** A voice intent (app.js hands it to the page on top), once the car's position is known. @param {Glovebox.VoiceIntent} voice */
  onIntent(voice) {
    this.located.then(() => {
      if (voice.intent === 'navigateTo') this.searchAndGo(String(voice.slots.place || ''));
      else if (voice.intent === 'addChargingStop') this.addChargingStop();
      else if (voice.intent === 'endRoute') this.endRoute();
    });
  },

  typed(event) {
    this.setData({ query: String(event.detail.value || '') });
  },

  search() {
    const query = this.data.query.trim();
    if (query.length < 2) return this.say('Type at least two letters of a place.');
    this.setData({ busy: true, message: '', retry: false });
    api.geocode(query).then(
      (results) => this.setData({ results, busy: false, message: results.length === 0 ? `Nothing called "${query}" here.` : '' }),
      (error) => this.failed(error, () => this.search()),
    );
  },

  /** A spoken or favourite place: the first match, straight to routing. @param {string} place */
  searchAndGo(place) {
    if (!place) return this.say('Where to? Say "navigate to" and a place.');
    this.setData({ busy: true, message: '', retry: false });
    api.geocode(place).then(
      (results) => (results.length > 0 ? this.routeTo(results[0]) : this.say(`I could not find "${place}".`)),
      (error) => this.failed(error, () => this.searchAndGo(place)),
    );
  },

  pickFavourite(event) {
    this.searchAndGo(String(event.currentTarget.dataset.query));
  },

  pickResult(event) {
    const index = Number(event.currentTarget.dataset.index);
    const place = this.data.results[index];
    if (place) this.routeTo(place);
  },

  pickRecent(event) {
    const place = this.data.recent[Number(event.currentTarget.dataset.index)];
    if (place) this.routeTo(place);
  },

  /**
   * @param {{ name: string, latitude: number, longitude: number }} place
   * @param {{ stop?: boolean, rerouting?: boolean }} [options]
   */
  routeTo(place, options = {}) {
    if (!this.position) return this.say('Waiting for the car\u2019s position…');
    this.setData({ busy: true, message: options.rerouting ? 'Re-routing…' : '', retry: false });
    return api.route(this.position, [place.latitude, place.longitude], { soc: this.soc, profile: this.profile, stop: options.stop }).then(
      (plan) => {
        this.plan = { ...plan, place, startMs: Date.now() };
        this.offCount = 0;
        this.lastShared = 0;
        this.setData({
          mode: 'route',
          busy: false,
          message: '',
          results: [],
          destination: place.name,
          chargingStop: plan.chargingStop ? `Charging stop: ${plan.chargingStop.name}, ${plan.chargingStop.chargeMinutes} min to ${plan.chargingStop.chargeToPercent} %` : '',
          'map.polyline': [{ points: plan.polyline.map((/** @type {number[]} */ p) => ({ latitude: p[0], longitude: p[1] })), color: '#58a6ff', width: 10 }],
          // The whole route in view on start; once moving, the map follows the car (follow()).
          'map.includePoints': [...plan.polyline, this.position].map((/** @type {number[]} */ p) => ({ latitude: p[0], longitude: p[1] })),
          'map.markers': [
            { id: 'destination', latitude: place.latitude, longitude: place.longitude, title: place.name },
            ...(plan.chargingStop ? [{ id: 'stop', latitude: plan.chargingStop.latitude, longitude: plan.chargingStop.longitude, title: 'Charge', kind: 'charging' }] : []),
          ],
        });
        this.remember(place);
        this.follow();
      },
      (error) => this.failed(error, () => this.routeTo(place, options)),
    );
  },

  /** Where the car is on the route: the next turn, what is left, the arrival time; re-route when off it. */
  follow() {
    const plan = this.plan;
    if (!plan || !this.position) return;
    const progress = geo.progressAlong(plan.polyline, this.position);
    if (progress.offMeters > OFF_ROUTE_M) {
      this.offCount += 1;
      if ((this.offCount >= 2 || progress.offMeters > ELSEWHERE_M) && !this.data.busy) {
        wx.showToast({ title: 'Re-routing', icon: 'none' });
        this.routeTo(plan.place, { rerouting: true });
      }
      return;
    }
    this.offCount = 0;
    const remaining = Math.max(0, plan.distanceMeters - progress.alongMeters);
    if (geo.metersBetween(this.position, [plan.place.latitude, plan.place.longitude]) < ARRIVED_M || remaining < ARRIVED_M / 2) return this.arrive();
    const next = plan.instructions.find((/** @type {any} */ step) => step.atMeters > progress.alongMeters + 5) || plan.instructions[plan.instructions.length - 1];
    const etaSeconds = plan.distanceMeters > 0 ? (plan.durationSeconds * remaining) / plan.distanceMeters : 0;
    const arrivalMs = Date.now() + etaSeconds * 1000;
    this.setData({
      next: next.text,
      nextArrow: ARROWS[next.type] || ARROWS.continue,
      nextIn: geo.distanceText(next.atMeters - progress.alongMeters),
      remaining: `${geo.distanceText(remaining)} · ${geo.durationText(etaSeconds)}`,
      arrival: geo.clockText(arrivalMs),
      ...(this.data.moving ? { 'map.latitude': this.position[0], 'map.longitude': this.position[1], 'map.scale': 17 } : {}),
    });
    if (Date.now() - this.lastShared >= SHARE_EVERY_MS) {
      this.lastShared = Date.now();
      car.setNavigationState({
        destination: { name: plan.place.name, latitude: plan.place.latitude, longitude: plan.place.longitude },
        etaSeconds: Math.round(etaSeconds),
        remainingMeters: Math.round(remaining),
        polyline: plan.polyline,
        chargingStop: plan.chargingStop ? plan.chargingStop.name : null,
      }).catch(() => undefined);
    }
  },

  arrive() {
    const name = this.plan ? this.plan.place.name : '';
    this.plan = null;
    car.clearNavigationState();
    this.setData({ mode: 'search', message: `You have arrived at ${name}.`, next: '', nextArrow: '', remaining: '', arrival: '', chargingStop: '', 'map.polyline': [], 'map.markers': [], 'map.includePoints': [] });
  },

  addChargingStop() {
    if (!this.plan) return this.say('Start a route first, then add a charging stop.');
    this.routeTo(this.plan.place, { stop: true });
  },

  endRoute() {
    this.plan = null;
    car.clearNavigationState();
    this.setData({ mode: 'search', message: '', next: '', nextArrow: '', remaining: '', arrival: '', chargingStop: '', 'map.polyline': [], 'map.markers': [], 'map.includePoints': [] });
  },

  showTurns() {
    if (!this.plan) return;
    wx.setStorage({ key: 'turns', data: this.plan.instructions }).then(() => wx.navigateTo({ url: '/pages/route/route' }));
  },

  /** @param {{ name: string, latitude: number, longitude: number }} place */
  remember(place) {
    // Favourites have their own buttons; the recent list is for the other places.
    if (FAVOURITES.some((favourite) => favourite.name === place.name)) return;
    const recent = [place, ...this.data.recent.filter((each) => each.name !== place.name)].slice(0, 5);
    this.setData({ recent });
    wx.setStorage({ key: RECENT_KEY, data: recent });
  },
});
