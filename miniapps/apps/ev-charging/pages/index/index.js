// @ts-check
// Chargers the car can reach on its range, best first: parked, by the battery left on arrival and
// then the price, with a DC filter; moving, the nearest few, with "navigate there" and voice.
const api = require('../../utils/api.js');
const vehicle = require('../../utils/car.js');

/** Moving: this many, nearest first (the policy may cut lists further). */
const NEAREST_WHILE_MOVING = 3;
/** A charger this close counts as "here" for "start charging". */
const HERE_METERS = 150;

/** @param {any} location @param {Record<string, number>} prices @param {boolean} dcOnly */
function bestConnector(location, prices, dcOnly) {
  let best = null;
  for (const evse of location.evses) {
    for (const connector of evse.connectors) {
      if (dcOnly && connector.power_type !== 'DC') continue;
      const kw = connector.max_electric_power / 1000;
      if (!best || kw > best.kw) best = { kw, price: prices[connector.tariff_ids[0]] ?? null, dc: connector.power_type === 'DC' };
    }
  }
  return best;
}

Page({
  data: {
    rows: /** @type {any[]} */ ([]),
    loading: true,
    message: '',
    retry: false,
    moving: false,
    canFilter: true,
    dcOnly: false,
    battery: '',
    session: /** @type {string | null} */ (null),
  },

  onLoad() {
    this.rows = [];
    car.getDrivingState().then((driving) => this.drivingChanged(driving));
    car.onDrivingStateChange((driving) => this.drivingChanged(driving));
    this.load();
  },

  onShow() {
    vehicle.activeSession().then((session) => this.setData({ session }));
  },

  /** @param {Glovebox.DrivingState} driving */
  drivingChanged(driving) {
    const moving = driving.state !== 'PARKED';
    const changed = moving !== this.data.moving;
    this.setData({ moving, canFilter: !driving.flags.includes('NO_FILTERING') });
    if (changed && this.rows.length > 0) this.show();
  },

  /** @param {Glovebox.VoiceIntent} voice */
  onIntent(voice) {
    if (voice.intent === 'findCharger') this.load();
    else if (voice.intent === 'startCharging') this.loaded.then(() => this.startHere());
  },

  load() {
    this.setData({ loading: true, message: '', retry: false });
    this.loaded = Promise.all([vehicle.vehicle(), api.tariffs(), car.getVehicleProfile()])
      .then(([state, tariffs, profile]) => {
        if (!state.position) throw new Error('The car\u2019s position is not available yet.');
        if (state.soc === null || state.rangeKm === null) throw new Error('The battery level is not available yet.');
        this.state = state;
        this.profile = profile;
        /** @type {Record<string, number>} */
        const prices = {};
        for (const tariff of tariffs) {
          const energy = tariff.elements[0].price_components.find((/** @type {any} */ part) => part.type === 'ENERGY');
          if (energy) prices[tariff.id] = energy.price;
        }
        this.prices = prices;
        this.setData({ battery: `${Math.round(state.soc)} % · ${Math.round(state.rangeKm)} km range` });
        return api.locations(state.position, (state.rangeKm * 1000) / 1.3);
      })
      .then(
        (locations) => {
          this.locations = locations;
          this.show();
        },
        (error) => this.setData({ loading: false, message: error.message, retry: Boolean(error.retry), rows: [] }),
      );
    return this.loaded;
  },

  retry() {
    this.load();
  },

  /** The list as the driver sees it now. */
  show() {
    const state = this.state;
    const minimum = this.profile ? this.profile.minArrivalSocPercent : 10;
    const rows = [];
    for (const location of this.locations || []) {
      const best = bestConnector(location, this.prices, this.data.dcOnly);
      if (!best) continue;
      const meters = vehicle.metersBetween(state.position, [Number(location.coordinates.latitude), Number(location.coordinates.longitude)]);
      const arrival = vehicle.arrivalSoc(state.soc, state.rangeKm, meters);
      if (arrival < minimum) continue;
      const free = location.evses.filter((/** @type {any} */ evse) => evse.status === 'AVAILABLE').length;
      rows.push({
        id: location.id,
        name: location.name,
        meters,
        distance: meters < 950 ? `${Math.round(meters / 10) * 10} m` : `${(meters / 1000).toFixed(1)} km`,
        arrival: Math.round(arrival),
        power: `${best.kw} kW ${best.dc ? 'DC' : 'AC'}`,
        price: best.price === null ? '' : `€${best.price.toFixed(2)}/kWh`,
        priceValue: best.price === null ? 99 : best.price,
        free: `${free} of ${location.evses.length} free`,
        latitude: Number(location.coordinates.latitude),
        longitude: Number(location.coordinates.longitude),
      });
    }
    if (this.data.moving) rows.sort((a, b) => a.meters - b.meters);
    else rows.sort((a, b) => b.arrival - a.arrival || a.priceValue - b.priceValue);
    this.rows = rows;
    const shown = this.data.moving ? rows.slice(0, NEAREST_WHILE_MOVING) : rows;
    this.setData({ rows: shown, loading: false, message: rows.length === 0 ? 'No charger is reachable with the battery you have left.' : '' });
  },

  toggleDc() {
    this.setData({ dcOnly: !this.data.dcOnly });
    this.show();
  },

  open(event) {
    wx.navigateTo({ url: `/pages/charger/charger?id=${event.currentTarget.dataset.id}` });
  },

  navigate(event) {
    const row = this.rows.find((each) => each.id === event.currentTarget.dataset.id);
    if (!row) return;
    wx.openLocation({ latitude: row.latitude, longitude: row.longitude, name: row.name }).catch((error) => this.setData({ message: error.errMsg || String(error) }));
  },

  openSession() {
    wx.navigateTo({ url: '/pages/session/session' });
  },

  openHistory() {
    wx.navigateTo({ url: '/pages/history/history' });
  },

  /** "Start charging": the charger the car is at, if there is one. */
  startHere() {
    const here = this.rows.find((row) => row.meters <= HERE_METERS);
    if (!here) return this.setData({ message: 'There is no charger here. Say "find a charger" to see the nearest.' });
    wx.navigateTo({ url: `/pages/charger/charger?id=${here.id}&start=1` });
  },
});
