/**
 * The sample backends over HTTP, as the apps use them: OCPI-shaped charging with its 409s,
 * orders with idempotency keys (the same order after a restart, never a second one), 422s that
 * name the field, EV routing with a charging stop, and 503s on demand.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { RunningBackends } from '../../../../miniapps/backends/node/backends.js';
import { startBackends } from '../../../../miniapps/backends/node/backends.js';
import { loadCity } from '../../../../miniapps/backends/node/city.js';

const city = loadCity();
const state = mkdtempSync(join(tmpdir(), 'glovebox-backends-'));
// Noon on a fixed day: availability and opening hours do not depend on when the test runs.
let now = Date.parse('2026-06-01T12:00:00');
const clock = () => now;
const charged: number[] = [];
let backends: RunningBackends = await startBackends({ stateDir: state, clock, onCharging: (kw) => charged.push(kw) });
after(async () => {
  await backends.close();
  rmSync(state, { recursive: true, force: true });
});

async function call(backend: 'charging' | 'ordering' | 'routing', path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${backends.local[backend]}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

test('charging: locations near a point, nearest first, in the OCPI envelope and shape', async () => {
  const { status, body } = await call('charging', '/ocpi/2.2.1/locations?near=48.1374,11.5755&radius=1500');
  assert.equal(status, 200);
  assert.equal(body['status_code'], 1000);
  const data = body['data'] as Array<{ id: string; distance_meters: number; evses: Array<{ status: string; connectors: Array<{ max_electric_power: number; standard: string }> }> }>;
  assert.ok(data.length > 0);
  assert.ok(data.every((location, index) => index === 0 || (data[index - 1]?.distance_meters ?? 0) <= location.distance_meters));
  assert.ok(data.every((location) => location.distance_meters <= 1500));
  const connector = data[0]?.evses[0]?.connectors[0];
  assert.ok(connector && connector.max_electric_power >= 11_000 && /^IEC_62196|CHADEMO/.test(connector.standard));
  assert.ok(data.flatMap((location) => location.evses).every((evse) => ['AVAILABLE', 'CHARGING', 'OUTOFORDER'].includes(evse.status)));
});

test('charging: availability changes with time', async () => {
  const statuses = async () => JSON.stringify(((await call('charging', '/ocpi/2.2.1/locations')).body['data'] as Array<{ evses: Array<{ status: string }> }>).flatMap((location) => location.evses.map((evse) => evse.status)));
  const before = await statuses();
  now += 10 * 60_000;
  const later = await statuses();
  assert.notEqual(later, before);
});

test('charging: a session starts once per Idempotency-Key (409 for a second one or a busy EVSE), is found while active, stops into a CDR', async () => {
  const locations = (await call('charging', '/ocpi/2.2.1/locations')).body['data'] as Array<{ id: string; evses: Array<{ uid: string; status: string; connectors: Array<{ id: string; power_type: string; max_electric_power: number }> }> }>;
  const free = locations.flatMap((location) => location.evses.filter((evse) => evse.status === 'AVAILABLE' && evse.connectors[0]?.power_type === 'DC').map((evse) => ({ location, evse })));
  const [first, second] = free;
  assert.ok(first && second, 'two free DC EVSEs');
  let keys = 0;
  const start = (at: typeof first, token = 'TOKEN-1', key = `start-key-${(keys += 1)}`) =>
    call('charging', '/ocpi/2.2.1/sessions', { method: 'POST', body: { location_id: at.location.id, evse_uid: at.evse.uid, connector_id: '1', token_uid: token }, headers: { 'idempotency-key': key } });
  const started = await start(first, 'TOKEN-1', 'start-key-first');
  assert.equal(started.status, 201);
  const session = started.body['data'] as { id: string; status: string; kwh: number };
  assert.equal(session.status, 'ACTIVE');
  // The same start again (its answer was lost): the session it started, not a 409, not a second one.
  const resent = await start(first, 'TOKEN-1', 'start-key-first');
  assert.deepEqual([resent.status, (resent.body['data'] as { id: string }).id, resent.headers.get('idempotent-replay')], [200, session.id, 'true']);
  const reused = await start(second, 'TOKEN-1', 'start-key-first');
  assert.deepEqual([reused.status, reused.body['error']], [422, 'KEY_REUSED']);
  const running = (await call('charging', '/ocpi/2.2.1/sessions?token_uid=TOKEN-1&status=ACTIVE')).body['data'] as Array<{ id: string }>;
  assert.deepEqual(running.map((each) => each.id), [session.id], 'an app that never saw the answer finds the running session');
  const again = await start(second);
  assert.deepEqual([again.status, again.body['error']], [409, 'SESSION_RUNNING']);
  const busy = await start(first, 'TOKEN-2');
  assert.deepEqual([busy.status, busy.body['error']], [409, 'EVSE_BUSY']);
  now += 30 * 60_000;
  const live = (await call('charging', `/ocpi/2.2.1/sessions/${session.id}`)).body['data'] as { kwh: number; total_cost: { incl_vat: number }; power_kw: number };
  const powerKw = (first.evse.connectors[0]?.max_electric_power ?? 0) / 1000;
  assert.ok(Math.abs(live.kwh - powerKw / 2) < 0.01, `${live.kwh} kWh after 30 min at ${powerKw} kW`);
  assert.ok(live.total_cost.incl_vat > 0);
  const stopped = await call('charging', `/ocpi/2.2.1/sessions/${session.id}/stop`, { method: 'POST' });
  assert.equal((stopped.body['data'] as { status: string }).status, 'COMPLETED');
  const twice = await call('charging', `/ocpi/2.2.1/sessions/${session.id}/stop`, { method: 'POST' });
  assert.equal(twice.status, 409);
  const cdrs = (await call('charging', '/ocpi/2.2.1/cdrs?token_uid=TOKEN-1')).body['data'] as Array<{ id: string }>;
  assert.deepEqual(cdrs.map((cdr) => cdr.id), [session.id]);
  assert.deepEqual(charged, [powerKw, 0], 'the simulator is told to plug the car in and out');
  const missing = await call('charging', '/ocpi/2.2.1/sessions', { method: 'POST', body: { location_id: first.location.id, evse_uid: first.evse.uid, connector_id: '1' }, headers: { 'idempotency-key': 'start-key-missing' } });
  assert.deepEqual([missing.status, missing.body['error']], [422, 'NO_TOKEN']);
  const keyless = await call('charging', '/ocpi/2.2.1/sessions', { method: 'POST', body: { location_id: first.location.id, evse_uid: first.evse.uid, connector_id: '1', token_uid: 'TOKEN-3' } });
  assert.deepEqual([keyless.status, keyless.body['error']], [400, 'NO_IDEMPOTENCY_KEY']);
  const none = (await call('charging', '/ocpi/2.2.1/sessions?token_uid=TOKEN-1&status=ACTIVE')).body['data'] as unknown[];
  assert.deepEqual(none, []);
});

const ORDER = { customer: 'driver-0001', restaurantId: 'R01', items: [{ dishId: 'R01-D1', quantity: 2 }, { dishId: 'R01-D4', quantity: 1 }] };

test('ordering: an order with an idempotency key, retried (even after the backend restarts), is placed once', async () => {
  const headers = { 'idempotency-key': 'order-key-0001' };
  const placed = await call('ordering', '/v1/orders', { method: 'POST', body: ORDER, headers });
  assert.equal(placed.status, 201);
  const retry = await call('ordering', '/v1/orders', { method: 'POST', body: ORDER, headers });
  assert.deepEqual([retry.status, retry.body['id'], retry.headers.get('idempotent-replay')], [200, placed.body['id'], 'true']);
  // A power cut: the backend goes down and comes back on the same state.
  await backends.close();
  backends = await startBackends({ stateDir: state, clock });
  const afterCut = await call('ordering', '/v1/orders', { method: 'POST', body: ORDER, headers });
  assert.deepEqual([afterCut.status, afterCut.body['id']], [200, placed.body['id']]);
  const history = (await call('ordering', '/v1/orders?customer=driver-0001')).body['orders'] as unknown[];
  assert.equal(history.length, 1);
  const reused = await call('ordering', '/v1/orders', { method: 'POST', body: { ...ORDER, items: [{ dishId: 'R01-D2', quantity: 1 }] }, headers });
  assert.deepEqual([reused.status, reused.body['error']], [422, 'KEY_REUSED']);
  const keyless = await call('ordering', '/v1/orders', { method: 'POST', body: ORDER });
  assert.deepEqual([keyless.status, keyless.body['error']], [400, 'NO_IDEMPOTENCY_KEY']);
});

test('ordering: bad orders are 422s that name the field', async () => {
  const breakfast = city.restaurants.find((restaurant) => restaurant.name === 'Morning Gear');
  assert.ok(breakfast, 'the sample city has its breakfast place');
  const cases: Array<[object, string, RegExp]> = [
    [{ ...ORDER, items: [] }, 'EMPTY_ORDER', /^items: /],
    [{ ...ORDER, items: [{ dishId: 'R99-D1', quantity: 1 }] }, 'UNKNOWN_DISH', /^items\[0\]\.dishId: /],
    [{ ...ORDER, items: [{ dishId: 'R01-D1', quantity: 0 }] }, 'BAD_QUANTITY', /^items\[0\]\.quantity: a whole number from 1 to 20, found 0$/],
    [{ ...ORDER, restaurantId: 'R77' }, 'UNKNOWN_RESTAURANT', /^restaurantId: /],
    [{ ...ORDER, pickupAt: new Date(now + 60_000).toISOString() }, 'PICKUP_TOO_SOON', /^pickupAt: the kitchen needs \d+ minutes/],
    [{ ...ORDER, restaurantId: breakfast.id, items: [{ dishId: breakfast.menu[0]?.id, quantity: 1 }], pickupAt: new Date(Date.parse('2026-06-01T15:00:00')).toISOString() }, 'CLOSED', /Morning Gear is closed at pickup/],
  ];
  for (const [index, [body, code, message]] of cases.entries()) {
    const answer = await call('ordering', '/v1/orders', { method: 'POST', body, headers: { 'idempotency-key': `bad-order-${index}-x` } });
    assert.deepEqual([answer.status, answer.body['error']], [422, code], JSON.stringify(answer.body));
    assert.match(String(answer.body['message']), message);
  }
});

test('ordering: restaurants near a point and along a route; the status moves with the clock', async () => {
  const near = (await call('ordering', '/v1/restaurants?near=48.1374,11.5755&radius=2000')).body['restaurants'] as Array<{ distanceMeters: number }>;
  assert.ok(near.length > 0 && near.every((restaurant) => restaurant.distanceMeters <= 2000));
  const route = (await call('routing', '/v1/route?from=48.125,11.56&to=48.15,11.59')).body['polyline'] as number[][];
  const along = (await call('ordering', '/v1/restaurants/along', { method: 'POST', body: { route, maxDetourMeters: 500 } })).body['restaurants'] as Array<{ detourMeters: number }>;
  assert.ok(along.every((restaurant) => restaurant.detourMeters <= 1000));
  const placed = await call('ordering', '/v1/orders', { method: 'POST', body: { ...ORDER, customer: 'driver-0002' }, headers: { 'idempotency-key': 'status-walk-01' } });
  const status = async () => (await call('ordering', `/v1/orders/${String(placed.body['id'])}`)).body['status'];
  assert.equal(await status(), 'received');
  now += 60_000;
  assert.equal(await status(), 'preparing');
  now += 30 * 60_000;
  assert.equal(await status(), 'ready');
});

test('routing: geocoding, and a charging stop inserted when the battery would arrive below the minimum', async () => {
  const found = (await call('routing', '/v1/geocode?q=airport')).body['results'] as Array<{ name: string; latitude: number; longitude: number }>;
  const airport = found[0];
  assert.equal(airport?.name, 'Airport Shuttle Terminal');
  const stadium = ((await call('routing', '/v1/geocode?q=stadium')).body['results'] as typeof found)[0];
  assert.ok(stadium);
  const trip = `from=${stadium.latitude},${stadium.longitude}&to=${airport.latitude},${airport.longitude}&capacityKWh=64&consumptionKWhPer100Km=18&minArrivalSoc=10`;
  const plenty = await call('routing', `/v1/route?${trip}&soc=80`);
  assert.equal(plenty.body['chargingStop'], null);
  assert.ok(Number(plenty.body['arrivalSocPercent']) >= 10);
  const low = await call('routing', `/v1/route?${trip}&soc=10.5`);
  assert.equal(low.status, 200, JSON.stringify(low.body));
  const stop = low.body['chargingStop'] as { arrivalSocPercent: number; chargeToPercent: number; chargeMinutes: number; powerKw: number };
  assert.ok(stop && stop.arrivalSocPercent >= 10 && stop.chargeToPercent >= 80 && stop.chargeMinutes > 0 && stop.powerKw >= 50, JSON.stringify(stop));
  assert.ok((low.body['instructions'] as Array<{ type: string }>).some((step) => step.type === 'charge'));
  assert.ok(Number(low.body['durationSeconds']) > Number(plenty.body['durationSeconds']));
  const stranded = await call('routing', `/v1/route?${trip}&soc=1`);
  assert.deepEqual([stranded.status, stranded.body['error']], [422, 'OUT_OF_RANGE']);
  const bad = await call('routing', '/v1/route?from=north&to=48,11');
  assert.deepEqual([bad.status, bad.body['message']], [400, 'from must be "latitude,longitude", found "north"']);
});

test('503 on demand: the next N requests fail with Retry-After, then service resumes', async () => {
  assert.equal((await call('routing', '/_sim/fail', { method: 'POST', body: { count: 2 } })).status, 200);
  const first = await call('routing', '/v1/geocode?q=home');
  assert.deepEqual([first.status, first.headers.get('retry-after')], [503, '2']);
  assert.equal((await call('routing', '/v1/geocode?q=home')).status, 503);
  assert.equal((await call('routing', '/v1/geocode?q=home')).status, 200);
  assert.equal((await call('routing', '/nowhere')).status, 404);
  assert.equal((await call('routing', '/v1/geocode', { method: 'DELETE' })).status, 405);
});

test('delays on demand: the next answer is held back (a slow network, a power cut mid-request)', async () => {
  await call('routing', '/_sim/delay', { method: 'POST', body: { count: 1, ms: 400 } });
  const finished: string[] = [];
  const held = call('routing', '/v1/geocode?q=home').then((answer) => finished.push(`held ${answer.status}`));
  const next = call('routing', '/v1/geocode?q=work').then((answer) => finished.push(`next ${answer.status}`));
  await Promise.all([held, next]);
  assert.deepEqual(finished, ['next 200', 'held 200'], 'the held answer comes after the one sent later');
  assert.equal((await call('routing', '/_sim/delay', { method: 'POST', body: { count: 1, ms: -1 } })).status, 422);
});
