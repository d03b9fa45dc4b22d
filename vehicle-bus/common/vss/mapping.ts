/**
 * DBC signal → VSS path mappings, in the spirit of KUKSA's dbc2vss: each VSS path names one
 * DBC signal (`Message.Signal`), a transform (a formula in x, or a value map from labels or raw
 * values), the values that mean "not available", a minimum interval and on-change flag.
 * The same file drives the simulator the other way (VSS value → signal), so a DBC's meaning
 * is written down once.
 */
import type { DecodedSignal, PhysicalValue } from '../dbc/codec.js';
import type { Database, MessageDefinition, SignalDefinition } from '../dbc/model.js';
import type { VssDatatype, VssSignalSpec, VssValue } from './catalog.js';
import { coerceVssValue, VSS_CATALOG } from './catalog.js';
import type { Formula } from './formula.js';
import { FormulaError, parseFormula } from './formula.js';

export interface MappingEntryDocument {
  readonly signal: string;
  readonly datatype?: VssDatatype;
  readonly transform?: { readonly math: string } | { readonly mapping: ReadonlyArray<{ readonly from: string | number; readonly to: VssValue }> };
  /** For the simulator: the formula from the VSS value back to the signal's physical value. */
  readonly inverse?: { readonly math: string };
  /** Labels or raw values that mean the sender has no valid value (SNA, INVALID). */
  readonly invalid?: ReadonlyArray<string | number>;
  /** A qualifier signal in the same message: the value is used only while it is one of `valid`. */
  readonly validity?: { readonly signal: string; readonly valid: ReadonlyArray<string | number> };
  readonly intervalMs?: number;
  readonly onChange?: boolean;
  readonly maxAgeMs?: number;
}

export interface MappingDocument {
  readonly description?: string;
  readonly signals: Readonly<Record<string, MappingEntryDocument>>;
}

export interface MappingIssue {
  /** Where in the mapping document: `signals["Vehicle.Speed"].transform.math`. */
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

export class MappingError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly MappingIssue[],
  ) {
    super(`${source}: ${issues.map((issue) => `${issue.path}: expected ${issue.expected}, found ${issue.found}`).join('; ')}`);
    this.name = 'MappingError';
  }
}

export type Conversion<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export interface CompiledMappingEntry {
  readonly path: string;
  readonly spec: VssSignalSpec;
  readonly message: MessageDefinition;
  readonly signal: SignalDefinition;
  readonly intervalMs: number;
  readonly onChange: boolean;
  /** How long a value stays valid without a new frame, in ms. */
  readonly maxAgeMs: number;
  /** The qualifier signal and the value the simulator writes to it, when the entry has one. */
  readonly validity: { readonly signal: SignalDefinition; readonly validValue: string | number } | undefined;
  /** Decoded signal (and the rest of its frame, for the qualifier) → VSS value, or why there is none. */
  toVss(decoded: DecodedSignal, frame: ReadonlyMap<string, DecodedSignal>): Conversion<VssValue>;
  /** VSS value → signal value to encode (physical or label), or why it cannot be encoded. */
  toSignal(value: VssValue): Conversion<PhysicalValue | string>;
}

export interface CompiledMapping {
  readonly source: string;
  readonly description: string;
  readonly entries: readonly CompiledMappingEntry[];
  /** The entries fed by each message, by message name. */
  readonly byMessage: ReadonlyMap<string, readonly CompiledMappingEntry[]>;
}

/** Without a maxAgeMs, a value expires after this many of its message's cycles. */
const CYCLES_BEFORE_STALE = 3;
const MIN_DEFAULT_MAX_AGE_MS = 300;
/** For messages whose DBC gives no cycle time. */
const DEFAULT_MAX_AGE_MS = 2000;

function splitSignalName(reference: string): [string, string] | undefined {
  const dot = reference.indexOf('.');
  if (dot <= 0 || dot === reference.length - 1) return undefined;
  return [reference.slice(0, dot), reference.slice(dot + 1)];
}

/** The message and signal a reference names, or undefined. */
export function findSignal(database: Database, reference: string): { message: MessageDefinition; signal: SignalDefinition } | undefined {
  const parts = splitSignalName(reference);
  if (!parts) return undefined;
  const message = database.messages.find((candidate) => candidate.name === parts[0]);
  const signal = message?.signals.find((candidate) => candidate.name === parts[1]);
  return message && signal ? { message, signal } : undefined;
}

/** True when every signal the mapping names exists in the database. */
export function mappingFitsDatabase(document: MappingDocument, database: Database): boolean {
  return Object.values(document.signals).every((entry) => findSignal(database, entry.signal) !== undefined);
}

function sameKey(a: string | number, raw: number | bigint, label: string | undefined): boolean {
  return typeof a === 'string' ? a === label : BigInt(a) === BigInt(raw);
}

/** Compiles a mapping against a database. Throws MappingError listing every problem found. */
export function compileMapping(document: MappingDocument, database: Database, source: string): CompiledMapping {
  const issues: MappingIssue[] = [];
  const entries: CompiledMappingEntry[] = [];
  for (const [path, entry] of Object.entries(document.signals)) {
    const where = `signals["${path}"]`;
    const spec: VssSignalSpec | undefined = entry.datatype ? { ...VSS_CATALOG[path], datatype: entry.datatype } : VSS_CATALOG[path];
    if (!spec) {
      issues.push({ path: `${where}.datatype`, expected: 'a datatype for a VSS path outside the built-in catalog', found: 'none' });
      continue;
    }
    const found = findSignal(database, entry.signal);
    if (!found) {
      issues.push({ path: `${where}.signal`, expected: `Message.Signal of ${database.file}`, found: `"${entry.signal}"` });
      continue;
    }
    const compiled = compileEntry(path, where, entry, spec, found.message, found.signal, issues);
    if (compiled) entries.push(compiled);
  }
  if (issues.length > 0) throw new MappingError(source, issues);
  const byMessage = new Map<string, CompiledMappingEntry[]>();
  for (const entry of entries) byMessage.set(entry.message.name, [...(byMessage.get(entry.message.name) ?? []), entry]);
  return { source, description: document.description ?? source, entries, byMessage };
}

function parseOrReport(formula: string, at: string, issues: MappingIssue[]): Formula | undefined {
  try {
    return parseFormula(formula);
  } catch (error) {
    if (!(error instanceof FormulaError)) throw error;
    issues.push({ path: at, expected: `${error.expected} (column ${error.column})`, found: error.found });
    return undefined;
  }
}

function compileEntry(
  path: string,
  where: string,
  entry: MappingEntryDocument,
  spec: VssSignalSpec,
  message: MessageDefinition,
  signal: SignalDefinition,
  issues: MappingIssue[],
): CompiledMappingEntry | undefined {
  const labels = new Set(signal.choices.values());
  const issueCount = issues.length;
  for (const [index, value] of (entry.invalid ?? []).entries()) {
    if (typeof value === 'string' && !labels.has(value)) {
      issues.push({ path: `${where}.invalid[${index}]`, expected: `a label of ${message.name}.${signal.name}`, found: `"${value}"` });
    }
  }
  const transform = entry.transform ?? { math: 'x' };
  let forward: (decoded: DecodedSignal) => Conversion<VssValue>;
  let backward: (value: VssValue) => Conversion<PhysicalValue | string>;
  if ('math' in transform) {
    const formula = parseOrReport(transform.math, `${where}.transform.math`, issues);
    const inverse = entry.inverse
      ? parseOrReport(entry.inverse.math, `${where}.inverse.math`, issues)
      : transform.math.trim() === 'x'
        ? (x: number) => x
        : undefined;
    forward = (decoded) => ({ ok: true, value: (formula as Formula)(Number(decoded.physical)) });
    backward = (value) =>
      inverse
        ? { ok: true, value: inverse(Number(value)) }
        : { ok: false, reason: `${path} has no inverse formula, so the simulator cannot encode it` };
  } else {
    for (const [index, pair] of transform.mapping.entries()) {
      if (typeof pair.from === 'string' && !labels.has(pair.from)) {
        issues.push({ path: `${where}.transform.mapping[${index}].from`, expected: `a label of ${message.name}.${signal.name}`, found: `"${pair.from}"` });
      }
      const coerced = coerceVssValue(spec, pair.to);
      if (!coerced.ok) issues.push({ path: `${where}.transform.mapping[${index}].to`, expected: `a ${spec.datatype} VSS value`, found: coerced.reason });
    }
    const pairs = transform.mapping;
    forward = (decoded) => {
      const pair = pairs.find((candidate) => sameKey(candidate.from, decoded.raw, decoded.label));
      return pair
        ? { ok: true, value: pair.to }
        : { ok: false, reason: `${signal.name} = ${decoded.label ?? String(decoded.raw)} has no mapping` };
    };
    backward = (value) => {
      const pair = pairs.find((candidate) => candidate.to === value);
      return pair ? { ok: true, value: pair.from } : { ok: false, reason: `no ${signal.name} value maps to ${JSON.stringify(value)}` };
    };
  }
  let validity: CompiledMappingEntry['validity'];
  if (entry.validity) {
    const qualifier = message.signals.find((candidate) => candidate.name === entry.validity?.signal);
    if (!qualifier) {
      issues.push({ path: `${where}.validity.signal`, expected: `a signal of ${message.name}`, found: `"${entry.validity.signal}"` });
    } else {
      const qualifierLabels = new Set(qualifier.choices.values());
      for (const [index, value] of entry.validity.valid.entries()) {
        if (typeof value === 'string' && !qualifierLabels.has(value)) {
          issues.push({ path: `${where}.validity.valid[${index}]`, expected: `a label of ${message.name}.${qualifier.name}`, found: `"${value}"` });
        }
      }
      validity = { signal: qualifier, validValue: entry.validity.valid[0] as string | number };
    }
  }
  if (issues.length > issueCount) return undefined;

  const invalid = entry.invalid ?? [];
  const qualifierValues = entry.validity?.valid ?? [];
  const cycle = message.cycleTimeMs;
  return {
    path,
    spec,
    message,
    signal,
    intervalMs: entry.intervalMs ?? 0,
    onChange: entry.onChange ?? false,
    maxAgeMs: entry.maxAgeMs ?? (cycle ? Math.max(cycle * CYCLES_BEFORE_STALE, MIN_DEFAULT_MAX_AGE_MS) : DEFAULT_MAX_AGE_MS),
    validity,
    toVss(decoded, frame) {
      if (validity) {
        const qualifier = frame.get(validity.signal.name);
        if (!qualifier || !qualifierValues.some((value) => sameKey(value, qualifier.raw, qualifier.label))) {
          const shown = qualifier ? (qualifier.label ?? String(qualifier.raw)) : 'absent';
          return { ok: false, reason: `${validity.signal.name} = ${shown} (qualifier says not valid)` };
        }
      }
      if (invalid.some((value) => sameKey(value, decoded.raw, decoded.label))) {
        return { ok: false, reason: `${signal.name} = ${decoded.label ?? String(decoded.raw)} (not available)` };
      }
      const result = forward(decoded);
      if (!result.ok) return result;
      const coerced = coerceVssValue(spec, result.value);
      return coerced.ok ? coerced : { ok: false, reason: `${path}: ${coerced.reason}` };
    },
    toSignal: backward,
  };
}
