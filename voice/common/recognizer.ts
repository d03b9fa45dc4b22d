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

export interface Recognizer {
  readonly name: string;
  /** Starts an utterance (an unfinished one is dropped). */
  begin(): void;
  feed(samples: Int16Array): void;
  /** Ends the utterance and says what was heard. */
  end(): Promise<Recognition>;
  close(): void;
}
