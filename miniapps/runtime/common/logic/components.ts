/**
 * Component instances in the logic runtime: one per use of a custom component on a page, made
 * when the host draws it, with its own data, its properties from the page (typed, defaulted,
 * observed), its methods and lifetimes (created, attached, ready, detached), and
 * `triggerEvent`, which reaches the page's handler bound on the component's tag.
 */
import type { LogicToHost } from './protocol.js';
import type { PathSegment, SetDataMeter } from './setData.js';
import { applySetData, DataPathError } from './setData.js';

type Options = Record<string, unknown>;
type Handler = (this: unknown, ...args: unknown[]) => unknown;

export interface ComponentInstance {
  readonly is: string;
  readonly id: number;
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
function propertyDefault(declaration: unknown): unknown {
  if (declaration && typeof declaration === 'object' && 'value' in declaration) return (declaration as { value: unknown }).value;
  return ({ String: '', Number: 0, Boolean: false, Array: [] } as Record<string, unknown>)[typeName(declaration)] ?? null;
}

/** The property as the app declared its type (attributes arrive as strings or data). */
function coerce(declaration: unknown, value: unknown): unknown {
  const type = typeName(declaration);
  if (type === 'Number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (type === 'Boolean' && typeof value === 'string') return value !== 'false' && value !== '';
  if (type === 'String' && value !== null && value !== undefined && typeof value !== 'string') return String(value);
  return value;
}

const clone = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

export function createComponents(deps: ComponentDeps) {
  const instances = new Map<number, { readonly instance: ComponentInstance; readonly definition: Options; readonly pageId: number }>();

  const lifetime = (definition: Options, instance: ComponentInstance, name: string): void => {
    const lifetimes = definition['lifetimes'] as Options | undefined;
    const hook = lifetimes?.[name] ?? definition[name];
    if (typeof hook === 'function') {
      try {
        (hook as Handler).call(instance);
      } catch (error) {
        deps.report(error);
      }
    }
  };

  const observe = (definition: Options, instance: ComponentInstance, changed: readonly string[]): void => {
    const declared = (definition['properties'] ?? {}) as Options;
    for (const key of changed) {
      const declaration = declared[key] as { observer?: unknown } | undefined;
      if (declaration && typeof declaration === 'object' && typeof declaration.observer === 'function') {
        try {
          (declaration.observer as Handler).call(instance, instance.data[key]);
        } catch (error) {
          deps.report(error);
        }
      }
      const observers = (definition['observers'] ?? {}) as Options;
      if (typeof observers[key] === 'function') {
        try {
          (observers[key] as Handler).call(instance, instance.data[key]);
        } catch (error) {
          deps.report(error);
        }
      }
    }
  };

  return {
    attach(pageId: number, componentId: number, path: string, properties: Readonly<Record<string, unknown>>): void {
      if (!deps.definitions.has(path)) {
        try {
          deps.load(path);
        } catch (error) {
          deps.report(error);
          return;
        }
      }
      const definition = deps.definitions.get(path);
      if (!definition) {
        deps.report(new Error(`${path}.js did not call Component()`));
        return;
      }
      const declared = (definition['properties'] ?? {}) as Options;
      const data: Record<string, unknown> = { ...(clone(definition['data'] ?? {}) as Record<string, unknown>) };
      for (const [key, declaration] of Object.entries(declared)) data[key] = key in properties ? coerce(declaration, properties[key]) : clone(propertyDefault(declaration));
      const instance: ComponentInstance = {
        is: path,
        id: componentId,
        data,
        get properties() {
          return instance.data;
        },
        setData(changes, callback) {
          try {
            const result = applySetData(instance.data, changes);
            instance.data = result.data;
            for (const message of deps.meter.record(deps.clock(), result.bytes)) deps.post({ t: 'warn', message: `${path}: ${message}` });
            deps.post({ t: 'render', pageId, componentId, patch: result.patch, bytes: result.bytes });
            observe(definition, instance, Object.keys(changes).map((key) => key.split(/[.[]/)[0] ?? key));
            if (callback) callback();
          } catch (error) {
            if (error instanceof DataPathError) deps.report(error);
            else throw error;
          }
        },
        triggerEvent(name, detail = {}) {
          deps.post({ t: 'componentEvent', componentId, name: String(name), detail: clone(detail) ?? {} });
        },
      };
      for (const [key, value] of Object.entries((definition['methods'] ?? {}) as Options)) if (typeof value === 'function' && !(key in instance)) instance[key] = value;
      instances.set(componentId, { instance, definition, pageId });
      lifetime(definition, instance, 'created');
      // The instance's first render is all of its data.
      const initial = Object.entries(instance.data).map(([key, value]): readonly [PathSegment[], unknown] => [[key], value]);
      deps.post({ t: 'render', pageId, componentId, patch: initial, bytes: JSON.stringify(instance.data).length });
      lifetime(definition, instance, 'attached');
      lifetime(definition, instance, 'ready');
    },

    /** New properties from the page's data: only the ones that changed are set and observed. */
    props(componentId: number, properties: Readonly<Record<string, unknown>>): void {
      const entry = instances.get(componentId);
      if (!entry) return;
      const declared = (entry.definition['properties'] ?? {}) as Options;
      const changes: Record<string, unknown> = {};
      for (const [key, declaration] of Object.entries(declared)) {
        if (!(key in properties)) continue;
        const value = coerce(declaration, properties[key]);
        if (JSON.stringify(value) !== JSON.stringify(entry.instance.data[key])) changes[key] = value;
      }
      if (Object.keys(changes).length > 0) entry.instance.setData(changes);
    },

    detach(componentId: number): void {
      const entry = instances.get(componentId);
      if (!entry) return;
      instances.delete(componentId);
      lifetime(entry.definition, entry.instance, 'detached');
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

    /** Every instance on a page goes when the page does. */
    unloadPage(pageId: number): void {
      for (const [componentId, entry] of instances) if (entry.pageId === pageId) this.detach(componentId);
    },
  };
}
