import { readFileSync } from 'node:fs';
import { DatabaseCodec } from '../common/dbc/codec.js';
import type { Database } from '../common/dbc/model.js';
import { parseDbc } from '../common/dbc/parser.js';

/**
 * DBC files are usually ASCII, but Vector tools write cp1252 (`°C`, `µs` in units and
 * comments). Text that is not valid UTF-8 is read as cp1252, which every byte sequence is.
 */
export function decodeDbcText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'cp1252' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'cp1252' };
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
