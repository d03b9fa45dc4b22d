/** What recognises the command after the wake word: fed while the driver speaks, answering at the end. */

export interface Recognition {
  /** What the grammar heard (its nearest command), or null when it heard nothing. */
  readonly transcript: string | null;
  /** The free transcription by the language model, for the log. */
  readonly free: string | null;
  /** Grammar score per frame minus the language model's: above the margin, accepted. */
  readonly margin: number | null;
  readonly accepted: boolean;
}

/**
 * The margin above which a command is taken as heard for certain. Below it, a command that acts
 * (starts a route, an order) is read back and needs a yes. `npm run bench -- commands` (7
 * synthetic voices, clean, 10 and 5 dB, 504 utterances; bench/results/commands.txt): right
 * commands score p10 12.5, median 20.3; wrong ones p10 0.5, median 3.2, p90 10.5. At 12, 95 % of
 * right commands act at once and no out-of-grammar request acts; what still acts wrongly at 12 is
 * a minimal pair ("start charging" heard as "stop charging", 6 of 252 commands).
 */
export const CONFIDENT_MARGIN = 12;

export interface Recognizer {
  readonly name: string;
  /** Starts an utterance (an unfinished one is dropped). */
  begin(): void;
  feed(samples: Int16Array): void;
  /** Ends the utterance and says what was heard. */
  end(): Promise<Recognition>;
  close(): void;
}
