import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDrive, describeHeld } from '../../../../sim/common/driveRules.js';
import type { DriverInput } from '../../../../vehicle-bus/common/sim/timeline.js';

const parked: DriverInput = { gear: 'P', speedKmh: 0, parkingBrake: true, chargeKw: 0 };
const cruising: DriverInput = { gear: 'D', speedKmh: 50, parkingBrake: false, chargeKw: 0 };
const reversing: DriverInput = { gear: 'R', speedKmh: -8, parkingBrake: false, chargeKw: 0 };

test('impossible physics is refused with a sentence: negative speed, fast reverse, moving in P, D to R while moving', () => {
  assert.deepStrictEqual(
    [checkDrive(cruising, { speedKmh: -40 }), checkDrive(parked, { gear: 'R', speedKmh: 130 }), checkDrive(parked, { speedKmh: 30 }), checkDrive(cruising, { gear: 'R' }), checkDrive(reversing, { gear: 'D' }), checkDrive(cruising, { gear: 'P' })],
    [
      'A speed is from 0 km/h up (found -40 km/h); to reverse, choose R and a speed up to 20 km/h',
      'Reverse tops out at 20 km/h (asked 130 km/h in R)',
      'The car cannot move in P: hold 0 km/h, or choose D (asked 30 km/h in P)',
      'Stop first: changing from D to R needs 0 km/h (moving at 50 km/h)',
      'Stop first: changing from R to D needs 0 km/h (moving at 8 km/h)',
      'The car cannot move in P: hold 0 km/h, or choose D (asked 50 km/h in P)',
    ],
  );
});

test('what a car can do is held, the speed signed by the gear (negative in reverse, as the timeline has it)', () => {
  assert.deepStrictEqual(
    [checkDrive(parked, { gear: 'R', speedKmh: 10 }), checkDrive(parked, { gear: 'D', parkingBrake: false, speedKmh: 40 }), checkDrive(cruising, { gear: 'N' }), checkDrive(reversing, { speedKmh: 15 }), checkDrive(cruising, { gear: 'P', speedKmh: 0 })],
    [{ gear: 'R', speedKmh: -10 }, { gear: 'D', parkingBrake: false, speedKmh: 40 }, { gear: 'N', speedKmh: 50 }, { speedKmh: -15 }, { gear: 'P', speedKmh: 0 }],
  );
});

test('the notice says what is held in words, not JSON', () => {
  assert.deepStrictEqual(
    [describeHeld({ gear: 'R', speedKmh: -10 }), describeHeld({ speedKmh: 40, parkingBrake: false }), describeHeld({ gear: 'P', speedKmh: 0, chargeKw: 50 }), describeHeld({})],
    ['holding R (reverse) at 10 km/h', 'holding 40 km/h, parking brake off', 'holding P (park) at 0 km/h, charging at 50 kW', 'holding nothing: the timeline drives'],
  );
});
