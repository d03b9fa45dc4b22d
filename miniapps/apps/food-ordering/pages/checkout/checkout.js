// @ts-check
// The cart, the pickup time (when the car arrives, if navigating, but never before the kitchen
// is ready) and the order, paid with the stored method under the order's idempotency key.
const orders = require('../../utils/orders.js');

const LATER = [0, 10, 20, 30];

/** @param {Date} at */
function clock(at) {
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

Page({
  data: { restaurant: '', lines: /** @type {any[]} */ ([]), total: '', times: /** @type {string[]} */ ([]), timeIndex: 0, why: '', message: '', placing: false },

  onLoad() {
    Promise.all([orders.cart(), car.getNavigationState().catch(() => /** @type {Glovebox.NavigationState} */ ({ active: false }))]).then(([cart, navigation]) => {
      if (!cart) return this.setData({ message: 'The cart is empty.' });
      this.cart = cart;
      const prep = Math.max(...cart.items.map((/** @type {any} */ item) => item.prepMinutes || 10));
      const earliest = orders.pickupTime(prep, navigation.active ? navigation.arrivalTime : null);
      this.pickups = LATER.map((minutes) => new Date(earliest.getTime() + minutes * 60000));
      const total = cart.items.reduce((/** @type {number} */ sum, /** @type {any} */ item) => sum + item.price * item.quantity, 0);
      this.total = Number(total.toFixed(2));
      this.setData({
        restaurant: cart.restaurantName,
        lines: cart.items.map((/** @type {any} */ item) => ({ id: item.dishId, text: `${item.quantity}× ${item.name}`, price: `€${(item.price * item.quantity).toFixed(2)}` })),
        total: `€${total.toFixed(2)}`,
        times: this.pickups.map((at, index) => (index === 0 ? `${clock(at)} (earliest)` : clock(at))),
        why: navigation.active ? `Ready when you arrive at ${navigation.destination ? navigation.destination.name : 'your destination'}` : `Ready in about ${prep} minutes`,
      });
    });
  },

  pickTime(event) {
    this.setData({ timeIndex: Number(event.detail.value) });
  },

  place() {
    if (!this.cart || this.data.placing) return;
    this.setData({ placing: true, message: '' });
    const pickup = this.pickups[this.data.timeIndex];
    orders
      .place(
        { restaurantId: this.cart.restaurantId, items: this.cart.items.map((/** @type {any} */ item) => ({ dishId: item.dishId, quantity: item.quantity })), pickupAt: pickup.toISOString() },
        { total: this.total, description: `${this.cart.items.length} items from ${this.cart.restaurantName}` },
      )
      .then(
        (order) =>
          orders
            .saveCart(null)
            .then(() => wx.setStorage({ key: 'last-order', data: order.id }))
            .then(() => wx.redirectTo({ url: `/pages/order/order?id=${order.id}` })),
        (error) => this.setData({ placing: false, message: error.message }),
      );
  },
});
