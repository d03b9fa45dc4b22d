import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ControlledTimeline } from '../../../../../vehicle-bus/common/sim/controlledTimeline.js';
import type { DriverInput, Timeline } from '../../../../../vehicle-bus/common/sim/timeline.js';

/** A ten-second ramp: the speed in km/h equals the second. */
const RAMP: Timeline = { description: 'ramp', duration: 10, at: (seconds) => ({ speedKmh: seconds, gear: 'D', parkingBrake: false, chargeKw: 0 }) };

test('a steered timeline: plays with the clock, pauses, seeks, loops, holds inputs over it', () => {
  const timeline = new ControlledTimeline(RAMP);
  const speeds = (times: readonly number[]): number[] => times.map((time) => timeline.at(time).speedKmh);
  assert.deepStrictEqual(speeds([100, 101, 103]), [0, 1, 3], 'the position follows the simulation clock from where it starts');
  timeline.pause();
  assert.deepStrictEqual(speeds([104, 108]), [3, 3], 'paused: the input at the position is held');
  timeline.seek(8);
  timeline.play();
  assert.deepStrictEqual(speeds([109, 111]), [9, 1], 'past the end it loops');
  timeline.hold({ gear: 'P', speedKmh: 0 });
  timeline.hold({ parkingBrake: true });
  assert.deepStrictEqual(timeline.at(112), { speedKmh: 0, gear: 'P', parkingBrake: true, chargeKw: 0 } satisfies DriverInput);
  timeline.hold(null);
  assert.equal(timeline.at(113).gear, 'D');
  assert.deepStrictEqual(timeline.state, { description: 'ramp', duration: 10, position: 3, playing: true, override: {} });
  assert.throws(() => timeline.seek(Number.NaN), /seek: expected seconds/);
  assert.equal(timeline.duration, Number.POSITIVE_INFINITY);
});
