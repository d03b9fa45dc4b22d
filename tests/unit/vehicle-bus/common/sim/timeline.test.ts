import assert from 'node:assert/strict';
import { test } from 'node:test';
import { driveCycleTimeline, parseDriveCycle, scenarioTimeline, TimelineError, validateScenario } from '../../../../../vehicle-bus/common/sim/timeline.js';
import { distanceMeters, Route } from '../../../../../vehicle-bus/common/sim/route.js';

test('a drive cycle with a BOM parses; it is wrapped in parked time and interpolated', () => {
  const cycle = parseDriveCycle('\uFEFFcycSecs,cycMps,cycGrade\r\n0,0,0\r\n1,10,0\r\n2,10,0\r\n', 'c.csv');
  const timeline = driveCycleTimeline(cycle, 'c');
  assert.deepStrictEqual(
    [timeline.duration, timeline.at(0), timeline.at(5.5), timeline.at(100)],
    [12, { speedKmh: 0, gear: 'P', parkingBrake: true, chargeKw: 0 }, { speedKmh: 18, gear: 'D', parkingBrake: false, chargeKw: 0 }, { speedKmh: 0, gear: 'P', parkingBrake: true, chargeKw: 0 }],
  );
});

test('bad drive cycles and scenarios name the file, the place, what was expected and found', () => {
  const messages = [
    () => parseDriveCycle('time,speed\n0,0\n', 'a.csv'),
    () => parseDriveCycle('cycSecs,cycMps\n0,0\n1,x\n', 'b.csv'),
    () => parseDriveCycle('cycSecs,cycMps\n0,0\n0,1\n', 'c.csv'),
    () => validateScenario({ description: 'd', segments: [{ durationS: 5, gear: 'X' }] }, 'd.json'),
    () => validateScenario({ description: 'e', segments: [{ durationS: 5, gear: 'P', speedKmh: 10 }] }, 'e.json'),
    () => validateScenario({ description: 'f', segments: [] }, 'f.json'),
  ].map((make) => {
    try {
      make();
      return 'accepted';
    } catch (error) {
      assert.ok(error instanceof TimelineError);
      return error.message;
    }
  });
  assert.deepStrictEqual(messages, [
    'a.csv: line 1: expected a header with cycSecs and cycMps columns, found "time,speed"',
    'b.csv: line 3: expected a time (s) and a speed (m/s, not negative), found "1,x"',
    'c.csv: line 3: expected a time after 0 s, found 0',
    'd.json: segments[0].gear: expected one of P, R, N, D, found "X"',
    'e.json: segments[0].speedKmh: expected no speed while in P, found 10',
    'f.json: segments: expected a non-empty array, found []',
  ]);
});

test('scenario segments ramp speed; reverse is negative; P engages the brake by default', () => {
  const timeline = scenarioTimeline({ description: 's', segments: [{ durationS: 10, gear: 'D', speedKmh: [0, 50] }, { durationS: 4, gear: 'R', speedKmh: 6 }, { durationS: 1, gear: 'P' }] });
  assert.deepStrictEqual(
    [timeline.at(5).speedKmh, timeline.at(12).speedKmh, timeline.at(14.5).parkingBrake, timeline.duration],
    [25, -6, true, 15],
  );
});

test('the route gives positions by distance and loops', () => {
  const route = new Route([[48, 11], [48, 11.01]]);
  const middle = route.positionAt(route.lengthMeters / 2);
  assert.ok(Math.abs(distanceMeters([48, 11], middle) - route.lengthMeters / 2) < 0.01);
  assert.deepStrictEqual(route.positionAt(route.lengthMeters * 2 + 1), route.positionAt(1));
});
