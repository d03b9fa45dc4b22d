import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCity } from '../../../../miniapps/backends/node/city.js';
import type { CityRoad } from '../../../../miniapps/backends/node/city.js';
import { chainSegments, cityMapData, roadClass } from '../../../../miniapps/backends/node/cityMap.js';

const city = loadCity();

test('each street is drawn from its segments, every segment once, in as few lines as its shape allows', () => {
  const data = cityMapData(city);
  const streets = data.features.filter((feature) => feature.properties['layer'] === 'street');
  const names = new Set(city.roads.map((road) => road.name));
  assert.deepEqual(new Set(streets.map((street) => street.properties['name'])), names);
  const legs = streets.reduce((sum, street) => sum + (street.geometry.type === 'LineString' ? street.geometry.coordinates.length - 1 : 0), 0);
  assert.equal(legs, city.roads.length, 'every segment once');
  assert.ok(streets.length < city.roads.length / 4, `${streets.length} lines for ${city.roads.length} segments`);
  const [west, south, east, north] = data.bbox;
  for (const street of streets) {
    for (const [lon, lat] of street.geometry.coordinates as ReadonlyArray<readonly [number, number]>) assert.ok(lon >= west - 1e-6 && lon <= east + 1e-6 && lat >= south - 1e-6 && lat <= north + 1e-6);
  }
  assert.equal(data.features.filter((feature) => feature.properties['layer'] === 'place').length, city.places.length);
  assert.equal(data.features.filter((feature) => feature.properties['layer'] === 'charger').length, city.chargers.length);
});

test('chaining: a path becomes one line from end to end; a fork, two; a loop, one closed line', () => {
  const road = (from: number, to: number): CityRoad => ({ from, to, name: 'X', speedKmh: 30 });
  const path = chainSegments([road(2, 3), road(1, 2), road(3, 4)]);
  assert.equal(path.length, 1);
  assert.deepEqual([...(path[0] ?? [])].sort(), [1, 2, 3, 4]);
  assert.deepEqual(new Set([path[0]?.[0], path[0]?.at(-1)]), new Set([1, 4]), 'from end to end');
  assert.equal(chainSegments([road(1, 2), road(2, 3), road(2, 4)]).length, 2);
  const loop = chainSegments([road(1, 2), road(2, 3), road(3, 1)]);
  assert.equal(loop.length, 1);
  assert.equal(loop[0]?.[0], loop[0]?.at(-1));
  assert.deepEqual([roadClass(60), roadClass(50), roadClass(30)], ['primary', 'secondary', 'street']);
});
