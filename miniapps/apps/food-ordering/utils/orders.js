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
const PAST = 'past-orders';
/** Past orders kept on the device, for a screen the service cannot answer. */
const PAST_KEPT = 20;

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

/** "14:05" @param {Date} at */
function clock(at) {
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** Metres between two [latitude, longitude] points (equirectangular; city distances). @param {number[]} a @param {number[]} b */
function metres(a, b) {
  const x = ((b[1] - a[1]) * Math.PI * Math.cos(((a[0] + b[0]) * Math.PI) / 360)) / 180;
  const y = ((b[0] - a[0]) * Math.PI) / 180;
  return Math.hypot(x, y) * 6371000;
}

/** A restaurant further than this from the route is not "on the way". */
const ON_ROUTE_M = 600;

/**
 * When the car passes a place on the route it is following: the arrival time, scaled by how much
 * of the distance left lies before the place. Null when not navigating, the place is off the
 * route, or already behind the car.
 * @param {Glovebox.NavigationState} navigation
 * @param {number[] | undefined} at
 */
function passingTime(navigation, at) {
  const line = navigation.polyline;
  if (!navigation.active || !at || !line || line.length < 2 || !navigation.arrivalTime || navigation.remainingMeters === undefined) return null;
  let along = 0;
  let total = 0;
  let nearest = Infinity;
  for (let index = 0; index < line.length; index += 1) {
    if (index > 0) total += metres(line[index - 1], line[index]);
    const off = metres(line[index], at);
    if (off < nearest) {
      nearest = off;
      along = total;
    }
  }
  const done = total - navigation.remainingMeters;
  if (nearest > ON_ROUTE_M || along < done || navigation.remainingMeters <= 0) return null;
  const left = Math.max(0, navigation.arrivalTime - Date.now());
  return new Date(Date.now() + (left * (along - done)) / navigation.remainingMeters);
}

/**
 * The earliest sensible pickup and the sentence that explains it: when the car passes the
 * restaurant (if it is on the route being followed), but never before the kitchen can be ready.
 * @param {number} prepMinutes
 * @param {Glovebox.NavigationState} navigation
 * @param {{ name: string, at?: number[] }} restaurant
 * @returns {{ at: Date, why: string }}
 */
function pickupPlan(prepMinutes, navigation, restaurant) {
  const ready = new Date(Date.now() + (prepMinutes + 1) * 60000);
  const passing = passingTime(navigation, restaurant.at);
  const destination = navigation.destination ? navigation.destination.name : 'your destination';
  if (!passing) {
    const off = navigation.active ? ` ${restaurant.name} is off your route to ${destination}.` : '';
    return { at: ready, why: `Ready in about ${prepMinutes + 1} minutes, at ${clock(ready)}.${off}` };
  }
  if (passing >= ready) return { at: passing, why: `Ready as you pass ${restaurant.name}, at about ${clock(passing)}, on your way to ${destination}.` };
  return { at: ready, why: `The kitchen needs ${prepMinutes + 1} minutes: ready at ${clock(ready)}. You pass ${restaurant.name} at about ${clock(passing)}, so expect a short wait.` };
}

/** @param {any} pending */
function send(pending) {
  return api.place(pending.body, pending.key).then(
    (order) => wx.removeStorage({ key: PENDING }).then(() => order),
    (error) => {
      // The service said no (a bad order): forget it. No answer, or busy: keep it for the next try.
      if (error.status >= 400 && error.status < 500) return wx.removeStorage({ key: PENDING }).then(() => Promise.reject(error));
      throw Object.assign(new Error(`${error.message} Your order is paid and kept; it is sent again when you retry or next open Food.`), { status: error.status, retry: true });
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

/**
 * The driver's past orders, newest first. Kept on the device as they arrive, so that when the
 * service does not answer the screen shows what it had (`stale`) instead of "no orders"; rejects
 * only when the service failed and nothing was kept.
 * @returns {Promise<{ orders: any[], stale: boolean, error?: any }>}
 */
function pastOrders() {
  return customer().then((who) =>
    api.orders(who).then(
      (list) => {
        const fresh = { orders: list, stale: false };
        return wx.setStorage({ key: PAST, data: list.slice(0, PAST_KEPT) }).then(
          () => fresh,
          () => fresh,
        );
      },
      (error) =>
        wx.getStorage({ key: PAST }).then(
          (stored) => {
            const kept = /** @type {any[]} */ (stored.data);
            if (Array.isArray(kept) && kept.length > 0) return { orders: kept, stale: true, error };
            throw error;
          },
          () => {
            throw error;
          },
        ),
    ),
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

/** A restaurant closing sooner than this is not offered: the order could not be picked up. */
const CLOSING_MARGIN_MINUTES = 45;

/**
 * Whether a restaurant closes within CLOSING_MARGIN_MINUTES of `now` (local time). "24:00" is the
 * service's word for never closing; a time earlier in the day than `now` is after midnight
 * ("00:30" at 23:50 is 40 minutes away); a time the page cannot read is not held against it.
 * @param {string} closes "HH:MM"
 * @param {Date} now
 */
function closingSoon(closes, now) {
  if (closes === '24:00') return false;
  const match = /^(\d{1,2}):(\d{2})$/.exec(String(closes));
  if (!match) return false;
  const at = Number(match[1]) * 60 + Number(match[2]);
  if (at >= 24 * 60) return false;
  const left = (at - (now.getHours() * 60 + now.getMinutes()) + 24 * 60) % (24 * 60);
  return left < CLOSING_MARGIN_MINUTES;
}

module.exports = { closingSoon, customer, place, resume, pickupPlan, clock, pastOrders, favourites, saveFavourites, cart, saveCart };
