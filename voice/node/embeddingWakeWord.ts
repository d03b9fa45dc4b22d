/**
 * The offline wake-word engine: speech embeddings (voice/node/speechFeatures.ts, two ONNX
 * models in onnxruntime-node) read every 80 ms by the trained "Hey Glovebox" head
 * (voice/common/wakeHead.ts, weights in voice/models/hey-glovebox.json). Runs in this
 * process, on x64 and arm64, with no network, no key and no Python (docs/adr/0012).
 *
 * It wakes when the head's score holds at or above the model's threshold for the model's
 * number of steps in a row (four for the shipped head, docs/adr/0021: ordinary speech flickers
 * over the threshold for a step or two, the phrase holds it for longer), then stays deaf to the
 * phrase for 1.5 s so one utterance wakes once. Detections are stamped on the sample clock
 * where the phrase is estimated to end (stampAfter). A model file may name a veto head that must
 * agree (docs/adr/0031): where it scored under its floor over the last steps, the step scores 0.
 */
import { readFileSync } from 'node:fs';
import { shippedPath } from '../../base/node/shippedFiles.js';
import type { AudioFrame } from '../common/audio.js';
import { framesOf, SAMPLE_RATE } from '../common/audio.js';
import type { Hold, VerifyRule, Veto, WakeHeadWeights } from '../common/wakeHead.js';
import { EmbeddingWindow, readWakeHead, StepScorer, WakeHeadError } from '../common/wakeHead.js';
import type { WakeDetection, WakeWordEngine } from '../common/wakeWord.js';
import { FeatureStream, SpeechFeatures, STEP_SAMPLES } from './speechFeatures.js';

/** The shipped head's file, relative to the installation. */
export const WAKE_HEAD_FILE = 'voice/models/hey-glovebox.json';
/**
 * For a model file that does not say when it wakes (before docs/adr/0022): where the phrase
 * ended, after the end of the first step of a two-step hold; the head crosses its threshold
 * while the last sound is still being said (`npm run bench -- voice`, ADR 0015). With two steps
 * the stamp fell 55 ms after the keyword's end at the median (p10 −47, p90 +131; docs/adr/0018).
 */
const KEYWORD_END_AFTER_STEP_SECONDS = 0.12;
/** The hold KEYWORD_END_AFTER_STEP_SECONDS was measured with (docs/adr/0018). */
const STAMP_MEASURED_HOLD = 2;
/** With the pipeline's 0.05 s, the recogniser hears from 0.4 s before the stamp (measured in docs/adr/0015). */
export const STAMP_UNCERTAINTY_SECONDS = 0.35;
/** After a wake, the phrase is not heard again for this long. */
const REFRACTORY_SECONDS = 1.5;

/**
 * The sample a detection is stamped with, where the phrase is estimated to end, from the end of
 * the step that woke: as long before it as the model's trainer measured its waking step to end
 * after the phrase (wakeAfterPhraseMs); for an older file, reckoned from the hold (each step held
 * beyond two wakes one step later). The recogniser hears from STAMP_UNCERTAINTY_SECONDS before
 * the stamp, and its grammar's lead-in takes the tail of "glovebox" (docs/adr/0015).
 */
export function stampAfter(stepEnd: number, head: Pick<WakeHead, 'hold' | 'wakeAfterPhraseMs'>): number {
  if (head.wakeAfterPhraseMs !== null) return stepEnd - Math.round((head.wakeAfterPhraseMs / 1000) * SAMPLE_RATE);
  return stepEnd + Math.round(KEYWORD_END_AFTER_STEP_SECONDS * SAMPLE_RATE) - (head.hold.steps - STAMP_MEASURED_HOLD) * STEP_SAMPLES;
}

/**
 * The evidence of the latest step: the lowest or the mean (hold.by) of the last hold.steps
 * scores, so the head must hold its score that long to wake (0 until that many steps are heard).
 */
export class HeldScore {
  private readonly recent: number[] = [];

  constructor(private readonly hold: Hold) {}

  push(score: number): number {
    this.recent.push(score);
    if (this.recent.length > this.hold.steps) this.recent.shift();
    if (this.recent.length < this.hold.steps) return 0;
    return this.hold.by === 'mean' ? this.recent.reduce((sum, each) => sum + each, 0) / this.hold.steps : Math.min(...this.recent);
  }
}

/** Whether a step's held score (HeldScore) wakes the engine, given when it last woke (one rule for the engine, the trainer and the benchmarks). */
export function wakesHere(held: number, threshold: number, endSample: number, lastWake: number): boolean {
  return held >= threshold && endSample - lastWake >= REFRACTORY_SECONDS * SAMPLE_RATE;
}

/** The samples at which a stream of consecutive [endSample, score] steps wakes at `threshold` when the score must hold as `hold` says (the model's, or another to compare). */
export function wakes(scores: readonly (readonly [number, number])[], threshold: number, hold: Hold): number[] {
  const out: number[] = [];
  let last = Number.NEGATIVE_INFINITY;
  const held = new HeldScore(hold);
  for (const [endSample, score] of scores) {
    if (!wakesHere(held.push(score), threshold, endSample, last)) continue;
    out.push(endSample);
    last = endSample;
  }
  return out;
}

export interface WakeHead {
  readonly weights: WakeHeadWeights;
  readonly threshold: number;
  /** How the score must hold at the threshold to wake. */
  readonly hold: Hold;
  /** The trainer's median of the waking step's end after the phrase's end (ms), or null for an older file. */
  readonly wakeAfterPhraseMs: number | null;
  /** The second opinion's rule (docs/adr/0025), or null: the head alone decides. */
  readonly verify: VerifyRule | null;
  /** A veto head that must agree at each step (docs/adr/0031), or null. */
  readonly veto: Veto | null;
  readonly phrase: string;
}

/** A head from its model file; a broken file is an error naming the file and the member. */
export function loadWakeHead(path = shippedPath(WAKE_HEAD_FILE)): WakeHead {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new WakeHeadError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return readWakeHead(value);
  } catch (error) {
    throw new WakeHeadError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export interface EmbeddingWakeWordOptions {
  /** Overrides the model's own threshold (0…1; higher wakes less). */
  readonly threshold?: number;
  readonly head?: WakeHead;
}

export class EmbeddingWakeWord implements WakeWordEngine {
  readonly name = 'offline';
  readonly stampUncertaintySeconds = STAMP_UNCERTAINTY_SECONDS;
  private readonly head: WakeHead;
  private readonly threshold: number;
  private readonly listeners = new Set<(detection: WakeDetection) => void>();
  private readonly scoreListeners = new Set<(endSample: number, score: number, window: Float32Array) => void>();
  private readonly window: EmbeddingWindow;
  private readonly scorer: StepScorer;
  private stream: Promise<FeatureStream>;
  /** Every frame's work, in order: sync() waits on it. */
  private work: Promise<void>;
  private failure: Error | undefined;
  private origin: number | undefined;
  private steps = 0;
  private lastWake = Number.NEGATIVE_INFINITY;
  private readonly held: HeldScore;
  private closed = false;

  constructor(options: EmbeddingWakeWordOptions = {}) {
    this.head = options.head ?? loadWakeHead();
    this.threshold = options.threshold ?? this.head.threshold;
    this.held = new HeldScore(this.head.hold);
    this.window = new EmbeddingWindow(this.head.weights.steps, this.head.weights.dims);
    this.scorer = new StepScorer(this.head);
    this.stream = SpeechFeatures.load().then((features) => new FeatureStream(features));
    this.work = this.stream.then(
      () => undefined,
      (error: unknown) => this.fail(error),
    );
  }

  private fail(error: unknown): void {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
  }

  process(frame: AudioFrame): void {
    if (this.closed || this.failure) return;
    this.origin ??= frame.start;
    const samples = frame.samples.slice();
    this.work = this.work.then(async () => {
      if (this.closed || this.failure) return;
      try {
        for (const embedding of await (await this.stream).push(samples)) this.step(embedding);
      } catch (error) {
        this.fail(error);
      }
    });
  }

  private step(embedding: Float32Array): void {
    this.steps += 1;
    this.window.push(embedding);
    if (!this.window.full) return;
    const score = this.scorer.score(this.window.window);
    const stepEnd = (this.origin ?? 0) + this.steps * STEP_SAMPLES;
    for (const listener of this.scoreListeners) listener(stepEnd, score, this.window.window);
    const held = this.held.push(score);
    if (!wakesHere(held, this.threshold, stepEnd, this.lastWake)) return;
    this.lastWake = stepEnd;
    const endSample = stampAfter(stepEnd, this.head);
    const detection: WakeDetection = { engine: this.name, phrase: this.head.phrase, endSample, heardTo: stepEnd, score: held };
    for (const listener of this.listeners) listener(detection);
  }

  onDetection(listener: (detection: WakeDetection) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Every step's score (vetoed, where the head has a veto) with the sample it ends at (the
   * benchmark sweeps thresholds with them),
   * and the embeddings the head read, oldest first (the engine's own buffer, valid during the
   * call only), so other heads can be scored on the same window without a second feature pass.
   */
  onScore(listener: (endSample: number, score: number, window: Float32Array) => void): () => void {
    this.scoreListeners.add(listener);
    return () => this.scoreListeners.delete(listener);
  }

  async sync(): Promise<void> {
    await this.work;
    if (this.failure) throw new Error(`the offline wake-word engine stopped: ${this.failure.message}`);
  }

  finish(): Promise<void> {
    return this.sync();
  }

  close(): void {
    this.closed = true;
  }
}

/** A head's score at every step (threshold 0 hears everything; `wakes` applies a threshold after). */
export async function embeddingScores(samples: Int16Array, head: WakeHead): Promise<[number, number][]> {
  return (await embeddingScoresOf(samples, [head]))[0] as [number, number][];
}

/**
 * Each head's scores (each vetoed by its own veto head, if it has one) on one pass of the
 * speech features: the first head's from the engine, the others' on the very windows it read
 * (they must read as many embeddings of the same size).
 */
export async function embeddingScoresOf(samples: Int16Array, heads: readonly WakeHead[]): Promise<[number, number][][]> {
  const [first, ...others] = heads;
  if (first === undefined) return [];
  for (const other of others) {
    if (other.weights.steps !== first.weights.steps || other.weights.dims !== first.weights.dims) throw new Error(`a head reads ${other.weights.steps}×${other.weights.dims} embeddings, the engine's ${first.weights.steps}×${first.weights.dims}`);
  }
  const engine = new EmbeddingWakeWord({ threshold: 2, head: first });
  const scores: [number, number][][] = heads.map(() => []);
  const scorers = others.map((other) => new StepScorer(other));
  engine.onScore((endSample, score, window) => {
    scores[0]?.push([endSample, score]);
    scorers.forEach((scorer, index) => scores[index + 1]?.push([endSample, scorer.score(window)]));
  });
  for (const frame of framesOf(samples, 4096)) engine.process(frame);
  await engine.finish();
  engine.close();
  return scores;
}
