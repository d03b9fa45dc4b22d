/**
 * Food's pickup time and the sentence beside it: when the car passes the restaurant on the route
 * it follows (not when it arrives at the destination), never before the kitchen is ready, and
 * a sentence that says which of the two decided. The app's own module, run in Node (it touches
 * `wx` only when it talks to the service).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compileFunction } from 'node:vm';
import { repoPath } from '../../../support/paths.js';

interface Plan {
  readonly at: Date;
  readonly why: string;
}
interface Navigation {
  readonly active: boolean;
  readonly destination?: { name: string; latitude: number; longitude: number };
  readonly arrivalTime?: number;
  readonly remainingMeters?: number;
  readonly polyline?: Array<[number, number]>;
}
/** The app's CommonJS module, as its worker loads it (the service client is not needed here). */
function appModule(...path: string[]): unknown {
  const module = { exports: {} };
  const run = compileFunction(readFileSync(repoPath(...path), 'utf8'), ['require', 'module', 'exports']);
  run(() => ({}), module, module.exports);
  return module.exports;
}

const orders = appModule('miniapps', 'apps', 'food-ordering', 'utils', 'orders.js') as {
  pickupPlan(prepMinutes: number, navigation: Navigation, restaurant: { name: string; at?: number[] }): Plan;
  clock(at: Date): string;
  closingSoon(closes: string, now: Date): boolean;
};

/** A straight road north, about 11.1 km long (0.1° of latitude), the car at its start. */
const ROUTE: Array<[number, number]> = Array.from({ length: 11 }, (_, index) => [48 + index * 0.01, 11.5]);
const MUSEUM = { name: 'Museum of Light', latitude: 48.1, longitude: 11.5 };
const minutesFromNow = (at: Date): number => Math.round((at.getTime() - Date.now()) / 60_000);

test('on the route, far along it: the pickup is when the car passes, and the sentence names the restaurant and the destination', () => {
  const navigation = { active: true, destination: MUSEUM, arrivalTime: Date.now() + 60 * 60_000, remainingMeters: 11_120, polyline: ROUTE };
  const plan = orders.pickupPlan(10, navigation, { name: 'Green Lane Kitchen', at: [48.05, 11.5005] });
  // Half way along an hour's drive: about 30 minutes, not the 60 of the arrival.
  assert.ok(Math.abs(minutesFromNow(plan.at) - 30) <= 1, `${minutesFromNow(plan.at)} min`);
  assert.equal(plan.why, `Ready as you pass Green Lane Kitchen, at about ${orders.clock(plan.at)}, on your way to Museum of Light.`);
});

test('on the route, close by: the kitchen decides, and the driver is told to expect a wait', () => {
  const navigation = { active: true, destination: MUSEUM, arrivalTime: Date.now() + 60 * 60_000, remainingMeters: 11_120, polyline: ROUTE };
  const plan = orders.pickupPlan(20, navigation, { name: 'Green Lane Kitchen', at: [48.01, 11.5] });
  assert.equal(minutesFromNow(plan.at), 21);
  assert.match(plan.why, /^The kitchen needs 21 minutes: ready at \d\d:\d\d\. You pass Green Lane Kitchen at about \d\d:\d\d, so expect a short wait\.$/);
});

test('off the route, behind the car, or not navigating: ready when the kitchen is, and said so', () => {
  const navigation = { active: true, destination: MUSEUM, arrivalTime: Date.now() + 60 * 60_000, remainingMeters: 11_120, polyline: ROUTE };
  const off = orders.pickupPlan(10, navigation, { name: 'Far Away Diner', at: [48.05, 11.6] });
  assert.equal(minutesFromNow(off.at), 11);
  assert.match(off.why, /^Ready in about 11 minutes, at \d\d:\d\d\. Far Away Diner is off your route to Museum of Light\.$/);
  // Half the route driven: a restaurant on its first half is behind the car.
  const behind = orders.pickupPlan(10, { ...navigation, remainingMeters: 5_560 }, { name: 'Early Bakery', at: [48.01, 11.5] });
  assert.match(behind.why, /is off your route/);
  const parked = orders.pickupPlan(10, { active: false }, { name: 'Green Lane Kitchen', at: [48.05, 11.5] });
  assert.match(parked.why, /^Ready in about 11 minutes, at \d\d:\d\d\.$/);
  // An old cart without the restaurant's position: the kitchen's time, never a guess.
  assert.match(orders.pickupPlan(10, navigation, { name: 'Green Lane Kitchen' }).why, /^Ready in about 11 minutes/);
});

test('a restaurant closing in under 45 minutes is not offered; one open all day never closes, also just before midnight', () => {
  const at = (hours: number, minutes: number): Date => new Date(2026, 11, 5, hours, minutes);
  assert.equal(orders.closingSoon('11:00', at(10, 30)), true);
  assert.equal(orders.closingSoon('11:00', at(10, 15)), false, '45 minutes left are enough');
  assert.equal(orders.closingSoon('11:00', at(10, 16)), true, '44 minutes left are too few');
  assert.equal(orders.closingSoon('11:00', at(11, 0)), true, 'closing now');
  // The stop-38 failure: every all-day restaurant vanished from 23:15.
  for (const now of [at(23, 15), at(23, 59), at(0, 0), at(12, 0)]) assert.equal(orders.closingSoon('24:00', now), false, String(now));
  // Past midnight: "00:30" at 23:50 is 40 minutes away, not 23 hours ago.
  assert.equal(orders.closingSoon('00:30', at(23, 50)), true);
  assert.equal(orders.closingSoon('02:00', at(23, 50)), false);
  for (const unreadable of ['', 'late', '25:00', '7', '24:30']) assert.equal(orders.closingSoon(unreadable, at(23, 50)), false, JSON.stringify(unreadable));
});
