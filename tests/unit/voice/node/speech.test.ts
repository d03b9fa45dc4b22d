/**
 * Synthesised speech (voice/node/speech.ts) is the same every time: the wake-word corpus,
 * the benchmarks and the tests rest on it. sox dithers when it resamples, with a random seed
 * unless told to repeat; festival's Czech voices draw pauses from random numbers. And a voice
 * reading many texts in one festival process says each as a process of its own would.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { Voice } from '../../../../voice/node/speech.js';
import { missingSpeechTools, synthesize, synthesizeEach } from '../../../../voice/node/speech.js';
import { festivalMissing } from '../../../../scripts/wakeword/corpus.js';

const SKIP = missingSpeechTools().length > 0 ? `needs ${missingSpeechTools().join(', ')} (npm test installs them where apt is usable)` : false;
const CZECH: Voice = { engine: 'festival', name: 'czech_dita', rate: 1.2, pitch: 0.9 };
const festivalAbsent = spawnSync('sh', ['-c', 'command -v festival']).status !== 0 ? 'festival' : festivalMissing([CZECH]);
const SKIP_FESTIVAL = SKIP || (festivalAbsent ? `needs ${festivalAbsent} (the wake-word trainer's voices; not installed by npm test)` : false);

const same = (a: Int16Array | undefined, b: Int16Array | undefined): boolean => a !== undefined && b !== undefined && a.length === b.length && a.every((value, index) => value === b[index]);

test('a resampled voice (espeak-ng, 22.05 kHz) gives the same samples every time', { skip: SKIP }, () => {
  const voice: Voice = { engine: 'espeak-ng', name: 'en-us+m3', rate: 1.1, pitch: 1.08 };
  const first = synthesize('find a charger on the way', voice);
  assert.ok(first.length > 8000);
  assert.ok(same(synthesize('find a charger on the way', voice), first), 'sox dithered differently');
  const [again, other] = synthesizeEach(['find a charger on the way', 'hey glovebox'], voice);
  assert.ok(same(again, first));
  assert.ok(!same(other, first));
});

test('festival reads many texts in one process as each would alone, also a Czech voice that draws random pauses', { skip: SKIP_FESTIVAL }, () => {
  const texts = ['hey glovebox', "The benchmarks print the rule beside the model's.", 'hey glovebox', '-v is not an option here'];
  const together = synthesizeEach(texts, CZECH);
  texts.forEach((text, index) => assert.ok(same(together[index], synthesize(text, CZECH)), `text ${index}: ${text}`));
  assert.ok(same(together[0], together[2]), 'the same text, said again later in the process');
  assert.deepEqual(synthesizeEach([], CZECH), []);
});
