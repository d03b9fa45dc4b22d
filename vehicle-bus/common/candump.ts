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
  | 'bad-timestamp'
  | 'bad-id'
  | 'non-hex-data'
  | 'odd-hex-length'
  | 'bad-length'
  | 'timestamp-backwards';

export interface LineProblem {
  readonly kind: LineProblemKind;
  /** 1-based line number in the log. */
  readonly line: number;
  readonly message: string;
  /** The offending text (cut to 120 characters). */
  readonly text: string;
}

export type ParsedLine = { readonly frame: CanFrame } | { readonly problem: LineProblem } | { readonly blank: true };

const LINE = /^\s*\((\d+(?:\.\d+)?)\)\s+(\S+)\s+([0-9A-Fa-f]+)(##?)(\S*)\s*(?:[RT])?\s*$/;
const HEX = /^[0-9A-Fa-f]*$/;

function problem(kind: LineProblemKind, line: number, message: string, text: string): { problem: LineProblem } {
  return { problem: { kind, line, message, text: text.length > 120 ? `${text.slice(0, 120)}…` : text } };
}

/** Parses one line of a candump log. `lineNumber` is 1-based and only used in problems. */
export function parseCandumpLine(text: string, lineNumber: number): ParsedLine {
  if (text.trim() === '' || text.trimStart().startsWith('#')) return { blank: true };
  const match = LINE.exec(text);
  if (!match) {
    return problem('malformed-line', lineNumber, 'expected `(seconds) channel ID#DATA` (candump -l / -L format)', text);
  }
  const [, stamp = '', channel = '', idText = '', separator, payload = ''] = match;
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

/**
 * Parses a whole log's lines in order, checking that time never goes backwards per channel.
 * A frame whose timestamp is earlier than the previous one on its channel is a problem and is
 * dropped (a replay must not move vehicle time backwards).
 */
export class CandumpReader {
  private readonly lastTimestamp = new Map<string, number>();
  private lineNumber = 0;

  /** Feeds the next line; returns the frame, a problem, or nothing for a blank line. */
  next(text: string): ParsedLine {
    this.lineNumber += 1;
    const parsed = parseCandumpLine(text, this.lineNumber);
    if (!('frame' in parsed)) return parsed;
    const previous = this.lastTimestamp.get(parsed.frame.channel);
    if (previous !== undefined && parsed.frame.timestamp < previous) {
      return problem(
        'timestamp-backwards',
        this.lineNumber,
        `timestamp ${parsed.frame.timestamp} is before ${previous} on ${parsed.frame.channel}`,
        text,
      );
    }
    this.lastTimestamp.set(parsed.frame.channel, parsed.frame.timestamp);
    return parsed;
  }
}
