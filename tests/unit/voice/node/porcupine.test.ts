/**
 * The Porcupine adapter, run through the real @picovoice/porcupine-node wrapper: against a
 * scripted stand-in of its native module (its `libraryPath` option), since Porcupine checks its
 * AccessKey online and this machine has no network to Picovoice; and against the package's real
 * x86-64 library where it loads, for a key it refuses. Every way it cannot start falls back to
 * the offline engine with a notice, never a crash or silence.
 */
import assert from 'node:assert/strict';
import { arch } from 'node:os';
import { test } from 'node:test';
import { framesOf } from '../../../../voice/common/audio.js';
import type { WakeDetection } from '../../../../voice/common/wakeWord.js';
import { openWakeEngine } from '../../../../voice/node/engines.js';
import { PorcupineUnavailable, PorcupineWakeWord } from '../../../../voice/node/porcupine.js';
import { concat, silence, synthesize } from '../../../../voice/node/speech.js';
import { fixturePath } from '../../../support/fixtures.js';

const STAND_IN = fixturePath('porcupine', 'standin.cjs');

/** Audio whose frame `at` (of 512 samples) fires keyword `keyword` in the stand-in. */
function scripted(frames: number, at: number, keyword = 0): Int16Array {
  const samples = new Int16Array(frames * 512);
  samples[at * 512] = 31000 + keyword;
  return samples;
}

test('detections come from the real wrapper, stamped at the end of the frame that fired, whatever the frames we are handed', () => {
  const engine = new PorcupineWakeWord({ accessKey: 'standin-ok', keywords: ['porcupine', 'computer'], libraryPath: STAND_IN });
  const heard: WakeDetection[] = [];
  engine.onDetection((detection) => heard.push(detection));
  // Handed in 300-sample pieces: the adapter regroups them into Porcupine's 512-sample frames.
  const audio = scripted(20, 7, 1);
  for (const frame of framesOf(audio, 300, 16_000)) engine.process(frame);
  assert.deepEqual(heard, [{ engine: 'porcupine', phrase: 'computer', endSample: 16_000 + 8 * 512 }]);
  engine.close();
});

test('a missing key, no network, a refused key, a bad keyword or sensitivity: a clear reason each', () => {
  const start = (accessKey: string | undefined, keywords = ['porcupine'], sensitivity = 0.5): string => {
    try {
      new PorcupineWakeWord({ accessKey, keywords, sensitivity, libraryPath: STAND_IN }).close();
      return 'started';
    } catch (error) {
      assert.ok(error instanceof PorcupineUnavailable, String(error));
      return error.message;
    }
  };
  assert.match(start(undefined), /no Picovoice AccessKey: set voice\.accessKey in the OEM config or PICOVOICE_ACCESS_KEY/);
  assert.match(start('standin-offline'), /could not be reached to check it \(ActivationError\).*no network/);
  assert.match(start('standin-refused'), /did not accept the AccessKey.*\(ActivationRefusedError\)/);
  assert.match(start('standin-ok', ['hey-glovebox_linux.ppn']), /"hey-glovebox_linux\.ppn" is neither a built-in keyword \(.*porcupine.*\) nor an existing \.ppn file/);
  assert.match(start('standin-ok', ['porcupine'], 1.5), /sensitivity must be between 0 and 1; found 1\.5/);
  assert.equal(start('standin-ok'), 'started');
});

test('when Porcupine cannot start, the offline engine listens and the notice says why', async () => {
  const opened = openWakeEngine({ engine: 'porcupine', phrase: 'hey glovebox', porcupine: { keywords: ['porcupine'], libraryPath: STAND_IN } }, {});
  try {
    assert.equal(opened.engine.name, 'offline');
    assert.match(opened.notice ?? '', /Porcupine is not available \(no Picovoice AccessKey.*\); the offline engine listens for "hey glovebox" instead/);
  } finally {
    opened.engine.close();
  }
  const keyed = openWakeEngine({ engine: 'porcupine', phrase: 'hey glovebox', porcupine: { keywords: ['porcupine'], libraryPath: STAND_IN } }, { PICOVOICE_ACCESS_KEY: 'standin-from-env' });
  assert.equal(keyed.engine.name, 'porcupine');
  assert.equal(keyed.notice, undefined);
  keyed.engine.close();
});

test('the package’s real x86-64 library refuses a made-up key, and we fall back', { skip: arch() === 'x64' ? false : `the package has no library for ${arch()} here (only x86-64 and Raspberry-Pi cores)` }, () => {
  const opened = openWakeEngine({ engine: 'porcupine', phrase: 'hey glovebox', porcupine: { accessKey: 'not-a-real-key', keywords: ['porcupine'] } }, {});
  try {
    assert.equal(opened.engine.name, 'offline');
    assert.match(opened.notice ?? '', /the AccessKey was refused: .*Failed to parse AccessKey/);
  } finally {
    opened.engine.close();
  }
});

test('a real key and network: Porcupine hears its own keyword', { skip: process.env['PICOVOICE_ACCESS_KEY'] ? false : 'no PICOVOICE_ACCESS_KEY here (and no network to Picovoice): the live Porcupine test needs both' }, () => {
  const engine = new PorcupineWakeWord({ accessKey: process.env['PICOVOICE_ACCESS_KEY'], keywords: ['porcupine'] });
  let heard = 0;
  engine.onDetection(() => (heard += 1));
  for (const frame of framesOf(concat(silence(0.5), synthesize('porcupine', { engine: 'flite', name: 'slt' }), silence(0.5)))) engine.process(frame);
  engine.close();
  assert.equal(heard, 1);
});
