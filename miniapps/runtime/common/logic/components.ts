/**
 * Component instances in the logic runtime: one per use of a custom component on a page, made
 * when the host draws it, with its own data, its properties from the page (typed, defaulted,
 * observed), its methods, behaviors, observers and lifetimes (behaviors.ts merges them as
 * WeChat does), page lifetimes, `triggerEvent`, which reaches the page's handler bound on the
 * component's tag, and `selectComponent` / `selectAllComponents`.
 */
import type { LogicToHost } from './protocol.js';
import type { PathSegment, SetDataMeter } from './setData.js';
import { applySetData, DataPathError } from './setData.js';
import type { Definition } from './behaviors.js';
import { normalise, pathSegments, runLifetime, runObservers } from './behaviors.js';

type Options = Record<string, unknown>;
type Handler = (this: unknown, ...args: unknown[]) => unknown;

export interface ComponentInstance {
  readonly is: string;
  /** The id attribute of the component's tag, as WeChat's `this.id`. */
  readonly id: string;
  data: Record<string, unknown>;
  readonly properties: Record<string, unknown>;
  setData(changes: Record<string, unknown>, callback?: () => void): void;
  triggerEvent(name: string, detail?: unknown): void;
  [method: string]: unknown;
}

export interface ComponentDeps {
  readonly definitions: ReadonlyMap<string, Options>;
  /** Runs the component's module so its Component() call is recorded. */
  readonly load: (path: string) => void;
  readonly post: (message: LogicToHost) => void;
  readonly report: (error: unknown) => void;
  readonly call: (target: unknown, name: string, ...args: unknown[]) => unknown;
  readonly meter: SetDataMeter;
  readonly clock: () => number;
  /** The instance's own createSelectorQuery / createIntersectionObserver, scoped to it. */
  readonly scoped: (scope: { readonly pageId: number; readonly componentId: number }) => Record<string, (...args: never[]) => unknown>;
}

/**
 * The declared type's name (String, Number…), read by name: the app's constructors may come
 * from another realm than the runtime's.
 */
function typeName(declaration: unknown): string {
  const type = declaration && typeof declaration === 'object' ? (declaration as { type?: unknown }).type : declaration;
  return typeof type === 'function' ? type.name : '';
}

/** A property's declared default: `{ type, value }`, or a bare type (String → '', Number → 0…). */
export function propertyDefault(declaration: unknown): unknown {
  if (declaration && typeof declaration === 'object' && 'value' in declaration) return (declaration as { value: unknown }).value;
  return ({ String: '', Number: 0, Boolean: false, Array: [] } as Record<string, unknown>)[typeName(declaration)] ?? null;
}

/** The property as the app declared its type (attributes arrive as strings or data). */
export function coerce(declaration: unknown, value: unknown): unknown {
  const type = typeName(declaration);
  if (type === 'Number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (type === 'Boolean' && typeof value === 'string') return value !== 'false' && value !== '';
  if (type === 'String' && value !== null && value !== undefined && typeof value !== 'string') return String(value);
  return value;
}

const clone = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** Where a component's tag is on its page (its id and classes), for selectComponent. */
export interface ComponentPlace {
  readonly id: string;
  readonly classes: readonly string[];
}

/** `#id`, `.class` or a tag path's last part, as selectComponent takes them (one simple selector). */
export function matchesSelector(selector: unknown, path: string, place: ComponentPlace): boolean {
  if (typeof selector !== 'string') return false;
  const simple = selector.trim();
  if (simple.startsWith('#')) return place.id !== '' && place.id === simple.slice(1);
  if (simple.startsWith('.')) return place.classes.includes(simple.slice(1));
  return simple !== '' && (path === simple || path.split('/').at(-2) === simple || path.split('/').at(-1) === simple);
}

/** A change to a property as setData wrote it: the whole property, or a path inside it, with the value there before. */
interface PropertyChange {
  readonly key: string;
  readonly path: readonly string[];
  readonly old: unknown;
}

const valueAtPath = (data: unknown, path: readonly string[]): unknown => path.reduce<unknown>((value, segment) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined), data);

/** What a setData's keys change of the declared properties (their old values read before it applies). */
function propertyChanges(definition: Definition, data: Readonly<Record<string, unknown>>, keys: readonly string[]): PropertyChange[] {
  return keys.flatMap((written) => {
    const path = pathSegments(written);
    const key = path[0] ?? written;
    return Object.hasOwn(definition.properties, key) ? [{ key, path, old: clone(valueAtPath(data, path)) }] : [];
  });
}

/**
 * Property observers (`properties.x.observer`), as WeChat's framework calls them: for the whole
 * property, (new value, old value) when it changed; for a path inside it (`obj.a[0]`), (the value
 * at that path, undefined), once per key written, in the order written.
 */
function propertyObservers(definition: Definition, instance: ComponentInstance, changes: readonly PropertyChange[], report: (error: unknown) => void): void {
  for (const change of changes) {
    const declaration = definition.properties[change.key] as { observer?: unknown } | undefined;
    // An observer is a function, or the name of one of the component's methods.
    const observer = declaration && typeof declaration === 'object' ? (typeof declaration.observer === 'string' ? instance[declaration.observer] : declaration.observer) : undefined;
    const now = valueAtPath(instance.data, change.path);
    if (typeof observer !== 'function' || JSON.stringify(change.old) === JSON.stringify(now)) continue;
    try {
      (observer as Handler).call(instance, now, change.path.length === 1 ? change.old : undefined);
    } catch (error) {
      report(error);
    }
  }
}

/** The options a component's definition gives its drawing and data (read from the app's own object). */
function optionsOf(raw: Options | undefined): { pure: ((key: string) => boolean) | null; virtualHost: boolean; externalClasses: string[] } {
  const options = raw && typeof raw['options'] === 'object' && raw['options'] !== null ? (raw['options'] as Options) : {};
  const pattern = options['pureDataPattern'] as { test?: unknown } | undefined;
  const test = pattern && typeof pattern.test === 'function' ? (pattern.test as (text: string) => boolean).bind(pattern) : null;
  const classes = Array.isArray(raw?.['externalClasses']) ? (raw['externalClasses'] as unknown[]).filter((name): name is string => typeof name === 'string' && /^[A-Za-z_][\w-]{0,63}$/.test(name)).slice(0, 32) : [];
  return { pure: test, virtualHost: options['virtualHost'] === true, externalClasses: classes };
}

/** A relation a component declares: to which component path, of what kind, and its callbacks. */
interface Relation {
  readonly key: string;
  /** The component path it relates to, or (with `target`) any component that includes this Behavior(). */
  readonly target: string | object;
  readonly type: 'parent' | 'child' | 'ancestor' | 'descendant';
  readonly spec: Options;
}

/** `relations`, with each key resolved against the component's own path (as WeChat resolves it). */
function relationsOf(raw: Options | undefined, path: string): Relation[] {
  const declared = raw && typeof raw['relations'] === 'object' && raw['relations'] !== null ? (raw['relations'] as Options) : {};
  return Object.entries(declared).flatMap(([key, value]): Relation[] => {
    const spec = (value && typeof value === 'object' ? value : {}) as Options;
    const type = spec['type'];
    if (type !== 'parent' && type !== 'child' && type !== 'ancestor' && type !== 'descendant') return [];
    const parts = key.startsWith('/') ? [] : path.split('/').slice(0, -1);
    for (const part of key.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    const behavior = spec['target'];
    return [{ key, target: behavior && typeof behavior === 'object' ? behavior : parts.join('/').replace(/\.js$/, ''), type, spec }];
  });
}

const OPPOSITE = { parent: 'child', child: 'parent', ancestor: 'descendant', descendant: 'ancestor' } as const;

export function createComponents(deps: ComponentDeps) {
  const instances = new Map<number, { readonly instance: ComponentInstance; readonly definition: Definition; readonly pageId: number; readonly path: string; readonly place: ComponentPlace; readonly parentId: number | undefined; readonly relations: readonly Relation[] }>();
  /** Linked pairs, as `inner:outer` (the outer is the parent or ancestor), with the relation keys on each side. */
  const links = new Map<string, { readonly inner: number; readonly outer: number; readonly innerKey: string; readonly outerKey: string }>();

  /** The ancestors of an attached instance, nearest first (as far as attached ones reach). */
  const ancestorsOf = (componentId: number): number[] => {
    const chain: number[] = [];
    for (let at = instances.get(componentId)?.parentId; at !== undefined && chain.length < 64; at = instances.get(at)?.parentId) {
      if (!instances.has(at)) break;
      chain.push(at);
    }
    return chain;
  };

  const callRelation = (spec: Options, hook: string, self: ComponentInstance, other: ComponentInstance): void => {
    const handler = spec[hook];
    if (typeof handler !== 'function') return;
    try {
      (handler as Handler).call(self, other);
    } catch (error) {
      deps.report(error);
    }
  };

  /** Links `inner` under `outer` where both declare the relation (child/parent when direct, descendant/ancestor at any depth). */
  const tryLink = (inner: number, outer: number, direct: boolean): void => {
    const a = instances.get(inner);
    const b = instances.get(outer);
    if (!a || !b || links.has(`${inner}:${outer}`)) return;
    for (const [innerType, outerType] of direct ? ([['parent', 'child'], ['ancestor', 'descendant']] as const) : ([['ancestor', 'descendant']] as const)) {
      const matches = (relation: Relation, other: { readonly path: string; readonly definition: Definition }): boolean => (typeof relation.target === 'string' ? relation.target === other.path : (other.definition.included?.has(relation.target) ?? false));
      const mine = a.relations.find((relation) => relation.type === innerType && matches(relation, b));
      const theirs = b.relations.find((relation) => relation.type === outerType && matches(relation, a));
      if (!mine || !theirs || OPPOSITE[mine.type] !== theirs.type) continue;
      links.set(`${inner}:${outer}`, { inner, outer, innerKey: mine.key, outerKey: theirs.key });
      callRelation(theirs.spec, 'linked', b.instance, a.instance);
      callRelation(mine.spec, 'linked', a.instance, b.instance);
      return;
    }
  };
  const normalised = new Map<string, Definition>();

  const definitionOf = (path: string): Definition | undefined => {
    const cached = normalised.get(path);
    if (cached) return cached;
    const raw = deps.definitions.get(path);
    if (!raw) return undefined;
    const definition = normalise(raw);
    normalised.set(path, definition);
    return definition;
  };

  return {
    /** One instance made and attached at once (created, attached, ready). */
    attach(pageId: number, componentId: number, path: string, properties: Readonly<Record<string, unknown>>, place: ComponentPlace = { id: '', classes: [] }, parentId?: number): void {
      if (this.create(pageId, componentId, path, properties, place, parentId)) {
        this.attached(componentId);
        this.ready(componentId);
      }
    },

    /**
     * Instances drawn together (a page's first drawing, a list that appeared), in drawing order,
     * in WeChat's phases: every one created, then every one attached (relations linked), then ready.
     */
    attachAll(list: ReadonlyArray<{ readonly pageId: number; readonly componentId: number; readonly path: string; readonly properties: Readonly<Record<string, unknown>>; readonly place?: ComponentPlace; readonly parentId?: number }>): void {
      const made = list.filter((item) => this.create(item.pageId, item.componentId, item.path, item.properties, item.place, item.parentId)).map((item) => item.componentId);
      for (const componentId of made) this.attached(componentId);
      for (const componentId of made) this.ready(componentId);
    },

    /** Makes the instance and runs `created`; false when it could not be made (reported). */
    create(pageId: number, componentId: number, path: string, properties: Readonly<Record<string, unknown>>, place: ComponentPlace = { id: '', classes: [] }, parentId?: number): boolean {
      if (!deps.definitions.has(path)) {
        try {
          deps.load(path);
        } catch (error) {
          deps.report(error);
          return false;
        }
      }
      const definition = definitionOf(path);
      if (!definition) {
        deps.report(new Error(`${path}.js did not call Component()`));
        return false;
      }
      const raw = deps.definitions.get(path);
      const options = optionsOf(raw);
      // Pure data (options.pureDataPattern) is the logic's own: never sent to be drawn.
      const drawn = (patch: ReadonlyArray<readonly [PathSegment[], unknown]>): Array<readonly [PathSegment[], unknown]> => (options.pure ? patch.filter(([segments]) => !options.pure?.(String(segments[0]))) : [...patch]);
      const data: Record<string, unknown> = { ...(clone(definition.data) as Record<string, unknown>) };
      // A property the tag binds to nothing yet (undefined: the page's data has not come) takes its default, as in WeChat.
      for (const [key, declaration] of Object.entries(definition.properties)) data[key] = properties[key] !== undefined ? coerce(declaration, properties[key]) : clone(propertyDefault(declaration));
      const instance: ComponentInstance = {
        is: path,
        id: place.id,
        data,
        get properties() {
          return instance.data;
        },
        setData(changes, callback) {
          try {
            const before = propertyChanges(definition, instance.data, Object.keys(changes));
            const result = applySetData(instance.data, changes);
            instance.data = result.data;
            for (const message of deps.meter.record(deps.clock(), result.bytes)) deps.post({ t: 'warn', message: `${path}: ${message}` });
            const patch = drawn(result.patch);
            if (patch.length > 0) deps.post({ t: 'render', pageId, componentId, patch, bytes: result.bytes });
            // WeChat's order: the observers, then the properties' own observers.
            runObservers(definition.observers, instance.data, Object.keys(changes), instance, deps.report);
            propertyObservers(definition, instance, before, deps.report);
            if (callback) callback();
          } catch (error) {
            if (error instanceof DataPathError) deps.report(error);
            else throw error;
          }
        },
        triggerEvent(name, detail = {}) {
          deps.post({ t: 'componentEvent', componentId, name: String(name), detail: clone(detail) ?? {} });
        },
        selectComponent: (selector: unknown) => select(pageId, selector)[0] ?? null,
        selectAllComponents: (selector: unknown) => select(pageId, selector),
        ...deps.scoped({ pageId, componentId }),
        /** The instances linked to this one by the relation `key`. */
        getRelationNodes: (key: unknown) =>
          [...links.values()].flatMap((link) => (link.inner === componentId && link.innerKey === key ? [instances.get(link.outer)?.instance] : link.outer === componentId && link.outerKey === key ? [instances.get(link.inner)?.instance] : [])).filter((other): other is ComponentInstance => other !== undefined),
      };
      for (const [key, value] of Object.entries(definition.methods)) if (!(key in instance)) instance[key] = value;
      instances.set(componentId, { instance, definition, pageId, path, place, parentId, relations: relationsOf(raw, path) });
      if (options.virtualHost || options.externalClasses.length > 0) deps.post({ t: 'componentInfo', componentId, externalClasses: options.externalClasses, virtualHost: options.virtualHost });
      runLifetime(definition.lifetimes, 'created', instance, deps.report);
      // The instance's first render is all of its data.
      const initial = drawn(Object.entries(instance.data).map(([key, value]): readonly [PathSegment[], unknown] => [[key], value]));
      deps.post({ t: 'render', pageId, componentId, patch: initial, bytes: JSON.stringify(instance.data).length });
      // Properties the parent gave are set on the new instance, so they are observed before attached.
      const given = Object.keys(definition.properties).filter((key) => properties[key] !== undefined);
      if (given.length > 0) {
        runObservers(definition.observers, instance.data, given, instance, deps.report);
        propertyObservers(definition, instance, given.map((key) => ({ key, path: [key], old: propertyDefault(definition.properties[key]) })), deps.report);
      }
      return true;
    },

    /** `attached`, and the relations with attached instances above and below it. */
    attached(componentId: number): void {
      const entry = instances.get(componentId);
      if (!entry) return;
      const { definition, instance } = entry;
      runLifetime(definition.lifetimes, 'attached', instance, deps.report);
      // Relations: with each attached ancestor, and with attached instances below this one (the
      // host attaches inner components first, so either end may come second).
      ancestorsOf(componentId).forEach((outer, index) => tryLink(componentId, outer, index === 0));
      // In the order they are drawn (ids are given in drawing order), as getRelationNodes lists them.
      for (const inner of [...instances.keys()].sort((x, y) => x - y)) {
        const chain = ancestorsOf(inner);
        const at = chain.indexOf(componentId);
        if (at >= 0) tryLink(inner, componentId, at === 0);
      }
    },

    ready(componentId: number): void {
      const entry = instances.get(componentId);
      if (entry) runLifetime(entry.definition.lifetimes, 'ready', entry.instance, deps.report);
    },

    /** New properties from the page's data: only the ones that changed are set and observed. */
    props(componentId: number, properties: Readonly<Record<string, unknown>>): void {
      const entry = instances.get(componentId);
      if (!entry) return;
      const changes: Record<string, unknown> = {};
      for (const [key, declaration] of Object.entries(entry.definition.properties)) {
        if (!(key in properties)) continue;
        const value = properties[key] === undefined ? clone(propertyDefault(declaration)) : coerce(declaration, properties[key]);
        if (JSON.stringify(value) !== JSON.stringify(entry.instance.data[key])) changes[key] = value;
      }
      if (Object.keys(changes).length > 0) entry.instance.setData(changes);
    },

    detach(componentId: number): void {
      const entry = instances.get(componentId);
      if (!entry) return;
      for (const [pair, link] of links) {
        if (link.inner !== componentId && link.outer !== componentId) continue;
        links.delete(pair);
        const inner = instances.get(link.inner);
        const outer = instances.get(link.outer);
        if (inner && outer) {
          callRelation(outer.relations.find((relation) => relation.key === link.outerKey)?.spec ?? {}, 'unlinked', outer.instance, inner.instance);
          callRelation(inner.relations.find((relation) => relation.key === link.innerKey)?.spec ?? {}, 'unlinked', inner.instance, outer.instance);
        }
      }
      instances.delete(componentId);
      runLifetime(entry.definition.lifetimes, 'detached', entry.instance, deps.report);
    },

    /** A user event inside the component's template goes to the component's own method. */
    event(componentId: number, handler: string, event: unknown): void {
      const entry = instances.get(componentId);
      if (!entry) return;
      if (typeof entry.instance[handler] !== 'function') {
        deps.post({ t: 'warn', message: `${entry.instance.is}: no method "${handler}"` });
        return;
      }
      deps.call(entry.instance, handler, event);
    },

    /** The page's show, hide or resize, for every instance on it (pageLifetimes). */
    pageLifetime(pageId: number, name: 'show' | 'hide' | 'resize', ...args: unknown[]): void {
      for (const entry of instances.values()) if (entry.pageId === pageId) runLifetime(entry.definition.pageLifetimes, name, entry.instance, deps.report, ...args);
    },

    /** Instances on a page that a selector names, in the order they were made. */
    select,

    /** Where an instance is drawn: its page and its own id. */
    scopeOf(instance: unknown): { readonly pageId: number; readonly componentId: number } | undefined {
      for (const [componentId, entry] of instances) if (entry.instance === instance) return { pageId: entry.pageId, componentId };
      return undefined;
    },

    /** Every instance on a page goes when the page does. */
    unloadPage(pageId: number): void {
      for (const [componentId, entry] of instances) if (entry.pageId === pageId) this.detach(componentId);
    },
  };

  function select(pageId: number, selector: unknown): ComponentInstance[] {
    return [...instances.values()].filter((entry) => entry.pageId === pageId && matchesSelector(selector, entry.path, entry.place)).map((entry) => entry.instance);
  }
}
