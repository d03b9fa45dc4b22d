/**
 * The sample food-ordering backend: restaurants near a point or along a route, menus, and
 * orders that carry an Idempotency-Key, so that a retry (or the same request after a power cut)
 * returns the order already placed instead of placing another. A bad order is a 422 that says
 * what is wrong; the status moves received → preparing → ready with the clock.
 */
import type { City, CityRestaurant, LatLon } from './city.js';
import { metersBetween, projectOnSegment } from './city.js';
import type { Request } from './http.js';
import { HttpError, queryNumber, queryPoint, Router } from './http.js';
import { RecordStore } from './store.js';

export interface OrderLine {
  readonly dishId: string;
  readonly name: string;
  readonly quantity: number;
  readonly price: number;
}

export interface Order {
  readonly id: string;
  readonly customer: string;
  readonly restaurantId: string;
  readonly restaurantName: string;
  readonly lines: readonly OrderLine[];
  readonly total: number;
  readonly currency: 'EUR';
  readonly placedMs: number;
  readonly pickupMs: number;
  readonly readyMs: number;
  /** What the client sent, to tell a true retry from a reused key. */
  readonly fingerprint: string;
}

export interface OrderingOptions {
  readonly city: City;
  readonly clock: () => number;
  readonly stateFile?: string;
}

const MAX_QUANTITY = 20;
const MAX_LINES = 30;
/** How long an order may be placed ahead. */
const MAX_AHEAD_MS = 4 * 3600_000;

function restaurantView(restaurant: CityRestaurant, now: number, from?: LatLon, detourMeters?: number): object {
  const hour = new Date(now).getHours();
  return {
    id: restaurant.id,
    name: restaurant.name,
    cuisine: restaurant.cuisine,
    address: restaurant.address,
    latitude: restaurant.at[0],
    longitude: restaurant.at[1],
    open: hour >= restaurant.opensHour && hour < restaurant.closesHour,
    opens: `${String(restaurant.opensHour).padStart(2, '0')}:00`,
    closes: `${String(restaurant.closesHour).padStart(2, '0')}:00`,
    ...(from ? { distanceMeters: Math.round(metersBetween(from, restaurant.at)) } : {}),
    ...(detourMeters !== undefined ? { detourMeters: Math.round(detourMeters) } : {}),
  };
}

function statusOf(order: Order, now: number): 'received' | 'preparing' | 'ready' {
  if (now >= order.readyMs) return 'ready';
  return now - order.placedMs < 30_000 ? 'received' : 'preparing';
}

/** Distance from a point to a polyline, m. */
function distanceToRoute(point: LatLon, route: readonly LatLon[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < route.length; i += 1) best = Math.min(best, projectOnSegment(point, route[i] as LatLon, route[i + 1] as LatLon).offMeters);
  return best;
}

export function orderingBackend(options: OrderingOptions): { readonly router: Router; close(): void } {
  const { city, clock } = options;
  const orders = new RecordStore<Order>('order', options.stateFile);
  const restaurants = new Map(city.restaurants.map((restaurant) => [restaurant.id, restaurant]));

  const orderView = (order: Order): object => ({
    id: order.id,
    restaurantId: order.restaurantId,
    restaurantName: order.restaurantName,
    lines: order.lines,
    total: order.total,
    currency: order.currency,
    placedAt: new Date(order.placedMs).toISOString(),
    pickupAt: new Date(order.pickupMs).toISOString(),
    readyAt: new Date(order.readyMs).toISOString(),
    status: statusOf(order, clock()),
  });

  /** Checks an order request; every problem is a 422 naming the field. */
  const readOrder = (body: unknown): { restaurant: CityRestaurant; lines: OrderLine[]; pickupMs: number; customer: string } => {
    const order = (body ?? {}) as Record<string, unknown>;
    const customer = order['customer'];
    if (typeof customer !== 'string' || customer.length < 4 || customer.length > 64) throw new HttpError(422, 'BAD_CUSTOMER', 'customer must be the customer token (4 to 64 characters)');
    const restaurant = typeof order['restaurantId'] === 'string' ? restaurants.get(order['restaurantId']) : undefined;
    if (!restaurant) throw new HttpError(422, 'UNKNOWN_RESTAURANT', `restaurantId: no restaurant ${JSON.stringify(order['restaurantId'])}`);
    const items = order['items'];
    if (!Array.isArray(items) || items.length === 0) throw new HttpError(422, 'EMPTY_ORDER', 'items: an order needs at least one item');
    if (items.length > MAX_LINES) throw new HttpError(422, 'TOO_MANY_ITEMS', `items: at most ${MAX_LINES} lines`);
    const lines = items.map((item: unknown, index): OrderLine => {
      const { dishId, quantity } = (item ?? {}) as Record<string, unknown>;
      const dish = restaurant.menu.find((each) => each.id === dishId);
      if (!dish) throw new HttpError(422, 'UNKNOWN_DISH', `items[${index}].dishId: ${restaurant.name} has no dish ${JSON.stringify(dishId)}`);
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
        throw new HttpError(422, 'BAD_QUANTITY', `items[${index}].quantity: a whole number from 1 to ${MAX_QUANTITY}, found ${JSON.stringify(quantity)}`);
      }
      return { dishId: dish.id, name: dish.name, quantity, price: dish.price };
    });
    const now = clock();
    const prep = Math.max(...lines.map((line) => restaurant.menu.find((dish) => dish.id === line.dishId)?.prepMinutes ?? 10)) * 60_000;
    const pickupMs = order['pickupAt'] === undefined ? now + prep : Date.parse(String(order['pickupAt']));
    if (!Number.isFinite(pickupMs)) throw new HttpError(422, 'BAD_PICKUP', `pickupAt: an ISO date-time, found ${JSON.stringify(order['pickupAt'])}`);
    if (pickupMs < now + prep - 1000) throw new HttpError(422, 'PICKUP_TOO_SOON', `pickupAt: the kitchen needs ${prep / 60_000} minutes; the earliest pickup is ${new Date(now + prep).toISOString()}`);
    if (pickupMs > now + MAX_AHEAD_MS) throw new HttpError(422, 'PICKUP_TOO_LATE', 'pickupAt: at most four hours ahead');
    const hour = new Date(pickupMs).getHours();
    if (hour < restaurant.opensHour || hour >= restaurant.closesHour) throw new HttpError(422, 'CLOSED', `${restaurant.name} is closed at pickup (open ${restaurant.opensHour}:00 to ${restaurant.closesHour}:00)`);
    return { restaurant, lines, pickupMs, customer };
  };

  const place = (request: Request) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !/^[A-Za-z0-9_-]{8,80}$/.test(key)) throw new HttpError(400, 'NO_IDEMPOTENCY_KEY', 'an order needs an Idempotency-Key header (8 to 80 letters, digits, - or _)');
    const fingerprint = JSON.stringify(request.body);
    const earlier = orders.byKey(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) throw new HttpError(422, 'KEY_REUSED', 'this Idempotency-Key was used for a different order');
      // The same order again (a retry, or a resend after a power cut): the one already placed.
      return { status: 200, body: orderView(earlier), headers: { 'idempotent-replay': 'true' } };
    }
    const { restaurant, lines, pickupMs, customer } = readOrder(request.body);
    const total = Number(lines.reduce((sum, line) => sum + line.price * line.quantity, 0).toFixed(2));
    const order: Order = {
      id: `O-${String(orders.all().length + 1).padStart(5, '0')}`,
      customer,
      restaurantId: restaurant.id,
      restaurantName: restaurant.name,
      lines,
      total,
      currency: 'EUR',
      placedMs: clock(),
      pickupMs,
      readyMs: pickupMs,
      fingerprint,
    };
    orders.put(order, key);
    return { status: 201, body: orderView(order) };
  };

  const router = new Router('ordering')
    .on('GET', '/v1/restaurants', (request) => {
      const now = clock();
      const limit = queryNumber(request.query, 'limit', [1, 50], 20);
      if (request.query.has('near')) {
        const near = queryPoint(request.query, 'near');
        const radius = queryNumber(request.query, 'radius', [1, 50_000], 3000);
        const found = city.restaurants
          .map((restaurant) => ({ restaurant, meters: metersBetween(near, restaurant.at) }))
          .filter((entry) => entry.meters <= radius)
          .sort((a, b) => a.meters - b.meters)
          .slice(0, limit);
        return { status: 200, body: { restaurants: found.map((entry) => restaurantView(entry.restaurant, now, near)) } };
      }
      return { status: 200, body: { restaurants: city.restaurants.slice(0, limit).map((restaurant) => restaurantView(restaurant, now)) } };
    })
    .on('POST', '/v1/restaurants/along', (request) => {
      const body = (request.body ?? {}) as { route?: unknown; maxDetourMeters?: unknown };
      const route = body.route;
      if (!Array.isArray(route) || route.length < 2 || route.length > 2000 || !route.every((point) => Array.isArray(point) && point.length === 2 && point.every((value) => typeof value === 'number'))) {
        throw new HttpError(422, 'BAD_ROUTE', 'route: 2 to 2000 [latitude, longitude] points');
      }
      const detour = typeof body.maxDetourMeters === 'number' ? body.maxDetourMeters : 400;
      const found = city.restaurants
        .map((restaurant) => ({ restaurant, off: distanceToRoute(restaurant.at, route as LatLon[]) }))
        .filter((entry) => entry.off <= detour)
        .sort((a, b) => a.off - b.off);
      return { status: 200, body: { restaurants: found.map((entry) => restaurantView(entry.restaurant, clock(), undefined, entry.off * 2)) } };
    })
    .on('GET', '/v1/restaurants/:id', (request) => {
      const restaurant = restaurants.get(request.params['id'] as string);
      if (!restaurant) throw new HttpError(404, 'UNKNOWN_RESTAURANT', `no restaurant ${request.params['id'] ?? ''}`);
      return { status: 200, body: { ...restaurantView(restaurant, clock()), menu: restaurant.menu } };
    })
    .on('POST', '/v1/orders', place)
    .on('GET', '/v1/orders', (request) => {
      const customer = request.query.get('customer');
      if (!customer) throw new HttpError(400, 'MISSING', 'the query needs customer');
      return { status: 200, body: { orders: orders.all().filter((order) => order.customer === customer).reverse().map(orderView) } };
    })
    .on('GET', '/v1/orders/:id', (request) => {
      const order = orders.get(request.params['id'] as string);
      if (!order) throw new HttpError(404, 'UNKNOWN_ORDER', `no order ${request.params['id'] ?? ''}`);
      return { status: 200, body: orderView(order) };
    });
  return { router, close: () => orders.close() };
}
