// @ts-check
// What the app needs of the car and the driver: the battery, the range, the position (with the
// driver's permission), and the driver's charging token (the stored payment method's stand-in).

const SOC = 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed';
const RANGE = 'Vehicle.Powertrain.Range';
const CHARGING = 'Vehicle.Powertrain.TractionBattery.Charging.IsCharging';
const LAT = 'Vehicle.CurrentLocation.Latitude';
const LON = 'Vehicle.CurrentLocation.Longitude';
const TOKEN_KEY = 'charging-token';
const SESSION_KEY = 'active-session';
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

/** @returns {Promise<string | null>} */
function activeSession() {
  return wx.getStorage({ key: SESSION_KEY }).then(
    (stored) => (stored.data ? String(stored.data) : null),
    () => null,
  );
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

module.exports = { vehicle, token, activeSession, rememberSession, metersBetween, arrivalSoc, SOC, CHARGING };
