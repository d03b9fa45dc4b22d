// @ts-check
// Past orders, newest first; a star makes one a favourite ("your usual", reordered by voice).
const orders = require('../../utils/orders.js');

/** @param {any} order */
function favouriteOf(order) {
  return {
    key: `${order.restaurantId}:${order.lines.map((/** @type {any} */ line) => `${line.dishId}x${line.quantity}`).join(',')}`,
    restaurantId: order.restaurantId,
    restaurantName: order.restaurantName,
    items: order.lines.map((/** @type {any} */ line) => ({ dishId: line.dishId, quantity: line.quantity, name: line.name, price: line.price })),
    total: order.total,
    text: order.lines.map((/** @type {any} */ line) => `${line.quantity > 1 ? `${line.quantity}× ` : ''}${line.name}`).join(', '),
  };
}

Page({
  data: { rows: /** @type {any[]} */ ([]), message: '', retry: false, loading: true, empty: false },

  onLoad() {
    this.load();
  },

  /** The service's answer, or the orders kept from its last one; "No orders yet" only when it said so. */
  load() {
    this.setData({ loading: true, message: '', retry: false });
    Promise.all([orders.pastOrders(), orders.favourites()]).then(
      ([past, favourites]) => {
        this.past = past.orders;
        this.favourites = favourites;
        this.show(past.error ? `${past.error.message} Showing the orders saved on this car.` : '', Boolean(past.error && past.error.retry));
      },
      (error) => this.setData({ loading: false, message: `${error.message} Your past orders cannot be shown.`, retry: Boolean(error.retry) }),
    );
  },

  retry() {
    this.load();
  },

  /** @param {string} [problem] @param {boolean} [retry] */
  show(problem = '', retry = false) {
    const keys = new Set(this.favourites.map((/** @type {any} */ favourite) => favourite.key));
    this.setData({
      rows: this.past.map((/** @type {any} */ order) => {
        const favourite = favouriteOf(order);
        return { id: order.id, key: favourite.key, when: order.placedAt.slice(0, 16).replace('T', ' '), text: `${order.restaurantName}: ${favourite.text}`, total: `€${order.total.toFixed(2)}`, starred: keys.has(favourite.key) };
      }),
      message: problem,
      empty: !problem && this.past.length === 0,
      retry,
      loading: false,
    });
  },

  star(event) {
    const order = this.past.find((/** @type {any} */ each) => each.id === event.currentTarget.dataset.id);
    if (!order) return;
    const favourite = favouriteOf(order);
    const starred = this.favourites.some((/** @type {any} */ each) => each.key === favourite.key);
    this.favourites = starred ? this.favourites.filter((/** @type {any} */ each) => each.key !== favourite.key) : [favourite, ...this.favourites];
    orders.saveFavourites(this.favourites).then(() => this.show(this.data.retry ? this.data.message : '', this.data.retry));
  },
});
