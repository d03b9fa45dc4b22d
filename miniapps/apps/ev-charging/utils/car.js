// @ts-check
// What the app needs of the car and the driver: the battery, the range, the position (with the
// driver's permission), and the driver's charging token (the stored payment method's stand-in).

const api = require('./api.js');

const SOC = 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed';
const RANGE = 'Vehicle.Powertrain.Range';
const CHARGING = 'Vehicle.Powertrain.TractionBattery.Charging.IsCharging';
const LAT = 'Vehicle.CurrentLocation.Latitude';
const LON = 'Vehicle.CurrentLocation.Longitude';
const TOKEN_KEY = 'charging-token';
const SESSION_KEY = 'active-session';
const ATTEMPT_KEY = 'start-attempt';
/** Roads are longer than the straight line. */
const ROAD_FACTOR = 1.3;

/** @returns {Promise<{ soc: number | null, rangeKm: number | null, charging: boolean | null, position: [number, number] | null }>} */
function vehicle() {
  return car.getVehicleState({ signals: [SOC, RANGE, CHARGING, LAT, LON] }).then((state) => ({
    soc: typeof state[SOC] === 'number' ? /** @type {number} */ (state[SOC]) : null,
    rangeKm: typeof state[RANGE] === 'number' ? /** @type {number} */ (state[RANGE]) / 1000 : null,
    charging: typeof state[CHARGING] === 'boolean' ? /** @type {boolean} */ (state[CHARGING]) : null,
    position: typeof state[LAT] === 'number' && typeof state[LON] === 'number' ? [/** @type {number} */ (state[LAT]), /** @type {number} */ (state[LON])] : null,
  }));
}

/** The driver's token with the charging network, made once and kept. */
function token() {
  return wx.getStorage({ key: TOKEN_KEY }).then(
    (stored) => String(stored.data),
    () => {
      const made = `GBX-${Date.now().toString(36).toUpperCase()}-${Math.floor(Math.random() * 1e6)}`;
      return wx.setStorage({ key: TOKEN_KEY, data: made }).then(() => made);
    },
  );
}

/**
 * The driver's running session: the one this app remembers, else the one the charging network
 * says is running for the driver's token (a start whose answer never arrived, a reload).
 * @returns {Promise<string | null>}
 */
function activeSession() {
  return wx.getStorage({ key: SESSION_KEY }).then(
    (stored) => (stored.data ? String(stored.data) : null),
    () =>
      token()
        .then((own) => api.activeSessions(own))
        .then(
          (running) => (running.length > 0 ? rememberSession(running[0].id).then(() => String(running[0].id)) : null),
          () => null,
        ),
  );
}

/**
 * A start the driver asked for, kept with its idempotency key before anything is paid or sent:
 * the pre-authorisation and the start go under that key, and a retry of the same start (after a
 * cut connection, a kill, a reload) uses it again, so the card is held once and one session runs.
 * @typedef {{ location_id: string, evse_uid: string, connector_id: string, token_uid: string }} StartBody
 * @typedef {{ key: string, body: StartBody }} StartAttempt
 * @param {StartBody} body
 * @returns {Promise<StartAttempt>}
 */
function startAttempt(body) {
  /** @param {any} kept @returns {kept is StartAttempt} */
  const same = (kept) => Boolean(kept && kept.body && ['location_id', 'evse_uid', 'connector_id', 'token_uid'].every((field) => kept.body[field] === body[/** @type {keyof StartBody} */ (field)]));
  return wx
    .getStorage({ key: ATTEMPT_KEY })
    .then((stored) => (same(stored.data) ? stored.data : Promise.reject(new Error('another start'))))
    .catch(() => {
      /** @type {StartAttempt} */
      const attempt = { key: `start-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`, body };
      return wx.setStorage({ key: ATTEMPT_KEY, data: attempt }).then(() => attempt);
    });
}

/** The start attempt is over (started, refused or given up by the driver): the next tap is a new one. */
function endAttempt() {
  return wx.removeStorage({ key: ATTEMPT_KEY }).catch(() => undefined);
}

/** @param {string | null} id */
function rememberSession(id) {
  return id ? wx.setStorage({ key: SESSION_KEY, data: id }) : wx.removeStorage({ key: SESSION_KEY });
}

/** Great-circle distance, m. */
function metersBetween(a, b) {
  const rad = Math.PI / 180;
  const h = Math.sin(((b[0] - a[0]) * rad) / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(((b[1] - a[1]) * rad) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

/**
 * The state of charge on arrival at a charger this far away (straight line), from the battery
 * now and the range the car estimates for it.
 * @param {number} soc @param {number} rangeKm @param {number} meters
 */
function arrivalSoc(soc, rangeKm, meters) {
  if (rangeKm <= 0) return 0;
  return soc - (soc * ((meters * ROAD_FACTOR) / 1000)) / rangeKm;
}

/** What a start holds on the driver's card (a pre-authorisation); released when the session ends, less what it cost. */
const HOLD_CENTS = 3000;
const HOLD_TEXT = `€${(HOLD_CENTS / 100).toFixed(2)}`;

module.exports = { HOLD_CENTS, HOLD_TEXT, vehicle, token, activeSession, rememberSession, startAttempt, endAttempt, metersBetween, arrivalSoc, SOC, CHARGING };
