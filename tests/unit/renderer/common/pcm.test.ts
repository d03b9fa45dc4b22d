/** A reply's WAV, read for Web Audio: mono 16-bit PCM only, every sample, nothing past the file. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readWav } from '../../../../renderer/common/pcm.js';
import { wavBytes } from '../../../../voice/node/wav.js';

test('the speaker’s WAV is read sample for sample', () => {
  const samples = Int16Array.from([0, 16384, -32768, 32767, -1]);
  const pcm = readWav(wavBytes(samples));
  assert.ok(pcm);
  assert.equal(pcm.sampleRate, 16_000);
  assert.deepStrictEqual([...pcm.samples], [0, 0.5, -1, 32767 / 32768, -1 / 32768]);
});

test('not a mono 16-bit WAV, or cut short: nothing, or only the samples present', () => {
  const bytes = wavBytes(Int16Array.from([1, 2, 3, 4]));
  const stereo = bytes.slice();
  new DataView(stereo.buffer).setUint16(22, 2, true);
  assert.equal(readWav(stereo), undefined);
  assert.equal(readWav(new TextEncoder().encode('RIFF....WAVEnope')), undefined);
  assert.equal(readWav(new Uint8Array(3)), undefined);
  assert.equal(readWav(bytes.slice(0, bytes.length - 3))?.samples.length, 2);
});
