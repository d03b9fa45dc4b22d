import { readFileSync } from 'node:fs';
import { DatabaseCodec } from '../common/dbc/codec.js';
import type { Database } from '../common/dbc/model.js';
import { parseDbc } from '../common/dbc/parser.js';

/**
 * cp1252 differs from Latin-1 only in 0x80..0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ);
 * the five bytes cp1252 leaves undefined keep their C1 code points. Node's
 * TextDecoder('windows-1252') decodes as Latin-1, so the table is ours.
 */
const CP1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

function decodeCp1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte >= 0x80 && byte < 0xa0 ? (CP1252_HIGH[byte - 0x80] as number) : byte);
  return text;
}

/**
 * DBC files are usually ASCII, but Vector tools write cp1252 (`°C`, `µs` in units and
 * comments). Text that is not valid UTF-8 is read as cp1252, which every byte sequence is.
 */
export function decodeDbcText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'cp1252' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeCp1252(bytes), encoding: 'cp1252' };
  }
}

/** Reads and parses a DBC file. Throws DbcSyntaxError (with file:line:column) for a broken one. */
export function loadDbc(path: string): Database {
  return parseDbc(decodeDbcText(readFileSync(path)).text, path);
}

/** Reads, parses and compiles a DBC file. */
export function loadDbcCodec(path: string): DatabaseCodec {
  return new DatabaseCodec(loadDbc(path));
}
