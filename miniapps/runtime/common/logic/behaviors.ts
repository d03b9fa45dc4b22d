/**
 * The component model's definitions as WeChat merges them: `Behavior()` and `behaviors`, and
 * `observers` with several fields, paths and `**` wildcards. A definition (of a Component, a Page
 * or a Behavior) is normalised once into the parts the runtime uses; behaviors are merged in the
 * documented order:
 * - data, properties and methods: a later behavior overrides an earlier one, and the definition's
 *   own override every behavior's (data objects of the same name are merged, one level);
 * - lifetimes, page lifetimes and observers: every one runs, nested behaviors first, each
 *   behavior once however often it is included, the definition's own last.
 */
type Options = Record<string, unknown>;
export type Handler = (this: unknown, ...args: unknown[]) => unknown;

export interface Observer {
  /** Each watched field as path segments; `**` as the last one watches everything below. */
  readonly fields: ReadonlyArray<readonly string[]>;
  readonly handler: Handler;
}

export interface Definition {
  readonly data: Readonly<Record<string, unknown>>;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly methods: Readonly<Record<string, Handler>>;
  /** created, attached, ready, moved, detached, error: every handler, in order. */
  readonly lifetimes: Readonly<Record<string, readonly Handler[]>>;
  /** show, hide, resize of the page the component is on. */
  readonly pageLifetimes: Readonly<Record<string, readonly Handler[]>>;
  readonly observers: readonly Observer[];
  /** The definition's own fields the runtime does not interpret (page handlers such as onLoad, options). */
  readonly rest: Readonly<Record<string, unknown>>;
  /** The Behavior() objects it includes, directly or through others (a relation may target one). */
  readonly included?: ReadonlySet<object>;
}

const BEHAVIOR = Symbol('glovebox behavior');
const LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];
const MODEL_KEYS = new Set(['data', 'properties', 'methods', 'lifetimes', 'pageLifetimes', 'observers', 'behaviors', ...LIFETIMES]);

const isObject = (value: unknown): value is Options => value !== null && typeof value === 'object' && !Array.isArray(value);
const clone = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/**
 * Behaviors' data merged as WeChat's framework merges it: an object merges into what is there
 * (an object, or an array by index), deeply; an array or any other value replaces it.
 */
function mergeData(target: unknown, source: unknown): unknown {
  if (!isObject(source) || (!isObject(target) && !Array.isArray(target))) return clone(source);
  const merged: Record<string, unknown> | unknown[] = Array.isArray(target) ? [...target] : { ...target };
  for (const [key, value] of Object.entries(source)) (merged as Record<string, unknown>)[key] = mergeData((merged as Record<string, unknown>)[key], value);
  return merged;
}

/** `a.b[2].c` → ['a', 'b', '2', 'c']. */
export function pathSegments(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function parseObservers(observers: unknown): Observer[] {
  if (!isObject(observers)) return [];
  return Object.entries(observers)
    .filter((entry): entry is [string, Handler] => typeof entry[1] === 'function')
    .map(([key, handler]) => ({ fields: key.split(',').map((field) => pathSegments(field)), handler }));
}

/** Behavior(definition): a value to list in `behaviors`. */
export function makeBehavior(definition: unknown): object {
  const behavior = Object.freeze({ [BEHAVIOR]: normalise(isObject(definition) ? definition : {}) });
  return behavior;
}

function behaviorOf(value: unknown): Definition | undefined {
  return isObject(value) && BEHAVIOR in value ? (value as { [BEHAVIOR]: Definition })[BEHAVIOR] : undefined;
}

export function normalise(definition: Options): Definition {
  const data: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  const methods: Record<string, Handler> = {};
  const lifetimes: Record<string, Handler[]> = {};
  const pageLifetimes: Record<string, Handler[]> = {};
  const observers: Observer[] = [];
  const seen = new Set<Definition>();
  const absorb = (part: Definition): void => {
    if (seen.has(part)) return;
    seen.add(part);
    for (const [key, value] of Object.entries(part.data)) data[key] = mergeData(data[key], value);
    Object.assign(properties, part.properties);
    Object.assign(methods, part.methods);
    // A behavior included twice (directly and through another) contributes its handlers once.
    const add = (list: Handler[], handlers: readonly Handler[]): void => {
      for (const handler of handlers) if (!list.includes(handler)) list.push(handler);
    };
    for (const [name, handlers] of Object.entries(part.lifetimes)) add((lifetimes[name] ??= []), handlers);
    for (const [name, handlers] of Object.entries(part.pageLifetimes)) add((pageLifetimes[name] ??= []), handlers);
    for (const observer of part.observers) if (!observers.some((each) => each.handler === observer.handler)) observers.push(observer);
  };
  const included = new Set<object>();
  // Built-in behaviors (wx://form-field…) are names, not definitions: nothing to merge.
  for (const behavior of Array.isArray(definition['behaviors']) ? definition['behaviors'] : []) {
    const part = behaviorOf(behavior);
    if (!part) continue;
    absorb(part);
    included.add(behavior as object);
    for (const inner of part.included ?? []) included.add(inner);
  }
  const own: Definition = {
    data: isObject(definition['data']) ? definition['data'] : {},
    properties: isObject(definition['properties']) ? definition['properties'] : {},
    methods: Object.fromEntries(Object.entries(isObject(definition['methods']) ? definition['methods'] : {}).filter((entry): entry is [string, Handler] => typeof entry[1] === 'function')),
    lifetimes: Object.fromEntries(
      LIFETIMES.map((name) => {
        // `lifetimes.x` wins over the old top-level `x`, as in WeChat.
        const hook = (isObject(definition['lifetimes']) ? definition['lifetimes'][name] : undefined) ?? definition[name];
        return [name, typeof hook === 'function' ? [hook as Handler] : []];
      }),
    ),
    pageLifetimes: Object.fromEntries(Object.entries(isObject(definition['pageLifetimes']) ? definition['pageLifetimes'] : {}).filter((entry): entry is [string, Handler] => typeof entry[1] === 'function').map(([name, hook]) => [name, [hook]])),
    observers: parseObservers(definition['observers']),
    rest: {},
  };
  absorb(own);
  return { data, properties, methods, lifetimes, pageLifetimes, observers, rest: Object.fromEntries(Object.entries(definition).filter(([key]) => !MODEL_KEYS.has(key))), included };
}

/** Runs every handler for `name`; one that throws is reported and the others still run. */
export function runLifetime(handlers: Readonly<Record<string, readonly Handler[]>>, name: string, target: unknown, report: (error: unknown) => void, ...args: unknown[]): void {
  for (const handler of handlers[name] ?? []) {
    try {
      handler.apply(target, args);
    } catch (error) {
      report(error);
    }
  }
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let value = data;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Options)[segment];
  }
  return value;
}

/**
 * Whether a change at `changed` touches the field `field`: the same path or one above it (which
 * replaces it); one below it only for a `**` field, as WeChat documents.
 */
function touches(field: readonly string[], changed: readonly string[]): boolean {
  const wildcard = field[field.length - 1] === '**';
  const watched = wildcard ? field.slice(0, -1) : field;
  if (!wildcard && changed.length > watched.length) return false;
  const shared = Math.min(watched.length, changed.length);
  for (let index = 0; index < shared; index += 1) if (watched[index] !== changed[index]) return false;
  return true;
}

/**
 * Runs each observer one of whose fields a change touched, once per setData, with the fields'
 * values now (`x.**` gives x's value; `**` the whole data).
 */
export function runObservers(observers: readonly Observer[], data: Readonly<Record<string, unknown>>, changedKeys: readonly string[], target: unknown, report: (error: unknown) => void): void {
  const changed = changedKeys.map(pathSegments);
  for (const observer of observers) {
    if (!observer.fields.some((field) => changed.some((path) => touches(field, path)))) continue;
    const values = observer.fields.map((field) => (field[field.length - 1] === '**' ? (field.length === 1 ? data : valueAt(data, field.slice(0, -1))) : valueAt(data, field)));
    try {
      observer.handler.apply(target, values);
    } catch (error) {
      report(error);
    }
  }
}
