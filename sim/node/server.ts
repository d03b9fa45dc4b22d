/**
 * The tester's simulator: services (vehicle bus on the simulated EV, the safety policy, the
 * app registry) served to any Chromium over HTTP and one typed WebSocket protocol. The same
 * renderer and protocol run in the Electron shell.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { PolicyEngine } from '../../safety/common/engine.js';
import type { CompiledApp } from '../../miniapps/runtime/common/format/app.js';
import type { Policy } from '../../safety/common/policy.js';
import type { Category } from '../../safety/common/policy.js';
import { CATEGORIES } from '../../safety/common/policy.js';
import { flagList } from '../../safety/common/restrictions.js';
import type { ClientMessage, DrivingView, OpenedApp, Events, EventChannel, Requests, RequestChannel, Result, ServerMessage, SignalView } from '../../services/common/protocol.js';
import { REQUEST_CHANNELS } from '../../services/common/protocol.js';
import type { BridgeApp } from '../../services/node/apps/bridge.js';
import { AppBridge } from '../../services/node/apps/bridge.js';
import { AppInstaller } from '../../services/node/apps/installer.js';
import { RenderCache } from '../../services/node/apps/renderCache.js';
import { Storage } from '../../services/node/storage/database.js';
import { DEFAULT_ROUTE, Route } from '../../vehicle-bus/common/sim/route.js';
import { VehicleBus } from '../../vehicle-bus/common/vehicleBus.js';
import type { SignalState } from '../../vehicle-bus/common/vss/vehicleState.js';
import { loadDbcCodec } from '../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping } from '../../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../../vehicle-bus/node/projectFiles.js';
import { SimulatorSource } from '../../vehicle-bus/node/simulatorSource.js';
import { loadTimeline } from '../../vehicle-bus/node/timelineFiles.js';

export interface SimulatorOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly dataDir: string;
  /** A scenario JSON or drive-cycle CSV, driven in a loop. */
  readonly timeline: string;
  /** Simulated seconds per real second. */
  readonly speed: number;
  /** The safety policy; undefined runs fully restricted. */
  readonly policy: Policy | undefined;
  /** The built system UI (index.html, app.js, app.css). */
  readonly rendererDir: string;
  /** Development: app-listed https origins served by local backends instead (issue 7's backends). */
  readonly localBackends?: ReadonlyMap<string, string>;
}

export interface RunningSimulator {
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png' };

function signalView(state: SignalState): SignalView {
  return { value: state.value ?? null, valid: state.valid };
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const codec = loadDbcCodec(SIMULATOR_DBC);
  const mapping = findShippedMapping(codec.database);
  const bus = new VehicleBus(codec, mapping);
  const engine = new PolicyEngine(options.policy, (path) => bus.state.get(path), 0);
  const storage = new Storage(join(options.dataDir, 'glovebox.sqlite'));
  const installer = new AppInstaller(storage, options.dataDir);
  const renderCache = new RenderCache(storage);
  const { timeline, startSocPercent } = loadTimeline(options.timeline);
  const stop = new AbortController();
  const clients = new Set<WebSocket>();

  const drivingView = (): DrivingView => ({
    ...engine.status,
    flags: flagList(engine.restrictions('driver')),
    byCategory: Object.fromEntries(
      CATEGORIES.map((category) => {
        const set = engine.restrictions('driver', category);
        return [category, { flags: flagList(set), params: set.params }];
      }),
    ),
  });
  const broadcast = <C extends EventChannel>(event: C, payload: Events[C]): void => {
    const text = JSON.stringify({ event, payload } satisfies ServerMessage);
    for (const client of clients) client.send(text);
  };

  // The view changes only when the engine adopts a new status (its object is replaced then)
  // or a new policy, so it is built and sent on those frames, not on every one.
  let lastStatus = engine.status;
  let lastFrameTime = 0;
  let lastPolicy = engine.policy;
  const drive = async (): Promise<void> => {
    let lapStart = 0;
    while (!stop.signal.aborted) {
      const source = new SimulatorSource({ timeline, codec, mapping, route: new Route(DEFAULT_ROUTE), startSocPercent, startTime: lapStart }, options.speed);
      for await (const frame of source.frames(stop.signal)) {
        bus.ingest(frame);
        lastFrameTime = frame.timestamp;
        const status = engine.evaluate(frame.timestamp);
        if (status !== lastStatus || engine.policy !== lastPolicy) {
          lastStatus = status;
          lastPolicy = engine.policy;
          broadcast('safety:driving', drivingView());
        }
        lapStart = frame.timestamp;
      }
    }
  };
  const driving = drive().catch((error: unknown) => {
    if (!stop.signal.aborted) console.error('simulator: the drive stopped:', error);
  });
  // The UI gets vehicle changes coalesced to ten batches a second; a loss of validity at once.
  const unsubscribe = bus.state.subscribe(
    (changes) => {
      if (changes.length === 0) return;
      broadcast('vehicle:changes', Object.fromEntries(changes.map((state) => [state.path, signalView(state)])));
    },
    { minIntervalMs: 100 },
  );

  const bridge = new AppBridge(storage, {
    signal: (path) => bus.state.get(path),
    driving: () => ({ state: engine.status.state, band: engine.status.band, flags: flagList(engine.restrictions('driver')) }),
    decide: (app, action, context) => engine.decide({ id: app.id, category: app.category as Category }, 'driver', action, context, lastFrameTime),
    screen: { width: 1920, height: 720 },
    network: { localBackends: options.localBackends ?? new Map(), fetch },
  });
  /**
   * Each installed app as read from its folder once: the views app:open sends and what the
   * bridge needs. Keyed by the version's folder, so an upgrade is read afresh.
   */
  const loaded = new Map<string, { readonly opened: Omit<OpenedApp, 'renderCache'>; readonly bridge: BridgeApp }>();
  const installedApp = (id: unknown): { readonly opened: Omit<OpenedApp, 'renderCache'>; readonly bridge: BridgeApp } => {
    const app = typeof id === 'string' ? installer.get(id) : undefined;
    if (!app) throw new Error(`no installed app ${String(id)}`);
    const cached = loaded.get(app.folder);
    if (cached) return cached;
    const compiled = JSON.parse(readFileSync(join(installer.appsFolder, app.folder, 'compiled.json'), 'utf8')) as CompiledApp;
    const title = compiled.manifest.window['navigationBarTitleText'];
    const entry = {
      opened: {
        id: app.id,
        name: app.name,
        dialect: compiled.dialect,
        category: compiled.manifest.car.category,
        drivingOptimisedPages: compiled.manifest.car.drivingOptimisedPages ?? [],
        entryPagePath: compiled.manifest.entryPagePath,
        pages: compiled.pages,
        components: compiled.components,
        appCss: compiled.appCss,
        logicUrl: `/apps/${app.folder}/logic.js`,
        windowTitle: typeof title === 'string' ? title : null,
        tabBar: compiled.manifest.tabBar?.list.map(({ pagePath, text }) => ({ pagePath, text })) ?? null,
        vehicleSignals: compiled.manifest.car.vehicleSignals ?? [],
      },
      bridge: {
        id: app.id,
        name: app.name,
        dialect: compiled.dialect,
        category: compiled.manifest.car.category,
        vehicleSignals: compiled.manifest.car.vehicleSignals ?? [],
        requestDomains: compiled.manifest.car.requestDomains ?? [],
        permissions: Object.fromEntries(Object.entries(compiled.manifest.permission).map(([scope, { desc }]) => [scope, desc])),
      },
    };
    loaded.set(app.folder, entry);
    return entry;
  };

  /** The logic bundle of an installed app's current version, by its content-addressed path, or undefined. */
  const logicBundle = (path: string): string | undefined => {
    const match = /^\/apps\/([^/]+)\/([^/]+)\/logic\.js$/.exec(path);
    if (!match?.[1] || !match[2]) return undefined;
    const app = installer.get(decodeURIComponent(match[1]));
    if (!app || app.folder !== `${app.id}/${decodeURIComponent(match[2])}`) return undefined;
    return join(installer.appsFolder, app.folder, 'logic.js');
  };

  const handlers: { readonly [C in RequestChannel]: (params: Requests[C]['params']) => Requests[C]['result'] | Promise<Requests[C]['result']> } = {
    'app:list': () => installer.list().map(({ id, name, version, category }) => ({ id, name, version, category })),
    'app:open': ({ id }) => ({ ...installedApp(id).opened, renderCache: renderCache.get(String(id)) }),
    'app:call': ({ appId, name, args }) => {
      if (typeof appId !== 'string' || typeof name !== 'string') throw new Error('app:call needs appId and name');
      return bridge.call(installedApp(appId).bridge, name, args);
    },
    'app:answer': ({ appId, token, accepted }) => {
      if (typeof appId !== 'string' || typeof token !== 'string' || typeof accepted !== 'boolean') throw new Error('app:answer needs appId, token and accepted');
      return bridge.answer(appId, token, accepted);
    },
    'app:cacheRender': ({ appId, route, data }) => {
      if (typeof appId !== 'string' || typeof route !== 'string') throw new Error('app:cacheRender needs appId and route');
      installedApp(appId);
      return renderCache.put(appId, route, data);
    },
    'vehicle:snapshot': () => Object.fromEntries(bus.state.snapshot().map((state) => [state.path, signalView(state)])),
  };

  /** The one place messages from the UI are read: shape checked, channel known, answer typed. */
  const handleMessage = (socket: WebSocket, text: string): void => {
    let message: ClientMessage;
    try {
      message = JSON.parse(text) as ClientMessage;
    } catch {
      socket.close(1003, 'not JSON');
      return;
    }
    if (typeof message !== 'object' || message === null || typeof message.id !== 'number' || !REQUEST_CHANNELS.includes(message.channel)) {
      socket.close(1008, 'not a protocol request');
      return;
    }
    const failed = (error: unknown): Result<unknown> => ({ ok: false, error: { message: error instanceof Error ? error.message : String(error) } });
    const reply = (result: Result<unknown>): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id: message.id, result } satisfies ServerMessage));
    };
    try {
      const value = (handlers[message.channel] as (params: unknown) => unknown)(message.params ?? {});
      if (value instanceof Promise) value.then((settled: unknown) => reply({ ok: true, value: settled }), (error: unknown) => reply(failed(error)));
      else reply({ ok: true, value });
    } catch (error) {
      reply(failed(error));
    }
  };

  const serveFile = (response: ServerResponse, name: string, origin: string): void => {
    const path = join(options.rendererDir, name);
    if (!existsSync(path)) {
      response.writeHead(404).end();
      return;
    }
    const extension = name.slice(name.lastIndexOf('.'));
    const socketOrigin = origin.replace(/^http/, 'ws');
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      // The system UI runs no code but its own bundle and talks to nothing but services.
      'content-security-policy':
        name === 'container.html'
          ? // The logic container: its own script, a blob worker, nothing else; sandboxed even if opened directly.
            "sandbox allow-scripts; default-src 'none'; script-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'"
          : `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${socketOrigin}; frame-src 'self'; base-uri 'none'; form-action 'none'`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    response.end(readFileSync(path));
  };

  /**
   * An app's logic bundle, loaded by its container's worker with importScripts. Its path names
   * the package's hash, so it never changes: the browser keeps it, and V8 its compiled code.
   */
  const serveBundle = (response: ServerResponse, file: string): void => {
    response.writeHead(200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'cross-origin',
    });
    response.end(readFileSync(file));
  };

  let origin = '';
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', origin).pathname;
    if (request.method !== 'GET') response.writeHead(405).end();
    else if (path === '/' || path === '/index.html') serveFile(response, 'index.html', origin);
    else if (['/app.js', '/app.css', '/container.html', '/container.js', '/logic-runtime.js'].includes(path)) serveFile(response, path.slice(1), origin);
    else if (path === '/favicon.ico') response.writeHead(204).end();
    else if (logicBundle(path) !== undefined) serveBundle(response, logicBundle(path) ?? '');
    else response.writeHead(404).end();
  });
  const sockets = new WebSocketServer({
    server,
    path: '/protocol',
    // Only the system UI served from here may connect, not any page the browser has open.
    verifyClient: ({ origin: from }: { origin: string }) => from === origin,
  });
  sockets.on('connection', (socket: WebSocket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.on('message', (data: Buffer) => handleMessage(socket, data.toString('utf8')));
    socket.send(JSON.stringify({ event: 'vehicle:changes', payload: handlers['vehicle:snapshot']({}) } satisfies ServerMessage));
    socket.send(JSON.stringify({ event: 'safety:driving', payload: drivingView() } satisfies ServerMessage));
  });

  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/`,
    async close() {
      stop.abort();
      unsubscribe();
      await driving;
      for (const client of clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      storage.close();
    },
  };
}
