/**
 * The candump log format (`candump -l` files and `candump -L` output):
 *   (1436509052.249713) can0 123#DEADBEEF        classic CAN (3 hex digits: 11-bit ID)
 *   (1436509052.249713) can0 12345678#DEAD       extended (8 hex digits: 29-bit ID)
 *   (1436509052.249713) can0 123#R               remote frame (optionally R<dlc>)
 *   (1436509052.249713) can0 123##1DEADBEEF      CAN FD: `##`, one flags nibble, data
 * Every line that is not a frame becomes a problem with its line number; nothing throws.
 */
import type { CanFrame } from './frame.js';
import { FD_LENGTHS } from './frame.js';

export type LineProblemKind =
  | 'malformed-line'
  | 'line-too-long'
  | 'bad-timestamp'
  | 'bad-id'
  | 'non-hex-data'
  | 'odd-hex-length'
  | 'bad-length'
  | 'timestamp-reordered'
  | 'timestamp-jump'
  | 'timestamp-resync';

export interface LineProblem {
  readonly kind: LineProblemKind;
  /** 1-based line number in the log. */
  readonly line: number;
  readonly message: string;
  /** The offending text (cut to 120 characters). */
  readonly text: string;
}

export type ParsedLine = { readonly frame: CanFrame } | { readonly problem: LineProblem } | { readonly blank: true };

/** What the reader gives out: a frame with its line in the log, or a problem. */
export type ReadResult = { readonly frame: CanFrame; readonly line: number } | { readonly problem: LineProblem };

/**
 * The longest line taken as a frame: a CAN FD frame of 64 bytes written with dots between the
 * bytes, a 29-bit ID, a long interface name and a direction flag fit with room to spare. Longer
 * lines are refused before any of their text is looked at, so no line costs more than this.
 */
export const MAX_LINE_LENGTH = 512;

const STAMP = /^\((\d+(?:\.\d+)?)\)$/;
const HEX = /^[0-9A-Fa-f]*$/;

function problem(kind: LineProblemKind, line: number, message: string, text: string): { problem: LineProblem } {
  return { problem: { kind, line, message, text: text.length > 120 ? `${text.slice(0, 120)}…` : text } };
}

/** Parses one line of a candump log. `lineNumber` is 1-based and only used in problems. */
export function parseCandumpLine(text: string, lineNumber: number): ParsedLine {
  // Each step below is one pass over a line of bounded length: no pattern can backtrack.
  if (text.length > MAX_LINE_LENGTH) {
    return problem('line-too-long', lineNumber, `expected a candump line of at most ${MAX_LINE_LENGTH} characters, found a longer one`, text);
  }
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return { blank: true };
  const tokens = trimmed.split(/\s+/);
  const [stampToken = '', channel = '', frameToken = '', direction] = tokens;
  const separatorAt = frameToken.indexOf('#');
  const stampMatch = STAMP.exec(stampToken);
  if (tokens.length < 3 || tokens.length > 4 || (direction !== undefined && direction !== 'R' && direction !== 'T') || !stampMatch || separatorAt <= 0) {
    return problem('malformed-line', lineNumber, 'expected `(seconds) channel ID#DATA` (candump -l / -L format)', text);
  }
  const stamp = stampMatch[1] ?? '';
  const idText = frameToken.slice(0, separatorAt);
  const separator = frameToken.startsWith('##', separatorAt) ? '##' : '#';
  const payload = frameToken.slice(separatorAt + separator.length);
  if (!HEX.test(idText)) return problem('malformed-line', lineNumber, `expected a hex ID before "#", found "${idText.slice(0, 16)}"`, text);
  const timestamp = Number(stamp);
  if (!Number.isFinite(timestamp)) return problem('bad-timestamp', lineNumber, `timestamp ${stamp} is not a number`, text);
  if (idText.length !== 3 && idText.length !== 8) {
    return problem('bad-id', lineNumber, `expected a 3-digit (standard) or 8-digit (extended) hex ID, found "${idText}"`, text);
  }
  const extended = idText.length === 8;
  const id = Number.parseInt(idText, 16);
  if ((!extended && id > 0x7ff) || (extended && id > 0x1fffffff)) {
    return problem('bad-id', lineNumber, `ID 0x${idText} is beyond ${extended ? '29' : '11'} bits`, text);
  }
  const fd = separator === '##';
  let hex = payload;
  if (!fd && /^R\d*$/i.test(payload)) {
    return { frame: { timestamp, channel, id, extended, data: new Uint8Array(0), fd: false, remote: true } };
  }
  if (fd) {
    // The first nibble after `##` holds the FD flags (BRS, ESI); the data follows.
    if (payload.length === 0 || !HEX.test(payload.slice(0, 1))) {
      return problem('malformed-line', lineNumber, 'expected a flags nibble after `##`', text);
    }
    hex = payload.slice(1);
  }
  // Some writers put dots between bytes (candump's -ta style `DE.AD.BE.EF`); accept them.
  hex = hex.replace(/\./g, '');
  if (!HEX.test(hex)) return problem('non-hex-data', lineNumber, `data "${hex}" is not hexadecimal`, text);
  if (hex.length % 2 !== 0) return problem('odd-hex-length', lineNumber, `data has ${hex.length} hex digits; bytes need an even number`, text);
  const length = hex.length / 2;
  if (fd ? !FD_LENGTHS.includes(length) : length > 8) {
    const allowed = fd ? FD_LENGTHS.join(', ') : '0 to 8';
    return problem('bad-length', lineNumber, `${length} data bytes; a ${fd ? 'CAN FD' : 'classic CAN'} frame carries ${allowed}`, text);
  }
  const data = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) data[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { frame: { timestamp, channel, id, extended, data, fd, remote: false } };
}

/** Writes a frame as one candump log line. */
export function formatCandumpLine(frame: CanFrame): string {
  const id = frame.id.toString(16).toUpperCase().padStart(frame.extended ? 8 : 3, '0');
  const data = Array.from(frame.data, (byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join('');
  const body = frame.remote ? 'R' : frame.fd ? `#0${data}` : data;
  return `(${frame.timestamp.toFixed(6)}) ${frame.channel} ${id}#${body}`;
}

/** A frame up to this far behind its channel's time is taken at the channel's time (s). */
export const REORDER_WINDOW_S = 1;
/** A step forward larger than this between two frames of a channel is a jump to be confirmed (s). */
export const MAX_STEP_S = 300;
/** Frames in a row that agree with a jump before the log is taken to have jumped. */
export const JUMP_CONFIRM_FRAMES = 3;

interface Held {
  readonly frame: CanFrame;
  readonly line: number;
  readonly text: string;
}

interface ChannelClock {
  /** The last time given out on this channel. */
  last: number;
  /** Added to the log's timestamps after a jump back, so time never runs backwards. */
  offset: number;
  /** Frames off the channel's timeline, waiting to be confirmed as a jump or dropped as outliers. */
  held: Held[];
}

/**
 * Parses a whole log's lines in order and keeps each channel's time sane for what reads it:
 * time never goes backwards, one bad timestamp never takes the rest of the log with it.
 * - A frame up to REORDER_WINDOW_S behind its channel is kept, at the channel's time (reported).
 * - A frame that jumps (backwards past the window, or forwards more than MAX_STEP_S) is held. If
 *   the next frames continue the old timeline, it was an outlier: dropped and reported with its
 *   line. If JUMP_CONFIRM_FRAMES frames in a row agree with the jump, the log's clock moved: the
 *   reader follows it (forwards as it is; backwards shifted to continue from the channel's time)
 *   and reports the resync.
 * `next` gives what a line yields, usually one result; `end` gives what is still held.
 */
export class CandumpReader {
  private readonly clocks = new Map<string, ChannelClock>();
  private lineNumber = 0;

  /** Feeds the next line; returns its frame or problem (none for a blank line, several when held frames are settled). */
  next(text: string): ReadResult[] {
    this.lineNumber += 1;
    const parsed = parseCandumpLine(text, this.lineNumber);
    if ('blank' in parsed) return [];
    if ('problem' in parsed) return [parsed];
    const { frame } = parsed;
    const clock = this.clocks.get(frame.channel);
    if (!clock) {
      this.clocks.set(frame.channel, { last: frame.timestamp, offset: 0, held: [] });
      return [{ frame, line: this.lineNumber }];
    }
    const time = frame.timestamp + clock.offset;
    const held: Held = { frame: { ...frame, timestamp: time }, line: this.lineNumber, text };
    const out: ReadResult[] = [];
    if (follows(time, clock.last)) {
      out.push(...this.outliers(clock));
      out.push(...this.give(clock, held));
      return out;
    }
    const lastHeld = clock.held[clock.held.length - 1];
    if (lastHeld !== undefined && !follows(time, lastHeld.frame.timestamp)) out.push(...this.outliers(clock));
    clock.held.push(held);
    if (clock.held.length >= JUMP_CONFIRM_FRAMES) out.push(...this.resync(clock, frame.channel));
    return out;
  }

  /** The end of the log: frames still held never found a timeline and are reported. */
  end(): ReadResult[] {
    return [...this.clocks.values()].flatMap((clock) => this.outliers(clock));
  }

  private give(clock: ChannelClock, held: Held): ReadResult[] {
    const { frame } = held;
    if (frame.timestamp >= clock.last) {
      clock.last = frame.timestamp;
      return [{ frame, line: held.line }];
    }
    const late = problem('timestamp-reordered', held.line, `timestamp ${frame.timestamp} is ${(clock.last - frame.timestamp).toFixed(6)} s before ${clock.last} on ${frame.channel}; kept at ${clock.last}`, held.text);
    return [late, { frame: { ...frame, timestamp: clock.last }, line: held.line }];
  }

  private outliers(clock: ChannelClock): ReadResult[] {
    const dropped = clock.held.map(({ frame, line, text }) =>
      problem('timestamp-jump', line, `timestamp ${frame.timestamp} jumps ${frame.timestamp > clock.last ? 'forwards' : 'backwards'} from ${clock.last} on ${frame.channel} and the log does not follow it; frame dropped`, text),
    );
    clock.held = [];
    return dropped;
  }

  private resync(clock: ChannelClock, channel: string): ReadResult[] {
    const [first] = clock.held;
    if (!first) return [];
    const from = clock.last;
    // Backwards: shift the log so the first frame of the new timeline comes at the channel's time.
    const shift = first.frame.timestamp < from ? from - first.frame.timestamp : 0;
    clock.offset += shift;
    const out: ReadResult[] = [problem('timestamp-resync', first.line, `the log's time jumps from ${from} to ${first.frame.timestamp} on ${channel} and continues there; followed${shift > 0 ? `, shifted by ${shift.toFixed(6)} s so time does not run backwards` : ''}`, first.text)];
    const held = clock.held;
    clock.held = [];
    for (const item of held) out.push(...this.give(clock, { ...item, frame: { ...item.frame, timestamp: item.frame.timestamp + shift } }));
    return out;
  }
}

/** Whether `time` continues a timeline that is at `last`. */
function follows(time: number, last: number): boolean {
  return time >= last - REORDER_WINDOW_S && time <= last + MAX_STEP_S;
}
