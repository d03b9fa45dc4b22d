// @ts-check
// The routing service, over wx.request: answers checked, errors turned into sentences a driver
// can read (the service's own message is for the developer's log), `retry` set where trying again
// may help, and one quiet retry when the service says it is briefly unavailable (503).

/** The service's error codes in the driver's words. */
const SAYINGS = /** @type {Record<string, string>} */ ({
  START_OFF_ROAD: 'The car is outside the area this map covers, so no route can be planned from here.',
  DESTINATION_OFF_ROAD: 'That place is too far from any road to plan a route to it.',
  NO_ROUTE: 'No road leads there from here.',
});

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
      const body = /** @type {{ error?: string, message?: string }} */ (answer.data || {});
      const busy = answer.statusCode >= 500;
      const error = new Error(busy ? 'The route service is busy.' : SAYINGS[body.error || ''] || 'The route service could not plan that route.');
      throw Object.assign(error, { status: answer.statusCode, code: body.error, detail: body.message, retry: busy });
    },
    (failure) => {
      const slow = /timeout/.test(String((failure && failure.errMsg) || ''));
      throw Object.assign(new Error(slow ? 'The route service did not answer in time.' : 'No connection to the route service.'), { status: 0, retry: true, detail: failure && failure.errMsg });
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
