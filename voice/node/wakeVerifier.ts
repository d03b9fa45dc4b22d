/**
 * The wake word's second opinion (docs/adr/0025). The head hears "hey glovebox" in speech
 * embeddings and is fooled, a few times in ten hours, by prose that holds its score; each wake
 * is therefore checked before it counts: the stretch of audio the head woke on is decoded by
 * pocketsphinx once held to the phrase and once by a free phone loop (voice/node/sidecar/
 * pocketsphinx_verify.py), and the wake stands when the phrase's score per frame is within the
 * model file's margin of the loop's, i.e. the phrase explains the stretch nearly as well as any
 * sounds could; where the speech stands little over the cabin's noise, by the file's stricter
 * noisy margin (docs/adr/0036). The check runs only when the head wakes, so listening costs
 * what it did.
 *
 * A verifier that cannot answer (its sidecar missing or stopped) lets the head's wakes through
 * and says why once: a car that wakes too often is better than one that is deaf. One that is
 * slow (no answer within VERIFY_TIMEOUT_MS) lets that wake through and is asked again next time.
 */
import { fileURLToPath } from 'node:url';
import type { AudioFrame } from '../common/audio.js';
import { SAMPLE_RATE } from '../common/audio.js';
import { speechOverNoiseDb } from '../common/cabinLevel.js';
import { AudioRing } from '../common/ring.js';
import type { CepstralMean, VerifyRule } from '../common/wakeHead.js';
import { marginFor, VERIFY_WINDOW_SECONDS } from '../common/wakeHead.js';
import type { WakeDetection, WakeWordEngine } from '../common/wakeWord.js';
import { SphinxStretches } from './sphinxStretches.js';

const SIDECAR = fileURLToPath(new URL('../../../voice/node/sidecar/pocketsphinx_verify.py', import.meta.url));
/** How long a wake waits for the verifier before it passes unchecked: the cue is late by then. */
export const VERIFY_TIMEOUT_MS = 1000;

class VerifierTimeout extends Error {}

/** When a check counts as late: a promise that settles then, and a way to stop waiting. */
export type LateAfter = (ms: number) => { readonly at: Promise<void>; cancel(): void };

/** The real clock: `ms` from now. */
const realLateAfter: LateAfter = (ms) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const at = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { at, cancel: () => clearTimeout(timer) };
};

/** `answer`, or a VerifierTimeout once `lateAfter(ms)` comes first. */
function within<T>(answer: Promise<T>, ms: number, lateAfter: LateAfter): Promise<T> {
  const clock = lateAfter(ms);
  const late = clock.at.then((): never => {
    throw new VerifierTimeout(`no answer within ${ms} ms`);
  });
  return Promise.race([answer, late]).finally(() => clock.cancel());
}

/** The sidecar's answer: scores per 10 ms frame, null where a decoder found no path. */
export interface VerifyScores {
  readonly phrase: number | null;
  readonly loop: number | null;
}

export interface Verdict {
  readonly accepted: boolean;
  /** The phrase's score per frame minus the loop's; null when either found no path. */
  readonly margin: number | null;
  /** The speech over the cabin's noise (dB, speechOverNoiseDb) the margin was chosen by; null when not measured. */
  readonly snrDb: number | null;
}

/**
 * The rule on the sidecar's scores: no path for either is no evidence of the phrase. A wake
 * heard in noise the rule calls heavy (`snrDb` under `rule.noisy.belowSnrDb`) needs the noisy
 * margin (docs/adr/0036).
 */
export function verdictOf(scores: VerifyScores, rule: Pick<VerifyRule, 'minMargin' | 'noisy'>, snrDb: number | null = null): Verdict {
  const margin = scores.phrase === null || scores.loop === null ? null : scores.phrase - scores.loop;
  return { accepted: margin !== null && margin >= marginFor(rule, snrDb), margin, snrDb };
}

/** How far before a wake the cabin's noise is measured, seconds: back into a pause before the phrase. */
export const NOISE_LOOKBACK_SECONDS = 4;

/** What the verifier reads for a wake: the stretch it decodes (the rule's window), and the speech over noise there. */
export interface Heard {
  readonly stretch: Int16Array;
  readonly snrDb: number | null;
}

/** Heard, from `lookback`: the audio up to the wake, as far back as NOISE_LOOKBACK_SECONDS or the window if longer. */
function heardIn(lookback: Int16Array, windowSeconds: number): Heard {
  const window = Math.round(windowSeconds * SAMPLE_RATE);
  return { stretch: lookback.slice(Math.max(0, lookback.length - window)), snrDb: speechOverNoiseDb(lookback, window) };
}

/** The samples a check reads back over, for a rule whose window is `windowSeconds`. */
const lookbackSamples = (windowSeconds: number): number => Math.round(Math.max(NOISE_LOOKBACK_SECONDS, windowSeconds) * SAMPLE_RATE);

/** Anything that scores a stretch of audio for the phrase (the sidecar; a stand-in in tests). */
export interface StretchScorer {
  score(samples: Int16Array): Promise<VerifyScores>;
  close(): Promise<void>;
}

/** pocketsphinx, in a sidecar started once: the phrase against the phone loop; `cmn` as the rule it serves says (cepstralMeanOf). */
export class SphinxVerifier implements StretchScorer {
  private readonly sidecar: SphinxStretches<VerifyScores>;
  /** Stretches in order: the sidecar takes one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(phrase: string, pronunciations: Readonly<Record<string, string>> = {}, options: { python?: string; cmn?: CepstralMean } = {}) {
    this.sidecar = new SphinxStretches(SIDECAR, { phrase, pronunciations, cmn: options.cmn ?? 'batch' }, 'the wake verifier', options.python);
  }

  score(samples: Int16Array): Promise<VerifyScores> {
    const answer = this.queue.then(() => {
      this.sidecar.begin();
      this.sidecar.feed(samples);
      return this.sidecar.end();
    });
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  close(): Promise<void> {
    return this.sidecar.close();
  }
}

/** The audio from `from` up to (not including) `to`, from what the ring still holds. */
function stretchOf(ring: AudioRing, from: number, to: number): Int16Array {
  const frames = ring.since(from);
  const out = new Int16Array(Math.max(0, to - Math.max(from, ring.oldest)));
  let at = 0;
  for (const frame of frames) {
    if (frame.start >= to || at >= out.length) break;
    const part = frame.samples.subarray(0, Math.min(frame.samples.length, to - frame.start, out.length - at));
    out.set(part, at);
    at += part.length;
  }
  return out.subarray(0, at);
}

export interface VerifiedWakeWordOptions {
  readonly rule: VerifyRule;
  readonly scorer: StretchScorer;
  /** Told once when the verifier is first late, and once when it cannot answer (the wakes then pass unchecked). */
  readonly onProblem?: (message: string) => void;
  /** VERIFY_TIMEOUT_MS unless set (tests). */
  readonly timeoutMs?: number;
  /** When a check counts as late: the real clock unless set (tests give their own, so no test waits on the machine's speed). */
  readonly lateAfter?: LateAfter;
  /** Told of each wake the verifier turned down (benchmarks, the log). */
  readonly onRejected?: (detection: WakeDetection, verdict: Verdict) => void;
}

/** An engine whose wakes count only when the verifier agrees; everything else is the inner engine's. */
export class VerifiedWakeWord implements WakeWordEngine {
  readonly name: string;
  readonly stampUncertaintySeconds: number | undefined;
  private readonly listeners = new Set<(detection: WakeDetection) => void>();
  /** The last seconds heard: the window, and however far the inner engine runs behind. */
  private readonly ring: AudioRing;
  /** Checks in order, so detections are told in the order the engine heard them. */
  private checks: Promise<void> = Promise.resolve();
  /** The verifier has failed: wakes pass unchecked from now on. */
  private unchecked = false;
  /** A late answer has been told (once: a slow machine would otherwise fill the timeline). */
  private toldLate = false;
  private readonly stopInner: () => void;

  constructor(
    private readonly inner: WakeWordEngine,
    private readonly options: VerifiedWakeWordOptions,
  ) {
    this.name = inner.name;
    this.stampUncertaintySeconds = inner.stampUncertaintySeconds;
    this.ring = new AudioRing(Math.round((Math.max(VERIFY_WINDOW_SECONDS.max, NOISE_LOOKBACK_SECONDS) + 8) * SAMPLE_RATE));
    this.stopInner = inner.onDetection((detection) => this.check(detection));
  }

  private check(detection: WakeDetection): void {
    const to = detection.heardTo ?? detection.endSample;
    const heard = heardIn(stretchOf(this.ring, to - lookbackSamples(this.options.rule.windowSeconds), to), this.options.rule.windowSeconds);
    const verdict = this.unchecked ? null : within(this.options.scorer.score(heard.stretch), this.options.timeoutMs ?? VERIFY_TIMEOUT_MS, this.options.lateAfter ?? realLateAfter).then(
      (scores) => verdictOf(scores, this.options.rule, heard.snrDb),
      (error: unknown) => {
        if (error instanceof VerifierTimeout) {
          if (!this.toldLate) this.options.onProblem?.(`the wake verifier was late (${error.message}); that wake passed unchecked`);
          this.toldLate = true;
        } else if (!this.unchecked) {
          // Told even after a late answer was: from now on no wake is checked.
          this.options.onProblem?.(`the wake verifier cannot answer (${error instanceof Error ? error.message : String(error)}); wakes pass unchecked`);
          this.unchecked = true;
        }
        return null;
      },
    );
    this.checks = this.checks.then(async () => {
      const said = await verdict;
      if (said && !said.accepted) {
        this.options.onRejected?.(detection, said);
        return;
      }
      for (const listener of this.listeners) listener(detection);
    });
  }

  process(frame: AudioFrame): void {
    this.ring.push(frame);
    this.inner.process(frame);
  }

  onDetection(listener: (detection: WakeDetection) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every frame heard and every wake among them checked. */
  async sync(): Promise<void> {
    await this.inner.sync();
    await this.checks;
  }

  async finish(): Promise<void> {
    await this.inner.finish();
    await this.checks;
  }

  close(): void {
    this.stopInner();
    this.inner.close();
    void this.options.scorer.close();
  }
}

/** What a verifier reads for a wake heard up to `to` (a sample of `samples`): the engine's Heard, from a whole recording. */
export function heardBefore(samples: Int16Array, to: number, windowSeconds: number): Heard {
  const end = Math.min(samples.length, to);
  return heardIn(samples.subarray(Math.max(0, end - lookbackSamples(windowSeconds)), end), windowSeconds);
}

/** The verifier's verdict on a wake heard up to `to` in `samples`, as the engine gives it. */
export async function verdictAt(samples: Int16Array, to: number, rule: VerifyRule, scorer: StretchScorer): Promise<Verdict> {
  const heard = heardBefore(samples, to, rule.windowSeconds);
  return verdictOf(await scorer.score(heard.stretch), rule, heard.snrDb);
}

/** The verifier's verdict on each of a recording's wakes (the samples the head woke at, as `wakes` gives them). */
export async function verdictsOn(samples: Int16Array, woke: readonly number[], rule: VerifyRule, scorer: StretchScorer): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const sample of woke) verdicts.push(await verdictAt(samples, sample, rule, scorer));
  return verdicts;
}

/**
 * Of a recording's wakes, those the verifier keeps: what the engine does live, for benchmarks
 * and tools that score a recording at once. All of them when there is no rule.
 */
export async function verifiedWakes(samples: Int16Array, woke: readonly number[], rule: VerifyRule | null, scorer: StretchScorer): Promise<number[]> {
  if (rule === null) return [...woke];
  const verdicts = await verdictsOn(samples, woke, rule, scorer);
  return woke.filter((_, index) => verdicts[index]?.accepted);
}
