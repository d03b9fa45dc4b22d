/**
 * The speech features the wake word reads: a stream fed in any frame sizes gives the same
 * embeddings as the whole clip at once (training and the car see the same numbers), and a
 * long stream keeps its memory bounded.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cabinNoise } from '../../../../voice/common/noise.js';
import { repoPath } from '../../../support/paths.js';
import { EMBEDDING_SIZE, FeatureStream, SpeechFeatures, STEP_SAMPLES } from '../../../../voice/node/speechFeatures.js';

/** A chirp over cabin noise: speech-like energy moving through the bands. */
function signal(length: number): Int16Array {
  const noise = cabinNoise(length, 5);
  return noise.map((sample, i) => sample + Math.round(6000 * Math.sin(2 * Math.PI * (200 + (i / length) * 2000) * (i / 16_000))));
}

test('a stream in uneven frames embeds exactly as the whole clip does', async () => {
  const features = await SpeechFeatures.load();
  const samples = signal(STEP_SAMPLES * 12 + 700);
  const whole = await features.embedClip(samples);
  assert.equal(whole.length, 12 * EMBEDDING_SIZE);
  const stream = new FeatureStream(features);
  const streamed: Float32Array[] = [];
  const sizes = [512, 100, 3000, 1, 2559];
  for (let at = 0, k = 0; at < samples.length; k += 1) {
    const size = sizes[k % sizes.length] as number;
    streamed.push(...(await stream.push(samples.subarray(at, at + size))));
    at += size;
  }
  assert.equal(streamed.length, 12);
  let worst = 0;
  streamed.forEach((embedding, step) => embedding.forEach((value, d) => (worst = Math.max(worst, Math.abs(value - (whole[step * EMBEDDING_SIZE + d] as number))))));
  assert.ok(worst < 1e-3, `largest difference ${worst}`);
});

test('embeddings differ between sound and silence (the models really ran)', async () => {
  const features = await SpeechFeatures.load();
  const sound = await features.embedClip(signal(STEP_SAMPLES * 20));
  const quiet = await features.embedClip(new Int16Array(STEP_SAMPLES * 20));
  const last = (values: Float32Array): Float32Array => values.subarray(values.length - EMBEDDING_SIZE);
  const distance = Math.hypot(...last(sound).map((value, d) => value - (last(quiet)[d] as number)));
  assert.ok(distance > 1, `distance ${distance}`);
  assert.ok(last(sound).every(Number.isFinite));
});

test('the shipped feature models are the reviewed files (voice/models/README.md)', () => {
  const sha = (file: string): string => createHash('sha256').update(readFileSync(repoPath('voice', 'models', file))).digest('hex');
  assert.equal(sha('melspectrogram.onnx'), 'ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f');
  assert.equal(sha('embedding_model.onnx'), '70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f');
});
