// @ts-check
// A restaurant's menu and the cart (parked only: the platform covers this page while driving).
const api = require('../../utils/api.js');
const orders = require('../../utils/orders.js');

Page({
  data: { name: '', address: '', dishes: /** @type {any[]} */ ([]), count: 0, total: '€0.00', message: '', retry: false },

  onLoad(query) {
    this.id = query.id;
    /** @type {Record<string, number>} */
    this.quantities = {};
    this.load();
  },

  load() {
    api.restaurant(this.id).then(
      (restaurant) => {
        this.restaurant = restaurant;
        wx.setNavigationBarTitle({ title: restaurant.name });
        this.setData({ name: restaurant.name, address: restaurant.address, message: '', retry: false });
        this.show();
      },
      (error) => this.setData({ message: error.message, retry: Boolean(error.retry) }),
    );
  },

  retry() {
    this.setData({ message: '', retry: false });
    this.load();
  },

  show() {
    const dishes = this.restaurant.menu.map((/** @type {any} */ dish) => ({ id: dish.id, name: dish.name, price: `€${dish.price.toFixed(2)}`, quantity: this.quantities[dish.id] || 0 }));
    const count = Object.values(this.quantities).reduce((sum, quantity) => sum + quantity, 0);
    const total = this.restaurant.menu.reduce((/** @type {number} */ sum, /** @type {any} */ dish) => sum + dish.price * (this.quantities[dish.id] || 0), 0);
    this.setData({ dishes, count, total: `€${total.toFixed(2)}` });
  },

  add(event) {
    const id = String(event.currentTarget.dataset.id);
    this.quantities[id] = Math.min(20, (this.quantities[id] || 0) + 1);
    this.show();
  },

  remove(event) {
    const id = String(event.currentTarget.dataset.id);
    this.quantities[id] = Math.max(0, (this.quantities[id] || 0) - 1);
    this.show();
  },

  checkout() {
    const items = this.restaurant.menu
      .filter((/** @type {any} */ dish) => (this.quantities[dish.id] || 0) > 0)
      .map((/** @type {any} */ dish) => ({ dishId: dish.id, quantity: this.quantities[dish.id], name: dish.name, price: dish.price, prepMinutes: dish.prepMinutes }));
    if (items.length === 0) return this.setData({ message: 'Add something first.' });
    orders.saveCart({ restaurantId: this.id, restaurantName: this.restaurant.name, at: [this.restaurant.latitude, this.restaurant.longitude], items }).then(() => wx.navigateTo({ url: '/pages/checkout/checkout' }));
  },
});
