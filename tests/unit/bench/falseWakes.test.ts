/** The false-wake benchmark's bound: the Poisson rate with a 5 % chance of so few alarms. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { upperRate } from '../../../bench/falseWakes.js';

test('no alarm in 10 h bounds the rate below 0.3 an hour; one alarm below 0.47 (the rule of three and its kin)', () => {
  assert.ok(Math.abs(upperRate(0, 10) - 0.29957) < 1e-4, String(upperRate(0, 10)));
  assert.ok(Math.abs(upperRate(1, 10) - 0.47439) < 1e-4, String(upperRate(1, 10)));
  assert.ok(Math.abs(upperRate(2, 1) - 6.29579) < 1e-3, String(upperRate(2, 1)));
  // More hours, the same count: a tighter bound.
  assert.ok(upperRate(0, 30) < upperRate(0, 10));
});
