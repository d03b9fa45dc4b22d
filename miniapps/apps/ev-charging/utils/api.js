// @ts-check
// The charging network's OCPI 2.2.1 interface, over wx.request: the envelope unwrapped, errors
// as sentences a driver can read (a second session, a busy charger), one retry after a 503.

const BASE = 'https://ocpi.charge.glovebox.example/ocpi/2.2.1';

/** @param {number} ms */
function wait(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}

/** Turns an answer into its data, or an Error whose message is for the driver. */
function unwrap(answer) {
  if (answer.statusCode >= 200 && answer.statusCode < 300) return answer.data.data;
  const body = answer.data || {};
  const messages = {
    SESSION_RUNNING: 'You already have a charging session running.',
    EVSE_BUSY: 'That charge point has just been taken. Pick another.',
    SESSION_ENDED: 'That session has already ended.',
  };
  const busy = answer.statusCode >= 500;
  const error = new Error(messages[body.error] || (busy ? 'The charging network is busy.' : 'The charging network could not do that.'));
  throw Object.assign(error, { status: answer.statusCode, code: body.error, detail: body.message, retry: busy });
}

/**
 * @param {'GET' | 'POST'} method
 * @param {string} path
 * @param {unknown} [data]
 * @param {number} [attempt]
 * @param {Record<string, string>} [header]
 * @returns {Promise<any>}
 */
function call(method, path, data, attempt = 0, header = {}) {
  return wx.request({ url: BASE + path, method, data, header: { 'content-type': 'application/json', ...header }, timeout: 10000 }).then(
    (answer) => (answer.statusCode === 503 && attempt === 0 && method === 'GET' ? wait(2000).then(() => call(method, path, data, 1, header)) : unwrap(answer)),
    (failure) => {
      // The platform's errMsg ("request:fail timeout after 10000 ms") is for the developer's log, not the driver.
      const slow = /timeout/.test(String((failure && failure.errMsg) || ''));
      throw Object.assign(new Error(slow ? 'The charging network did not answer in time.' : 'No connection to the charging network.'), { status: 0, retry: true, detail: failure && failure.errMsg });
    },
  );
}

module.exports = {
  /** @param {[number, number]} near @param {number} radiusMeters */
  locations: (near, radiusMeters) => call('GET', `/locations?near=${near[0]},${near[1]}&radius=${Math.round(radiusMeters)}&limit=30`),
  /** @param {string} id */
  location: (id) => call('GET', `/locations/${encodeURIComponent(id)}`),
  tariffs: () => call('GET', '/tariffs'),
  /**
   * Starts a session under the start attempt's key: sent again with the same key, the network
   * answers with the session it already started.
   * @param {{ location_id: string, evse_uid: string, connector_id: string, token_uid: string }} start
   * @param {string} key
   */
  startSession: (start, key) => call('POST', '/sessions', start, 0, { 'Idempotency-Key': key }),
  /** The driver's running sessions (at most one). @param {string} token */
  activeSessions: (token) => call('GET', `/sessions?token_uid=${encodeURIComponent(token)}&status=ACTIVE`),
  /** @param {string} id */
  session: (id) => call('GET', `/sessions/${encodeURIComponent(id)}`),
  /** @param {string} id */
  stopSession: (id) => call('POST', `/sessions/${encodeURIComponent(id)}/stop`),
  /** @param {string} token */
  history: (token) => call('GET', `/cdrs?token_uid=${encodeURIComponent(token)}`),
};
