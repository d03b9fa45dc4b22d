/**
 * The mini-program logic runtime, as it runs inside an app's logic container: App, Page,
 * Component, getApp, getCurrentPages and the API objects (wx or my, and car), driven by
 * messages from the host. It never touches a DOM or the network; everything goes through the port.
 */
import type { AppEvent, HostToLogic, LogicPort, LogicToHost } from './protocol.js';
import type { PathSegment } from './setData.js';
import { applySetData, DataPathError, SetDataMeter } from './setData.js';
import type { Definition } from './behaviors.js';
import { makeBehavior, normalise, runLifetime, runObservers } from './behaviors.js';
import { coerce, createComponents, propertyDefault } from './components.js';
import { createLocalApis } from './localApis.js';
import { apiEntry } from '../apiCatalog.js';
import { createSyncStorage } from './syncStorage.js';
import type { ViewScope } from './viewApis.js';
import { createViewApis, SCOPE } from './viewApis.js';
import type { NativeTimers } from './timers.js';
import { createSuspendableTimers } from './timers.js';

type Options = Record<string, unknown>;
type Handler = (this: unknown, ...args: unknown[]) => unknown;

export interface PageInstance {
  readonly route: string;
  readonly options: Readonly<Record<string, string>>;
  data: Record<string, unknown>;
  setData(changes: Record<string, unknown>, callback?: () => void): void;
  [method: string]: unknown;
}

/** A module of the app's logic bundle: CommonJS-like, defined by the bundle, run on first require. */
export type ModuleFactory = (module: { exports: unknown }, exports: unknown, require: (path: string) => unknown) => void;

export interface LogicRuntime {
  /** The globals an app's code sees. */
  readonly globals: Readonly<Record<string, unknown>>;
  /** A promise of the app's was rejected and nothing handled it (wx.onUnhandledRejection hears it). */
  rejected(reason: unknown): void;
  /** Registers a module of the bundle (the bundle calls this for every file). */
  define(path: string, factory: ModuleFactory): void;
}

const PAGE_LIFECYCLE = new Set(['onLoad', 'onShow', 'onReady', 'onHide', 'onUnload']);

function resolveModule(from: string, request: string): string {
  const parts = request.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const part of request.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const path = parts.join('/');
  return path.endsWith('.js') ? path : `${path}.js`;
}

export interface RuntimeOptions {
  readonly clock?: () => number;
  /** The worker's own timers; given, the app's timers are suspendable (held while suspended). */
  readonly timers?: NativeTimers;
}

export function createLogicRuntime(port: LogicPort, dialect: 'wechat' | 'alipay', options: RuntimeOptions = {}): LogicRuntime {
  const clock = options.clock ?? (() => Date.now());
  const factories = new Map<string, ModuleFactory>();
  const modules = new Map<string, { exports: unknown }>();
  const pageDefinitions = new Map<string, Options>();
  const componentDefinitions = new Map<string, Options>();
  /** Each live page's merged definition (behaviors, lifetimes, observers). */
  const pageModels = new Map<number, Definition>();
  const pages = new Map<number, PageInstance>();
  const pageOrder: number[] = [];
  const pendingCalls = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  const meter = new SetDataMeter();
  // Written through as the asynchronous call; a refused write (the quota) is reported, not thrown.
  const syncStorage = createSyncStorage(dialect === 'alipay' ? 'my' : 'wx', (name, args) => {
    (api(`${dialect === 'alipay' ? 'my' : 'wx'}.${name}`, args) as Promise<unknown>).catch((error: unknown) => post({ t: 'warn', message: `${name} (from the synchronous call) failed: ${JSON.stringify(error)}` }));
  });
  const localApis = createLocalApis(dialect);
  let appDefinition: Options | undefined;
  let appInstance: Record<string, unknown> | undefined;
  let nextCallId = 1;
  let definingPage: string | undefined;

  const post = (message: LogicToHost): void => port.post(message);
  // Errors may come from another realm (the app's context), so they are read by shape, not instanceof.
  const reportOnly = (error: unknown): string => {
    const shaped = typeof error === 'object' && error !== null ? (error as { message?: unknown; stack?: unknown; errMsg?: unknown; errorMessage?: unknown }) : undefined;
    // A call's failure (wx: errMsg, my: errorMessage) that the app left unhandled reads as its message.
    const message = typeof shaped?.message === 'string' ? shaped.message : typeof shaped?.errMsg === 'string' ? shaped.errMsg : typeof shaped?.errorMessage === 'string' ? shaped.errorMessage : String(error);
    post({ t: 'error', message, stack: typeof shaped?.stack === 'string' ? shaped.stack : undefined });
    return message;
  };
  // The app's wx.onError listeners hear every error; one of theirs is only reported (no loop).
  const report = (error: unknown): void => void localApis.emit('Error', reportOnly(error), reportOnly);
  const timers = options.timers ? createSuspendableTimers(options.timers, (error) => {
    report(error);
    call(appInstance, 'onError', String((error as { message?: unknown } | null)?.message ?? error));
  }) : undefined;
  const call = (target: unknown, name: string, ...args: unknown[]): unknown => {
    const method = (target as Record<string, unknown> | undefined)?.[name];
    if (typeof method !== 'function') return undefined;
    try {
      return (method as Handler).apply(target, args);
    } catch (error) {
      report(error);
      return undefined;
    }
  };

  /** `request` as WeChat's require finds it: a file, a folder's index.js, or a package in miniprogram_npm (beside `from` or above). */
  function findModule(from: string, request: string): string {
    const known = (path: string): string | undefined => [path, path.replace(/\.js$/, '/index.js')].find((candidate) => factories.has(candidate) || modules.has(candidate));
    if (!request.startsWith('.') && !request.startsWith('/')) {
      const folders = from.split('/').slice(0, -1);
      for (let depth = folders.length; depth >= 0; depth -= 1) {
        const found = known(resolveModule('', `/${[...folders.slice(0, depth), 'miniprogram_npm', request].join('/')}`));
        if (found) return found;
      }
    }
    const path = resolveModule(from, request);
    return known(path) ?? path;
  }

  function requireModule(from: string, request: string): unknown {
    const path = findModule(from, request);
    const cached = modules.get(path);
    if (cached) return cached.exports;
    const factory = factories.get(path);
    if (!factory) throw new Error(`require("${request}") from ${from}: no module ${path} in the app`);
    const module = { exports: {} as unknown };
    modules.set(path, module);
    const previous = definingPage;
    definingPage = path.replace(/\.js$/, '');
    try {
      factory(module, module.exports, (next) => requireModule(path, next));
    } finally {
      definingPage = previous;
    }
    return module.exports;
  }

  /** An API call to the host: callbacks (success/fail/complete) or, without them, a promise. */
  function api(name: string, args: unknown): unknown {
    const options = (args && typeof args === 'object' ? args : {}) as Options;
    const callId = nextCallId;
    nextCallId += 1;
    const payload = Object.fromEntries(Object.entries(options).filter(([, value]) => typeof value !== 'function'));
    const promise = new Promise((resolve, reject) => pendingCalls.set(callId, { resolve, reject }));
    post({ t: 'api', callId, name, args: payload });
    const hasCallbacks = ['success', 'fail', 'complete'].some((key) => typeof options[key] === 'function');
    if (!hasCallbacks) return promise;
    promise.then(
      (value) => {
        call(options, 'success', value);
        call(options, 'complete', value);
      },
      (error: unknown) => {
        call(options, 'fail', error);
        call(options, 'complete', error);
      },
    );
    return undefined;
  }

  /** car.on…Change listeners by topic; the host pushes only what services permitted. */
  const listeners: Record<'vehicle' | 'driving' | 'voice', Set<(payload: unknown) => void>> = { vehicle: new Set(), driving: new Set(), voice: new Set() };
  const SUBSCRIPTIONS: Readonly<Record<string, 'vehicle' | 'driving' | 'voice'>> = { VehicleStateChange: 'vehicle', DrivingStateChange: 'driving', VoiceIntent: 'voice' };
  /** Voice intents that arrived before the app listened (it is launched by the intent itself). */
  const heldIntents: unknown[] = [];

  /**
   * car.onVehicleStateChange(callback, { signals }) / car.offVehicleStateChange(callback?), the
   * same for the driving state, and car.onVoiceIntent(callback) / car.offVoiceIntent.
   */
  function subscription(property: string): ((...args: unknown[]) => unknown) | undefined {
    const match = /^(on|off)(VehicleStateChange|DrivingStateChange|VoiceIntent)$/.exec(property);
    const topic = match ? SUBSCRIPTIONS[match[2] as string] : undefined;
    if (!match || !topic) return undefined;
    if (match[1] === 'off') {
      return (callback?: unknown) => {
        if (typeof callback === 'function') listeners[topic].delete(callback as (payload: unknown) => void);
        else listeners[topic].clear();
        if (listeners[topic].size === 0 && topic !== 'voice') api(`car.${property}`, {});
      };
    }
    return (callback: unknown, options?: unknown) => {
      if (typeof callback !== 'function') throw new TypeError(`car.${property} needs a callback`);
      listeners[topic].add(callback as (payload: unknown) => void);
      if (topic === 'voice') {
        // Intents are the host's to deliver; none of services' business until one comes.
        for (const intent of heldIntents.splice(0)) call({ listener: callback }, 'listener', intent);
        return Promise.resolve({});
      }
      // Registering tells the host (and services, which check the signals); a refusal comes back as a rejection.
      return api(`car.${property}`, options ?? {});
    };
  }

  const warnedListeners = new Set<string>();

  /**
   * A call that returns an object (a context, a manager, a task) which the head unit has not got:
   * its fail callback runs as for any unavailable call, and it returns an object whose methods do
   * nothing and whose onError listeners hear why, so the app's next line does not throw.
   */
  function inert(name: string, args: unknown): unknown {
    const answered = api(name, args);
    let reason: unknown = null;
    const listeners: unknown[] = [];
    if (answered instanceof Promise) {
      answered.catch((error: unknown) => {
        reason = error;
        for (const listener of listeners) call({ listener }, 'listener', error);
      });
    }
    return new Proxy(Object.create(null) as Record<string, unknown>, {
      get(_target, property) {
        if (typeof property !== 'string' || property === 'then') return undefined;
        if (property === 'onError') {
          return (listener: unknown) => {
            if (typeof listener !== 'function') return;
            listeners.push(listener);
            if (reason !== null) call({ listener }, 'listener', reason);
          };
        }
        return () => undefined;
      },
    });
  }

  /** wx / my / car: every property is an API; a *Sync one cannot cross a port and says so. */
  function apiObject(namespace: string): Record<string, unknown> {
    return new Proxy(Object.create(null) as Record<string, unknown>, {
      get(_target, property) {
        if (typeof property !== 'string') return undefined;
        if (namespace === 'car') {
          const subscribe = subscription(property);
          if (subscribe) return subscribe;
        }
        const sync = namespace === 'car' ? undefined : (syncStorage.call(property) ?? localApis.call(property) ?? (Object.hasOwn(viewApis.calls, property) ? viewApis.calls[property] : undefined));
        if (sync) return sync;
        const entry = namespace === 'car' ? undefined : apiEntry(property, dialect);
        if (entry?.returnsObject) return (args?: unknown) => inert(`${namespace}.${property}`, args);
        // A listener for what the unit has not got (sockets, sensors): kept, never called, said once.
        if (entry?.by === 'unavailable' && /^(on|off)[A-Z]/.test(property)) {
          return () => {
            if (warnedListeners.has(property)) return;
            warnedListeners.add(property);
            post({ t: 'warn', message: `${namespace}.${property}: not available on this head unit; the listener is never called` });
          };
        }
        if (property.endsWith('Sync')) {
          return () => {
            throw new Error(`${namespace}.${property} is not supported on Glovebox: use ${namespace}.${property.slice(0, -4)} (asynchronous)`);
          };
        }
        return (args?: unknown) => {
          if (namespace !== 'car') syncStorage.sawAsync(property, args);
          return api(`${namespace}.${property}`, args);
        };
      },
      set() {
        return false;
      },
    });
  }

  /**
   * A page from its Page() definition, or from a Component() used as a page: then its
   * properties take the query's values (typed), its methods hold the page handlers, and its
   * lifetimes, page lifetimes and observers run as a component's would.
   */
  function makePage(pageId: number, route: string, query: Readonly<Record<string, string>>): PageInstance {
    const asComponent = !pageDefinitions.has(route) && componentDefinitions.has(route);
    const raw = pageDefinitions.get(route) ?? componentDefinitions.get(route) ?? {};
    const definition = normalise(raw);
    pageModels.set(pageId, definition);
    const data = JSON.parse(JSON.stringify(definition.data)) as Record<string, unknown>;
    if (asComponent) for (const [key, declaration] of Object.entries(definition.properties)) data[key] = key in query ? coerce(declaration, query[key]) : JSON.parse(JSON.stringify(propertyDefault(declaration) ?? null));
    const page: PageInstance = {
      route,
      options: query,
      data,
      setData(changes, callback) {
        try {
          const result = applySetData(page.data, changes);
          page.data = result.data;
          for (const message of meter.record(clock(), result.bytes)) post({ t: 'warn', message: `${route}: ${message}` });
          post({ t: 'render', pageId, patch: result.patch, bytes: result.bytes });
          runObservers(definition.observers, page.data, Object.keys(changes), page, report);
          if (callback) callback();
        } catch (error) {
          if (error instanceof DataPathError) report(error);
          else throw error;
        }
      },
      selectComponent: (selector: unknown) => components.select(pageId, selector)[0] ?? null,
      selectAllComponents: (selector: unknown) => components.select(pageId, selector),
      ...viewApis.scoped({ pageId }),
    };
    for (const [key, value] of Object.entries({ ...definition.methods, ...definition.rest })) if (!(key in page)) (page as Record<string, unknown>)[key] = value;
    return page;
  }

  /** A page's lifecycle step: its handler, and for a Component() page the matching lifetimes. */
  function pageStep(pageId: number, page: PageInstance, hook: string, ...args: unknown[]): void {
    const model = pageModels.get(pageId);
    const lifetime = ({ onReady: 'ready', onUnload: 'detached' } as Record<string, string>)[hook];
    if (hook === 'onUnload' && model) runLifetime(model.lifetimes, 'detached', page, report);
    call(page, hook, ...args);
    if (model && lifetime === 'ready') runLifetime(model.lifetimes, 'ready', page, report);
    const pageLifetime = ({ onShow: 'show', onHide: 'hide' } as Record<string, 'show' | 'hide'>)[hook];
    if (pageLifetime) {
      if (model) runLifetime(model.pageLifetimes, pageLifetime, page, report);
      components.pageLifetime(pageId, pageLifetime);
    }
  }

  const components = createComponents({
    definitions: componentDefinitions,
    load: (path) => void requireModule('', `/${path}.js`),
    post,
    report,
    call,
    meter,
    clock,
    scoped: (scope) => viewApis.scoped(scope),
  });

  /** The page or component an instance is (`this` in a handler, or what `.in()` was given). */
  const scopeOf = (instance: unknown): ViewScope | undefined => {
    if (!instance || typeof instance !== 'object') return undefined;
    const marked = (instance as { [SCOPE]?: ViewScope })[SCOPE];
    if (marked) return marked;
    for (const [pageId, page] of pages) if (page === instance) return { pageId };
    return components.scopeOf(instance);
  };
  const viewApis = createViewApis({
    post,
    api: (name, args) => api(name, args) as Promise<unknown>,
    currentPage: () => pageOrder.at(-1),
    scopeOf,
    report,
    later: (run, ms) => {
      if (timers) timers.globals.setTimeout(run, ms);
      else void Promise.resolve().then(run);
    },
    namespace: dialect === 'alipay' ? 'my' : 'wx',
  });

  const globals: Record<string, unknown> = {
    App(options: Options) {
      if (appDefinition) throw new Error('App() is called once, in app.js');
      appDefinition = options;
      appInstance = { ...options };
    },
    Page(options: Options) {
      if (!definingPage) throw new Error('Page() is called at the top level of a page file');
      pageDefinitions.set(definingPage, options);
    },
    Component(options: Options) {
      if (!definingPage) throw new Error('Component() is called at the top level of a component file');
      // A page may be written as a Component too (makePage reads it so).
      componentDefinitions.set(definingPage, options);
    },
    Behavior: (options: unknown) => makeBehavior(options),
    getApp: () => appInstance,
    getCurrentPages: () => pageOrder.map((id) => pages.get(id)).filter((page): page is PageInstance => page !== undefined),
    ...timers?.globals,
    car: apiObject('car'),
    // Each dialect sees its own API object only: an Alipay app has `my`, a WeChat app `wx`.
    [dialect === 'alipay' ? 'my' : 'wx']: apiObject(dialect === 'alipay' ? 'my' : 'wx'),
  };

  port.onMessage((message: HostToLogic) => {
    switch (message.t) {
      case 'launch': {
        syncStorage.load(message.storage);
        localApis.load(message);
        try {
          requireModule('', '/app.js');
        } catch (error) {
          report(error);
        }
        call(appInstance, 'onLaunch', message.options);
        post({ t: 'ready' });
        return;
      }
      case 'appShow':
        call(appInstance, 'onShow');
        localApis.emit('AppShow', localApis.call('getEnterOptionsSync')?.(), report);
        return;
      case 'appHide':
        call(appInstance, 'onHide');
        localApis.emit('AppHide', {}, report);
        return;
      case 'suspend':
        timers?.suspend();
        post({ t: 'suspended' });
        return;
      case 'resume':
        timers?.resume();
        return;
      case 'load':
        // Handled by the worker before the runtime exists.
        return;
      case 'pageLoad': {
        try {
          if (!pageDefinitions.has(message.route)) requireModule('', `/${message.route}.js`);
        } catch (error) {
          report(error);
          if (!factories.has(`${message.route}.js`)) localApis.emit('PageNotFound', { path: message.route, query: { ...message.query }, isEntryPage: pageOrder.length === 0 }, report);
          return;
        }
        const page = makePage(message.pageId, message.route, message.query);
        pages.set(message.pageId, page);
        const model = pageModels.get(message.pageId);
        if (model) runLifetime(model.lifetimes, 'created', page, report);
        if (model) runLifetime(model.lifetimes, 'attached', page, report);
        pageOrder.push(message.pageId);
        // The page's initial data is its first render.
        const initial = Object.entries(page.data).map(([key, value]): readonly [PathSegment[], unknown] => [[key], value]);
        post({ t: 'render', pageId: message.pageId, patch: initial, bytes: JSON.stringify(page.data).length });
        call(page, 'onLoad', message.query);
        return;
      }
      case 'pageShow':
      case 'pageReady':
      case 'pageHide':
      case 'pageUnload': {
        const page = pages.get(message.pageId);
        if (!page) return;
        const hook = { pageShow: 'onShow', pageReady: 'onReady', pageHide: 'onHide', pageUnload: 'onUnload' }[message.t];
        pageStep(message.pageId, page, hook);
        if (message.t === 'pageUnload') {
          components.unloadPage(message.pageId);
          pages.delete(message.pageId);
          pageModels.delete(message.pageId);
          pageOrder.splice(pageOrder.indexOf(message.pageId), 1);
        }
        return;
      }
      case 'componentAttach':
        components.attach(message.pageId, message.componentId, message.path, message.properties, message.place, message.parentId);
        return;
      case 'componentsAttach':
        components.attachAll(message.list);
        return;
      case 'componentProps':
        components.props(message.componentId, message.properties);
        return;
      case 'componentDetach':
        components.detach(message.componentId);
        return;
      case 'event': {
        if (message.componentId !== undefined) {
          components.event(message.componentId, message.handler, message.event);
          return;
        }
        const page = pages.get(message.pageId);
        if (!page) return;
        if (PAGE_LIFECYCLE.has(message.handler) || typeof page[message.handler] !== 'function') {
          post({ t: 'warn', message: `${page.route}: no handler "${message.handler}" for ${message.event.type}` });
          return;
        }
        call(page, message.handler, message.event satisfies AppEvent);
        return;
      }
      case 'apiResult': {
        const pending = pendingCalls.get(message.callId);
        if (!pending) return;
        pendingCalls.delete(message.callId);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(message.value);
        return;
      }
      case 'ping':
        post({ t: 'pong', seq: message.seq });
        return;
      case 'intersection':
        viewApis.intersection(message.observerId, message.entry);
        return;
      case 'push':
        if (message.topic === 'voice' && listeners.voice.size === 0) heldIntents.push(message.payload);
        for (const listener of listeners[message.topic]) call({ listener }, 'listener', message.payload);
        return;
    }
  });

  return {
    globals,
    rejected(reason) {
      if (!localApis.emit('UnhandledRejection', { reason, promise: null }, report)) report(reason);
    },
    define(path, factory) {
      factories.set(path, factory);
    },
  };
}
