/** A CAN or CAN FD frame as every source yields it; downstream nothing knows which source is live. */
export interface CanFrame {
  /** Seconds, as the source counts them (log time for replay, simulated time for the simulator). */
  readonly timestamp: number;
  /** The bus it came from, e.g. `can0`. */
  readonly channel: string;
  /** The identifier without flags: 11 bits, or 29 when `extended`. */
  readonly id: number;
  readonly extended: boolean;
  readonly data: Uint8Array;
  /** A CAN FD frame (up to 64 bytes). */
  readonly fd: boolean;
  /** A remote transmission request: carries no data to decode. */
  readonly remote: boolean;
}

/** What common/ code needs of an AbortSignal (which the ES library does not declare). */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** Anything that yields frames in time order: a log replay, the simulator, a live bus. */
export interface FrameSource {
  /** What the source is, for people: "replay of kona.log", "simulator (udds.csv)". */
  readonly description: string;
  /** The frames; stops early once `signal` is aborted (an AbortSignal fits). */
  frames(signal?: CancelSignal): AsyncIterable<CanFrame>;
}

/** The payload lengths a CAN FD DLC can encode, in bytes. */
export const FD_LENGTHS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64];
