/**
 * `glovebox voice recognize` on a recording synthesised here: the wake word, the transcript and
 * the intent as JSON lines with t in seconds into the file; speech without the wake word wakes
 * nothing; prose the head wakes on and the verifier refuses gives a rejected line and no wake; a file that is not 16 kHz mono WAV is refused with the sox command that converts it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { voiceRecognize } from '../../../../cli/node/voiceCommand.js';
import { MODEL_DIR } from '../../../../voice/node/commandRecognizer.js';
import { loadWakeHead } from '../../../../voice/node/embeddingWakeWord.js';
import { concat, missingSpeechTools, silence, synthesize } from '../../../../voice/node/speech.js';
import { writeWav } from '../../../../voice/node/wav.js';

const sphinx = spawnSync('/usr/bin/python3', ['-c', 'import pocketsphinx'], { encoding: 'utf8' }).status === 0 && existsSync(`${MODEL_DIR}/en-us.lm.bin`);
const missing = [...missingSpeechTools(), ...(sphinx ? [] : ['python3-pocketsphinx', 'pocketsphinx-en-us'])];
const SKIP = missing.length > 0 ? `needs ${missing.join(', ')} (npm test installs them where apt is usable)` : false;

async function run(args: string[]): Promise<{ code: number; lines: Record<string, unknown>[]; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await voiceRecognize(args, { stdout, stderr, stdin: new PassThrough() });
  return { code, lines: out.trim() === '' ? [] : out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>), stderr: err };
}

test('a recording: wake, transcript and intent, stamped in seconds into the file; a command without the wake word is ignored', { skip: SKIP }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-voice-cli-'));
  try {
    const voice = { engine: 'flite', name: 'kal16' } as const;
    const file = join(folder, 'drive.wav');
    writeWav(file, concat(silence(0.5), synthesize('tell me a joke', voice), silence(1.5), synthesize('hey glovebox', voice), synthesize('navigate to the station', voice), silence(1.5)));
    const { code, lines } = await run(['--wav', file]);
    assert.equal(code, 0);
    assert.deepEqual(
      lines.map((line) => line['event']),
      ['wake', 'transcript', 'intent'],
      JSON.stringify(lines),
    );
    const [wake, , intent] = lines;
    assert.ok(typeof wake?.['t'] === 'number' && wake['t'] > 3 && wake['t'] < 5.5, JSON.stringify(wake));
    assert.deepEqual({ owner: intent?.['owner'], intent: intent?.['intent'], slots: intent?.['slots'] }, { owner: 'com.glovebox.navigation', intent: 'navigateTo', slots: { place: 'the station' } });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a wake the verifier turns down: a rejected line with its margin, and no wake', { skip: SKIP }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-voice-cli-'));
  try {
    // Prose the head wakes on at its rule (found by a search over the false-wakes benchmark's
    // turned-down sentences, voices and speeds); the verifier's margin is near -34, far below the
    // shipped margin, so the verdict does not sit on the edge.
    const file = join(folder, 'prose.wav');
    writeWav(file, concat(silence(0.5), synthesize('cage runs the kiosk as the unprivileged user', { engine: 'espeak-ng', name: 'en-us+klatt', rate: 0.95 }), silence(1.5)));
    const { code, lines } = await run(['--wav', file]);
    assert.equal(code, 0);
    assert.deepEqual(
      lines.map((line) => line['event']),
      ['rejected'],
      JSON.stringify(lines),
    );
    const [rejected] = lines;
    assert.ok(typeof rejected?.['margin'] === 'number' && rejected['margin'] < (loadWakeHead().verify?.minMargin ?? 0), JSON.stringify(rejected));
    assert.ok(typeof rejected['t'] === 'number' && rejected['t'] > 0.5 && rejected['t'] < 4, JSON.stringify(rejected));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('not a 16 kHz mono WAV: refused, saying how to convert it', { skip: SKIP }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-voice-cli-'));
  try {
    const file = join(folder, 'notes.wav');
    writeFileSync(file, 'these are not samples');
    const { code, stderr } = await run(['--wav', file]);
    assert.equal(code, 1);
    assert.match(stderr, /notes\.wav/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
