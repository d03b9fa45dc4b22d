/**
 * How the trainer sets the engine's rule for a head (docs/adr/0021): per hold, a threshold from
 * the validation speech, and then the hold. Pure, so it is tested without a corpus.
 */

export interface WakeRule {
  /** Steps in a row the score must hold at the threshold. */
  readonly holdSteps: number;
  readonly threshold: number;
  /** The highest score any validation speech stream held for holdSteps. */
  readonly worstSpeech: number;
  /** Validation wake clips that do not reach the threshold for holdSteps. */
  readonly missed: number;
  /** Validation near misses ("hey glow fox") that would wake. */
  readonly nearMisses: number;
  readonly wakes: number;
  readonly confusables: number;
}

/**
 * The threshold that keeps ordinary speech quiet: the highest score a validation speech stream
 * held, plus a quarter of the way to 1, within 0.5…0.999. Near misses are trained against and
 * counted, but do not set it: a threshold above every one of them would drop the phrase too.
 */
export function thresholdAbove(worstSpeech: number): number {
  return Math.min(0.999, Math.max(0.5, worstSpeech + (1 - worstSpeech) * 0.25));
}

/**
 * The longest hold at which every validation wake clip still wakes: a longer hold lets the
 * threshold sit lower, where unfamiliar voices in noise still reach it, while ordinary speech
 * rarely holds a high score that long. Where every hold misses some, the fewest misses.
 */
export function pickRule(rules: readonly WakeRule[]): WakeRule {
  const chosen = [...rules].sort((a, b) => a.missed - b.missed || b.holdSteps - a.holdSteps)[0];
  if (chosen === undefined) throw new Error('pickRule: no rules to choose from');
  return chosen;
}
