/**
 * The wake-word head: a small network that reads the last 16 speech embeddings (1.28 s, see
 * voice/node/speechFeatures.ts) and says how likely they end in the wake phrase. Inputs are
 * standardised per embedding dimension, then one hidden ReLU layer and a sigmoid output.
 * Its weights are trained by `npm run train:wake` (scripts/wakeword/) and shipped in
 * voice/models; this module only reads them and runs the network (pure arithmetic, ~50k
 * multiply-adds per 80 ms step).
 */

import { fromBase64, toBase64 } from '../../base/common/base64.js';

export const HEAD_FORMAT = 'glovebox-wake-head/1';
/**
 * How the score must hold to wake: over the last `steps` steps, the lowest score (every step at
 * the threshold) or their mean (the threshold on average, so one dip does not drop the phrase;
 * docs/adr/0022).
 */
export type HoldBy = 'lowest' | 'mean';
export const HOLD_BY: readonly HoldBy[] = ['lowest', 'mean'];

export interface Hold {
  readonly steps: number;
  readonly by: HoldBy;
}

/**
 * The hold when a file does not say: the rule heads were trained for before the trainer chose
 * it (two steps, docs/adr/0018), and the lowest score when a file names steps but not how
 * (docs/adr/0021).
 */
export const DEFAULT_HOLD: Hold = { steps: 2, by: 'lowest' };
/**
 * The longest hold a head may ask for: each step is 80 ms, and a longer window wakes later. The
 * trainer measures when each rule wakes after the phrase on its validation audio and keeps it
 * within the cue's budget (docs/adr/0022); six steps is where even the mean wakes too late.
 */
export const MAX_HOLD_STEPS = 6;
/** The most a model file may say its waking step ends after (or before) the phrase's end, ms. */
export const MAX_WAKE_AFTER_PHRASE_MS = 1000;

/**
 * The second opinion on each wake (docs/adr/0025): the stretch of audio the head woke on,
 * decoded once held to the phrase and once by a free phone loop (pocketsphinx); the wake stands
 * only when the phrase explains the stretch nearly as well as any sounds could.
 */
export interface VerifyRule {
  /** Seconds of audio before the end of the step that woke. */
  readonly windowSeconds: number;
  /** The phrase's score per 10 ms frame minus the loop's must be at least this. */
  readonly minMargin: number;
  /**
   * In heavy noise, a stricter margin (docs/adr/0036): a wake whose speech stood less than
   * `belowSnrDb` over the cabin's noise (cabinLevel.ts) needs `minMargin` here instead.
   */
  readonly noisy?: { readonly belowSnrDb: number; readonly minMargin: number };
  /**
   * How the verifier normalised the stretches the margins were set on (docs/adr/0037): the
   * margins mean something only with that scorer. Absent: `live`, as every rule before it was.
   */
  readonly cmn?: CepstralMean;
}

/**
 * How the verifier normalises a stretch: `batch`, by the stretch's own cepstral mean and noise
 * estimate, so it scores the same whatever was decoded before it (docs/adr/0037); `live`, the
 * verifier before that, by a mean carried from stretch to stretch.
 */
export type CepstralMean = 'batch' | 'live';
const CEPSTRAL_MEANS: readonly CepstralMean[] = ['batch', 'live'];

/** The normalisation a rule's margins were set on: the scorer to judge by them. */
export const cepstralMeanOf = (rule: Pick<VerifyRule, 'cmn'>): CepstralMean => rule.cmn ?? 'live';

/** The margin a wake heard `snrDb` over the noise needs (null: not measured, the rule's own margin). */
export function marginFor(rule: Pick<VerifyRule, 'minMargin' | 'noisy'>, snrDb: number | null): number {
  return rule.noisy !== undefined && snrDb !== null && snrDb < rule.noisy.belowSnrDb ? rule.noisy.minMargin : rule.minMargin;
}
/** The stretch a verifier may ask for, seconds: at least the phrase, at most what the engine keeps. */
export const VERIFY_WINDOW_SECONDS = { min: 0.5, max: 3 } as const;

/**
 * A second head that must agree (docs/adr/0031): a step keeps the deciding head's score only
 * where the veto head scored at least `floor` at that step or one of the `lookbackSteps` before
 * it, and scores 0 elsewhere, so no rule can wake on it. The veto head reads the same window.
 */
export interface Veto {
  readonly weights: WakeHeadWeights;
  readonly floor: number;
  readonly lookbackSteps: number;
}
/** The lookback when a veto does not say: eight steps, 640 ms (docs/adr/0030). */
export const VETO_LOOKBACK_STEPS = 8;
/** The longest lookback a veto may ask for: the head's own window (16 steps, 1.28 s). */
export const MAX_VETO_LOOKBACK_STEPS = 16;

/**
 * The veto's state over a stream (one interpreter for the engine, the trainer and the
 * benchmarks): push the veto head's score at each step, in order; it answers whether that
 * step's score stands.
 */
export class VetoGate {
  private readonly recent: number[] = [];

  constructor(
    private readonly floor: number,
    private readonly lookbackSteps: number = VETO_LOOKBACK_STEPS,
  ) {}

  push(vetoScore: number): boolean {
    this.recent.push(vetoScore);
    if (this.recent.length > this.lookbackSteps + 1) this.recent.shift();
    return Math.max(...this.recent) >= this.floor;
  }
}

export interface WakeHeadWeights {
  readonly steps: number;
  readonly dims: number;
  readonly hidden: number;
  /** Per embedding dimension: subtracted, then multiplied. */
  readonly mean: Float32Array;
  readonly scale: Float32Array;
  /** hidden × (steps·dims), row-major. */
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  readonly w2: Float32Array;
  readonly b2: number;
}

/** A network's weights as a model file carries them (base64 little-endian float32). */
export interface WeightsFile {
  readonly hidden: number;
  readonly mean: string;
  readonly scale: string;
  readonly w1: string;
  readonly b1: string;
  readonly w2: string;
  readonly b2: number;
}

/** The model file: weights plus what the trainer chose and measured. */
export interface WakeHeadFile extends WeightsFile {
  readonly format: typeof HEAD_FORMAT;
  readonly phrase: string;
  readonly steps: number;
  readonly dims: number;
  /** The score at or above which the engine wakes (chosen on validation audio). */
  readonly threshold: number;
  /** Steps the score must hold at the threshold (1…MAX_HOLD_STEPS; DEFAULT_HOLD's when absent). */
  readonly holdSteps?: number;
  /** Whether the lowest or the mean of those steps' scores is held to the threshold ('lowest' when absent). */
  readonly holdBy?: HoldBy;
  /**
   * How long after the phrase's end the waking step ends, at the median of the trainer's
   * validation wakes (ms, MAX_WAKE_AFTER_PHRASE_MS either way): the engine stamps a detection
   * that much before the step. Absent in files before docs/adr/0022 (the engine then reckons it
   * from the hold).
   */
  readonly wakeAfterPhraseMs?: number;
  /** The second opinion's rule (docs/adr/0025); absent, the head alone decides. */
  readonly verify?: VerifyRule;
  /** A veto head (docs/adr/0031); absent, no step is vetoed. */
  readonly veto?: VetoFile;
  /** How it was trained (voices, clips, seed): provenance, not read by the engine. */
  readonly training: Readonly<Record<string, unknown>>;
}

/** A veto head in a model file: its weights (of the file's steps and dims) and the gate. */
export interface VetoFile extends WeightsFile {
  readonly floor: number;
  /** VETO_LOOKBACK_STEPS when absent. */
  readonly lookbackSteps?: number;
  /** Where the veto head came from: provenance, not read by the engine. */
  readonly from?: Readonly<Record<string, unknown>>;
}

export class WakeHeadError extends Error {}

/** Float32 values from base64 (little-endian), checked to be `length` of them. */
export function decodeFloats(base64: string, length: number, name: string): Float32Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(base64);
  } catch (error) {
    throw new WakeHeadError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (bytes.length !== length * 4) throw new WakeHeadError(`${name}: expected ${length} float32 values (${length * 4} bytes), found ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length }, (_, i) => view.getFloat32(i * 4, true));
}

export function encodeFloats(values: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  for (let i = 0; i < values.length; i += 1) view.setFloat32(i * 4, values[i] as number, true);
  return toBase64(new Uint8Array(view.buffer));
}

/** A network's weights as the model file carries them (readWeights reads them back). */
export function encodeWeights(weights: WakeHeadWeights): WeightsFile {
  return { hidden: weights.hidden, mean: encodeFloats(weights.mean), scale: encodeFloats(weights.scale), w1: encodeFloats(weights.w1), b1: encodeFloats(weights.b1), w2: encodeFloats(weights.w2), b2: weights.b2 };
}

/** A model file's verify member: null when absent, an error naming the member when wrong. */
export function readVerifyRule(value: unknown): VerifyRule | null {
  if (value === undefined) return null;
  const rule = value as Partial<VerifyRule> | null;
  if (typeof rule !== 'object' || rule === null) throw new WakeHeadError(`verify: expected { windowSeconds, minMargin }, found ${JSON.stringify(value)}`);
  const { windowSeconds, minMargin } = rule;
  if (typeof windowSeconds !== 'number' || !(windowSeconds >= VERIFY_WINDOW_SECONDS.min && windowSeconds <= VERIFY_WINDOW_SECONDS.max)) throw new WakeHeadError(`verify.windowSeconds: expected seconds from ${VERIFY_WINDOW_SECONDS.min} to ${VERIFY_WINDOW_SECONDS.max}, found ${JSON.stringify(windowSeconds)}`);
  if (typeof minMargin !== 'number' || !Number.isFinite(minMargin)) throw new WakeHeadError(`verify.minMargin: expected a number (score per frame), found ${JSON.stringify(minMargin)}`);
  if (rule.cmn !== undefined && !CEPSTRAL_MEANS.includes(rule.cmn)) throw new WakeHeadError(`verify.cmn: expected ${CEPSTRAL_MEANS.map((each) => JSON.stringify(each)).join(' or ')}, found ${JSON.stringify(rule.cmn)}`);
  const cmn = rule.cmn === undefined ? {} : { cmn: rule.cmn };
  if (rule.noisy === undefined) return { windowSeconds, minMargin, ...cmn };
  const noisy = rule.noisy as Partial<NonNullable<VerifyRule['noisy']>> | null;
  if (typeof noisy !== 'object' || noisy === null) throw new WakeHeadError(`verify.noisy: expected { belowSnrDb, minMargin }, found ${JSON.stringify(rule.noisy)}`);
  if (typeof noisy.belowSnrDb !== 'number' || !(noisy.belowSnrDb > 0 && noisy.belowSnrDb <= 60)) throw new WakeHeadError(`verify.noisy.belowSnrDb: expected dB above 0, at most 60, found ${JSON.stringify(noisy.belowSnrDb)}`);
  if (typeof noisy.minMargin !== 'number' || !(noisy.minMargin >= minMargin)) throw new WakeHeadError(`verify.noisy.minMargin: expected a number at least verify.minMargin (${minMargin}): heavy noise is judged no more leniently, found ${JSON.stringify(noisy.minMargin)}`);
  return { windowSeconds, minMargin, noisy: { belowSnrDb: noisy.belowSnrDb, minMargin: noisy.minMargin }, ...cmn };
}

/** Reads a model file's JSON value; every problem is named with the member it is in. */
export function readWakeHead(value: unknown): { readonly weights: WakeHeadWeights; readonly threshold: number; readonly hold: Hold; readonly wakeAfterPhraseMs: number | null; readonly verify: VerifyRule | null; readonly veto: Veto | null; readonly phrase: string } {
  const file = value as Partial<WakeHeadFile> | null;
  if (typeof file !== 'object' || file === null || file.format !== HEAD_FORMAT) throw new WakeHeadError(`format: expected "${HEAD_FORMAT}", found ${JSON.stringify(file && typeof file === 'object' ? file.format : file)}`);
  for (const key of ['steps', 'dims', 'threshold'] as const) {
    if (typeof file[key] !== 'number' || !Number.isFinite(file[key])) throw new WakeHeadError(`${key}: expected a number, found ${JSON.stringify(file[key])}`);
  }
  const holdSteps = file.holdSteps ?? DEFAULT_HOLD.steps;
  if (!Number.isInteger(holdSteps) || holdSteps < 1 || holdSteps > MAX_HOLD_STEPS) throw new WakeHeadError(`holdSteps: expected a whole number from 1 to ${MAX_HOLD_STEPS}, found ${JSON.stringify(file.holdSteps)}`);
  const holdBy = file.holdBy ?? DEFAULT_HOLD.by;
  if (!HOLD_BY.includes(holdBy)) throw new WakeHeadError(`holdBy: expected ${HOLD_BY.map((by) => JSON.stringify(by)).join(' or ')}, found ${JSON.stringify(file.holdBy)}`);
  const after = file.wakeAfterPhraseMs;
  if (after !== undefined && !(Number.isInteger(after) && Math.abs(after) <= MAX_WAKE_AFTER_PHRASE_MS)) throw new WakeHeadError(`wakeAfterPhraseMs: expected a whole number of ms from -${MAX_WAKE_AFTER_PHRASE_MS} to ${MAX_WAKE_AFTER_PHRASE_MS}, found ${JSON.stringify(after)}`);
  const { steps, dims } = file as WakeHeadFile;
  return {
    phrase: typeof file.phrase === 'string' ? file.phrase : '',
    threshold: file.threshold as number,
    hold: { steps: holdSteps, by: holdBy },
    wakeAfterPhraseMs: after ?? null,
    verify: readVerifyRule(file.verify),
    veto: readVeto(file.veto, steps, dims),
    weights: readWeights(file, steps, dims, ''),
  };
}

/** A network's weights from a file's members (named with `prefix`, e.g. "veto."). */
function readWeights(file: Partial<WeightsFile>, steps: number, dims: number, prefix: string): WakeHeadWeights {
  for (const key of ['hidden', 'b2'] as const) {
    if (typeof file[key] !== 'number' || !Number.isFinite(file[key])) throw new WakeHeadError(`${prefix}${key}: expected a number, found ${JSON.stringify(file[key])}`);
  }
  for (const key of ['mean', 'scale', 'w1', 'b1', 'w2'] as const) {
    if (typeof file[key] !== 'string') throw new WakeHeadError(`${prefix}${key}: expected base64 float32 values, found ${typeof file[key]}`);
  }
  const hidden = file.hidden as number;
  return {
    steps,
    dims,
    hidden,
    mean: decodeFloats(file.mean as string, dims, `${prefix}mean`),
    scale: decodeFloats(file.scale as string, dims, `${prefix}scale`),
    w1: decodeFloats(file.w1 as string, hidden * steps * dims, `${prefix}w1`),
    b1: decodeFloats(file.b1 as string, hidden, `${prefix}b1`),
    w2: decodeFloats(file.w2 as string, hidden, `${prefix}w2`),
    b2: file.b2 as number,
  };
}

/** A model file's veto member: null when absent, an error naming the member when wrong. */
export function readVeto(value: unknown, steps: number, dims: number): Veto | null {
  if (value === undefined) return null;
  const veto = value as Partial<VetoFile> | null;
  if (typeof veto !== 'object' || veto === null) throw new WakeHeadError(`veto: expected { floor, lookbackSteps, hidden, mean, scale, w1, b1, w2, b2 }, found ${JSON.stringify(value)}`);
  const { floor } = veto;
  if (typeof floor !== 'number' || !(floor > 0 && floor < 1)) throw new WakeHeadError(`veto.floor: expected a score between 0 and 1, found ${JSON.stringify(floor)}`);
  const lookbackSteps = veto.lookbackSteps ?? VETO_LOOKBACK_STEPS;
  if (!Number.isInteger(lookbackSteps) || lookbackSteps < 0 || lookbackSteps > MAX_VETO_LOOKBACK_STEPS) throw new WakeHeadError(`veto.lookbackSteps: expected a whole number from 0 to ${MAX_VETO_LOOKBACK_STEPS}, found ${JSON.stringify(veto.lookbackSteps)}`);
  return { floor, lookbackSteps, weights: readWeights(veto, steps, dims, 'veto.') };
}

/** Standardises `steps` embeddings (oldest first, `dims` each) into the network's input. */
export function headInput(weights: Pick<WakeHeadWeights, 'dims' | 'mean' | 'scale'>, embeddings: ArrayLike<number>, into: Float32Array = new Float32Array(embeddings.length)): Float32Array {
  for (let i = 0; i < embeddings.length; i += 1) {
    const d = i % weights.dims;
    into[i] = ((embeddings[i] as number) - (weights.mean[d] as number)) * (weights.scale[d] as number);
  }
  return into;
}

/** The network on a standardised input: the probability that it ends in the wake phrase. */
export function headScore(weights: WakeHeadWeights, input: ArrayLike<number>): number {
  const width = weights.steps * weights.dims;
  let logit = weights.b2;
  for (let h = 0; h < weights.hidden; h += 1) {
    let sum = weights.b1[h] as number;
    const row = h * width;
    for (let i = 0; i < width; i += 1) sum += (weights.w1[row + i] as number) * (input[i] as number);
    if (sum > 0) logit += sum * (weights.w2[h] as number);
  }
  return 1 / (1 + Math.exp(-logit));
}

/**
 * A head's score at each step of a stream, vetoed where its file names a veto (0 where the
 * veto head did not agree; VetoGate): what the engine's rule reads. Feed it every window, in order.
 */
export class StepScorer {
  private readonly input: Float32Array;
  private readonly gate: VetoGate | null;

  constructor(private readonly head: { readonly weights: WakeHeadWeights; readonly veto: Veto | null }) {
    const { weights, veto } = head;
    if (veto !== null && (veto.weights.steps !== weights.steps || veto.weights.dims !== weights.dims)) throw new WakeHeadError(`veto: it reads ${veto.weights.steps}×${veto.weights.dims} embeddings, the head ${weights.steps}×${weights.dims}`);
    this.input = new Float32Array(weights.steps * weights.dims);
    this.gate = veto === null ? null : new VetoGate(veto.floor, veto.lookbackSteps);
  }

  score(window: ArrayLike<number>): number {
    const { weights, veto } = this.head;
    const score = headScore(weights, headInput(weights, window, this.input));
    if (this.gate === null || veto === null) return score;
    return this.gate.push(headScore(veto.weights, headInput(veto.weights, window, this.input))) ? score : 0;
  }
}

/**
 * The last `steps` embeddings of a stream, oldest first, in one buffer: push one per step,
 * read when full.
 */
export class EmbeddingWindow {
  private readonly values: Float32Array;
  private count = 0;

  constructor(
    private readonly steps: number,
    private readonly dims: number,
  ) {
    this.values = new Float32Array(steps * dims);
  }

  push(embedding: Float32Array): void {
    if (embedding.length !== this.dims) throw new WakeHeadError(`an embedding has ${embedding.length} values, expected ${this.dims}`);
    this.values.copyWithin(0, this.dims);
    this.values.set(embedding, (this.steps - 1) * this.dims);
    this.count = Math.min(this.steps, this.count + 1);
  }

  get full(): boolean {
    return this.count === this.steps;
  }

  get window(): Float32Array {
    return this.values;
  }
}
