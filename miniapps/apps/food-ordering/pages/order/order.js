// @ts-check
// An order's status (received → preparing → ready), followed until it is ready.
const api = require('../../utils/api.js');
const orders = require('../../utils/orders.js');

const REFRESH_MS = 5000;
const STATUS = { received: 'The restaurant has your order', preparing: 'Being prepared', ready: 'Ready for pickup' };

Page({
  data: { id: '', restaurant: '', status: '', statusKey: '', pickup: '', items: '', total: '', message: '', retry: false },

  onLoad(query) {
    this.id = query.id;
    this.refresh();
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  },

  onUnload() {
    clearInterval(this.timer);
  },

  refresh() {
    api.order(this.id).then(
      (order) => {
        const pickup = new Date(order.pickupAt);
        this.setData({
          id: order.id,
          restaurant: order.restaurantName,
          status: STATUS[order.status] || order.status,
          statusKey: order.status,
          pickup: orders.clock(pickup),
          items: order.lines.map((/** @type {any} */ line) => `${line.quantity}× ${line.name}`).join(', '),
          total: `€${order.total.toFixed(2)}`,
          message: '',
          retry: false,
        });
        if (order.status === 'ready') clearInterval(this.timer);
      },
      // Refreshed again on the timer; Retry asks now.
      (error) => this.setData({ message: error.message, retry: Boolean(error.retry) }),
    );
  },

  retry() {
    this.refresh();
  },
});
