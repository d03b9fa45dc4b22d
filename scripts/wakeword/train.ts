/**
 * `npm run train:wake [-- --phrase "hey volvo" --out FILE]`: trains the wake-word head
 * (voice/common/wakeHead.ts) for a phrase, by default "hey glovebox" into the shipped
 * voice/models/hey-glovebox.json; an OEM's phrase goes to its own file, named by the config's
 * voice.wakeModel. Reproducible: the corpus and the network start from fixed
 * seeds, so the same commit and the same Debian voices give the same weights. About ten
 * minutes on two cores; needs flite, espeak-ng and sox (scripts/system-deps.sh).
 *
 * 1. Corpus (scripts/wakeword/corpus.ts): the phrase by the training voices at three speeds
 *    and three pitches, alone or running into a command, clean and in cabin noise at 10 and
 *    5 dB; confusable phrases; a third of the repository's prose sentences.
 * 2. Features: every clip through the shipped speech-feature models (the same code the car
 *    runs, voice/node/speechFeatures.ts).
 * 3. Network: 16 embeddings in, one hidden ReLU layer, a sigmoid out; Adam on balanced
 *    batches of windows that end where the phrase ends (positive) and windows of anything
 *    else (negative).
 * 4. Threshold: on validation audio (the same voices at other speeds and pitches, other
 *    sentences), the lowest score that no negative stretch reaches.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SAMPLE_RATE } from '../../voice/common/audio.js';
import { seededRandom } from '../../voice/common/noise.js';
import type { WakeHeadFile, WakeHeadWeights } from '../../voice/common/wakeHead.js';
import { decodeFloats, encodeFloats, HEAD_FORMAT, headInput, headScore } from '../../voice/common/wakeHead.js';
import { shippedPath } from '../../base/node/shippedFiles.js';
import { WAKE_HEAD_FILE } from '../../voice/node/embeddingWakeWord.js';
import { EMBEDDING_SIZE, SpeechFeatures, STEP_SAMPLES } from '../../voice/node/speechFeatures.js';
import { missingSpeechTools } from '../../voice/node/speech.js';
import type { Voice } from '../../voice/node/speech.js';
import { CONFUSABLES, festivalMissing, FOLLOW_UPS, PHRASE, ROOMS, proseSentences, SNRS, speechStream, spellingFor, TRAIN_VOICES, voiceLabel, wakeClip } from './corpus.js';

const STEPS = 16;
const HIDDEN = 32;
const SEED = 20_261_203;
const ITERATIONS = 6000;
const BATCH_HALF = 32;
const LEARNING_RATE = 1e-3;
const L2 = 5e-4;
/** Gaussian noise added to each standardised input while training, so no single feature is trusted too much. */
const INPUT_NOISE = 0.3;
/** Windows ending this close after the phrase's end are positives (seconds, from −1 step). */
const POSITIVE_AFTER = 0.32;

/** One clip's embeddings and which of its windows are positive, negative or neither. */
interface Embedded {
  /** The phrase (wake), a near miss (CONFUSABLES), or ordinary speech and noise. */
  readonly kind: 'wake' | 'confusable' | 'speech';
  readonly embeddings: Float32Array;
  /** Per step (window ending at that step): 1 positive, 0 negative, −1 unused. */
  readonly labels: Int8Array;
}

function stepEnd(step: number): number {
  return (step + 1) * STEP_SAMPLES;
}

async function embedWake(features: SpeechFeatures, samples: Int16Array, keywordEnd: number): Promise<Embedded> {
  const embeddings = await features.embedClip(samples);
  const steps = embeddings.length / EMBEDDING_SIZE;
  const labels = new Int8Array(steps).fill(-1);
  for (let step = STEPS - 1; step < steps; step += 1) {
    const end = stepEnd(step);
    if (end >= keywordEnd - STEP_SAMPLES && end <= keywordEnd + POSITIVE_AFTER * SAMPLE_RATE) labels[step] = 1;
  }
  return { kind: 'wake', embeddings, labels };
}

async function embedNegative(features: SpeechFeatures, samples: Int16Array, kind: 'confusable' | 'speech'): Promise<Embedded> {
  const embeddings = await features.embedClip(samples);
  const labels = new Int8Array(embeddings.length / EMBEDDING_SIZE).fill(-1);
  labels.fill(0, STEPS - 1);
  return { kind, embeddings, labels };
}

/** A voice at a speed and pitch. */
function variant(voice: Voice, rate: number, pitch: number): Voice {
  return { ...voice, rate, pitch };
}

interface Split {
  readonly clips: Embedded[];
  negativeSeconds: number;
}

async function positives(phrase: string, features: SpeechFeatures, split: Split, voices: readonly Voice[], rates: readonly number[], pitches: readonly number[], seed: number): Promise<void> {
  let n = 0;
  for (const voice of voices) {
    const spelling = spellingFor(phrase, voice);
    if (spelling === null) continue;
    for (const rate of rates) {
      for (const pitch of pitches) {
        for (const snr of SNRS) {
          n += 1;
          const follow = n % (FOLLOW_UPS.length + 1) === 0 ? null : (FOLLOW_UPS[n % (FOLLOW_UPS.length + 1) - 1] as string);
          const clip = wakeClip(spelling, variant(voice, rate, pitch), follow, snr, seed + n, ROOMS[n % ROOMS.length]);
          split.clips.push(await embedWake(features, clip.samples, clip.keywordEnd));
        }
      }
    }
  }
}

async function negatives(features: SpeechFeatures, split: Split, voices: readonly Voice[], sentences: readonly string[], rate: number, seed: number): Promise<void> {
  const next = seededRandom(seed);
  let n = 0;
  for (const voice of voices) {
    for (const phrase of CONFUSABLES) {
      n += 1;
      const snr = SNRS[n % SNRS.length] ?? null;
      const samples = speechStream(variant(voice, rate, 1 + next() * 0.16), [phrase], snr, seed + n, ROOMS[n % ROOMS.length]);
      split.negativeSeconds += samples.length / SAMPLE_RATE;
      split.clips.push(await embedNegative(features, samples, 'confusable'));
    }
  }
  for (let first = 0; first < sentences.length; first += 8) {
    n += 1;
    const voice = voices[n % voices.length] as Voice;
    const snr = SNRS[n % SNRS.length] ?? null;
    const samples = speechStream(variant(voice, rate * (1 + next() * 0.2), 1 + next() * 0.16), sentences.slice(first, first + 8), snr, seed + n, ROOMS[n % ROOMS.length]);
    split.negativeSeconds += samples.length / SAMPLE_RATE;
    split.clips.push(await embedNegative(features, samples, 'speech'));
  }
}

interface Corpus {
  readonly phrase: string;
  readonly training: Split;
  readonly validation: Split;
}

/** The embedded corpus kept between runs (`--cache FILE`), so the network can be retrained without synthesising again. */
function writeCorpus(file: string, corpus: Corpus): void {
  const split = (each: Split): unknown => ({ negativeSeconds: each.negativeSeconds, clips: each.clips.map((clip) => ({ kind: clip.kind, embeddings: encodeFloats(clip.embeddings), labels: [...clip.labels] })) });
  writeFileSync(file, JSON.stringify({ phrase: corpus.phrase, training: split(corpus.training), validation: split(corpus.validation) }));
}

function readCorpus(file: string): Corpus {
  type Stored = { negativeSeconds: number; clips: { kind: Embedded['kind']; embeddings: string; labels: number[] }[] };
  const value = JSON.parse(readFileSync(file, 'utf8')) as { phrase: string; training: Stored; validation: Stored };
  const split = (each: Stored): Split => ({
    negativeSeconds: each.negativeSeconds,
    clips: each.clips.map((clip) => ({ kind: clip.kind, embeddings: decodeFloats(clip.embeddings, clip.labels.length * EMBEDDING_SIZE, 'embeddings'), labels: Int8Array.from(clip.labels) })),
  });
  return { phrase: value.phrase, training: split(value.training), validation: split(value.validation) };
}

/** Mean and 1/std per embedding dimension over every labelled window's newest embedding. */
function standardisation(clips: readonly Embedded[]): { mean: Float32Array; scale: Float32Array } {
  const sum = new Float64Array(EMBEDDING_SIZE);
  const squares = new Float64Array(EMBEDDING_SIZE);
  let count = 0;
  for (const clip of clips) {
    for (let i = 0; i < clip.embeddings.length; i += 1) {
      const value = clip.embeddings[i] as number;
      sum[i % EMBEDDING_SIZE] = (sum[i % EMBEDDING_SIZE] as number) + value;
      squares[i % EMBEDDING_SIZE] = (squares[i % EMBEDDING_SIZE] as number) + value * value;
    }
    count += clip.embeddings.length / EMBEDDING_SIZE;
  }
  const mean = Float32Array.from(sum, (value) => value / count);
  const scale = Float32Array.from(squares, (value, d) => 1 / Math.sqrt(Math.max(1e-6, value / count - (mean[d] as number) ** 2)));
  return { mean, scale };
}

function windowOf(clip: Embedded, step: number): Float32Array {
  return clip.embeddings.subarray((step - STEPS + 1) * EMBEDDING_SIZE, (step + 1) * EMBEDDING_SIZE);
}

/** Adam on balanced batches; returns the weights. */
function train(clips: readonly Embedded[], mean: Float32Array, scale: Float32Array): WakeHeadWeights {
  const pos: [Embedded, number][] = [];
  const neg: [Embedded, number][] = [];
  for (const clip of clips) clip.labels.forEach((label, step) => (label === 1 ? pos : label === 0 ? neg : undefined)?.push([clip, step]));
  console.log(`train: ${pos.length} positive and ${neg.length} negative windows`);
  const width = STEPS * EMBEDDING_SIZE;
  const next = seededRandom(SEED);
  const gaussian = (): number => {
    const u = next() + 0.5 || 1e-9;
    const v = next() + 0.5;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  // Parameters in one array: w1 (HIDDEN·width), b1 (HIDDEN), w2 (HIDDEN), b2 (1).
  const size = HIDDEN * width + HIDDEN * 2 + 1;
  const params = new Float64Array(size);
  for (let i = 0; i < HIDDEN * width; i += 1) params[i] = gaussian() * Math.sqrt(2 / width);
  for (let h = 0; h < HIDDEN; h += 1) params[HIDDEN * width + HIDDEN + h] = gaussian() * Math.sqrt(1 / HIDDEN);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const grad = new Float64Array(size);
  const input = new Float32Array(width);
  const hidden = new Float64Array(HIDDEN);
  const w2 = HIDDEN * width + HIDDEN;
  const b1 = HIDDEN * width;
  let loss = 0;
  for (let iteration = 1; iteration <= ITERATIONS; iteration += 1) {
    grad.fill(0);
    for (let k = 0; k < BATCH_HALF * 2; k += 1) {
      const pool = k < BATCH_HALF ? pos : neg;
      const [clip, step] = pool[Math.floor((next() + 0.5) * pool.length)] as [Embedded, number];
      headInput({ dims: EMBEDDING_SIZE, mean, scale }, windowOf(clip, step), input);
      for (let i = 0; i < width; i += 1) input[i] = (input[i] as number) + INPUT_NOISE * gaussian();
      let logit = params[size - 1] as number;
      for (let h = 0; h < HIDDEN; h += 1) {
        let sum = params[b1 + h] as number;
        const row = h * width;
        for (let i = 0; i < width; i += 1) sum += (params[row + i] as number) * (input[i] as number);
        hidden[h] = sum > 0 ? sum : 0;
        logit += (hidden[h] as number) * (params[w2 + h] as number);
      }
      const target = k < BATCH_HALF ? 1 : 0;
      const p = 1 / (1 + Math.exp(-logit));
      loss += -(target * Math.log(p + 1e-12) + (1 - target) * Math.log(1 - p + 1e-12));
      const dLogit = p - target;
      grad[size - 1] = (grad[size - 1] as number) + dLogit;
      for (let h = 0; h < HIDDEN; h += 1) {
        grad[w2 + h] = (grad[w2 + h] as number) + dLogit * (hidden[h] as number);
        if ((hidden[h] as number) <= 0) continue;
        const dHidden = dLogit * (params[w2 + h] as number);
        grad[b1 + h] = (grad[b1 + h] as number) + dHidden;
        const row = h * width;
        for (let i = 0; i < width; i += 1) grad[row + i] = (grad[row + i] as number) + dHidden * (input[i] as number);
      }
    }
    const lr = LEARNING_RATE * (iteration > ITERATIONS * 0.75 ? 0.2 : 1);
    for (let i = 0; i < size; i += 1) {
      const g = (grad[i] as number) / (BATCH_HALF * 2) + (i < b1 ? L2 * (params[i] as number) : 0);
      m[i] = 0.9 * (m[i] as number) + 0.1 * g;
      v[i] = 0.999 * (v[i] as number) + 0.001 * g * g;
      const mHat = (m[i] as number) / (1 - 0.9 ** iteration);
      const vHat = (v[i] as number) / (1 - 0.999 ** iteration);
      params[i] = (params[i] as number) - (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
    if (iteration % 1000 === 0) {
      console.log(`train: iteration ${iteration}, mean loss ${(loss / (1000 * BATCH_HALF * 2)).toFixed(4)}`);
      loss = 0;
    }
  }
  return {
    steps: STEPS,
    dims: EMBEDDING_SIZE,
    hidden: HIDDEN,
    mean,
    scale,
    w1: Float32Array.from(params.subarray(0, b1)),
    b1: Float32Array.from(params.subarray(b1, w2)),
    w2: Float32Array.from(params.subarray(w2, w2 + HIDDEN)),
    b2: params[size - 1] as number,
  };
}

/** Per positive clip its best score near the phrase's end; per negative clip its best score anywhere. */
/** Per clip its best score: near the phrase's end for wake clips, anywhere for the others; by kind. */
function scores(weights: WakeHeadWeights, clips: readonly Embedded[]): Record<Embedded['kind'], number[]> {
  const input = new Float32Array(STEPS * EMBEDDING_SIZE);
  const out: Record<Embedded['kind'], number[]> = { wake: [], confusable: [], speech: [] };
  for (const clip of clips) {
    let best = 0;
    clip.labels.forEach((label, step) => {
      if (label === -1 || (clip.kind === 'wake' && label !== 1)) return;
      best = Math.max(best, headScore(weights, headInput(weights, windowOf(clip, step), input)));
    });
    out[clip.kind].push(best);
  }
  return out;
}

export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: { phrase: { type: 'string', default: PHRASE }, out: { type: 'string' }, cache: { type: 'string' } } });
  const phrase = values.phrase.trim().toLowerCase();
  if (!/^[a-z]+( [a-z]+){1,3}$/.test(phrase)) throw new Error(`--phrase: expected two to four lower-case words, found ${JSON.stringify(values.phrase)}`);
  const out = values.out ?? (phrase === PHRASE ? join(shippedPath(dirname(WAKE_HEAD_FILE)), basename(WAKE_HEAD_FILE)) : undefined);
  if (out === undefined) throw new Error(`--out: a phrase other than "${PHRASE}" is written to its own file (the shipped model stays "${PHRASE}")`);
  const missing = missingSpeechTools();
  if (missing.length > 0) throw new Error(`train:wake needs ${missing.join(', ')}: bash scripts/system-deps.sh installs them`);
  const festival = festivalMissing();
  if (festival) throw new Error(`train:wake needs festival's voices: apt-get install ${festival}`);
  const root = shippedPath('README.md').replace(/README\.md$/, '');
  const sentences = proseSentences(root);
  const features = await SpeechFeatures.load();
  const began = Date.now();
  const cache = values.cache;
  let corpus = cache !== undefined && existsSync(cache) ? readCorpus(cache) : undefined;
  if (corpus === undefined) {
    const training: Split = { clips: [], negativeSeconds: 0 };
    const validation: Split = { clips: [], negativeSeconds: 0 };
    await positives(phrase, features, training, TRAIN_VOICES, [0.8, 1, 1.2], [0.85, 1, 1.15], SEED);
    console.log(`train: ${training.clips.length} wake clips embedded in ${((Date.now() - began) / 1000).toFixed(0)} s`);
    await negatives(features, training, TRAIN_VOICES, sentences.filter((_, i) => i % 3 === 0), 1, SEED + 1);
    console.log(`train: training corpus embedded in ${((Date.now() - began) / 1000).toFixed(0)} s (${training.clips.length} clips, ${(training.negativeSeconds / 60).toFixed(1)} min of negatives)`);
    await positives(phrase, features, validation, TRAIN_VOICES, [1.05], [0.96], SEED + 2);
    await negatives(features, validation, TRAIN_VOICES, sentences.filter((_, i) => i % 3 === 1), 1.05, SEED + 3);
    corpus = { phrase, training, validation };
    if (cache !== undefined) writeCorpus(cache, corpus);
  } else if (corpus.phrase !== phrase) {
    throw new Error(`--cache ${cache} holds the corpus of "${corpus.phrase}", not "${phrase}"`);
  } else {
    console.log(`train: corpus read from ${cache}`);
  }
  const { training, validation } = corpus;
  const { mean, scale } = standardisation(training.clips);
  const weights = train(training.clips, mean, scale);
  const valid = scores(weights, validation.clips);
  // The threshold keeps ordinary speech quiet: the lowest score no validation speech stream
  // reaches, with a margin. Near misses ("hey glow fox", one sound away) are trained against and
  // counted, but do not set it: a threshold above every one of them would drop the phrase too.
  const worstSpeech = Math.max(...valid.speech);
  const threshold = Math.min(0.999, Math.max(0.5, worstSpeech + (1 - worstSpeech) * 0.25));
  const missed = valid.wake.filter((score) => score < threshold).length;
  const nearMisses = valid.confusable.filter((score) => score >= threshold).length;
  const trainScores = scores(weights, training.clips);
  const summary = {
    seed: SEED,
    voices: TRAIN_VOICES.map(voiceLabel),
    sentences: { count: sentences.length, sha256: createHash('sha256').update(sentences.join('\n')).digest('hex').slice(0, 16) },
    training: { clips: training.clips.length, negativeMinutes: Number((training.negativeSeconds / 60).toFixed(1)), missedWakes: trainScores.wake.filter((score) => score < threshold).length, wakes: trainScores.wake.length },
    validation: { wakes: valid.wake.length, missed, negativeMinutes: Number((validation.negativeSeconds / 60).toFixed(1)), worstSpeech: Number(worstSpeech.toFixed(4)), confusables: valid.confusable.length, confusablesWaking: nearMisses },
  };
  console.log(`train: validation at threshold ${threshold.toFixed(3)}: misses ${missed} of ${valid.wake.length} wake clips; worst of ${valid.speech.length} speech streams ${worstSpeech.toFixed(3)}; ${nearMisses} of ${valid.confusable.length} near misses would wake`);
  const file: WakeHeadFile = {
    format: HEAD_FORMAT,
    phrase,
    steps: STEPS,
    dims: EMBEDDING_SIZE,
    hidden: HIDDEN,
    threshold: Number(threshold.toFixed(4)),
    mean: encodeFloats(mean),
    scale: encodeFloats(scale),
    w1: encodeFloats(weights.w1),
    b1: encodeFloats(weights.b1),
    w2: encodeFloats(weights.w2),
    b2: weights.b2,
    training: summary,
  };
  writeFileSync(out, `${JSON.stringify(file, null, 1)}\n`);
  console.log(`train: wrote ${out} in ${((Date.now() - began) / 1000).toFixed(0)} s`);
}

await main(process.argv.slice(2));
