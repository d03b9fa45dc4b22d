/**
 * Every message from an app's logic container is untrusted: the worker runs the app's code, and
 * the app can post anything on its port. This is the schema the host checks each one against
 * before acting on it: the shape of each kind, and budgets on size (values, depth, strings,
 * patch entries, path segments, array indices), so that no message can make the host's work
 * unbounded. A message that fails is never acted on; the session stops the app.
 */
import type { LogicToHost } from '../logic/protocol.js';
import type { PathSegment } from '../logic/setData.js';
import { CANVAS_LIMITS } from '../canvas.js';

/** The budgets one message must keep; the numbers are documented in docs/runtime.md. */
export const MESSAGE_LIMITS = {
  /** Values (objects, arrays, strings, numbers…) in one message. */
  values: 50_000,
  /** Nesting of objects and arrays. */
  depth: 48,
  /** Characters of one string. */
  stringLength: 256 * 1024,
  /** Characters of every string in one message together (about the platforms' 1 MB setData). */
  totalCharacters: 1024 * 1024,
  /** Keys changed by one render. */
  patchEntries: 2_000,
  /** Segments of one data path (`a.b[0].c` is four). */
  pathSegments: 32,
  /** Largest array index in a path: growing an array fills the gap, so the index bounds the work. */
  arrayIndex: 10_000,
  /** Characters of an API or event name. */
  nameLength: 80,
  /** Characters of a warning or error kept from the app. */
  reportLength: 2_000,
} as const;

/** Keys that would reach an object's prototype if used as data or scope names. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type CheckedMessage = { readonly ok: true; readonly message: LogicToHost } | { readonly ok: false; readonly problem: string };

class Problem extends Error {}

interface Tally {
  values: number;
  characters: number;
}

/** Walks a JSON-like value, counting it against the message's budget; throws Problem on the first fault. */
function checkValue(value: unknown, where: string, tally: Tally, depth: number): void {
  tally.values += 1;
  if (tally.values > MESSAGE_LIMITS.values) throw new Problem(`more than ${MESSAGE_LIMITS.values} values in one message`);
  // undefined crosses structured cloning as itself (an unset option); it is read as absent.
  if (value === null || value === undefined || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Problem(`${where}: ${value} is not a finite number`);
    return;
  }
  if (typeof value === 'string') {
    if (value.length > MESSAGE_LIMITS.stringLength) throw new Problem(`${where}: a string of ${value.length} characters; at most ${MESSAGE_LIMITS.stringLength}`);
    tally.characters += value.length;
    if (tally.characters > MESSAGE_LIMITS.totalCharacters) throw new Problem(`more than ${MESSAGE_LIMITS.totalCharacters} characters in one message`);
    return;
  }
  if (typeof value !== 'object') throw new Problem(`${where}: a ${typeof value} is not data`);
  if (depth >= MESSAGE_LIMITS.depth) throw new Problem(`${where}: nested more than ${MESSAGE_LIMITS.depth} deep`);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) checkValue(value[index], `${where}[${index}]`, tally, depth + 1);
    return;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) throw new Problem(`${where}: only plain objects are data`);
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) throw new Problem(`${where}: "${key}" is not a data key`);
    tally.characters += key.length;
    checkValue((value as Record<string, unknown>)[key], `${where}.${key}`, tally, depth + 1);
  }
}

function record(raw: unknown): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Problem('a message must be an object');
  return raw as Record<string, unknown>;
}

function integer(message: Record<string, unknown>, key: string, optional = false): number | undefined {
  const value = message[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Problem(`${key}: expected a whole number ≥ 0, found ${describe(value)}`);
  return value;
}

function name(message: Record<string, unknown>, key: string, pattern: RegExp): string {
  const value = message[key];
  if (typeof value !== 'string' || value.length > MESSAGE_LIMITS.nameLength || !pattern.test(value)) throw new Problem(`${key}: expected a name like ${pattern.source}, found ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function checkPatch(raw: unknown, tally: Tally): Array<readonly [PathSegment[], unknown]> {
  if (!Array.isArray(raw)) throw new Problem('patch: expected a list of [path, value]');
  if (raw.length > MESSAGE_LIMITS.patchEntries) throw new Problem(`patch: ${raw.length} keys in one render; at most ${MESSAGE_LIMITS.patchEntries}`);
  return raw.map((entry: unknown, index): readonly [PathSegment[], unknown] => {
    if (!Array.isArray(entry) || entry.length !== 2) throw new Problem(`patch[${index}]: expected [path, value]`);
    const [segments, value] = entry as [unknown, unknown];
    if (!Array.isArray(segments) || segments.length === 0 || segments.length > MESSAGE_LIMITS.pathSegments) throw new Problem(`patch[${index}]: a path of 1 to ${MESSAGE_LIMITS.pathSegments} segments`);
    for (const segment of segments as unknown[]) {
      if (typeof segment === 'number') {
        if (!Number.isSafeInteger(segment) || segment < 0 || segment > MESSAGE_LIMITS.arrayIndex) throw new Problem(`patch[${index}]: index ${segment}; indices are 0 to ${MESSAGE_LIMITS.arrayIndex}`);
      } else if (typeof segment === 'string') {
        if (segment === '' || segment.length > MESSAGE_LIMITS.nameLength * 4) throw new Problem(`patch[${index}]: a key of 1 to ${MESSAGE_LIMITS.nameLength * 4} characters`);
        if (PROTOTYPE_KEYS.has(segment)) throw new Problem(`patch[${index}]: "${segment}" is not a data key`);
      } else throw new Problem(`patch[${index}]: path segments are keys or indices, found ${describe(segment)}`);
    }
    checkValue(value, `patch[${index}]`, tally, 1);
    return [segments as PathSegment[], value];
  });
}

/** Checks one message from a logic container; on success the message is the checked value, rebuilt from known fields only. */
export function checkLogicMessage(raw: unknown): CheckedMessage {
  try {
    const message = record(raw);
    const tally: Tally = { values: 0, characters: 0 };
    switch (message['t']) {
      case 'booted':
      case 'ready':
      case 'suspended':
        return { ok: true, message: { t: message['t'] } };
      case 'pong':
        return { ok: true, message: { t: 'pong', seq: integer(message, 'seq') as number } };
      case 'overrun':
        return { ok: true, message: { t: 'overrun', limit: integer(message, 'limit') as number } };
      case 'loaded': {
        const error = message['error'];
        if (error !== null && typeof error !== 'string') throw new Problem('error: expected a string or null');
        return { ok: true, message: { t: 'loaded', error: error === null ? null : error.slice(0, MESSAGE_LIMITS.reportLength) } };
      }
      case 'render': {
        const pageId = integer(message, 'pageId') as number;
        const componentId = integer(message, 'componentId', true);
        const patch = checkPatch(message['patch'], tally);
        return { ok: true, message: { t: 'render', pageId, ...(componentId === undefined ? {} : { componentId }), patch, bytes: tally.characters } };
      }
      case 'componentEvent': {
        const componentId = integer(message, 'componentId') as number;
        const eventName = name(message, 'name', /^[A-Za-z_$][\w$:-]*$/);
        checkValue(message['detail'] ?? null, 'detail', tally, 0);
        return { ok: true, message: { t: 'componentEvent', componentId, name: eventName, detail: message['detail'] ?? null } };
      }
      case 'componentInfo': {
        const componentId = integer(message, 'componentId') as number;
        const classes = message['externalClasses'];
        if (!Array.isArray(classes) || classes.length > 32 || !classes.every((name): name is string => typeof name === 'string' && /^[A-Za-z_][\w-]{0,63}$/.test(name))) throw new Problem('externalClasses: expected at most 32 class names');
        return { ok: true, message: { t: 'componentInfo', componentId, externalClasses: [...classes], virtualHost: message['virtualHost'] === true } };
      }
      case 'api': {
        const callId = integer(message, 'callId') as number;
        const apiName = name(message, 'name', /^(?:wx|my|car)\.[A-Za-z][A-Za-z0-9]*$/);
        checkValue(message['args'] ?? null, 'args', tally, 0);
        return { ok: true, message: { t: 'api', callId, name: apiName, args: message['args'] ?? null } };
      }
      case 'canvas': {
        // The commands themselves are checked against the canvas contract where they are drawn (they need the screen rules).
        const pageId = integer(message, 'pageId') as number;
        const componentId = integer(message, 'componentId', true);
        const ref = integer(message, 'ref', true);
        const canvasId = message['canvasId'];
        if (canvasId !== undefined && (typeof canvasId !== 'string' || canvasId.length > MESSAGE_LIMITS.nameLength)) throw new Problem(`canvasId: expected a name of at most ${MESSAGE_LIMITS.nameLength} characters`);
        if ((canvasId === undefined) === (ref === undefined)) throw new Problem('a drawing names its canvas by canvasId or by ref');
        const width = integer(message, 'width', true);
        const height = integer(message, 'height', true);
        const given = message['commands'];
        if (!Array.isArray(given) || given.length > CANVAS_LIMITS.commands) throw new Problem(`commands: expected a list of at most ${CANVAS_LIMITS.commands}`);
        // NaN and Infinity are a canvas's everyday input (a browser ignores such a call): null here, skipped where drawn.
        if (given.some((command: unknown) => Array.isArray(command) && command.length > 12)) throw new Problem('commands: a command has at most 12 parts');
        const commands = given.map((command: unknown) => (Array.isArray(command) ? command.map((value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value)) : command));
        checkValue(commands, 'commands', tally, 0);
        return {
          ok: true,
          message: {
            t: 'canvas', pageId, reserve: message['reserve'] === true, commands,
            ...(componentId === undefined ? {} : { componentId }), ...(ref === undefined ? {} : { ref }), ...(typeof canvasId === 'string' ? { canvasId } : {}),
            ...(width === undefined ? {} : { width }), ...(height === undefined ? {} : { height }),
          },
        };
      }
      case 'warn':
      case 'error': {
        const text = message['message'];
        if (typeof text !== 'string') throw new Problem('message: expected a string');
        const stack = message['stack'];
        const kept = text.slice(0, MESSAGE_LIMITS.reportLength);
        return message['t'] === 'warn'
          ? { ok: true, message: { t: 'warn', message: kept } }
          : { ok: true, message: { t: 'error', message: kept, stack: typeof stack === 'string' ? stack.slice(0, MESSAGE_LIMITS.reportLength) : undefined } };
      }
      default:
        throw new Problem(`t: no message kind ${describe(message['t'])}`);
    }
  } catch (error) {
    if (error instanceof Problem) return { ok: false, problem: error.message };
    // A getter or proxy cannot come through structured cloning, but fail closed if anything throws.
    return { ok: false, problem: `the message could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}
