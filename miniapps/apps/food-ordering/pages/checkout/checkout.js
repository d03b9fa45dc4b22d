// @ts-check
// The cart, the pickup time (when the car passes the restaurant, if it is on the route, but never
// before the kitchen is ready) and the order, paid with the stored method under the order's idempotency key.
const orders = require('../../utils/orders.js');

const LATER = [0, 10, 20, 30];
const clock = orders.clock;

Page({
  data: { restaurant: '', lines: /** @type {any[]} */ ([]), total: '', times: /** @type {string[]} */ ([]), timeIndex: 0, why: '', message: '', retry: false, placing: false },

  onLoad() {
    Promise.all([orders.cart(), car.getNavigationState().catch(() => /** @type {Glovebox.NavigationState} */ ({ active: false }))]).then(([cart, navigation]) => {
      if (!cart) return this.setData({ message: 'The cart is empty.' });
      this.cart = cart;
      const prep = Math.max(...cart.items.map((/** @type {any} */ item) => item.prepMinutes || 10));
      const plan = orders.pickupPlan(prep, navigation, { name: cart.restaurantName, at: cart.at });
      this.pickups = LATER.map((minutes) => new Date(plan.at.getTime() + minutes * 60000));
      const total = cart.items.reduce((/** @type {number} */ sum, /** @type {any} */ item) => sum + item.price * item.quantity, 0);
      this.total = Number(total.toFixed(2));
      this.setData({
        restaurant: cart.restaurantName,
        lines: cart.items.map((/** @type {any} */ item) => ({ id: item.dishId, text: `${item.quantity}× ${item.name}`, price: `€${(item.price * item.quantity).toFixed(2)}` })),
        total: `€${total.toFixed(2)}`,
        times: this.pickups.map((at, index) => (index === 0 ? `${clock(at)} (earliest)` : clock(at))),
        why: plan.why,
      });
    });
  },

  pickTime(event) {
    this.setData({ timeIndex: Number(event.detail.value) });
  },

  place() {
    if (!this.cart || this.data.placing) return;
    this.setData({ placing: true, message: '', retry: false });
    const pickup = this.pickups[this.data.timeIndex];
    orders
      .place(
        { restaurantId: this.cart.restaurantId, items: this.cart.items.map((/** @type {any} */ item) => ({ dishId: item.dishId, quantity: item.quantity })), pickupAt: pickup.toISOString() },
        { total: this.total, description: `${this.cart.items.length} items from ${this.cart.restaurantName}` },
      )
      .then(
        (order) => this.placed(order),
        (error) => this.failed(error),
      );
  },

  /** @param {any} order */
  placed(order) {
    return orders
      .saveCart(null)
      .then(() => wx.setStorage({ key: 'last-order', data: order.id }))
      .then(() => wx.redirectTo({ url: `/pages/order/order?id=${order.id}` }));
  },

  /** @param {any} error */
  failed(error) {
    this.setData({ placing: false, message: error.message, retry: Boolean(error.retry) });
  },

  /**
   * After a paid order could not be sent: the same order, sent again under its key (never paid
   * or placed twice); nothing pending (the payment was not confirmed): placed afresh.
   */
  retry() {
    if (this.data.placing) return;
    this.setData({ placing: true, message: '', retry: false });
    orders.resume().then(
      (order) => {
        if (order) return this.placed(order);
        this.setData({ placing: false });
        return this.place();
      },
      (error) => this.failed(error),
    );
  },
});
