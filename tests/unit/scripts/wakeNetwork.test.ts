/**
 * The wake-word head's trainer (scripts/wakeword/network.ts): heads from other seeds and widths
 * (`--seed`, `--hidden`), and several heads merged into one that scores the mean of their
 * logits (`--ensemble`, docs/adr/0024), which the engine runs as any head.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../voice/common/noise.js';
import type { WakeHeadWeights } from '../../../voice/common/wakeHead.js';
import { headInput, headScore } from '../../../voice/common/wakeHead.js';
import { EMBEDDING_SIZE } from '../../../voice/node/speechFeatures.js';
import type { Embedded } from '../../../scripts/wakeword/network.js';
import { mergeHeads, restandardise, standardisation, STEPS, train } from '../../../scripts/wakeword/network.js';

const WIDTH = STEPS * EMBEDDING_SIZE;

function randomHead(seed: number, hidden: number, mean: Float32Array, scale: Float32Array): WakeHeadWeights {
  const next = seededRandom(seed);
  return { steps: STEPS, dims: EMBEDDING_SIZE, hidden, mean, scale, w1: Float32Array.from({ length: hidden * WIDTH }, () => next() * 0.2), b1: Float32Array.from({ length: hidden }, () => next()), w2: Float32Array.from({ length: hidden }, () => next() * 4), b2: next() };
}

const logit = (p: number): number => Math.log(p / (1 - p));

test('merged heads score the mean of their logits, on any window', () => {
  const mean = Float32Array.from({ length: EMBEDDING_SIZE }, (_, d) => d / 100);
  const scale = Float32Array.from({ length: EMBEDDING_SIZE }, (_, d) => 1 + d / 50);
  const heads = [randomHead(1, 4, mean, scale), randomHead(2, 4, mean, scale), randomHead(3, 6, mean, scale)];
  const merged = mergeHeads(heads);
  assert.equal(merged.hidden, 14);
  assert.equal(merged.w1.length, 14 * WIDTH);
  const next = seededRandom(9);
  for (let trial = 0; trial < 20; trial += 1) {
    const input = headInput(merged, Float32Array.from({ length: WIDTH }, () => next() * 3));
    const expected = heads.reduce((sum, head) => sum + logit(headScore(head, input)), 0) / heads.length;
    assert.ok(Math.abs(logit(headScore(merged, input)) - expected) < 1e-4, `trial ${trial}: merged logit ${logit(headScore(merged, input))}, members' mean ${expected}`);
  }
  const one = mergeHeads([heads[0] as WakeHeadWeights]);
  assert.deepEqual([...one.w1], [...(heads[0] as WakeHeadWeights).w1], 'one head merges into itself');
});

test('heads standardised differently merge into one that scores the mean of their own logits', () => {
  const next = seededRandom(21);
  const mean = Float32Array.from({ length: EMBEDDING_SIZE }, () => next() * 2);
  const scale = Float32Array.from({ length: EMBEDDING_SIZE }, () => 0.5 + next() + 0.5);
  const otherMean = Float32Array.from({ length: EMBEDDING_SIZE }, () => next() * 3);
  const otherScale = Float32Array.from({ length: EMBEDDING_SIZE }, () => 0.2 + next() + 0.5);
  const heads = [randomHead(1, 3, mean, scale), randomHead(2, 5, otherMean, otherScale)];
  const merged = mergeHeads(heads);
  assert.equal(merged.hidden, 8);
  assert.deepEqual([...merged.mean], [...mean], "the first head's standardisation");
  for (let trial = 0; trial < 20; trial += 1) {
    const embeddings = Float32Array.from({ length: WIDTH }, () => next() * 4);
    // Each member reads the raw embeddings through its own standardisation.
    const expected = heads.reduce((sum, head) => sum + logit(headScore(head, headInput(head, embeddings))), 0) / heads.length;
    const got = logit(headScore(merged, headInput(merged, embeddings)));
    assert.ok(Math.abs(got - expected) < 1e-3 * Math.max(1, Math.abs(expected)), `trial ${trial}: merged logit ${got}, members' mean ${expected}`);
  }
  const restated = restandardise(heads[1] as WakeHeadWeights, mean, scale);
  const embeddings = Float32Array.from({ length: WIDTH }, () => next());
  const own = headScore(heads[1] as WakeHeadWeights, headInput(heads[1] as WakeHeadWeights, embeddings));
  assert.ok(Math.abs(headScore(restated, headInput(restated, embeddings)) - own) < 1e-4, 'restated, a head scores as before');
  assert.throws(() => restandardise(heads[0] as WakeHeadWeights, mean, new Float32Array(EMBEDDING_SIZE)), /finite and not 0/);
});

test('heads reading other windows are not merged', () => {
  const mean = new Float32Array(EMBEDDING_SIZE);
  const scale = new Float32Array(EMBEDDING_SIZE).fill(1);
  assert.throws(() => mergeHeads([randomHead(1, 2, mean, scale), { ...randomHead(2, 2, mean, scale), steps: STEPS - 1 }]), /reads 15×96 embeddings, the first 16×96/);
  assert.throws(() => mergeHeads([]), /at least one head/);
});

test('the seed and the width are the network’s own: the same seed gives the same weights, another seed others', () => {
  const next = seededRandom(4);
  // Two clips: one whose last windows are positive, one all negative; tiny and separable.
  const clip = (shift: number, label: 0 | 1): Embedded => {
    const steps = STEPS + 4;
    const labels = new Int8Array(steps).fill(-1);
    labels.fill(label, STEPS - 1);
    return { kind: label === 1 ? 'wake' : 'speech', embeddings: Float32Array.from({ length: steps * EMBEDDING_SIZE }, () => shift + next()), labels };
  };
  const clips = [clip(1, 1), clip(-1, 0)];
  const { mean, scale } = standardisation(clips);
  const a = train(clips, mean, scale, { miningRounds: 0, hidden: 2, seed: 7, iterations: 200 });
  const again = train(clips, mean, scale, { miningRounds: 0, hidden: 2, seed: 7, iterations: 200 });
  const other = train(clips, mean, scale, { miningRounds: 0, hidden: 2, seed: 8, iterations: 200 });
  assert.equal(a.hidden, 2);
  assert.equal(a.w1.length, 2 * WIDTH);
  assert.deepEqual([...again.w1], [...a.w1]);
  assert.notDeepEqual([...other.w1], [...a.w1]);
  const input = new Float32Array(WIDTH);
  const score = (weights: WakeHeadWeights, c: Embedded): number => headScore(weights, headInput(weights, c.embeddings.subarray(0, WIDTH), input));
  assert.ok(score(a, clips[0] as Embedded) > 0.9 && score(a, clips[1] as Embedded) < 0.1, 'it learns the separable pair');
});
