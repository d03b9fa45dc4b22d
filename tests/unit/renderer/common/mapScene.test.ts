import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sceneOf } from '../../../../renderer/common/mapScene.js';

const car = { latitude: 48.13, longitude: 11.57, heading: 90 };

test('what a page hands its map is checked: numbers finite and in range, colours plain, lists bounded', () => {
  const many = Array.from({ length: 100_000 }, (_, index) => ({ latitude: 48 + index * 1e-6, longitude: 11.5 }));
  const scene = sceneOf(
    {
      latitude: 'NaN',
      longitude: Infinity,
      scale: 99,
      polyline: [{ points: [...many, { latitude: 'x' }, { latitude: 91, longitude: 0 }], color: 'red;background:url(//evil)', width: 1e9 }, ...Array.from({ length: 20 }, () => ({ points: [] }))],
      markers: [{ latitude: 48.1, longitude: 11.5, id: 'x'.repeat(500), title: 'y'.repeat(500), kind: 'charging' }, { latitude: null, longitude: 11 }, ...many],
      'include-points': [{ latitude: 48.1, longitude: 11.5 }, { latitude: -100, longitude: 0 }],
      'show-location': 'true',
    },
    car,
    'night',
  );
  assert.deepEqual(scene.centre, { latitude: 48.13, longitude: 11.57 }, 'no valid centre: the car');
  assert.equal(scene.scale, 20);
  assert.equal(scene.lines.length, 8);
  assert.equal(scene.lines[0]?.points.length, 5000);
  assert.equal(scene.lines[0]?.color, '#58a6ff');
  assert.equal(scene.lines[0]?.width, 20);
  assert.equal(scene.markers.length, 50);
  assert.equal(String(scene.markers[0]?.id).length, 64);
  assert.equal(scene.markers[1]?.id, 1, 'no id: its index, a number as WeChat reports it');
  assert.equal(scene.markers[0]?.title?.length, 40);
  assert.equal(scene.markers[0]?.kind, 'stop');
  assert.equal(scene.markers[1]?.kind, 'pin');
  assert.deepEqual(scene.fit, [{ latitude: 48.1, longitude: 11.5 }]);
  assert.deepEqual(scene.vehicle, car);
});

test('the car shows only when the page asks for its location', () => {
  assert.equal(sceneOf({ latitude: 48.1, longitude: 11.5 }, car, 'day').vehicle, null);
  assert.equal(sceneOf({ latitude: 48.1, longitude: 11.5, showLocation: true }, car, 'day').vehicle, car);
  assert.equal(sceneOf({ 'show-location': 'true' }, null, 'day').vehicle, null);
});
