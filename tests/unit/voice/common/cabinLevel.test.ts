import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SAMPLE_RATE } from '../../../../voice/common/audio.js';
import { speechOverNoiseDb } from '../../../../voice/common/cabinLevel.js';
import { cabinNoise, mixAtSnr } from '../../../../voice/common/noise.js';
import { voiced } from '../../../support/voiced.js';

test('speech over noise: clean speech stands far above its quiet, and more noise brings it down in order', () => {
  const speech = voiced(2, 1.5);
  const window = Math.round(1.2 * SAMPLE_RATE);
  const clean = speechOverNoiseDb(speech, window);
  assert.ok(clean !== null && clean >= 50, `clean: ${clean}`);
  const at = (snr: number): number => speechOverNoiseDb(mixAtSnr(speech, cabinNoise(speech.length, 7), snr), window) as number;
  const [twenty, ten, five] = [at(20), at(10), at(5)];
  assert.ok(clean > twenty && twenty > ten && ten > five, `${clean} > ${twenty} > ${ten} > ${five}`);
  assert.ok(Math.abs(twenty - ten - 10) < 3 && Math.abs(ten - five - 5) < 3, `the steps follow the mix: ${twenty}, ${ten}, ${five}`);
});

test('speech over noise: nothing to measure is null, noise alone is near 0 dB, never negative', () => {
  assert.equal(speechOverNoiseDb(new Int16Array(600), 600), null, 'one frame');
  assert.equal(speechOverNoiseDb(new Int16Array(4000), 100), null, 'a window shorter than a frame');
  const noise = cabinNoise(3 * SAMPLE_RATE, 3);
  const level = speechOverNoiseDb(noise, 1.2 * SAMPLE_RATE) as number;
  assert.ok(level >= 0 && level < 8, `noise alone: ${level}`);
  assert.equal(speechOverNoiseDb(new Int16Array(3 * SAMPLE_RATE), 1.2 * SAMPLE_RATE), 0, 'digital silence');
});
