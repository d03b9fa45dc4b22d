// @ts-check
// The routing service, over wx.request: answers checked, errors turned into sentences a driver
// can read, and one quiet retry when the service says it is briefly unavailable (503).

const BASE = 'https://api.route.glovebox.example';

/** @param {number} ms */
function wait(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}

/**
 * @param {string} path
 * @param {number} [attempt]
 * @returns {Promise<any>}
 */
function get(path, attempt = 0) {
  return wx.request({ url: BASE + path, timeout: 10000 }).then(
    (answer) => {
      if (answer.statusCode >= 200 && answer.statusCode < 300) return answer.data;
      if (answer.statusCode === 503 && attempt === 0) return wait(2000).then(() => get(path, 1));
      const body = /** @type {{ message?: string }} */ (answer.data || {});
      const error = new Error(answer.statusCode === 503 ? 'The route service is busy. Try again in a moment.' : body.message || `The route service answered ${answer.statusCode}`);
      throw Object.assign(error, { status: answer.statusCode });
    },
    (failure) => {
      throw new Error(`No connection to the route service (${(failure && failure.errMsg) || 'network'})`);
    },
  );
}

module.exports = {
  /** @param {string} query */
  geocode: (query) => get(`/v1/geocode?q=${encodeURIComponent(query)}`).then((data) => data.results),
  /**
   * @param {[number, number]} from
   * @param {[number, number]} to
   * @param {{ soc: number | null, profile: Glovebox.VehicleProfile | null, stop?: boolean }} battery
   */
  route: (from, to, battery) => {
    let path = `/v1/route?from=${from[0]},${from[1]}&to=${to[0]},${to[1]}`;
    if (battery.soc !== null && battery.profile) {
      const profile = battery.profile;
      path += `&soc=${battery.soc.toFixed(1)}&capacityKWh=${profile.usableBatteryKWh}&consumptionKWhPer100Km=${profile.consumptionKWhPer100Km}&minArrivalSoc=${profile.minArrivalSocPercent}`;
      if (battery.stop) path += '&chargingStop=required';
    }
    return get(path);
  },
};
