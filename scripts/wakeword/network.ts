/**
 * The wake-word head's network and how it is trained (scripts/wakeword/train.ts builds the
 * corpus and calls train()): 16 embeddings in, one hidden ReLU layer, a sigmoid out; Adam on
 * balanced batches with noise on the inputs, then rounds of hard-negative mining
 * (docs/adr/0018). Deterministic: one seed.
 */
import { seededRandom } from '../../voice/common/noise.js';
import type { WakeHeadWeights } from '../../voice/common/wakeHead.js';
import { headInput, headScore } from '../../voice/common/wakeHead.js';
import { EMBEDDING_SIZE } from '../../voice/node/speechFeatures.js';

export const STEPS = 16;
/** The shipped head's hidden units and seed; `--hidden` and `--seed` train others (ADR 0024). */
export const HIDDEN = 32;
export const SEED = 20_261_203;
const ITERATIONS = 6000;
const BATCH_HALF = 32;
const LEARNING_RATE = 1e-3;
const L2 = 5e-4;
/** Gaussian noise added to each standardised input while training, so no single feature is trusted too much. */
const INPUT_NOISE = 0.3;
/** Hard-negative mining (train()): rounds, windows kept per round, iterations per round. */
export const MINING_ROUNDS = 2;
export const HARD_WINDOWS = 3000;
export const MINING_ITERATIONS = 3000;
/** With positive mining (`--mine-positives`, ADR 0023): the share of the positive windows, those scored lowest, kept per round. */
export const WEAK_POSITIVE_SHARE = 0.1;

/** One clip's embeddings and which of its windows are positive, negative or neither. */
export interface Embedded {
  /** The phrase (wake; unfamiliar-wake: said by a voice the head never hears in training, validation only), a near miss (CONFUSABLES), or ordinary speech and noise. */
  readonly kind: 'wake' | 'unfamiliar-wake' | 'confusable' | 'speech';
  readonly embeddings: Float32Array;
  /** Per step (window ending at that step): 1 positive, 0 negative, −1 unused. */
  readonly labels: Int8Array;
}

/** Mean and 1/std per embedding dimension over every labelled window's newest embedding. */
export function standardisation(clips: readonly Embedded[]): { mean: Float32Array; scale: Float32Array } {
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

export function windowOf(clip: Embedded, step: number): Float32Array {
  return clip.embeddings.subarray((step - STEPS + 1) * EMBEDDING_SIZE, (step + 1) * EMBEDDING_SIZE);
}

type Window = readonly [Embedded, number];

/**
 * The network and its Adam state, trained in stages: each stage draws half of every batch from
 * the positive windows and half from a negative sampler.
 */
class Network {
  readonly width = STEPS * EMBEDDING_SIZE;
  /** Parameters in one array: w1 (hidden·width), b1 (hidden), w2 (hidden), b2 (1). */
  readonly params: Float64Array;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private iteration = 0;
  private readonly next: () => number;

  constructor(
    private readonly mean: Float32Array,
    private readonly scale: Float32Array,
    private readonly hidden: number,
    seed: number,
  ) {
    this.next = seededRandom(seed);
    const size = hidden * this.width + hidden * 2 + 1;
    this.params = new Float64Array(size);
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
    for (let i = 0; i < hidden * this.width; i += 1) this.params[i] = this.gaussian() * Math.sqrt(2 / this.width);
    for (let h = 0; h < hidden; h += 1) this.params[hidden * this.width + hidden + h] = this.gaussian() * Math.sqrt(1 / hidden);
  }

  /** A uniform draw in [0, 1). */
  uniform(): number {
    return this.next() + 0.5;
  }

  private gaussian(): number {
    const u = this.uniform() || 1e-9;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }

  /** `iterations` steps of Adam at `rate`, the last quarter at a fifth of it. */
  fit(positive: () => Window, negative: () => Window, iterations: number, rate: number, stage: string): void {
    const { width, params, m, v } = this;
    const units = this.hidden;
    const size = params.length;
    const b1 = units * width;
    const w2 = b1 + units;
    const grad = new Float64Array(size);
    const input = new Float32Array(width);
    const hidden = new Float64Array(units);
    let loss = 0;
    for (let local = 1; local <= iterations; local += 1) {
      this.iteration += 1;
      grad.fill(0);
      for (let k = 0; k < BATCH_HALF * 2; k += 1) {
        const [clip, step] = k < BATCH_HALF ? positive() : negative();
        headInput({ dims: EMBEDDING_SIZE, mean: this.mean, scale: this.scale }, windowOf(clip, step), input);
        for (let i = 0; i < width; i += 1) input[i] = (input[i] as number) + INPUT_NOISE * this.gaussian();
        let logit = params[size - 1] as number;
        for (let h = 0; h < units; h += 1) {
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
        for (let h = 0; h < units; h += 1) {
          grad[w2 + h] = (grad[w2 + h] as number) + dLogit * (hidden[h] as number);
          if ((hidden[h] as number) <= 0) continue;
          const dHidden = dLogit * (params[w2 + h] as number);
          grad[b1 + h] = (grad[b1 + h] as number) + dHidden;
          const row = h * width;
          for (let i = 0; i < width; i += 1) grad[row + i] = (grad[row + i] as number) + dHidden * (input[i] as number);
        }
      }
      const lr = rate * (local > iterations * 0.75 ? 0.2 : 1);
      for (let i = 0; i < size; i += 1) {
        const g = (grad[i] as number) / (BATCH_HALF * 2) + (i < b1 ? L2 * (params[i] as number) : 0);
        m[i] = 0.9 * (m[i] as number) + 0.1 * g;
        v[i] = 0.999 * (v[i] as number) + 0.001 * g * g;
        const mHat = (m[i] as number) / (1 - 0.9 ** this.iteration);
        const vHat = (v[i] as number) / (1 - 0.999 ** this.iteration);
        params[i] = (params[i] as number) - (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
      }
      if (local % 1000 === 0) {
        console.log(`train: ${stage}, iteration ${local}, mean loss ${(loss / (1000 * BATCH_HALF * 2)).toFixed(4)}`);
        loss = 0;
      }
    }
  }

  weights(): WakeHeadWeights {
    const b1 = this.hidden * this.width;
    const w2 = b1 + this.hidden;
    return {
      steps: STEPS,
      dims: EMBEDDING_SIZE,
      hidden: this.hidden,
      mean: this.mean,
      scale: this.scale,
      w1: Float32Array.from(this.params.subarray(0, b1)),
      b1: Float32Array.from(this.params.subarray(b1, w2)),
      w2: Float32Array.from(this.params.subarray(w2, w2 + this.hidden)),
      b2: this.params[this.params.length - 1] as number,
    };
  }
}

/** The `count` windows the weights score highest (negatives: the near misses to train on next), or lowest (`lowest`; positives: the phrase as the head hears it worst). */
function hardest(weights: WakeHeadWeights, windows: readonly Window[], count: number, lowest = false): { windows: Window[]; floor: number } {
  const input = new Float32Array(STEPS * EMBEDDING_SIZE);
  const scored = windows.map((window) => [headScore(weights, headInput(weights, windowOf(window[0], window[1]), input)), window] as const);
  scored.sort((a, b) => (lowest ? a[0] - b[0] : b[0] - a[0]));
  const top = scored.slice(0, count);
  return { windows: top.map(([, window]) => window), floor: top[top.length - 1]?.[0] ?? 0 };
}

/**
 * Adam on balanced batches, then hard-negative mining: `miningRounds` times (MINING_ROUNDS unless
 * --mining-rounds says otherwise), the negative
 * windows the network scores highest are found and half of every negative draw comes from them,
 * so the rare stretch of speech that sounds like the phrase is trained against far more often
 * than uniform sampling would (one window in a hundred thousand is what wakes a car once an hour).
 */
/** How a head is trained besides its corpus: the shipped head's are the defaults. */
export interface TrainOptions {
  readonly miningRounds: number;
  /** Draw the weakest positives more often too (`--mine-positives`, ADR 0023). */
  readonly positiveMining?: boolean;
  readonly hidden?: number;
  /** The start of the network's weights and of every draw. */
  readonly seed?: number;
  /** Adam steps of the first stage (ITERATIONS; fewer only where a test needs a head fast). */
  readonly iterations?: number;
}

export function train(clips: readonly Embedded[], mean: Float32Array, scale: Float32Array, options: TrainOptions): WakeHeadWeights {
  const { miningRounds, positiveMining = false, hidden = HIDDEN, seed = SEED, iterations = ITERATIONS } = options;
  const pos: Window[] = [];
  const neg: Window[] = [];
  for (const clip of clips) clip.labels.forEach((label, step) => (label === 1 ? pos : label === 0 ? neg : undefined)?.push([clip, step]));
  console.log(`train: ${pos.length} positive and ${neg.length} negative windows`);
  const network = new Network(mean, scale, hidden, seed);
  const anyNegative = (): Window => neg[Math.floor(network.uniform() * neg.length)] as Window;
  const anyPositive = (): Window => pos[Math.floor(network.uniform() * pos.length)] as Window;
  network.fit(anyPositive, anyNegative, iterations, LEARNING_RATE, 'uniform negatives');
  // Each round's hardest windows join the pool (one hard in both rounds is drawn twice as often).
  let pool: Window[] = [];
  let weak: Window[] = [];
  for (let round = 1; round <= miningRounds; round += 1) {
    const hard = hardest(network.weights(), neg, HARD_WINDOWS);
    console.log(`train: mining round ${round}: the ${hard.windows.length} hardest negative windows score ≥ ${hard.floor.toFixed(3)}`);
    pool = [...pool, ...hard.windows];
    if (positiveMining) {
      // ADR 0023's experiment: the positives the head scores lowest (the phrase in noise, said oddly) drawn as often as hard negatives are.
      const low = hardest(network.weights(), pos, Math.round(pos.length * WEAK_POSITIVE_SHARE), true);
      console.log(`train: mining round ${round}: the ${low.windows.length} weakest positive windows score ≤ ${low.floor.toFixed(3)}`);
      weak = [...weak, ...low.windows];
    }
    const positive = weak.length === 0 ? anyPositive : (): Window => (network.uniform() < 0.5 ? (weak[Math.floor(network.uniform() * weak.length)] as Window) : anyPositive());
    network.fit(positive, () => (network.uniform() < 0.5 ? (pool[Math.floor(network.uniform() * pool.length)] as Window) : anyNegative()), MINING_ITERATIONS, LEARNING_RATE * 0.5, `mining round ${round}`);
  }
  return network.weights();
}

/**
 * A head that reads embeddings standardised by `mean` and `scale` and scores every window as
 * `head` does under its own: each input weight is multiplied by the head's scale over the new
 * one, and the difference of the means moves into the hidden biases.
 */
export function restandardise(head: WakeHeadWeights, mean: Float32Array, scale: Float32Array): WakeHeadWeights {
  if (mean.length !== head.dims || scale.length !== head.dims) throw new Error(`restandardise: expected ${head.dims} means and scales, found ${mean.length} and ${scale.length}`);
  if (scale.some((value) => value === 0 || !Number.isFinite(value))) throw new Error('restandardise: every scale must be finite and not 0');
  const width = head.steps * head.dims;
  const w1 = new Float32Array(head.w1.length);
  const b1 = Float32Array.from(head.b1);
  for (let h = 0; h < head.hidden; h += 1) {
    let shift = 0;
    for (let i = 0; i < width; i += 1) {
      const d = i % head.dims;
      const weight = (head.w1[h * width + i] as number) * (head.scale[d] as number);
      w1[h * width + i] = weight / (scale[d] as number);
      shift += weight * ((mean[d] as number) - (head.mean[d] as number));
    }
    b1[h] = (b1[h] as number) + shift;
  }
  return { ...head, mean, scale, w1, b1 };
}

/**
 * Heads trained apart (other seeds, other corpora) as one head that scores the mean of their
 * logits (ADR 0024): their hidden units side by side, each output weight divided by their
 * number; a head standardised otherwise than the first is first restated in the first's
 * standardisation (restandardise, ADR 0029). The engine runs it as any head, its cost the
 * members' together.
 */
export function mergeHeads(members: readonly WakeHeadWeights[]): WakeHeadWeights {
  const [first] = members;
  if (first === undefined) throw new Error('mergeHeads: expected at least one head');
  for (const member of members) {
    if (member.steps !== first.steps || member.dims !== first.dims) throw new Error(`mergeHeads: a head reads ${member.steps}×${member.dims} embeddings, the first ${first.steps}×${first.dims}`);
  }
  const same = (member: WakeHeadWeights): boolean => member.mean.every((value, d) => value === first.mean[d]) && member.scale.every((value, d) => value === first.scale[d]);
  const heads = members.map((member) => (same(member) ? member : restandardise(member, first.mean, first.scale)));
  const k = heads.length;
  const concat = (pick: (member: WakeHeadWeights) => Float32Array, by = 1): Float32Array => {
    const out = new Float32Array(heads.reduce((sum, member) => sum + pick(member).length, 0));
    let at = 0;
    for (const member of heads) {
      out.set(pick(member).map((value) => value / by), at);
      at += pick(member).length;
    }
    return out;
  };
  return {
    steps: first.steps,
    dims: first.dims,
    hidden: heads.reduce((sum, member) => sum + member.hidden, 0),
    mean: first.mean,
    scale: first.scale,
    w1: concat((member) => member.w1),
    b1: concat((member) => member.b1),
    w2: concat((member) => member.w2, k),
    b2: heads.reduce((sum, member) => sum + member.b2, 0) / k,
  };
}
