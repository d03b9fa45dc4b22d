/**
 * The wake word's second opinion (voice/node/wakeVerifier.ts, docs/adr/0025): the verdict's
 * rule, the engine that holds each wake until the verifier has spoken (against a stand-in
 * engine and scorer, so the order and the stretch read are exact), and the real pocketsphinx
 * sidecar on synthesized speech.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import type { AudioFrame } from '../../../../voice/common/audio.js';
import { framesOf, SAMPLE_RATE } from '../../../../voice/common/audio.js';
import { cabinNoise, mixAtSnr } from '../../../../voice/common/noise.js';
import type { WakeDetection, WakeWordEngine } from '../../../../voice/common/wakeWord.js';
import type { CepstralMean } from '../../../../voice/common/wakeHead.js';
import { MODEL_DIR } from '../../../../voice/node/commandRecognizer.js';
import { loadWakeHead } from '../../../../voice/node/embeddingWakeWord.js';
import { GLOVEBOX_PRONUNCIATION } from '../../../../voice/node/pocketsphinxWakeWord.js';
import { concat, missingSpeechTools, silence, synthesize } from '../../../../voice/node/speech.js';
import type { LateAfter, StretchScorer, Verdict, VerifyScores } from '../../../../voice/node/wakeVerifier.js';
import { heardBefore, SphinxVerifier, verdictAt, verdictOf, VerifiedWakeWord, verifiedWakes } from '../../../../voice/node/wakeVerifier.js';
import { voiced } from '../../../support/voiced.js';

const ready = spawnSync('/usr/bin/python3', ['-c', 'import pocketsphinx'], { encoding: 'utf8' }).status === 0 && existsSync(`${MODEL_DIR}/en-us`);
const missing = [...missingSpeechTools(), ...(ready ? [] : ['python3-pocketsphinx', 'pocketsphinx-en-us'])];
const SKIP = missing.length > 0 ? `needs ${missing.join(', ')} (npm test installs them where apt is usable)` : false;

test('the verdict: the phrase within the margin of the loop stands; no path for either is no evidence', () => {
  assert.deepEqual(verdictOf({ phrase: -30, loop: -25 }, { minMargin: -6 }), { accepted: true, margin: -5, snrDb: null });
  assert.deepEqual(verdictOf({ phrase: -30, loop: -23 }, { minMargin: -6 }), { accepted: false, margin: -7, snrDb: null });
  assert.deepEqual(verdictOf({ phrase: -30, loop: -24 }, { minMargin: -6 }), { accepted: true, margin: -6, snrDb: null }, 'at the margin it stands');
  assert.deepEqual(verdictOf({ phrase: null, loop: -20 }, { minMargin: -100 }), { accepted: false, margin: null, snrDb: null });
  assert.deepEqual(verdictOf({ phrase: -20, loop: null }, { minMargin: -100 }), { accepted: false, margin: null, snrDb: null });
});

test('in heavy noise the noisy margin applies; unmeasured noise keeps the rule\'s own margin', () => {
  const rule = { minMargin: -17, noisy: { belowSnrDb: 12, minMargin: -11 } };
  const scores = { phrase: -40, loop: -26 };
  assert.deepEqual(verdictOf(scores, rule, 30), { accepted: true, margin: -14, snrDb: 30 });
  assert.deepEqual(verdictOf(scores, rule, 8), { accepted: false, margin: -14, snrDb: 8 });
  assert.deepEqual(verdictOf(scores, rule, 12), { accepted: true, margin: -14, snrDb: 12 }, 'at the line the noise is not heavy');
  assert.equal(verdictOf(scores, rule, null).accepted, true);
  assert.equal(verdictOf(scores, { minMargin: -17 }, 3).accepted, true, 'a rule without a noisy margin judges every noise alike');
});

/** An engine that wakes where it is told to, on the frame that carries that sample. */
class StandIn implements WakeWordEngine {
  readonly name = 'offline';
  readonly stampUncertaintySeconds = 0.35;
  private readonly listeners = new Set<(detection: WakeDetection) => void>();
  constructor(private readonly at: readonly number[]) {}
  process(frame: AudioFrame): void {
    for (const heardTo of this.at) {
      if (heardTo > frame.start && heardTo <= frame.start + frame.samples.length) for (const listener of this.listeners) listener({ engine: this.name, phrase: 'hey glovebox', endSample: heardTo - 640, heardTo, score: 0.9 });
    }
  }
  onDetection(listener: (detection: WakeDetection) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  sync(): Promise<void> {
    return Promise.resolve();
  }
  finish(): Promise<void> {
    return Promise.resolve();
  }
  close(): void {}
}

/** A scorer that answers from the stretch's first sample (the tests write a verdict into the audio), late, and remembers what it read. */
class Marked implements StretchScorer {
  readonly read: Int16Array[] = [];
  closed = false;
  constructor(private readonly failing = false) {}
  async score(samples: Int16Array): Promise<VerifyScores> {
    this.read.push(samples);
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failing) throw new Error('the wake verifier stopped: no model');
    return { phrase: -30, loop: (samples[0] ?? 0) === 1 ? -28 : -10 };
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/**
 * A clock for the tests that a verifier is late: the check of call `n` is late at once when
 * `late(n)` says so (its scorer hangs), and never otherwise, whatever the machine's speed.
 */
function lateWhen(late: (call: number) => boolean): LateAfter {
  let call = 0;
  return () => {
    call += 1;
    return { at: late(call) ? Promise.resolve() : new Promise<void>(() => undefined), cancel: () => undefined };
  };
}

/** Audio of ones, except that a stretch the stand-in scorer should turn down starts with a 2. */
function ramp(seconds: number, failAt: readonly number[] = []): Int16Array {
  const samples = new Int16Array(Math.round(seconds * SAMPLE_RATE)).fill(1);
  for (const from of failAt) samples[from] = 2;
  return samples;
}

test('a wake is told only once the verifier agrees, in the order heard, reading the window before the step that woke', async () => {
  const window = 1.2;
  const heardAt = [2 * SAMPLE_RATE, 5 * SAMPLE_RATE, 8 * SAMPLE_RATE];
  // The second wake's stretch starts with a 2: the stand-in scorer turns it down.
  const audio = ramp(9, [5 * SAMPLE_RATE - window * SAMPLE_RATE]);
  const scorer = new Marked();
  const rejected: (number | null)[] = [];
  const engine = new VerifiedWakeWord(new StandIn(heardAt), { rule: { windowSeconds: window, minMargin: -6 }, scorer, onRejected: (_detection, verdict) => rejected.push(verdict.margin) });
  const told: WakeDetection[] = [];
  engine.onDetection((detection) => told.push(detection));
  for (const frame of framesOf(audio, 1280, 0)) engine.process(frame);
  await engine.finish();
  assert.deepEqual(told.map((each) => each.heardTo), [2 * SAMPLE_RATE, 8 * SAMPLE_RATE]);
  assert.equal(told[0]?.endSample, 2 * SAMPLE_RATE - 640, 'the stamp is the inner engine\'s');
  assert.deepEqual(rejected, [-20]);
  assert.deepEqual(scorer.read.map((stretch) => stretch.length), [window * SAMPLE_RATE, window * SAMPLE_RATE, window * SAMPLE_RATE]);
  assert.equal(engine.stampUncertaintySeconds, 0.35);
  engine.close();
  assert.ok(scorer.closed);
});

test('a verifier that cannot answer lets the wakes through and says so once: the car is never deaf', async () => {
  const problems: string[] = [];
  const engine = new VerifiedWakeWord(new StandIn([2 * SAMPLE_RATE, 5 * SAMPLE_RATE]), { rule: { windowSeconds: 1.2, minMargin: -6 }, scorer: new Marked(true), onProblem: (message) => problems.push(message) });
  const told: WakeDetection[] = [];
  engine.onDetection((detection) => told.push(detection));
  for (const frame of framesOf(ramp(6), 1280, 0)) engine.process(frame);
  await engine.finish();
  assert.equal(told.length, 2);
  assert.equal(problems.length, 1);
  assert.match(problems[0] ?? '', /the wake verifier cannot answer \(the wake verifier stopped: no model\); wakes pass unchecked/);
  engine.close();
});

test('a verifier that is late lets that wake through, says so, and is asked again for the next', async () => {
  const problems: string[] = [];
  let calls = 0;
  const hangsOnce: StretchScorer = {
    score: async (samples) => {
      calls += 1;
      if (calls === 1) return new Promise<VerifyScores>(() => undefined);
      return new Marked().score(samples);
    },
    close: async () => undefined,
  };
  // The second wake's stretch is one the stand-in turns down: it is checked, not waved through.
  const audio = ramp(6, [5 * SAMPLE_RATE - 1.2 * SAMPLE_RATE]);
  const engine = new VerifiedWakeWord(new StandIn([2 * SAMPLE_RATE, 5 * SAMPLE_RATE]), { rule: { windowSeconds: 1.2, minMargin: -6 }, scorer: hangsOnce, timeoutMs: 5, lateAfter: lateWhen((call) => call === 1), onProblem: (message) => problems.push(message) });
  const told: WakeDetection[] = [];
  engine.onDetection((detection) => told.push(detection));
  for (const frame of framesOf(audio, 1280, 0)) engine.process(frame);
  await engine.finish();
  assert.deepEqual(told.map((each) => each.heardTo), [2 * SAMPLE_RATE]);
  assert.deepEqual(problems, ['the wake verifier was late (no answer within 5 ms); that wake passed unchecked']);
  assert.equal(calls, 2);
  engine.close();
});

test('a verifier late once and then stopped says both: the driver learns that wakes now pass unchecked', async () => {
  const problems: string[] = [];
  let calls = 0;
  const lateThenGone: StretchScorer = {
    score: async () => {
      calls += 1;
      if (calls === 1) return new Promise<VerifyScores>(() => undefined);
      throw new Error('the wake verifier stopped: exit 1');
    },
    close: async () => undefined,
  };
  const engine = new VerifiedWakeWord(new StandIn([2 * SAMPLE_RATE, 5 * SAMPLE_RATE, 8 * SAMPLE_RATE]), { rule: { windowSeconds: 1.2, minMargin: -6 }, scorer: lateThenGone, timeoutMs: 5, lateAfter: lateWhen((call) => call === 1), onProblem: (message) => problems.push(message) });
  const told: WakeDetection[] = [];
  engine.onDetection((detection) => told.push(detection));
  // Heard as a microphone is, caught up now and then: each wake's check is over before the next wake.
  for (const frame of framesOf(ramp(9), 1280, 0)) {
    engine.process(frame);
    if ((frame.start + frame.samples.length) % SAMPLE_RATE === 0) await engine.sync();
  }
  await engine.finish();
  assert.equal(told.length, 3);
  assert.deepEqual(problems, ['the wake verifier was late (no answer within 5 ms); that wake passed unchecked', 'the wake verifier cannot answer (the wake verifier stopped: exit 1); wakes pass unchecked']);
  assert.equal(calls, 2, 'once stopped, it is not asked again');
  engine.close();
});

test('the live engine measures the noise back into the pause before the window, and judges a wake in heavy noise by the noisy margin', async () => {
  // Every stretch scores -14: within -17, not within the noisy -13.
  const fourteen: StretchScorer = { score: () => Promise.resolve({ phrase: -40, loop: -26 }), close: () => Promise.resolve() };
  const rule = { windowSeconds: 1.2, minMargin: -17, noisy: { belowSnrDb: 22, minMargin: -13 } };
  const heardIn = async (audio: Int16Array): Promise<{ told: number; verdicts: Verdict[] }> => {
    const verdicts: Verdict[] = [];
    let told = 0;
    // A verdict is told only when turned down; the kept ones are read back through verdictAt below.
    const engine = new VerifiedWakeWord(new StandIn([audio.length]), { rule, scorer: fourteen, onRejected: (_detection, verdict) => verdicts.push(verdict) });
    engine.onDetection(() => (told += 1));
    for (const frame of framesOf(audio, 1280, 0)) engine.process(frame);
    await engine.finish();
    engine.close();
    return { told, verdicts };
  };
  // Quiet for 2 s, then 2.5 s of speech: the window holds speech alone, the pause is 1.3 s further back.
  const speech = voiced(2, 2.5);
  assert.deepEqual(await heardIn(speech), { told: 1, verdicts: [] });
  const measured = await verdictAt(speech, speech.length, rule, fourteen);
  assert.ok(measured.snrDb !== null && measured.snrDb > 40, `the pause sets the floor: ${measured.snrDb}`);
  // The same speech under cabin noise at 5 dB is heavy noise: turned down, saying what it measured.
  const noisy = mixAtSnr(speech, cabinNoise(speech.length, 5), 5);
  const { told, verdicts } = await heardIn(noisy);
  assert.equal(told, 0);
  assert.equal(verdicts[0]?.margin, -14);
  assert.ok((verdicts[0]?.snrDb ?? 99) < 22, `5 dB measured as heavy: ${verdicts[0]?.snrDb}`);
});

test('a recording\'s wakes checked at once keep what the live engine keeps; the stretch is cut at the recording\'s edges', async () => {
  const audio = ramp(9, [5 * SAMPLE_RATE - 1.2 * SAMPLE_RATE]);
  assert.deepEqual(await verifiedWakes(audio, [2 * SAMPLE_RATE, 5 * SAMPLE_RATE, 8 * SAMPLE_RATE], { windowSeconds: 1.2, minMargin: -6 }, new Marked()), [2 * SAMPLE_RATE, 8 * SAMPLE_RATE]);
  assert.deepEqual(await verifiedWakes(audio, [5 * SAMPLE_RATE], null, new Marked()), [5 * SAMPLE_RATE], 'no rule, no check');
  assert.equal(heardBefore(audio, 8000, 1.2).stretch.length, 8000);
  assert.equal(heardBefore(audio, 20 * SAMPLE_RATE, 1.2).stretch.length, 1.2 * SAMPLE_RATE);
});

test('pocketsphinx: "hey glovebox" stands at the shipped margin, prose that fooled the head does not', { skip: SKIP }, async () => {
  const rule = loadWakeHead().verify;
  assert.ok(rule, 'the shipped head has a verify rule (docs/adr/0025)');
  const verifier = new SphinxVerifier('hey glovebox', GLOVEBOX_PRONUNCIATION);
  try {
    const voice = { engine: 'flite', name: 'kal16' } as const;
    const wake = concat(silence(0.6), synthesize('hey glovebox', voice));
    const said = await verdictAt(wake, wake.length, rule, verifier);
    assert.ok(said.accepted, JSON.stringify(said));
    const prose = synthesize('each layer imports only those below it', voice);
    const heard = await verdictAt(prose, prose.length, rule, verifier);
    assert.equal(heard.accepted, false, JSON.stringify(heard));
    assert.ok((said.margin ?? 0) > (heard.margin ?? 0));
  } finally {
    await verifier.close();
  }
});

test('pocketsphinx: a stretch scores the same whatever the verifier decoded before it (docs/adr/0037)', { skip: SKIP }, async () => {
  const voice = { engine: 'flite', name: 'kal16' } as const;
  const wake = concat(silence(0.6), synthesize('hey glovebox', voice));
  const prose = synthesize('each layer imports only those below it', voice);
  const loud = mixAtSnr(prose, cabinNoise(prose.length, 7), 0);
  const marginsOf = async (cmn: CepstralMean): Promise<number[]> => {
    const verifier = new SphinxVerifier('hey glovebox', GLOVEBOX_PRONUNCIATION, { cmn });
    try {
      const margins: number[] = [];
      for (const before of [null, loud, prose, loud]) {
        if (before) await verifier.score(before);
        margins.push(verdictOf(await verifier.score(wake), { minMargin: 0 }).margin ?? Number.NaN);
      }
      return margins;
    } finally {
      await verifier.close();
    }
  };
  const spreadOf = (margins: number[]): number => Math.max(...margins) - Math.min(...margins);
  const live = await marginsOf('live');
  // The verifier before: the mean carried over from a loud stretch moves the wake's score.
  assert.ok(spreadOf(live) > 1, `live: ${live.join(', ')}`);
  // Each stretch by its own mean and noise estimate: the very same score.
  const batch = await marginsOf('batch');
  assert.ok(spreadOf(batch) < 1e-9, `batch: ${batch.join(', ')}`);
});

test('a wake phrase the sidecar cannot take is refused with what it found', { skip: SKIP }, async () => {
  const verifier = new SphinxVerifier('Hey; Glovebox', GLOVEBOX_PRONUNCIATION);
  await assert.rejects(verifier.score(silence(1)), /the wake verifier stopped: the wake phrase must be lower-case words, found 'Hey; Glovebox'/);
  await verifier.close();
});
