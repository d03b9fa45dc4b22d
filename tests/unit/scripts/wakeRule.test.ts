/**
 * The trainer's choice of the wake word's rule (scripts/wakeword/rule.ts, docs/adr/0021): the
 * threshold sits a quarter of the way from the worst validation speech to 1, within 0.5…0.999,
 * and the hold is the longest that still wakes on every validation clip.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WakeRule } from '../../../scripts/wakeword/rule.js';
import { pickRule, thresholdAbove } from '../../../scripts/wakeword/rule.js';

const rule = (holdSteps: number, missed: number): WakeRule => ({ holdSteps, threshold: 0.5, worstSpeech: 0.1, missed, nearMisses: 0, wakes: 66, confusables: 440 });

test('the threshold is a quarter of the way from the worst validation speech to 1, never below 0.5 nor above 0.999', () => {
  assert.ok(Math.abs(thresholdAbove(0.8) - 0.85) < 1e-12);
  assert.equal(thresholdAbove(0.0936), 0.5);
  assert.equal(thresholdAbove(0.9999), 0.999);
});

test('the longest hold that misses no validation wake clip is taken, not the longest overall', () => {
  assert.equal(pickRule([rule(1, 0), rule(2, 0), rule(3, 0), rule(4, 0)]).holdSteps, 4);
  assert.equal(pickRule([rule(1, 0), rule(2, 0), rule(3, 0), rule(4, 5)]).holdSteps, 3);
  assert.equal(pickRule([rule(1, 0), rule(2, 1), rule(3, 0), rule(4, 2)]).holdSteps, 3);
});

test('where every hold misses some, the fewest misses win, the longer hold on a tie', () => {
  assert.equal(pickRule([rule(1, 3), rule(2, 1), rule(3, 1), rule(4, 2)]).holdSteps, 3);
  assert.throws(() => pickRule([]), /no rules/);
});
