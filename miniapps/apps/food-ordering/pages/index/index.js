// @ts-check
// The driver's usual orders and recent ones, reordered with one confirmation (spoken while
// driving); parked, restaurants on the way (along the navigation route, or near the car).
const api = require('../../utils/api.js');
const orders = require('../../utils/orders.js');

const LAST_ORDER = 'last-order';
/** @param {any} order */
function usualOf(order) {
  const lines = order.lines || order.items;
  return {
    key: `${order.restaurantId}:${lines.map((/** @type {any} */ line) => `${line.dishId}x${line.quantity}`).join(',')}`,
    restaurantId: order.restaurantId,
    restaurantName: order.restaurantName,
    items: lines.map((/** @type {any} */ line) => ({ dishId: line.dishId, quantity: line.quantity, name: line.name, price: line.price })),
    total: Number(lines.reduce((/** @type {number} */ sum, /** @type {any} */ line) => sum + line.price * line.quantity, 0).toFixed(2)),
    text: lines.map((/** @type {any} */ line) => `${line.quantity > 1 ? `${line.quantity}× ` : ''}${line.name}`).join(', '),
  };
}

Page({
  data: {
    usual: /** @type {any[]} */ ([]),
    restaurants: /** @type {any[]} */ ([]),
    restaurantsTitle: '',
    favouritesOnly: false,
    /** The platform limits this screen (the driver's, while driving): pages it covers are not offered. */
    restricted: false,
    /** Past orders are known (from the service, or kept from an earlier answer). */
    usualKnown: false,
    activeOrder: /** @type {string | null} */ (null),
    message: '',
    /** What failed can be tried again (a Retry next to the message). */
    retry: false,
    busy: false,
  },

  onLoad() {
    this.ready = car.getDrivingState().then((driving) => this.drivingChanged(driving));
    car.onDrivingStateChange((driving) => this.drivingChanged(driving));
    // An order the last run could not finish (no answer, a power cut): the same order, sent again.
    orders.resume().then(
      (order) => {
        if (order) this.placed(order, 'Your order from before was sent.');
      },
      (error) => this.setData({ message: error.message }),
    );
    this.loadUsual();
  },

  onShow() {
    wx.getStorage({ key: LAST_ORDER }).then(
      (stored) => this.setData({ activeOrder: String(stored.data) }),
      () => this.setData({ activeOrder: null }),
    );
    this.loadUsual();
  },

  /** @param {Glovebox.DrivingState} driving */
  drivingChanged(driving) {
    const favouritesOnly = driving.flags.includes('FAVOURITES_ONLY');
    // Judged by the rules, not the speed: a passenger's screen in a moving car is not restricted.
    const restricted = driving.flags.length > 0;
    const wasLimited = this.data.favouritesOnly;
    this.setData({ favouritesOnly, restricted });
    if (!favouritesOnly && (wasLimited || this.data.restaurants.length === 0)) this.loadRestaurants();
  },

  /** @param {Glovebox.VoiceIntent} voice */
  onIntent(voice) {
    if (voice.intent === 'reorderUsual') {
      this.usualLoaded.then(() => {
        const first = this.data.usual[0];
        if (first) this.reorderEntry(first);
        else this.setData({ message: 'You have no usual order yet. Order once when parked.' });
      });
    } else if (voice.intent === 'orderStatus') this.openOrder();
  },

  /**
   * Favourites first, then recent orders not already among them. When the service does not
   * answer, the orders kept from its last answer (and the favourites) are shown with the reason,
   * never "no orders".
   */
  loadUsual() {
    const recent = orders.pastOrders().then(
      (past) => ({ list: past.orders, problem: past.error }),
      (error) => ({ list: /** @type {any[]} */ ([]), problem: error }),
    );
    this.usualLoaded = Promise.all([orders.favourites(), recent]).then(([favourites, { list, problem }]) => {
      const seen = new Set();
      const usual = [];
      for (const entry of [...favourites.map((favourite) => ({ ...favourite, favourite: true })), ...list.map(usualOf)]) {
        if (seen.has(entry.key)) continue;
        seen.add(entry.key);
        usual.push({ ...entry, price: `€${entry.total.toFixed(2)}` });
      }
      if (!problem) return this.setData({ usual, usualKnown: true, ...(this.failedLoad === 'usual' ? { message: '', retry: false } : {}) });
      this.failedLoad = 'usual';
      const shown = usual.length > 0 ? ' Showing your saved orders.' : ' Your past orders cannot be shown.';
      return this.setData({ usual, usualKnown: usual.length > 0, message: `${problem.message}${shown}`, retry: Boolean(problem.retry) });
    });
    return this.usualLoaded;
  },

  /** Tries again what failed: the past orders or the restaurants. */
  retry() {
    this.setData({ message: '', retry: false });
    if (this.failedLoad === 'restaurants') this.loadRestaurants();
    else this.loadUsual();
  },

  /** Along the route when navigating, else near the car (asks for the location when parked). */
  loadRestaurants() {
    car.getNavigationState().then(
      (navigation) => {
        if (navigation.active && navigation.polyline && navigation.polyline.length > 1) {
          this.where = `on your way to ${navigation.destination ? navigation.destination.name : 'your destination'}`;
          return api.along(navigation.polyline);
        }
        return wx.getLocation({ type: 'wgs84' }).then((where) => {
          this.where = 'near you';
          return api.near([where.latitude, where.longitude]);
        });
      },
      (error) => {
        throw new Error(`Restaurants need your location: ${error.errMsg || error.message}`);
      },
    ).then(
      (found) => {
        const restaurants = found.filter((/** @type {any} */ restaurant) => restaurant.open && !orders.closingSoon(restaurant.closes, new Date())).map((/** @type {any} */ restaurant) => ({ id: restaurant.id, name: restaurant.name, cuisine: restaurant.cuisine }));
        const where = this.where || 'near you';
        // A heading over nothing reads as a broken screen: say there is nothing, and where.
        const title = restaurants.length > 0 ? where.charAt(0).toUpperCase() + where.slice(1) : `No restaurants open ${where}`;
        this.setData({ restaurants, restaurantsTitle: title, ...(this.failedLoad === 'restaurants' ? { message: '', retry: false } : {}) });
      },
      (error) => {
        this.failedLoad = 'restaurants';
        this.setData({ message: error.message, retry: Boolean(error.retry) });
      },
    );
  },

  reorder(event) {
    const entry = this.data.usual.find((each) => each.key === event.currentTarget.dataset.key);
    if (entry) this.reorderEntry(entry);
  },

  /** One confirmation: the payment (a spoken yes while driving); the pickup when the car arrives. @param {any} entry */
  reorderEntry(entry) {
    if (this.data.busy) return;
    this.setData({ busy: true, message: '' });
    Promise.all([api.restaurant(entry.restaurantId), car.getNavigationState().catch(() => /** @type {Glovebox.NavigationState} */ ({ active: false }))])
      .then(([restaurant, navigation]) => {
        const prep = Math.max(...entry.items.map((/** @type {any} */ item) => (restaurant.menu.find((/** @type {any} */ dish) => dish.id === item.dishId) || { prepMinutes: 10 }).prepMinutes));
        const pickup = orders.pickupPlan(prep, navigation, { name: restaurant.name, at: [restaurant.latitude, restaurant.longitude] }).at;
        return orders.place(
          { restaurantId: entry.restaurantId, items: entry.items.map((/** @type {any} */ item) => ({ dishId: item.dishId, quantity: item.quantity })), pickupAt: pickup.toISOString() },
          { total: entry.total, description: `${entry.text} from ${entry.restaurantName}` },
        );
      })
      .then(
        (order) => this.placed(order, ''),
        (error) => {
          this.failedLoad = 'usual';
          this.setData({ busy: false, message: error.message, retry: false });
        },
      );
  },

  /** @param {any} order @param {string} message */
  placed(order, message) {
    this.setData({ busy: false, message, activeOrder: order.id });
    wx.setStorage({ key: LAST_ORDER, data: order.id }).then(() => wx.navigateTo({ url: `/pages/order/order?id=${order.id}` }));
  },

  openRestaurant(event) {
    wx.navigateTo({ url: `/pages/restaurant/restaurant?id=${event.currentTarget.dataset.id}` });
  },

  openOrder() {
    if (this.data.activeOrder) wx.navigateTo({ url: `/pages/order/order?id=${this.data.activeOrder}` });
    else this.setData({ message: 'No order yet.' });
  },

  openHistory() {
    wx.navigateTo({ url: '/pages/history/history' });
  },
});
