/**
 * The shipped offline wake-word engine (speech embeddings + the trained head) on synthesised
 * speech by voices it was never trained on: "Hey Glovebox" wakes once, where it was said, on
 * the stream's own sample clock; ordinary speech and confusable phrases wake nothing; a broken
 * or mismatched model is refused with a sentence saying what is wrong. The full corpus and its
 * figures are the voice benchmark's (bench/results/voice.txt).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { framesOf, secondsAt } from '../../../../voice/common/audio.js';
import { cabinNoise, mixAtSnr } from '../../../../voice/common/noise.js';
import type { WakeDetection } from '../../../../voice/common/wakeWord.js';
import type { Hold, VerifyRule } from '../../../../voice/common/wakeHead.js';
import { cepstralMeanOf, DEFAULT_HOLD, MAX_HOLD_STEPS, readWakeHead } from '../../../../voice/common/wakeHead.js';
import type { WakeHead } from '../../../../voice/node/embeddingWakeWord.js';
import { EmbeddingWakeWord, embeddingScores, HeldScore, loadWakeHead, stampAfter, WAKE_HEAD_FILE, wakes } from '../../../../voice/node/embeddingWakeWord.js';
import { STEP_SAMPLES } from '../../../../voice/node/speechFeatures.js';
import { shippedPath } from '../../../../base/node/shippedFiles.js';
import { openWakeEngine } from '../../../../voice/node/engines.js';

const lowest = (steps: number): Hold => ({ steps, by: 'lowest' });
import { concat, missingSpeechTools, silence, synthesize } from '../../../../voice/node/speech.js';
import type { Voice } from '../../../../voice/node/speech.js';

const missing = missingSpeechTools();
const SKIP = missing.length > 0 ? `needs ${missing.join(', ')} (npm test installs them where apt is usable)` : false;

async function heard(samples: Int16Array, offset = 0, head?: WakeHead): Promise<WakeDetection[]> {
  const engine = new EmbeddingWakeWord(head === undefined ? {} : { head });
  const found: WakeDetection[] = [];
  engine.onDetection((detection) => found.push(detection));
  for (const frame of framesOf(samples, 512, offset)) engine.process(frame);
  await engine.finish();
  engine.close();
  return found;
}

/** Held out of training (scripts/wakeword/corpus.ts HELD_OUT_VOICES). */
const KAL: Voice = { engine: 'flite', name: 'kal16' };
const KLATT: Voice = { engine: 'espeak-ng', name: 'en-us+klatt' };

for (const voice of [KAL, KLATT]) {
  test(`"hey glovebox" by ${voice.name} wakes once, at the phrase's end, on the stream's clock`, { skip: SKIP }, async () => {
    const wake = synthesize('hey glovebox', voice);
    const audio = concat(silence(1), wake, synthesize('find a charger', voice), silence(1));
    const found = await heard(audio, 48_000);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]?.engine, 'offline');
    assert.equal(found[0]?.phrase, 'hey glovebox');
    const end = secondsAt((found[0]?.endSample ?? 0) - 48_000);
    assert.ok(end > 1.3 && end < 1 + secondsAt(wake.length) + 0.6, `heard at ${end.toFixed(2)} s`);
  });
}

test('"hey glovebox" in cabin noise at 10 dB still wakes', { skip: SKIP }, async () => {
  const speech = concat(silence(1), synthesize('hey glovebox', KAL), synthesize('open navigation', KAL), silence(1));
  assert.equal((await heard(mixAtSnr(speech, cabinNoise(speech.length, 3), 10))).length, 1);
});

test('a veto head in the model file gates every step: one that never agrees keeps the engine asleep, one that always agrees changes nothing', { skip: SKIP }, async () => {
  const shipped = loadWakeHead();
  // A veto head of the shipped head's size whose output ignores its input: its bias alone says yes or no.
  const fixed = (bias: number): WakeHead => ({ ...shipped, veto: { floor: 0.2, lookbackSteps: 8, weights: { ...shipped.weights, w2: new Float32Array(shipped.weights.hidden), b2: bias } } });
  const audio = concat(silence(1), synthesize('hey glovebox', KAL), synthesize('find a charger', KAL), silence(1));
  const alone = await heard(audio);
  assert.equal(alone.length, 1, 'the head alone wakes on the phrase');
  assert.deepEqual(await heard(audio, 0, fixed(-40)), [], 'vetoed at every step');
  assert.deepEqual(await heard(audio, 0, fixed(40)), alone, 'agreed at every step');
  const scores = await embeddingScores(audio, fixed(-40));
  assert.ok(scores.length > 20 && scores.every(([, score]) => score === 0), 'the scores the benchmarks sweep are the vetoed ones');
});

test('the shipped veto (docs/adr/0033): the name after another word wakes the head alone, not the engine; the phrase still wakes it', { skip: SKIP }, async () => {
  const shipped = loadWakeHead();
  assert.equal(shipped.veto?.floor, 0.1);
  assert.equal(shipped.veto?.lookbackSteps, 8);
  const file = JSON.parse(readFileSync(shippedPath(WAKE_HEAD_FILE), 'utf8')) as { veto: { from: { training: { extraStages: string[] } } } };
  assert.deepEqual(file.veto.from.training.extraStages, ['name-leads'], 'the veto head was trained on the name after other words');
  const alone: WakeHead = { ...shipped, veto: null };
  const awb: Voice = { engine: 'flite', name: 'awb' };
  // A sentence the false-wakes benchmark woke the shipped head on (ADR 0032), said by a held-out voice.
  const lead = concat(silence(0.5), synthesize("in glovebox the product's name after a short", awb), silence(0.5));
  assert.equal((await heard(lead, 0, alone)).length, 1, 'the head alone wakes on it');
  assert.deepEqual(await heard(lead), [], 'its veto head does not agree where the head begins to hold');
  const phrase = concat(silence(1), synthesize('hey glovebox', awb), synthesize('find a charger', awb), silence(1));
  const woken = await heard(phrase);
  assert.equal(woken.length, 1);
  assert.deepEqual(woken, await heard(phrase, 0, alone), 'on the phrase the veto changes nothing');
});

test('ordinary speech, confusable phrases and noise wake nothing', { skip: SKIP }, async () => {
  const audio = concat(
    silence(0.5),
    synthesize('the glove box is open, can you hand me the sunglasses', { engine: 'flite', name: 'awb' }),
    silence(0.5),
    synthesize('hey, go buy socks', KLATT),
    silence(0.5),
    synthesize('tell me a joke about the weather', KAL),
    cabinNoise(16_000 * 3, 9),
  );
  assert.deepEqual(await heard(audio), []);
});

test('one utterance wakes once: steps held above the threshold within 1.5 s count once', () => {
  const steps: [number, number][] = [
    [16_000, 0.1],
    [17_280, 0.95],
    [18_560, 0.97],
    [19_840, 0.96],
    [57_440, 0.2],
    [58_720, 0.985],
    [60_000, 0.99],
  ];
  // Woken where the second step in a row reaches the threshold, not before.
  assert.deepEqual(wakes(steps, 0.9, lowest(2)), [18_560, 60_000]);
  assert.deepEqual(wakes(steps, 0.98, lowest(2)), [60_000]);
  // Three in a row: the first utterance holds for three steps, the second for two only.
  assert.deepEqual(wakes(steps, 0.9, lowest(3)), [19_840]);
});

test('a score held for fewer steps than the rule asks is a flicker and does not wake', () => {
  const steps: [number, number][] = [
    [16_000, 0.2],
    [17_280, 0.99],
    [18_560, 0.3],
    [19_840, 0.8],
    [21_120, 0.9],
    [22_400, 0.7],
    [23_680, 0.75],
    [24_960, 0.1],
  ];
  assert.deepEqual(wakes(steps, 0.9, lowest(1)), [17_280], 'one step wakes on the flicker');
  assert.deepEqual(wakes(steps, 0.9, lowest(2)), []);
  // 0.8, 0.9, 0.7, 0.75 hold 0.7 for four steps; at 0.75 the third of them dips below.
  assert.deepEqual(wakes(steps, 0.7, lowest(4)), [23_680]);
  assert.deepEqual(wakes(steps, 0.75, lowest(4)), []);
  assert.deepEqual(wakes(steps, 0.75, lowest(2)), [21_120]);
  const held = new HeldScore(lowest(3));
  assert.deepEqual([0.9, 0.95, 0.7, 0.99, 0.98].map((score) => held.push(score)), [0, 0, 0.7, 0.7, 0.7], 'the lowest of the last three, nothing before three are heard');
});

test('the mean of the last steps holds through one dip the lowest would not, and stops a lone peak the same way', () => {
  // Consecutive steps from 16_000: 17_280 holds 0.9, and so on.
  const steps = [0.1, 0.9, 0.95, 0.6, 0.97, 0.96, 0.2].map((score, index): [number, number] => [16_000 + index * STEP_SAMPLES, score]);
  assert.deepEqual(wakes(steps, 0.8, lowest(4)), [], 'the dip to 0.6 breaks every run of four');
  // The mean of 0.9, 0.95, 0.6, 0.97 is 0.855.
  assert.deepEqual(wakes(steps, 0.8, { steps: 4, by: 'mean' }), [21_120]);
  assert.deepEqual(wakes([[16_000, 0.1], [17_280, 0.1], [18_560, 0.99], [19_840, 0.1]], 0.5, { steps: 4, by: 'mean' }), [], 'one high step is a quarter of a mean of four');
  const held = new HeldScore({ steps: 2, by: 'mean' });
  assert.deepEqual([0.4, 0.8, 0.6].map((score) => held.push(score)), [0, 0.6000000000000001, 0.7]);
});

test('a detection is stamped where the phrase ends: as long before the waking step as the model measured, or reckoned from the hold of an older file', () => {
  assert.equal(stampAfter(160_000, { hold: lowest(6), wakeAfterPhraseMs: 100 }), 160_000 - 1600);
  assert.equal(stampAfter(160_000, { hold: { steps: 6, by: 'mean' }, wakeAfterPhraseMs: -20 }), 160_000 + 320, 'a rule that wakes before the end stamps after the step');
  assert.equal(stampAfter(160_000, { hold: lowest(2), wakeAfterPhraseMs: null }), 160_000 + 1920);
  assert.equal(stampAfter(160_000, { hold: lowest(4), wakeAfterPhraseMs: null }), 160_000 + 1920 - 2 * STEP_SAMPLES);
  assert.equal(stampAfter(160_000, { hold: lowest(1), wakeAfterPhraseMs: null }), 160_000 + 1920 + STEP_SAMPLES);
});

test('the hold comes with the model: the shipped head names its own, an older file means two lowest, a bad one is refused', () => {
  const shipped = JSON.parse(readFileSync(shippedPath(WAKE_HEAD_FILE), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(loadWakeHead().hold, { steps: shipped['holdSteps'], by: shipped['holdBy'] ?? 'lowest' }, 'the engine reads the hold from the file');
  const { holdSteps: _steps, holdBy: _by, wakeAfterPhraseMs: _after, ...older } = shipped;
  assert.deepEqual(readWakeHead(older).hold, DEFAULT_HOLD);
  assert.deepEqual(readWakeHead({ ...older, holdSteps: 4 }).hold, { steps: 4, by: 'lowest' }, 'a file of ADR 0021 names steps only');
  for (const bad of [0, MAX_HOLD_STEPS + 1, 2.5, '4']) assert.throws(() => readWakeHead({ ...shipped, holdSteps: bad }), new RegExp(`holdSteps: expected a whole number from 1 to ${MAX_HOLD_STEPS}, found ${JSON.stringify(bad)}`));
  assert.equal(readWakeHead(older).wakeAfterPhraseMs, null, 'an older file does not say when it wakes');
  for (const bad of [1001, -1001, 12.5, '60']) assert.throws(() => readWakeHead({ ...shipped, wakeAfterPhraseMs: bad }), new RegExp(`wakeAfterPhraseMs: expected a whole number of ms from -1000 to 1000, found ${JSON.stringify(bad)}`));
  for (const bad of ['median', 1, '']) assert.throws(() => readWakeHead({ ...shipped, holdBy: bad }), new RegExp(`holdBy: expected "lowest" or "mean", found ${JSON.stringify(bad)}`));
});

test('a broken model file is refused with the file and the member named', () => {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-head-'));
  try {
    const file = join(folder, 'head.json');
    writeFileSync(file, '{"format": "glovebox-wake-head/1", "steps": 16}');
    assert.throws(() => loadWakeHead(file), new RegExp(`${file.replace(/[/.]/g, '\\$&')}: dims: expected a number, found undefined`));
    writeFileSync(file, 'not json');
    assert.throws(() => loadWakeHead(file), /head\.json: Unexpected token/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the verify rule comes with the model file: absent is the head alone, a bad one is refused with the member named', () => {
  const shipped = JSON.parse(readFileSync(shippedPath(WAKE_HEAD_FILE), 'utf8')) as Record<string, unknown>;
  const { verify: _verify, ...alone } = shipped;
  assert.equal(readWakeHead(alone).verify, null);
  assert.deepEqual(readWakeHead({ ...alone, verify: { windowSeconds: 1.2, minMargin: -11.5 } }).verify, { windowSeconds: 1.2, minMargin: -11.5 });
  assert.throws(() => readWakeHead({ ...alone, verify: 'on' }), /verify: expected \{ windowSeconds, minMargin \}, found "on"/);
  for (const bad of [0.2, 4, '1.2']) assert.throws(() => readWakeHead({ ...alone, verify: { windowSeconds: bad, minMargin: -10 } }), new RegExp(`verify\\.windowSeconds: expected seconds from 0\\.5 to 3, found ${JSON.stringify(bad)}`));
  assert.throws(() => readWakeHead({ ...alone, verify: { windowSeconds: 1.2 } }), /verify\.minMargin: expected a number \(score per frame\), found undefined/);
  const noisy = { belowSnrDb: 12, minMargin: -11 };
  assert.deepEqual(readWakeHead({ ...alone, verify: { windowSeconds: 1.2, minMargin: -17, noisy } }).verify, { windowSeconds: 1.2, minMargin: -17, noisy });
  assert.throws(() => readWakeHead({ ...alone, verify: { windowSeconds: 1.2, minMargin: -17, noisy: 12 } }), /verify\.noisy: expected \{ belowSnrDb, minMargin \}, found 12/);
  for (const bad of [0, 61, '12']) assert.throws(() => readWakeHead({ ...alone, verify: { windowSeconds: 1.2, minMargin: -17, noisy: { ...noisy, belowSnrDb: bad } } }), new RegExp(`verify\\.noisy\\.belowSnrDb: expected dB above 0, at most 60, found ${JSON.stringify(bad)}`));
  assert.throws(() => readWakeHead({ ...alone, verify: { windowSeconds: 1.2, minMargin: -17, noisy: { ...noisy, minMargin: -20 } } }), /verify\.noisy\.minMargin: expected a number at least verify\.minMargin \(-17\): heavy noise is judged no more leniently, found -20/);
  // The normalisation the margins were set on (docs/adr/0037): kept as the file says, absent for the rules before it.
  assert.deepEqual(readWakeHead({ ...alone, verify: { windowSeconds: 1.2, minMargin: -14, noisy, cmn: 'batch' } }).verify, { windowSeconds: 1.2, minMargin: -14, noisy, cmn: 'batch' });
  const ruleIn = (file: unknown): VerifyRule => {
    const rule = readWakeHead(file).verify;
    assert.ok(rule);
    return rule;
  };
  assert.equal(cepstralMeanOf(ruleIn({ ...alone, verify: { windowSeconds: 1.2, minMargin: -17 } })), 'live');
  assert.equal(cepstralMeanOf(ruleIn(shipped)), 'batch', 'the shipped margins were set on the whole-stretch verifier');
  assert.throws(() => readWakeHead({ ...alone, verify: { windowSeconds: 1.2, minMargin: -14, cmn: 'off' } }), /verify\.cmn: expected "batch" or "live", found "off"/);
});

test('a phrase the model was not trained for is refused, saying how to train one', () => {
  assert.throws(() => openWakeEngine({ engine: 'offline', phrase: 'hey volvo' }), /hears "hey glovebox", not "hey volvo": train one with npm run train:wake -- --phrase "hey volvo"/);
});
