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
  const error = new Error(messages[body.error] || (answer.statusCode === 503 ? 'The charging network is busy. Try again in a moment.' : body.message || `The charging network answered ${answer.statusCode}`));
  throw Object.assign(error, { status: answer.statusCode, code: body.error });
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
      throw new Error(`No connection to the charging network (${(failure && failure.errMsg) || 'network'})`);
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
