// @ts-check
// Placing an order so that nothing is ordered twice: the order and its idempotency key are kept
// in storage before anything is sent, paid under that key (the platform never pays a key twice)
// and sent with it; if the answer never comes (no network, a power cut), the next start sends
// the same paid order with the same key, and the service answers with the order already placed.
// An order whose payment was never confirmed is not asked about again on a later start.
const api = require('./api.js');

const PENDING = 'pending-order';
const CUSTOMER = 'customer';
const FAVOURITES = 'favourites';
const CART = 'cart';

function customer() {
  return wx.getStorage({ key: CUSTOMER }).then(
    (stored) => String(stored.data),
    () => {
      const made = `driver-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
      return wx.setStorage({ key: CUSTOMER, data: made }).then(() => made);
    },
  );
}

function newKey() {
  return `order-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
}

/**
 * The earliest sensible pickup: when the car arrives (if navigating), but never before the
 * kitchen can be ready.
 * @param {number} prepMinutes
 * @param {number | null} arrivalMs
 */
function pickupTime(prepMinutes, arrivalMs) {
  const ready = Date.now() + (prepMinutes + 1) * 60000;
  return new Date(Math.max(ready, arrivalMs || 0));
}

/** @param {any} pending */
function send(pending) {
  return api.place(pending.body, pending.key).then(
    (order) => wx.removeStorage({ key: PENDING }).then(() => order),
    (error) => {
      // The service said no (a bad order): forget it. No answer, or busy: keep it for the next try.
      if (error.status >= 400 && error.status < 500) return wx.removeStorage({ key: PENDING }).then(() => Promise.reject(error));
      throw error;
    },
  );
}

/**
 * Pays and places an order.
 * @param {{ restaurantId: string, items: Array<{ dishId: string, quantity: number }>, pickupAt: string }} order
 * @param {{ total: number, description: string }} summary
 */
function place(order, summary) {
  return customer().then((who) => {
    const pending = { key: newKey(), body: { ...order, customer: who }, summary };
    return wx
      .setStorage({ key: PENDING, data: pending })
      .then(() => pay(pending))
      .then(() => {
        // Paid: from now on the order is owed, and a later start sends it without asking again.
        const paid = { ...pending, paid: true };
        return wx.setStorage({ key: PENDING, data: paid }).then(() => send(paid));
      });
  });
}

/** @param {any} pending */
function pay(pending) {
  return wx.requestPayment({ package: pending.key, description: pending.summary.description, amount: { total: Math.round(pending.summary.total * 100), currency: 'EUR' } }).catch((error) => {
    // Not confirmed (a no, or no answer while driving): nothing was paid, nothing is ordered.
    return wx.removeStorage({ key: PENDING }).then(() => {
      throw Object.assign(new Error('Not ordered: the payment was not confirmed.'), { status: -1, cause: error });
    });
  });
}

/**
 * An order the last run paid but could not send, sent again (same key, so never twice); null if
 * none. One the driver never confirmed is dropped: a payment question belongs to the screen it
 * was asked on, and is never put to the driver again later, out of context.
 */
function resume() {
  return wx.getStorage({ key: PENDING }).then(
    (stored) => {
      const pending = /** @type {any} */ (stored.data);
      if (!pending) return null;
      if (!pending.paid) return wx.removeStorage({ key: PENDING }).then(() => null);
      return send(pending);
    },
    () => null,
  );
}

/** @returns {Promise<Array<any>>} */
function favourites() {
  return wx.getStorage({ key: FAVOURITES }).then(
    (stored) => /** @type {any[]} */ (stored.data) || [],
    () => [],
  );
}

/** @param {Array<any>} list */
function saveFavourites(list) {
  return wx.setStorage({ key: FAVOURITES, data: list });
}

/** @returns {Promise<any>} */
function cart() {
  return wx.getStorage({ key: CART }).then(
    (stored) => stored.data || null,
    () => null,
  );
}

/** @param {any} value */
function saveCart(value) {
  return value ? wx.setStorage({ key: CART, data: value }) : wx.removeStorage({ key: CART });
}

module.exports = { customer, place, resume, pickupTime, favourites, saveFavourites, cart, saveCart };
