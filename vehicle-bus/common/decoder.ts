/**
 * The decode stage between a frame source and the VSS mapping: finds each frame's message,
 * decodes it, and tallies what it could not decode. A frame that cannot be decoded never
 * produces a value.
 */
import type { DatabaseCodec, DecodedSignal, MessageCodec } from './dbc/codec.js';
import { FrameDecodeError } from './dbc/codec.js';
import type { CanFrame } from './frame.js';
import { ProblemTally } from './problems.js';

export interface DecodedFrame {
  readonly frame: CanFrame;
  readonly message: MessageCodec;
  readonly signals: ReadonlyMap<string, DecodedSignal>;
}

export type DecodeOutcome =
  | { readonly ok: true; readonly value: DecodedFrame }
  | { readonly ok: false; readonly error: { readonly kind: string; readonly message: string } };

export interface FrameDecoderOptions {
  /** Decode only frames from these channels (a DBC describes one bus); others are ignored. */
  readonly channels?: readonly string[];
}

function hexId(frame: CanFrame): string {
  return `0x${frame.id.toString(16).toUpperCase().padStart(frame.extended ? 8 : 3, '0')}${frame.extended ? ' (extended)' : ''}`;
}

export class FrameDecoder {
  readonly problems = new ProblemTally();
  /** Frames whose length differs from the DBC's but whose signals all fit; decoded, and counted. */
  readonly lengthMismatches = new ProblemTally();
  framesSeen = 0;
  framesDecoded = 0;
  framesIgnored = 0;
  private readonly channels: ReadonlySet<string> | undefined;

  constructor(
    readonly codec: DatabaseCodec,
    options: FrameDecoderOptions = {},
  ) {
    this.channels = options.channels ? new Set(options.channels) : undefined;
  }

  /** True when the frame is on a channel this decoder reads. */
  accepts(frame: CanFrame): boolean {
    return this.channels === undefined || this.channels.has(frame.channel);
  }

  /** Decodes one frame. `line` (1-based) is the frame's place in its input, for the report. */
  decode(frame: CanFrame, line?: number): DecodeOutcome {
    this.framesSeen += 1;
    const fail = (kind: string, message: string): DecodeOutcome => {
      this.problems.add(kind, message, line);
      return { ok: false, error: { kind, message } };
    };
    if (frame.remote) return fail('remote-frame', `remote frame ${hexId(frame)} carries no data`);
    const message = this.codec.forFrame(frame.id, frame.extended);
    if (!message) return fail('unknown-id', `no message ${hexId(frame)} in ${this.codec.database.file}`);
    try {
      const signals = message.decode(frame.data);
      if (frame.data.length !== message.message.length) {
        this.lengthMismatches.add(
          message.message.name,
          `${message.message.name} has ${frame.data.length} bytes, the DBC says ${message.message.length}`,
          line,
        );
      }
      this.framesDecoded += 1;
      return { ok: true, value: { frame, message, signals } };
    } catch (error) {
      if (!(error instanceof FrameDecodeError)) throw error;
      return fail(error.kind === 'length' ? 'wrong-length' : 'bad-multiplexer', error.message);
    }
  }
}
