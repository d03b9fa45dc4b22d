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
 * (starts a route, a charge, an order) is read back and needs a yes. Measured on espeak-ng's
 * robosoft voice through the offline pipeline: commands heard right scored 16.6 to 25.1; "play
 * some jazz" heard as "close the app" 9.2, "what is the weather" as "where is my order" 6.5.
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
