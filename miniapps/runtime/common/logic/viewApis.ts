/**
 * The calls about what a page shows, answered in the worker with objects the app drives, whose
 * work the host does: `createSelectorQuery` (the host measures, one round trip per exec),
 * `createIntersectionObserver` (the host observes and pushes each change), `createAnimation`
 * (plain data the app sets on an element's `animation` attribute; the host plays it), and the
 * canvas contexts (legacy `createCanvasContext` / `createContext` + `drawCanvas`, and the
 * `type="2d"` node), which record commands from the contract in ../canvas.ts and send them to
 * the host to draw. Nothing here touches a DOM.
 */
import type { CanvasCommand, GradientStyle } from '../canvas.js';
import { CANVAS_METHODS, CANVAS_PROPERTIES } from '../canvas.js';
import type { LogicToHost } from './protocol.js';

/** What a query or observer is scoped to: a page, or one component instance on it. */
export interface ViewScope {
  readonly pageId: number;
  readonly componentId?: number;
}

export interface ViewDeps {
  readonly post: (message: LogicToHost) => void;
  /** A round trip to the host (resolves with the call's success value). */
  readonly api: (name: string, args: Record<string, unknown>) => Promise<unknown>;
  /** The page on top (where wx.createSelectorQuery() looks), if any. */
  readonly currentPage: () => number | undefined;
  /** The page or component an instance (`this` of a page or component, or `.in(component)`) is. */
  readonly scopeOf: (instance: unknown) => ViewScope | undefined;
  readonly report: (error: unknown) => void;
  /** Runs `run` after about a frame (a 2d canvas's requestAnimationFrame). */
  readonly later: (run: () => void, ms: number) => void;
  readonly namespace: 'wx' | 'my';
}

type Callback = (result: unknown) => void;

const safe = (deps: ViewDeps, callback: unknown, ...args: unknown[]): void => {
  if (typeof callback !== 'function') return;
  try {
    (callback as (...values: unknown[]) => void)(...args);
  } catch (error) {
    deps.report(error);
  }
};

// ---------------------------------------------------------------- canvas contexts

const FONT_DEFAULT = '10px sans-serif';

/** A gradient the app fills with; crosses as data (GradientStyle). */
class Gradient {
  readonly stops: Array<readonly [number, string]> = [];
  constructor(
    readonly kind: 'linear' | 'radial',
    readonly args: readonly number[],
  ) {}
  addColorStop(offset: unknown, colour: unknown): void {
    this.stops.push([Number(offset), String(colour)]);
  }
  toJSON(): GradientStyle {
    return { gradient: this.kind, args: this.args, stops: this.stops };
  }
}

const styleValue = (value: unknown): unknown => (value instanceof Gradient ? value.toJSON() : value);

/** `image` arguments: a path (legacy) or a 2d canvas's Image (its src). */
const imageValue = (value: unknown): unknown => (value && typeof value === 'object' && 'src' in value ? (value as { src: unknown }).src : value);

/**
 * The recording context: every method of the contract, every property with a getter that reads
 * what was set, and the legacy setters (setFillStyle, setFontSize…). `flush` decides when the
 * commands go: at `draw()` (legacy) or after the current task (2d).
 */
function recordingContext(deps: ViewDeps, onRecord: () => void): { context: Record<string, unknown>; take: () => CanvasCommand[] } {
  let commands: CanvasCommand[] = [];
  const state: Record<string, unknown> = { fillStyle: '#000000', strokeStyle: '#000000', lineWidth: 1, font: FONT_DEFAULT, globalAlpha: 1, textAlign: 'start', textBaseline: 'alphabetic', lineCap: 'butt', lineJoin: 'miter' };
  const record = (command: CanvasCommand): void => {
    commands.push(command);
    onRecord();
  };
  const context: Record<string, unknown> = {};
  for (const method of Object.keys(CANVAS_METHODS)) {
    context[method] = (...args: unknown[]) => {
      record([method, ...(method === 'drawImage' ? [imageValue(args[0]), ...args.slice(1)] : args)] as CanvasCommand);
    };
  }
  for (const property of Object.keys(CANVAS_PROPERTIES)) {
    Object.defineProperty(context, property, {
      get: () => state[property],
      set: (value: unknown) => {
        state[property] = value;
        record([`=${property}`, styleValue(value)]);
      },
      enumerable: true,
      configurable: true,
    });
  }
  const set = (property: string, value: unknown): void => {
    (context as Record<string, unknown>)[property] = value;
  };
  Object.assign(context, {
    createLinearGradient: (...args: unknown[]) => new Gradient('linear', args.map(Number)),
    createRadialGradient: (...args: unknown[]) => new Gradient('radial', args.map(Number)),
    // Legacy: a circle's gradient, from its centre to its edge.
    createCircularGradient: (x: unknown, y: unknown, r: unknown) => new Gradient('radial', [Number(x), Number(y), 0, Number(x), Number(y), Number(r)]),
    createPattern: () => null,
    setFillStyle: (value: unknown) => set('fillStyle', value),
    setStrokeStyle: (value: unknown) => set('strokeStyle', value),
    setLineWidth: (value: unknown) => set('lineWidth', value),
    setLineCap: (value: unknown) => set('lineCap', value),
    setLineJoin: (value: unknown) => set('lineJoin', value),
    setMiterLimit: (value: unknown) => set('miterLimit', value),
    setTextAlign: (value: unknown) => set('textAlign', value),
    setTextBaseline: (value: unknown) => set('textBaseline', value),
    setGlobalAlpha: (value: unknown) => set('globalAlpha', value),
    setFontSize: (value: unknown) => set('font', `${Number(value)}px sans-serif`),
    setShadow: (x: unknown, y: unknown, blur: unknown, colour: unknown) => {
      set('shadowOffsetX', Number(x));
      set('shadowOffsetY', Number(y));
      set('shadowBlur', Number(blur));
      set('shadowColor', String(colour ?? 'black'));
    },
    setLineDash: (pattern: unknown, offset?: unknown) => {
      record(['setLineDash', Array.isArray(pattern) ? pattern : []]);
      if (offset !== undefined) set('lineDashOffset', Number(offset));
    },
    /**
     * Text is measured in the worker without fonts: an estimate from the font's size (0.6 em a
     * character, 1 em for wide ones), so a layout that centres text stays close.
     */
    measureText: (value: unknown) => {
      const size = Number(/(\d+(?:\.\d+)?)px/.exec(String(state['font']))?.[1] ?? 10);
      let width = 0;
      for (const character of String(value)) width += (character.codePointAt(0) ?? 0) > 0x2e80 ? size : size * 0.6;
      return { width };
    },
    /** Legacy `wx.createContext()`: the recorded actions, for `wx.drawCanvas`. */
    getActions: () => {
      const taken = commands;
      commands = [];
      return taken;
    },
    clearActions: () => {
      commands = [];
    },
  });
  return {
    context,
    take: () => {
      const taken = commands;
      commands = [];
      return taken;
    },
  };
}

// ---------------------------------------------------------------- animation

const ANIMATION_METHODS = [
  'opacity', 'backgroundColor', 'width', 'height', 'top', 'left', 'bottom', 'right',
  'rotate', 'rotateX', 'rotateY', 'rotateZ', 'rotate3d', 'scale', 'scaleX', 'scaleY', 'scaleZ', 'scale3d',
  'translate', 'translateX', 'translateY', 'translateZ', 'translate3d', 'skew', 'skewX', 'skewY', 'matrix', 'matrix3d',
] as const;

interface AnimationOptions {
  duration?: unknown;
  timingFunction?: unknown;
  delay?: unknown;
  transformOrigin?: unknown;
}

/** wx.createAnimation: chained steps, exported as `{ actions }` data for an element's `animation` attribute. */
function createAnimation(defaults: AnimationOptions = {}): Record<string, unknown> {
  let animates: Array<{ type: string; args: unknown[] }> = [];
  let actions: unknown[] = [];
  const option = (given: AnimationOptions = {}) => ({
    transition: {
      duration: Number(given.duration ?? defaults.duration ?? 400),
      timingFunction: String(given.timingFunction ?? defaults.timingFunction ?? 'linear'),
      delay: Number(given.delay ?? defaults.delay ?? 0),
    },
    transformOrigin: String(given.transformOrigin ?? defaults.transformOrigin ?? '50% 50% 0'),
  });
  const animation: Record<string, unknown> = {};
  for (const method of ANIMATION_METHODS) {
    animation[method] = (...args: unknown[]) => {
      animates.push({ type: method === 'opacity' || method === 'backgroundColor' || ['width', 'height', 'top', 'left', 'bottom', 'right'].includes(method) ? 'style' : method, args: ['opacity', 'backgroundColor', 'width', 'height', 'top', 'left', 'bottom', 'right'].includes(method) ? [method === 'backgroundColor' ? 'background-color' : method, args[0]] : args });
      return animation;
    };
  }
  animation['step'] = (given?: AnimationOptions) => {
    actions.push({ animates, option: option(given) });
    animates = [];
    return animation;
  };
  animation['export'] = () => {
    if (animates.length > 0) (animation['step'] as () => unknown)();
    const exported = { actions };
    actions = [];
    return JSON.parse(JSON.stringify(exported)) as unknown;
  };
  return animation;
}

// ---------------------------------------------------------------- selector queries

type Fields = Record<string, unknown>;

interface QueryRequest {
  readonly selector: string;
  readonly all: boolean;
  readonly viewport: boolean;
  readonly fields: Fields;
  readonly callback: unknown;
}

export function createViewApis(deps: ViewDeps) {
  let nextObserver = 1;
  const observers = new Map<number, { callback: Callback }>();
  /** The 2d canvases the app holds, by the host's reference. */
  const canvases = new Map<number, unknown>();

  function canvasContext(scope: ViewScope, target: { canvasId?: string; ref?: number }): { context: Record<string, unknown>; flush: (reserve: boolean, size?: { width: number; height: number }) => void } {
    const recorder = recordingContext(deps, () => undefined);
    return {
      context: recorder.context,
      flush: (reserve, size) => {
        const commands = recorder.take();
        if (commands.length === 0 && !size && reserve) return;
        deps.post({ t: 'canvas', pageId: scope.pageId, ...(scope.componentId === undefined ? {} : { componentId: scope.componentId }), ...target, reserve, commands, ...(size ? { width: size.width, height: size.height } : {}) });
      },
    };
  }

  /** wx.createCanvasContext(canvasId, component?): the legacy context, drawn at `draw()`. */
  function legacyContext(canvasId: unknown, owner?: unknown): Record<string, unknown> {
    const scope = deps.scopeOf(owner) ?? (deps.currentPage() !== undefined ? { pageId: deps.currentPage() as number } : undefined);
    if (typeof canvasId !== 'string' || canvasId === '') throw new TypeError(`${deps.namespace}.createCanvasContext needs the canvas-id of a <canvas> as a string`);
    const { context, flush } = canvasContext(scope ?? { pageId: -1 }, { canvasId });
    context['draw'] = (reserve?: unknown, callback?: unknown) => {
      if (scope) flush(Boolean(reserve));
      else deps.report(new Error(`${deps.namespace}.createCanvasContext("${canvasId}"): no page is open to draw on`));
      if (typeof callback === 'function') deps.later(() => safe(deps, callback), 0);
    };
    return context;
  }

  /** A `type="2d"` canvas node: width and height, getContext('2d'), createImage, requestAnimationFrame. */
  function canvasNode(scope: ViewScope, ref: number, width: number, height: number): unknown {
    const known = canvases.get(ref);
    if (known) return known;
    let size = { width, height };
    let resized = false;
    let scheduled = false;
    let recorder: ReturnType<typeof canvasContext> | undefined;
    const schedule = (): void => {
      if (scheduled) return;
      scheduled = true;
      // Commands of one task go together, after it (a 2d canvas draws as the app calls; the host's copy catches up once per task).
      void Promise.resolve().then(() => {
        scheduled = false;
        recorder?.flush(true, resized ? size : undefined);
        resized = false;
      });
    };
    const node: Record<string, unknown> = {
      getContext(kind: unknown) {
        if (kind !== '2d') return null;
        if (!recorder) {
          recorder = canvasContext(scope, { ref });
          const context = recorder.context;
          for (const key of Object.keys(context)) {
            const descriptor = Object.getOwnPropertyDescriptor(context, key);
            if (descriptor?.set) {
              const setter = descriptor.set;
              Object.defineProperty(context, key, { ...descriptor, set: (value: unknown) => { setter(value); schedule(); } });
            } else if (typeof descriptor?.value === 'function' && (Object.hasOwn(CANVAS_METHODS, key) || key === 'setLineDash')) {
              const method = descriptor.value as (...args: unknown[]) => unknown;
              context[key] = (...args: unknown[]) => {
                method(...args);
                schedule();
              };
            }
          }
          context['canvas'] = node;
        }
        return recorder.context;
      },
      createImage() {
        const image: Record<string, unknown> = { width: 0, height: 0, onload: null, onerror: null };
        let source = '';
        Object.defineProperty(image, 'src', {
          get: () => source,
          set: (value: unknown) => {
            source = String(value);
            deps.api(`${deps.namespace}.getImageInfo`, { src: source, pageId: scope.pageId }).then(
              (info) => {
                image['width'] = (info as { width?: unknown }).width;
                image['height'] = (info as { height?: unknown }).height;
                safe(deps, image['onload']);
              },
              (error: unknown) => safe(deps, image['onerror'], error),
            );
          },
        });
        return image;
      },
      requestAnimationFrame(callback: unknown) {
        deps.later(() => safe(deps, callback, Date.now()), 16);
        return 0;
      },
      cancelAnimationFrame() {},
    };
    Object.defineProperty(node, 'width', { get: () => size.width, set: (value: unknown) => { size = { ...size, width: Math.round(Number(value)) }; resized = true; schedule(); } });
    Object.defineProperty(node, 'height', { get: () => size.height, set: (value: unknown) => { size = { ...size, height: Math.round(Number(value)) }; resized = true; schedule(); } });
    canvases.set(ref, node);
    return node;
  }

  function selectorQuery(initial: ViewScope | undefined): Record<string, unknown> {
    let scope = initial;
    const requests: QueryRequest[] = [];
    const query: Record<string, unknown> = {};
    const nodes = (selector: string, all: boolean, viewport: boolean) => {
      const add = (fields: Fields, callback: unknown) => {
        requests.push({ selector, all, viewport, fields, callback });
        return query;
      };
      return {
        boundingClientRect: (callback?: unknown) => add({ id: true, dataset: true, rect: true, size: true }, callback),
        scrollOffset: (callback?: unknown) => add({ id: true, dataset: true, scrollOffset: true }, callback),
        fields: (fields: unknown, callback?: unknown) => add(fields && typeof fields === 'object' ? { ...(fields as Fields) } : {}, callback),
        node: (callback?: unknown) => add({ node: true }, callback),
        context: (callback?: unknown) => add({ context: true }, callback),
      };
    };
    Object.assign(query, {
      in: (component: unknown) => {
        scope = deps.scopeOf(component) ?? scope;
        return query;
      },
      select: (selector: unknown) => nodes(String(selector), false, false),
      selectAll: (selector: unknown) => nodes(String(selector), true, false),
      selectViewport: () => nodes('', false, true),
      exec: (callback?: unknown) => {
        const pageId = scope?.pageId ?? deps.currentPage();
        const asked = requests.splice(0);
        if (pageId === undefined) {
          safe(deps, callback, asked.map(() => null));
          return query;
        }
        const payload = asked.map(({ selector, all, viewport, fields }) => ({ selector, all, viewport, fields: Object.fromEntries(Object.entries(fields).filter(([, value]) => typeof value !== 'function')) }));
        deps
          .api(`${deps.namespace}.createSelectorQuery`, { pageId, ...(scope?.componentId === undefined ? {} : { componentId: scope.componentId }), queries: payload })
          .then((answer) => {
            const results = Array.isArray((answer as { results?: unknown }).results) ? ((answer as { results: unknown[] }).results) : [];
            const shaped = asked.map((request, index) => {
              const wrap = (result: unknown): unknown => {
                if (!result || typeof result !== 'object') return result ?? null;
                const item = { ...(result as Record<string, unknown>) };
                const canvas = item['canvas'] as { ref?: unknown; canvasId?: unknown; width?: unknown; height?: unknown } | undefined;
                delete item['canvas'];
                if (request.fields['node'] && canvas && typeof canvas.ref === 'number') item['node'] = canvasNode({ pageId, ...(scope?.componentId === undefined ? {} : { componentId: scope.componentId }) }, canvas.ref, Number(canvas.width), Number(canvas.height));
                if (request.fields['context'] && canvas && typeof canvas.canvasId === 'string') item['context'] = legacyContext(canvas.canvasId, undefined);
                return item;
              };
              const result = results[index];
              return request.all ? (Array.isArray(result) ? result.map(wrap) : []) : wrap(result);
            });
            shaped.forEach((result, index) => safe(deps, asked[index]?.callback, result));
            safe(deps, callback, shaped);
          })
          .catch((error: unknown) => deps.report(new Error(`${deps.namespace}.createSelectorQuery().exec() failed: ${JSON.stringify(error)}`)));
        return query;
      },
    });
    return query;
  }

  /** wx.createIntersectionObserver(component?, options?): the host observes; each change is pushed here. */
  function intersectionObserver(owner?: unknown, options?: unknown): Record<string, unknown> {
    const scopeGiven = deps.scopeOf(owner);
    const settings = (scopeGiven ? options : owner) as { thresholds?: unknown; initialRatio?: unknown; observeAll?: unknown } | undefined;
    const scope = scopeGiven ?? (deps.currentPage() !== undefined ? { pageId: deps.currentPage() as number } : undefined);
    let relativeTo: { selector: string; margins: Record<string, number> } | null = null;
    const ids: number[] = [];
    const margins = (value: unknown): Record<string, number> => Object.fromEntries(['top', 'right', 'bottom', 'left'].map((side) => [side, Number((value as Record<string, unknown> | undefined)?.[side] ?? 0) || 0]));
    const observer: Record<string, unknown> = {
      relativeTo(selector: unknown, given?: unknown) {
        relativeTo = { selector: String(selector), margins: margins(given) };
        return observer;
      },
      relativeToViewport(given?: unknown) {
        relativeTo = { selector: '', margins: margins(given) };
        return observer;
      },
      observe(selector: unknown, callback: unknown) {
        if (!scope) return;
        if (typeof callback !== 'function') throw new TypeError('observe(selector, callback) needs a callback');
        const observerId = nextObserver;
        nextObserver += 1;
        ids.push(observerId);
        observers.set(observerId, { callback: callback as Callback });
        const thresholds = Array.isArray(settings?.thresholds) ? settings.thresholds.map(Number).filter((value) => Number.isFinite(value)).slice(0, 16) : [0];
        deps
          .api(`${deps.namespace}.createIntersectionObserver`, {
            op: 'observe', observerId, pageId: scope.pageId, ...(scope.componentId === undefined ? {} : { componentId: scope.componentId }),
            selector: String(selector), all: Boolean(settings?.observeAll), thresholds, initialRatio: Number(settings?.initialRatio ?? 0) || 0,
            relativeTo: relativeTo ?? { selector: '', margins: margins(undefined) },
          })
          .catch((error: unknown) => deps.report(new Error(`IntersectionObserver.observe("${String(selector)}") failed: ${JSON.stringify(error)}`)));
      },
      disconnect() {
        for (const observerId of ids.splice(0)) {
          observers.delete(observerId);
          deps.api(`${deps.namespace}.createIntersectionObserver`, { op: 'disconnect', observerId }).catch(() => undefined);
        }
      },
    };
    return observer;
  }

  return {
    /** The calls by name, as wx/my properties. */
    calls: {
      createSelectorQuery: () => selectorQuery(undefined),
      createIntersectionObserver: intersectionObserver,
      createAnimation: (options?: unknown) => createAnimation((options ?? {}) as AnimationOptions),
      createCanvasContext: legacyContext,
      // The oldest form: a context not bound to a canvas; its actions go with wx.drawCanvas.
      createContext: () => recordingContext(deps, () => undefined).context,
      drawCanvas: (options?: unknown) => {
        const given = (options ?? {}) as { canvasId?: unknown; actions?: unknown; reserve?: unknown; success?: unknown; complete?: unknown };
        const pageId = deps.currentPage();
        if (typeof given.canvasId !== 'string' || pageId === undefined) throw new TypeError(`${deps.namespace}.drawCanvas needs a canvasId and an open page`);
        deps.post({ t: 'canvas', pageId, canvasId: given.canvasId, reserve: Boolean(given.reserve), commands: Array.isArray(given.actions) ? (given.actions as CanvasCommand[]) : [] });
        deps.later(() => {
          safe(deps, given.success, { errMsg: 'drawCanvas:ok' });
          safe(deps, given.complete, { errMsg: 'drawCanvas:ok' });
        }, 0);
      },
    } as Record<string, (...args: unknown[]) => unknown>,
    /** `this.createSelectorQuery()` / `this.createIntersectionObserver()` on a page or component. */
    scoped(scope: ViewScope) {
      return {
        createSelectorQuery: () => selectorQuery(scope),
        createIntersectionObserver: (options?: unknown) => intersectionObserver({ [SCOPE]: scope }, options),
      };
    },
    /** A change the host saw for an observer. */
    intersection(observerId: number, entry: unknown): void {
      const observer = observers.get(observerId);
      if (observer) safe(deps, observer.callback, entry);
    },
    /** The page is gone: its canvases with it. */
    forgetCanvases(): void {
      canvases.clear();
    },
  };
}

/** Marks an object as standing for a scope (a page's or component's own createIntersectionObserver). */
export const SCOPE = Symbol('view scope');
