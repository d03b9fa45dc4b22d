import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FRAME_SAMPLES, framesOf, levelDbfs, secondsAt } from '../../../../voice/common/audio.js';
import { parseWav, wavBytes, WavError } from '../../../../voice/node/wav.js';

test('a WAV written is read back sample for sample', () => {
  const samples = Int16Array.from({ length: 1600 }, (_, i) => Math.round(Math.sin(i / 10) * 12000));
  assert.deepEqual(parseWav(wavBytes(samples), 'tone.wav'), samples);
});

test('other formats are refused with what was found and how to convert', () => {
  const stereo = wavBytes(new Int16Array(8));
  new DataView(stereo.buffer).setUint16(22, 2, true);
  new DataView(stereo.buffer).setUint32(24, 22050, true);
  assert.throws(() => parseWav(stereo, 'music.wav'), (error: unknown) => error instanceof WavError && /^music\.wav: expected 16000 Hz mono 16-bit, found 22050 Hz, 2 channel\(s\), 16-bit; convert it with: sox IN\.wav -r 16000 -c 1 -b 16 OUT\.wav$/.test(error.message));
  assert.throws(() => parseWav(new TextEncoder().encode('ID3 not a wav at all'), 'song.mp3'), /song\.mp3: expected a RIFF\/WAVE file, found "ID3 "/);
  const truncated = wavBytes(new Int16Array(8)).subarray(0, 30);
  assert.throws(() => parseWav(truncated, 'cut.wav'), /cut\.wav: the fmt chunk is cut short at byte 30$/);
});

test('frames are stamped with their first sample; levels in dBFS', () => {
  const frames = [...framesOf(new Int16Array(1200), FRAME_SAMPLES, 16000)];
  assert.deepEqual(frames.map((frame) => [frame.start, frame.samples.length]), [[16000, 512], [16512, 512], [17024, 176]]);
  assert.equal(secondsAt(24000), 1.5);
  assert.equal(levelDbfs(new Int16Array(10)), Number.NEGATIVE_INFINITY);
  assert.ok(Math.abs(levelDbfs(Int16Array.from({ length: 100 }, () => 16384)) - -6.02) < 0.01);
});
