// @ts-check
// One charging location: its charge points and connectors (power, availability, tariff);
// navigate there; start a session with the stored payment method (parked, at the charger).
const api = require('../../utils/api.js');
const vehicle = require('../../utils/car.js');

/** Held on the stored card when a session starts, minor units. */

/** @param {any} tariff */
function tariffText(tariff) {
  if (!tariff) return '';
  const parts = tariff.elements.flatMap((/** @type {any} */ element) => element.price_components.map((/** @type {any} */ part) => ({ ...part, restrictions: element.restrictions })));
  const energy = parts.find((/** @type {any} */ part) => part.type === 'ENERGY');
  const flat = parts.find((/** @type {any} */ part) => part.type === 'FLAT');
  const parking = parts.find((/** @type {any} */ part) => part.type === 'PARKING_TIME');
  const text = [`€${energy ? energy.price.toFixed(2) : '?'}/kWh`];
  if (flat) text.push(`€${flat.price.toFixed(2)} per session`);
  if (parking) text.push(`€${(parking.price / 60).toFixed(2)}/min after ${Math.round(parking.restrictions.min_duration / 60)} min`);
  return text.join(' · ');
}

Page({
  data: {
    name: '',
    address: '',
    operator: '',
    points: /** @type {any[]} */ ([]),
    message: '',
    retry: false,
    /** What a start does to the driver's card, said before the payment dialog asks. */
    hold: `Starting holds ${vehicle.HOLD_TEXT} on your card. You pay only for what you charge; the rest is released when you stop.`,
    moving: false,
    starting: false,
  },

  onLoad(query) {
    this.id = query.id;
    car.getDrivingState().then((driving) => this.setData({ moving: driving.state !== 'PARKED' }));
    car.onDrivingStateChange((driving) => this.setData({ moving: driving.state !== 'PARKED' }));
    this.load().then(() => {
      // "Start charging" by voice: the first free charge point, confirmed like any start.
      if (query.start === '1') {
        const free = this.data.points.find((point) => point.free);
        if (free) this.start({ currentTarget: { dataset: { uid: free.uid } } });
        else this.setData({ message: 'Every charge point here is taken.' });
      }
    });
  },

  load() {
    return Promise.all([api.location(this.id), api.tariffs()]).then(
      ([location, tariffs]) => {
        this.location = location;
        const byId = Object.fromEntries(tariffs.map((/** @type {any} */ tariff) => [tariff.id, tariff]));
        this.setData({
          name: location.name,
          address: location.address,
          operator: location.operator.name,
          points: location.evses.map((/** @type {any} */ evse) => ({
            uid: evse.uid,
            status: evse.status === 'AVAILABLE' ? 'Free' : evse.status === 'CHARGING' ? 'In use' : 'Out of order',
            free: evse.status === 'AVAILABLE',
            connector: evse.connectors[0].id,
            kind: `${evse.connectors.map((/** @type {any} */ c) => `${c.standard === 'IEC_62196_T2_COMBO' ? 'CCS' : c.standard === 'CHADEMO' ? 'CHAdeMO' : 'Type 2'} ${c.max_electric_power / 1000} kW`).join(', ')}`,
            tariff: tariffText(byId[evse.connectors[0].tariff_ids[0]]),
          })),
        });
        wx.setNavigationBarTitle({ title: location.name });
        if (this.data.retry) this.setData({ message: '', retry: false });
      },
      (error) => this.setData({ message: error.message, retry: Boolean(error.retry) }),
    );
  },

  retry() {
    this.setData({ message: '', retry: false });
    this.load();
  },

  navigate() {
    if (!this.location) return;
    wx.openLocation({ latitude: Number(this.location.coordinates.latitude), longitude: Number(this.location.coordinates.longitude), name: this.location.name }).catch((error) =>
      this.setData({ message: error.errMsg || String(error) }),
    );
  },

  /**
   * Pre-authorises the stored card (the driver confirms), then starts the session; both under
   * the start attempt's key, so a retry holds the card once and starts one session. A session
   * already running for the driver (a start whose answer was lost) is shown instead.
   */
  start(event) {
    const point = this.data.points.find((each) => each.uid === event.currentTarget.dataset.uid);
    if (!point || this.data.starting) return;
    if (this.data.moving) return this.setData({ message: 'Start charging when you are parked at the charger.' });
    this.setData({ starting: true, message: '' });
    const opened = (/** @type {string} */ id) => vehicle.rememberSession(id).then(() => wx.redirectTo({ url: '/pages/session/session' }));
    vehicle
      .token()
      .then((token) =>
        api.activeSessions(token).then((running) => {
          if (running.length > 0) return opened(running[0].id);
          return vehicle.startAttempt({ location_id: this.id, evse_uid: point.uid, connector_id: point.connector, token_uid: token }).then((attempt) =>
            wx
              .requestPayment({ package: attempt.key, description: `a hold for charging at ${this.data.name}; you pay only what you charge`, amount: { total: vehicle.HOLD_CENTS, currency: 'EUR' } })
              .then(() => api.startSession(attempt.body, attempt.key))
              .then((session) => vehicle.endAttempt().then(() => opened(session.id))),
          );
        }),
      )
      .catch((error) => {
        const cancelled = error && typeof error.errMsg === 'string' && /cancel/.test(error.errMsg);
        // Given up (the driver said no) or refused (a 4xx): over. No answer: kept for the retry.
        const over = cancelled || (error && typeof error.status === 'number' && error.status >= 400 && error.status < 500);
        (over ? vehicle.endAttempt() : Promise.resolve()).then(() => {
          this.setData({ starting: false, message: cancelled ? 'Not started: the payment was not confirmed.' : error.message || error.errMsg });
          if (error && error.code === 'EVSE_BUSY') this.load();
        });
      });
  },
});
