/**
 * setData semantics: keys are data paths (`a.b[0].c`, `list[3]`, `['odd key']` is not WXML),
 * applied to a copy of the data with structural sharing, so the host can diff cheaply. The
 * size of one call is capped (1 MB refused, 256 KB warned) and so is its rate (20 calls/s warned),
 * as the mini-program platforms do.
 */

export type PathSegment = string | number;

export class DataPathError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`setData path "${path}": ${problem}`);
    this.name = 'DataPathError';
  }
}

/** `a.b[0].c` → ['a', 'b', 0, 'c']. */
export function parseDataPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let index = 0;
  let current = '';
  const pushName = (): void => {
    if (current === '') throw new DataPathError(path, `an empty name at character ${index + 1}`);
    if (current === '__proto__' || current === 'constructor' || current === 'prototype') throw new DataPathError(path, `"${current}" is not a data key`);
    segments.push(current);
    current = '';
  };
  while (index < path.length) {
    const char = path[index] as string;
    if (char === '.') {
      pushName();
      index += 1;
    } else if (char === '[') {
      if (current !== '') pushName();
      const close = path.indexOf(']', index);
      const inside = close < 0 ? '' : path.slice(index + 1, close);
      if (!/^\d+$/.test(inside)) throw new DataPathError(path, `expected an index like [0] at character ${index + 1}`);
      segments.push(Number(inside));
      index = close + 1;
      if (index < path.length && path[index] !== '.' && path[index] !== '[') throw new DataPathError(path, `expected "." or "[" after "]" at character ${index + 1}`);
      if (path[index] === '.') index += 1;
    } else {
      current += char;
      index += 1;
    }
  }
  if (current !== '') pushName();
  if (segments.length === 0) throw new DataPathError(path, 'an empty path');
  return segments;
}

function cloneContainer(value: unknown, next: PathSegment): Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return value.slice();
  if (value !== null && typeof value === 'object') return { ...(value as Record<string, unknown>) };
  return typeof next === 'number' ? [] : {};
}

/** Sets `value` at `segments` in a copy of `data`, copying only the containers on the path. */
function setAt(data: unknown, segments: readonly PathSegment[], value: unknown): unknown {
  const [head, ...rest] = segments as [PathSegment, ...PathSegment[]];
  const container = cloneContainer(data, head);
  // Growing an array fills the gap with null, as the array would read after crossing to the host as JSON.
  if (Array.isArray(container) && typeof head === 'number') while (container.length < head) container.push(null);
  const current = (container as Record<string, unknown>)[head as string];
  (container as Record<string, unknown>)[head as string] = rest.length === 0 ? value : setAt(current, rest, value);
  return container;
}

/**
 * Applies parsed patches (as setData sends them across the port) to a copy of `data` that
 * shares every untouched branch: the logic runtime and the host keep their copies in step
 * with the same code.
 */
export function applyPatch(data: Readonly<Record<string, unknown>>, patch: ReadonlyArray<readonly [readonly PathSegment[], unknown]>): Record<string, unknown> {
  let next: unknown = data;
  for (const [segments, value] of patch) next = setAt(next, segments, value);
  return next as Record<string, unknown>;
}

export const SET_DATA_LIMIT_BYTES = 1024 * 1024;
export const SET_DATA_WARN_BYTES = 256 * 1024;
export const SET_DATA_WARN_PER_SECOND = 20;

export interface SetDataResult {
  readonly data: Record<string, unknown>;
  /** The patch as sent to the host: parsed paths and their (JSON-clean) values. */
  readonly patch: ReadonlyArray<readonly [PathSegment[], unknown]>;
  readonly bytes: number;
}

/**
 * Applies one setData call. Values must be JSON data (functions and undefined are dropped,
 * as the platforms do when they serialise). Throws DataPathError for a bad path or a call
 * over the size limit; nothing is applied then.
 */
export function applySetData(data: Readonly<Record<string, unknown>>, changes: Readonly<Record<string, unknown>>): SetDataResult {
  const patch: Array<readonly [PathSegment[], unknown]> = [];
  for (const [path, value] of Object.entries(changes)) patch.push([parseDataPath(path), value === undefined ? null : value]);
  const serialised = JSON.stringify(patch);
  const bytes = serialised.length;
  if (bytes > SET_DATA_LIMIT_BYTES) throw new DataPathError(Object.keys(changes).join(', '), `${bytes} bytes in one setData; at most ${SET_DATA_LIMIT_BYTES}`);
  const clean = JSON.parse(serialised) as Array<[PathSegment[], unknown]>;
  return { data: applyPatch(data, clean), patch: clean, bytes };
}

/** Counts setData calls per second and says when the app should be warned. */
export class SetDataMeter {
  private readonly times: number[] = [];

  /** Records a call at `now` (ms); returns warnings for it, if any. */
  record(now: number, bytes: number): string[] {
    const warnings: string[] = [];
    this.times.push(now);
    while (this.times.length > 0 && (this.times[0] as number) <= now - 1000) this.times.shift();
    if (this.times.length > SET_DATA_WARN_PER_SECOND) warnings.push(`setData called ${this.times.length} times in the last second; keep it under ${SET_DATA_WARN_PER_SECOND}`);
    if (bytes > SET_DATA_WARN_BYTES) warnings.push(`setData of ${bytes} bytes; keep each call under ${SET_DATA_WARN_BYTES}`);
    return warnings;
  }
}
