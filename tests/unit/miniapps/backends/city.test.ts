/** The sample city: committed as generated, connected, and routed the fastest way. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { LatLon } from '../../../../miniapps/backends/node/city.js';
import { CITY_FILE, loadCity, metersBetween } from '../../../../miniapps/backends/node/city.js';
import { cityFileText, generateCity, SeededRandom } from '../../../../miniapps/backends/node/cityGenerator.js';
import { geocode, RoadNetwork } from '../../../../miniapps/backends/node/routing.js';

const city = loadCity();

test('the committed city is what the generator makes from its seed (run scripts/generate-city.mjs after changing it)', () => {
  assert.equal(readFileSync(CITY_FILE, 'utf8'), cityFileText(generateCity(city.seed)));
  assert.match(city.notice, /SAMPLE DATA/);
  assert.notDeepEqual(generateCity(8).chargers, city.chargers, 'another seed, another city');
});

test('the seeded generator is deterministic and uniform enough', () => {
  const a = new SeededRandom(1);
  const b = new SeededRandom(1);
  const values = Array.from({ length: 10_000 }, () => a.next());
  assert.deepEqual(values.slice(0, 5), Array.from({ length: 5 }, () => b.next()));
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
  assert.ok(values.every((value) => value >= 0 && value < 1));
});

test('every node can reach every other', () => {
  const neighbours = new Map<number, number[]>();
  for (const road of city.roads) {
    neighbours.set(road.from, [...(neighbours.get(road.from) ?? []), road.to]);
    neighbours.set(road.to, [...(neighbours.get(road.to) ?? []), road.from]);
  }
  const seen = new Set([0]);
  const queue = [0];
  while (queue.length > 0) for (const next of neighbours.get(queue.shift() as number) ?? []) if (!seen.has(next) && seen.add(next)) queue.push(next);
  assert.equal(seen.size, city.nodes.length);
});

/** Plain Dijkstra on travel time between two nodes: what A* must agree with. */
function dijkstraSeconds(from: number, to: number): number {
  const at = new Map(city.nodes.map((node) => [node.id, node.at]));
  const edges = new Map<number, Array<[number, number]>>();
  for (const road of city.roads) {
    const seconds = metersBetween(at.get(road.from) as LatLon, at.get(road.to) as LatLon) / (road.speedKmh / 3.6);
    edges.set(road.from, [...(edges.get(road.from) ?? []), [road.to, seconds]]);
    edges.set(road.to, [...(edges.get(road.to) ?? []), [road.from, seconds]]);
  }
  const best = new Map([[from, 0]]);
  const done = new Set<number>();
  while (!done.has(to)) {
    const [node, cost] = [...best].filter(([id]) => !done.has(id)).sort((a, b) => a[1] - b[1])[0] as [number, number];
    done.add(node);
    for (const [next, seconds] of edges.get(node) ?? []) if (cost + seconds < (best.get(next) ?? Infinity)) best.set(next, cost + seconds);
  }
  return best.get(to) as number;
}

test('A* finds the fastest route: node to node, it agrees with Dijkstra', () => {
  const network = new RoadNetwork(city);
  const random = new SeededRandom(99);
  for (let trial = 0; trial < 25; trial += 1) {
    const a = city.nodes[random.int(0, city.nodes.length - 1)];
    const b = city.nodes[random.int(0, city.nodes.length - 1)];
    if (!a || !b || a.id === b.id) continue;
    const route = network.route(a.at, b.at);
    // The route's own duration is rounded to the second; snapping to a node is exact.
    assert.ok(Math.abs(route.durationSeconds - dijkstraSeconds(a.id, b.id)) <= 1.5, `${a.id} → ${b.id}: ${route.durationSeconds} s vs ${dijkstraSeconds(a.id, b.id)} s`);
  }
});

test('the first instruction heads the way the road goes, not along the car\'s connector to it', () => {
  const network = new RoadNetwork(city);
  // A car 40 m beside a north-south street (due east of one of its segments), going to a place south of it.
  const road = city.roads.find((each) => {
    const a = city.nodes[each.from]?.at;
    const b = city.nodes[each.to]?.at;
    return a && b && Math.abs(a[1] - b[1]) < 0.0002 && Math.abs(a[0] - b[0]) > 0.002;
  });
  assert.ok(road, 'the city has a north-south segment');
  const a = city.nodes[road.from]?.at as LatLon;
  const b = city.nodes[road.to]?.at as LatLon;
  const beside: LatLon = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + 40 / (111_320 * Math.cos((a[0] * Math.PI) / 180))];
  const south: LatLon = a[0] < b[0] ? a : b;
  const route = network.route(beside, south);
  assert.equal(route.instructions[0]?.text, `Head south on ${road.name}`);
});

test('a route has a polyline from start to end, a turn list from depart to arrive, and prefers fast roads', () => {
  const network = new RoadNetwork(city);
  const station = geocode(city, 'central station')[0];
  const home = geocode(city, 'home')[0];
  assert.ok(station && home);
  const route = network.route(station.at, home.at);
  assert.ok(metersBetween(route.polyline[0] as LatLon, station.at) < 60);
  assert.ok(metersBetween(route.polyline[route.polyline.length - 1] as LatLon, home.at) < 60);
  assert.equal(route.instructions[0]?.type, 'depart');
  assert.equal(route.instructions.at(-1)?.type, 'arrive');
  assert.ok(route.instructions.slice(1, -1).every((step) => /^(turn|slight|sharp|u-turn|continue)/.test(step.type) && step.text.includes(step.street)));
  const straight = metersBetween(station.at, home.at);
  assert.ok(route.distanceMeters >= straight && route.distanceMeters < straight * 2, `${route.distanceMeters} m for ${straight.toFixed(0)} m as the crow flies`);
  assert.throws(() => network.route([48.5, 11.5755], home.at), /the start is \d+ m from the nearest road \(at most 1000 m\)/);
});

test('geocoding by name, alias, prefix; nothing for nonsense', () => {
  assert.deepEqual(geocode(city, 'the station').map((place) => place.name), ['Central Station']);
  assert.equal(geocode(city, 'navigate to the airport please')[0]?.name, 'Airport Shuttle Terminal');
  assert.ok(geocode(city, 'muse').some((place) => place.name === 'Museum of Light'));
  assert.deepEqual(geocode(city, 'zzqx'), []);
});
