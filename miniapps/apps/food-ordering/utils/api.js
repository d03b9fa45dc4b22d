// @ts-check
// The ordering service, over wx.request: answers checked, errors as sentences for the driver
// (`retry`: trying again may help, so the page offers a Retry).

const BASE = 'https://api.order.glovebox.example/v1';

/** @param {any} answer */
function unwrap(answer) {
  if (answer.statusCode >= 200 && answer.statusCode < 300) return answer.data;
  const body = answer.data || {};
  const text = answer.statusCode >= 500 ? 'The restaurant service is busy.' : body.message || 'The restaurant service could not do that.';
  // Busy or down: worth trying again. A refusal (4xx) is not.
  throw Object.assign(new Error(text), { status: answer.statusCode, code: body.error, retry: answer.statusCode >= 500 });
}

/**
 * @param {'GET' | 'POST'} method
 * @param {string} path
 * @param {unknown} [data]
 * @param {Record<string, string>} [header]
 * @returns {Promise<any>}
 */
function call(method, path, data, header = {}) {
  return wx.request({ url: BASE + path, method, data, header: { 'content-type': 'application/json', ...header }, timeout: 10000 }).then(unwrap, (failure) => {
    // The platform's errMsg ("request:fail timeout after 10000 ms") is for the developer's log, not the driver.
    const slow = /timeout/.test(String((failure && failure.errMsg) || ''));
    throw Object.assign(new Error(slow ? 'The restaurant service did not answer in time.' : 'No connection to the restaurant service.'), { status: 0, retry: true, detail: failure && failure.errMsg });
  });
}

module.exports = {
  /** @param {[number, number]} point */
  near: (point) => call('GET', `/restaurants?near=${point[0]},${point[1]}&radius=3000`).then((data) => data.restaurants),
  /** @param {Array<[number, number]>} route */
  along: (route) => call('POST', '/restaurants/along', { route, maxDetourMeters: 500 }).then((data) => data.restaurants),
  /** @param {string} id */
  restaurant: (id) => call('GET', `/restaurants/${encodeURIComponent(id)}`),
  /** @param {unknown} order @param {string} key */
  place: (order, key) => call('POST', '/orders', order, { 'Idempotency-Key': key }),
  /** @param {string} id */
  order: (id) => call('GET', `/orders/${encodeURIComponent(id)}`),
  /** @param {string} customer */
  orders: (customer) => call('GET', `/orders?customer=${encodeURIComponent(customer)}`).then((data) => data.orders),
};
