/**
 * The veto head a wake model file may carry (voice/common/wakeHead.ts, docs/adr/0031): a step
 * keeps the deciding head's score only where the veto head scored at least its floor at that
 * step or within its lookback; the file's veto member is read with every problem named; the
 * trainer's vetoedScores and the engine's StepScorer gate alike.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WakeHeadWeights } from '../../../../voice/common/wakeHead.js';
import { encodeWeights, MAX_VETO_LOOKBACK_STEPS, readVeto, StepScorer, VETO_LOOKBACK_STEPS, VetoGate, WakeHeadError } from '../../../../voice/common/wakeHead.js';
import { vetoedScores } from '../../../../scripts/wakeword/rule.js';

/** A one-step, one-dimension network whose score is sigmoid(gain · max(x, 0) + bias). */
function linear(gain: number, bias: number): WakeHeadWeights {
  return { steps: 1, dims: 1, hidden: 1, mean: Float32Array.of(0), scale: Float32Array.of(1), w1: Float32Array.of(1), b1: Float32Array.of(0), w2: Float32Array.of(gain), b2: bias };
}
const score = (x: number): number => 1 / (1 + Math.exp(-Math.max(x, 0)));

test('the gate stands a step while the veto head agreed within the lookback, and only then', () => {
  const gate = new VetoGate(0.3, 2);
  assert.deepEqual([0.1, 0.4, 0.1, 0.1, 0.1, 0.35, 0].map((score) => gate.push(score)), [false, true, true, true, false, true, true]);
  const now = new VetoGate(0.3, 0);
  assert.deepEqual([0.4, 0.1].map((score) => now.push(score)), [true, false], 'a lookback of 0 is the step itself');
  const standard = new VetoGate(0.5);
  assert.deepEqual([0.9, ...Array.from({ length: VETO_LOOKBACK_STEPS + 1 }, () => 0)].map((score) => standard.push(score)).slice(-2), [true, false], `by default a score stands for ${VETO_LOOKBACK_STEPS} steps after`);
});

test('the engine\'s scorer and the trainer\'s vetoedScores gate the same steps alike', () => {
  // Two dimensions per step: the head reads the first, the veto head the second.
  const reading = (dim: number): WakeHeadWeights => ({ ...linear(1, 0), dims: 2, mean: Float32Array.of(0, 0), scale: Float32Array.of(1, 1), w1: dim === 0 ? Float32Array.of(1, 0) : Float32Array.of(0, 1) });
  const windows = [[3, -5], [2, 3], [4, -5], [4, 1], [4, -5], [-4, -5], [5, 2.5], [5, -5]];
  const scorer = new StepScorer({ weights: reading(0), veto: { weights: reading(1), floor: 0.9, lookbackSteps: 2 } });
  const gated = windows.map((window) => scorer.score(window));
  const alone = windows.map(([x], step) => [step, score(x ?? 0)] as [number, number]);
  const vetoScores = windows.map(([, v], step) => [step, score(v ?? 0)] as [number, number]);
  const expected = vetoedScores(alone, vetoScores, 0.9, 2).map(([, each]) => each);
  gated.forEach((each, step) => assert.ok(Math.abs(each - (expected[step] ?? -1)) < 1e-6, `step ${step}: ${each} against ${expected[step]}`));
  assert.deepEqual(gated.map((each) => each > 0), [false, true, true, true, false, false, true, true], 'the veto agreed at steps 1 and 6 (0.95 and 0.92), each standing two steps more');
});

test('a veto that never agrees silences the head; one that always agrees changes nothing', () => {
  const head = linear(1, 0);
  const inputs = [2, 3, 4, -1];
  const never = new StepScorer({ weights: head, veto: { weights: linear(0, -40), floor: 0.2, lookbackSteps: 8 } });
  assert.deepEqual(inputs.map((x) => never.score([x])), [0, 0, 0, 0]);
  const always = new StepScorer({ weights: head, veto: { weights: linear(0, 40), floor: 0.2, lookbackSteps: 8 } });
  const alone = new StepScorer({ weights: head, veto: null });
  assert.deepEqual(inputs.map((x) => always.score([x])), inputs.map((x) => alone.score([x])));
});

test('a veto head that reads another window than the head is refused', () => {
  const wide = { ...linear(1, 0), dims: 2, mean: Float32Array.of(0, 0), scale: Float32Array.of(1, 1), w1: Float32Array.of(1, 1) };
  assert.throws(() => new StepScorer({ weights: linear(1, 0), veto: { weights: wide, floor: 0.2, lookbackSteps: 8 } }), /veto: it reads 1×2 embeddings, the head 1×1/);
});

test('the veto member of a model file is read with every problem named', () => {
  const weights = linear(2, -1);
  const member = { floor: 0.2, lookbackSteps: 8, ...encodeWeights(weights) };
  assert.equal(readVeto(undefined, 1, 1), null, 'absent, nothing is vetoed');
  const read = readVeto(member, 1, 1);
  assert.equal(read?.floor, 0.2);
  assert.equal(read?.lookbackSteps, 8);
  assert.deepEqual(Array.from(read?.weights.w2 ?? []), [2]);
  const { lookbackSteps: _lookback, ...withoutLookback } = member;
  assert.equal(readVeto(withoutLookback, 1, 1)?.lookbackSteps, VETO_LOOKBACK_STEPS, 'the lookback defaults to ADR 0030\'s');
  assert.throws(() => readVeto('on', 1, 1), /veto: expected \{ floor, lookbackSteps, hidden, mean, scale, w1, b1, w2, b2 \}, found "on"/);
  for (const bad of [0, 1, -0.1, '0.2']) assert.throws(() => readVeto({ ...member, floor: bad }, 1, 1), new RegExp(`veto\\.floor: expected a score between 0 and 1, found ${JSON.stringify(bad)}`));
  for (const bad of [-1, MAX_VETO_LOOKBACK_STEPS + 1, 2.5]) assert.throws(() => readVeto({ ...member, lookbackSteps: bad }, 1, 1), new RegExp(`veto\\.lookbackSteps: expected a whole number from 0 to ${MAX_VETO_LOOKBACK_STEPS}, found ${bad}`));
  assert.throws(() => readVeto(member, 2, 1), /veto\.w1: expected 2 float32 values \(8 bytes\), found 4 bytes/, 'a veto head of another window size');
  const { hidden: _hidden, ...noHidden } = member;
  assert.throws(() => readVeto(noHidden, 1, 1), /veto\.hidden: expected a number, found undefined/);
  assert.throws(() => readVeto({ ...member, scale: 7 }, 1, 1), /veto\.scale: expected base64 float32 values, found number/);
  assert.ok(new WakeHeadError('x') instanceof Error);
});
