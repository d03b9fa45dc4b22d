/**
 * The previous wake-word engine (pocketsphinx, the benchmark's baseline) on synthesised speech (Debian's flite and espeak-ng voices):
 * "Hey Glovebox" is heard where it was said, on the sample clock; ordinary speech wakes nothing.
 * The full corpus (voices, speeds, noise) and its figures are the voice benchmark's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { framesOf, secondsAt } from '../../../../voice/common/audio.js';
import type { WakeDetection } from '../../../../voice/common/wakeWord.js';
import { PocketsphinxWakeWord } from '../../../../voice/node/pocketsphinxWakeWord.js';
import { concat, missingSpeechTools, silence, synthesize } from '../../../../voice/node/speech.js';
import type { Voice } from '../../../../voice/node/speech.js';

const pocketsphinx = spawnSync('/usr/bin/python3', ['-c', 'import pocketsphinx'], { encoding: 'utf8' }).status === 0;
const missing = [...missingSpeechTools(), ...(pocketsphinx ? [] : ['python3-pocketsphinx'])];
const SKIP = missing.length > 0 ? `needs ${missing.join(', ')} (npm test installs them where apt is usable)` : false;

async function wakes(samples: Int16Array, offset = 0): Promise<WakeDetection[]> {
  const engine = new PocketsphinxWakeWord({ phrase: 'hey glovebox' });
  const heard: WakeDetection[] = [];
  engine.onDetection((detection) => heard.push(detection));
  for (const frame of framesOf(samples, 512, offset)) engine.process(frame);
  await engine.finish();
  return heard;
}

const SLT: Voice = { engine: 'flite', name: 'slt' };

test('"hey glovebox" is heard, at the end of the phrase, on the stream’s own sample clock', { skip: SKIP }, async () => {
  const wake = synthesize('hey glovebox', SLT);
  const audio = concat(silence(1), wake, synthesize('find a charger', SLT), silence(0.5));
  const heard = await wakes(audio, 48_000);
  assert.equal(heard.length, 1, JSON.stringify(heard));
  const [detection] = heard;
  assert.equal(detection?.phrase, 'hey glovebox');
  // Between the phrase's start and half a second after its end, counted from the offset.
  const end = secondsAt((detection?.endSample ?? 0) - 48_000);
  assert.ok(end > 1 && end < 1 + secondsAt(wake.length) + 0.5, `heard at ${end.toFixed(2)} s`);
});

test('ordinary speech wakes nothing', { skip: SKIP }, async () => {
  const audio = concat(silence(0.3), synthesize('tell me a joke about the weather in the glove box', SLT), silence(0.3), synthesize('hello, how are you today', { engine: 'flite', name: 'rms' }));
  assert.deepEqual(await wakes(audio), []);
});

test('a sidecar that cannot start says why', async () => {
  const engine = new PocketsphinxWakeWord({ phrase: 'hey glovebox', python: '/nonexistent/python3' });
  await assert.rejects(engine.finish(), /the offline wake-word engine could not start: spawn \/nonexistent\/python3 ENOENT/);
});
