// @ts-check
// Past orders, newest first; a star makes one a favourite ("your usual", reordered by voice).
const api = require('../../utils/api.js');
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
  data: { rows: /** @type {any[]} */ ([]), message: '' },

  onLoad() {
    Promise.all([orders.customer().then((who) => api.orders(who)), orders.favourites()]).then(
      ([past, favourites]) => {
        this.past = past;
        this.favourites = favourites;
        this.show();
      },
      (error) => this.setData({ message: error.message }),
    );
  },

  show() {
    const keys = new Set(this.favourites.map((/** @type {any} */ favourite) => favourite.key));
    this.setData({
      rows: this.past.map((/** @type {any} */ order) => {
        const favourite = favouriteOf(order);
        return { id: order.id, key: favourite.key, when: order.placedAt.slice(0, 16).replace('T', ' '), text: `${order.restaurantName}: ${favourite.text}`, total: `€${order.total.toFixed(2)}`, starred: keys.has(favourite.key) };
      }),
      message: this.past.length === 0 ? 'No orders yet.' : '',
    });
  },

  star(event) {
    const order = this.past.find((/** @type {any} */ each) => each.id === event.currentTarget.dataset.id);
    if (!order) return;
    const favourite = favouriteOf(order);
    const starred = this.favourites.some((/** @type {any} */ each) => each.key === favourite.key);
    this.favourites = starred ? this.favourites.filter((/** @type {any} */ each) => each.key !== favourite.key) : [favourite, ...this.favourites];
    orders.saveFavourites(this.favourites).then(() => this.show());
  },
});
