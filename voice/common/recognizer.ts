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
 * The margin above which a command may be taken as heard for certain. Below it, a command that
 * acts (starts a route, an order) is read back and needs a yes. `npm run bench -- commands` (7
 * synthetic voices, clean, 10 and 5 dB, 504 utterances, with the wake phrase's lead-in and the
 * free decoder in one pass, docs/adr/0016; bench/results/commands.txt): right commands score p10
 * 11.1, median 19.0; wrong ones p10 0.5, median 3.0, p90 9.3. The margin alone still lets 3 of 65
 * wrong hearings act at once, and the wake benchmark once saw out-of-grammar requests act at
 * margins 17 to 20: hence the second witness, heardForCertain.
 */
export const CONFIDENT_MARGIN = 12;

const words = (text: string | null): string[] => (text ?? '').toLowerCase().split(/[^a-z']+/).filter((word) => word.length >= 3);

/** Whether the language model's free transcription has a word of three letters or more of the grammar's transcript. */
export function sharesWord(recognition: Recognition): boolean {
  const free = new Set(words(recognition.free));
  return words(recognition.transcript).some((word) => free.has(word));
}

/**
 * Whether a command may act without being read back: two witnesses agree. The grammar's margin
 * over the free language model is high, and the free transcription (which knows nothing of the
 * commands) heard one of the command's words. Measured (bench/results/commands.txt): wrong
 * hearings acting at once fall from 3 of 65 to 0; 78 % of right commands still act at once, the
 * rest are read back. (The earlier recogniser, in the same run: 3 of 69 to 1, a minimal pair,
 * "start"/"stop charging", with 82 % acting at once.)
 */
export function heardForCertain(recognition: Recognition): boolean {
  return (recognition.margin ?? Number.NEGATIVE_INFINITY) >= CONFIDENT_MARGIN && sharesWord(recognition);
}

export interface Recognizer {
  readonly name: string;
  /** Starts an utterance (an unfinished one is dropped). */
  begin(): void;
  feed(samples: Int16Array): void;
  /** Ends the utterance and says what was heard. */
  end(): Promise<Recognition>;
  close(): void;
}
