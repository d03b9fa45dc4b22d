/** The false-wake benchmark's bound (the Poisson rate with a 5 % chance of so few alarms) and the candidate heads it scores beside the shipped one. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { shippedPath } from '../../../base/node/shippedFiles.js';
import { candidateHeads, decodedOnce, drawsOf, heardByKind, MAX_DRAWS, upperRate } from '../../../bench/falseWakes.js';
import type { NegativeBatch } from '../../../bench/voice.js';
import { negativeBatches, negativeStreams } from '../../../bench/voice.js';
import { CONFUSABLES, HELD_OUT_VOICES } from '../../../scripts/wakeword/corpus.js';
import { SAMPLE_RATE } from '../../../voice/common/audio.js';
import { missingSpeechTools } from '../../../voice/node/speech.js';
import { embeddingScores, embeddingScoresOf } from '../../../voice/node/embeddingWakeWord.js';
import { cabinNoise } from '../../../voice/common/noise.js';
import { loadWakeHead, WAKE_HEAD_FILE } from '../../../voice/node/embeddingWakeWord.js';

test('no alarm in 10 h bounds the rate below 0.3 an hour; one alarm below 0.47 (the rule of three and its kin)', () => {
  assert.ok(Math.abs(upperRate(0, 10) - 0.29957) < 1e-4, String(upperRate(0, 10)));
  assert.ok(Math.abs(upperRate(1, 10) - 0.47439) < 1e-4, String(upperRate(1, 10)));
  assert.ok(Math.abs(upperRate(2, 1) - 6.29579) < 1e-3, String(upperRate(2, 1)));
  // More hours, the same count: a tighter bound.
  assert.ok(upperRate(0, 30) < upperRate(0, 10));
});

test('a stream\'s hours are split by what its lines say, each line with the pause after it, as its wakes are (ADR 0038)', () => {
  const at = (seconds: number): number => seconds * SAMPLE_RATE;
  const stream = {
    voice: { engine: 'flite', name: 'awb' },
    heldOut: true,
    samples: new Int16Array(at(20)),
    lines: [
      { text: 'each layer imports only those below it', start: at(1), end: at(3) },
      { text: CONFUSABLES[6] as string, start: at(4), end: at(5) },
      { text: 'glovebox hey glove books hey clock box', start: at(7), end: at(9) },
      { text: 'find a charger', start: at(12), end: at(13) },
    ],
  } as const;
  const heard = heardByKind(stream);
  // The opening pause and the two ordinary lines with their pauses: 1 + 3 + 8 s; the confusable 3 s; the quoted neighbours 5 s.
  assert.deepEqual(heard, { ordinary: { seconds: 12, lines: 2 }, confusable: { seconds: 3, lines: 1 }, names: { seconds: 5, lines: 1 } });
  const total = Object.values(heard).reduce((sum, each) => sum + each.seconds, 0);
  assert.equal(total, 20, 'every second of the stream is counted once');
});

test('the draws are one number, a list or a rising range; anything else is refused naming the variable and the part', () => {
  assert.deepEqual(drawsOf(undefined), [1]);
  assert.deepEqual(drawsOf(' '), [1]);
  assert.deepEqual(drawsOf('0'), [0]);
  assert.deepEqual(drawsOf('1-6'), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(drawsOf('7, 1-3,10'), [7, 1, 2, 3, 10]);
  for (const bad of ['x', '-1', '1.5', '3-1', '1-', '1001', '2,,3']) assert.throws(() => drawsOf(bad), /^Error: GLOVEBOX_NEGATIVE_DRAW: expected whole numbers/, bad);
  assert.throws(() => drawsOf('1-3,2'), /draw 2 named twice/);
  assert.throws(() => drawsOf(`1-${MAX_DRAWS + 1}`), new RegExp(`at most ${MAX_DRAWS} draws`));
});

test('candidate heads are read from the files named, and a bad one is refused naming the variable and the file', () => {
  assert.deepEqual(candidateHeads(undefined), []);
  assert.deepEqual(candidateHeads(' , '), []);
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-candidates-'));
  try {
    const good = join(folder, 'good.json');
    const shipped = JSON.parse(readFileSync(shippedPath(WAKE_HEAD_FILE), 'utf8')) as { threshold: number };
    writeFileSync(good, JSON.stringify({ ...shipped, threshold: 0.61 }));
    const heads = candidateHeads(`${good}, ${good}`);
    assert.deepEqual(heads.map((each) => [each.label, each.head.threshold]), [[`candidate ${good}`, 0.61], [`candidate ${good}`, 0.61]]);
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{"format": 1');
    assert.throws(() => candidateHeads(`${good},${broken}`), (error: Error) => error.message.startsWith('GLOVEBOX_CANDIDATE_HEADS: ') && error.message.includes(broken));
    assert.throws(() => candidateHeads(join(folder, 'absent.json')), /GLOVEBOX_CANDIDATE_HEADS: .*absent\.json/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('candidates scored on the engine\'s windows in one feature pass score as their own engine would', async () => {
  // The shipped head with its veto (docs/adr/0033), the same head alone, and another head: the
  // same network with its output shifted, so every score differs from the head alone's.
  const shipped = loadWakeHead();
  const alone = { ...shipped, veto: null };
  const other = { ...alone, weights: { ...alone.weights, b2: alone.weights.b2 + 3 } };
  const samples = cabinNoise(16_000 * 3, 5);
  const [vetoed, first, second] = await embeddingScoresOf(samples, [shipped, alone, other]);
  assert.deepEqual(vetoed, await embeddingScores(samples, shipped));
  assert.deepEqual(first, await embeddingScores(samples, alone));
  assert.deepEqual(second, await embeddingScores(samples, other));
  assert.ok((second?.length ?? 0) > 10 && second?.every(([, score], index) => score > (first?.[index]?.[1] ?? 1)), 'the shifted head scores every window higher');
  await assert.rejects(embeddingScoresOf(samples, [shipped, { ...other, weights: { ...other.weights, steps: 8 } }]), /a head reads 8×96 embeddings, the engine's 16×96/);
});

test('draw 0 says the negative lines in their own order; another draw shuffles each round and pairs lines with other voices and noise', () => {
  const count = 57;
  const plan = (draw: number, batches: number): NegativeBatch[] => Array.from({ length: batches }, (_, n) => negativeBatches(count, 11, draw)(n));
  // Draw 0 is the plan the benchmark always had: lines in order, the next voice, three speeds.
  const own = plan(0, 12);
  assert.deepEqual(own[0], { lines: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], voice: 11 % 8, rate: 0.9, noiseSeed: 11_000 });
  assert.deepEqual(own[6]?.lines, [60, 61, 62, 63, 64, 65, 66, 67, 68, 69].map((index) => index % count));
  // Another draw: every round through the lines says each line exactly once, in another order.
  const lines = (draw: number): number[] => plan(draw, 12).flatMap((batch) => batch.lines);
  for (const draw of [1, 2]) {
    const said = lines(draw);
    for (const start of [0, count]) assert.deepEqual([...said.slice(start, start + count)].sort((a, b) => a - b), Array.from({ length: count }, (_, index) => index), `draw ${draw}, round from ${start}`);
    assert.notDeepEqual(said.slice(0, count), said.slice(count, 2 * count), 'each round is shuffled afresh');
  }
  assert.notDeepEqual(lines(1), lines(2));
  // So a line meets another voice: the voice that says each line in the first round, by draw.
  const voiceOf = (draw: number): number[] => {
    const voices: number[] = [];
    plan(draw, 6).forEach((batch) => batch.lines.forEach((line) => (voices[line] ??= batch.voice)));
    return voices;
  };
  const moved = voiceOf(1).filter((voice, line) => voice !== voiceOf(0)[line]).length;
  assert.ok(moved > count / 2, `${moved} of ${count} lines meet another voice`);
  assert.notEqual(plan(1, 1)[0]?.noiseSeed, own[0]?.noiseSeed);
  // The same draw is the same plan: a run repeats exactly.
  assert.deepEqual(plan(3, 12), plan(3, 12));
});

test('each negative stream says whether its voice is held out, so false wakes split as false rejections do', { skip: missingSpeechTools().length > 0 ? `needs ${missingSpeechTools().join(', ')} (npm test installs them where apt is usable)` : false }, () => {
  // Seed 13, draw 0: the first stream goes to the sixth benchmark voice (held out), the next to the first training voice.
  const streams = [];
  for (const stream of negativeStreams([], null, 13, 3600, 0)) {
    streams.push(stream);
    if (streams.length === 2) break;
  }
  const heldOut = (name: string): boolean => HELD_OUT_VOICES.some((voice) => voice.name === name);
  assert.deepEqual(streams.map((stream) => [stream.heldOut, heldOut(stream.voice.name)]), [[true, true], [false, false]]);
});

test('heads that woke on the same stretch get the same verdict: each stretch is decoded once', async () => {
  // A scorer whose answer drifts with every call, as pocketsphinx's running cepstral mean does.
  let calls = 0;
  let closed = false;
  const drifting = { score: () => Promise.resolve({ phrase: -20 + (calls += 1), loop: -10 }), close: () => Promise.resolve(void (closed = true)) };
  const once = decodedOnce(drifting);
  const stretch = Int16Array.from([1, 2, 3, 4]);
  const first = await once.score(stretch);
  assert.deepEqual(await once.score(Int16Array.from(stretch)), first, 'the same audio, another array: the same answer');
  assert.notDeepEqual(await once.score(Int16Array.from([1, 2, 3, 5])), first, 'other audio is decoded');
  assert.notDeepEqual(await once.score(Int16Array.from([1, 2, 3])), first, 'a shorter stretch is other audio');
  assert.equal(calls, 3);
  await once.close();
  assert.ok(closed);
});
