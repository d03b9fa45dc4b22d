/**
 * The tester's simulator: services (vehicle bus on the simulated EV, the safety policy, the
 * app registry) served to any Chromium over HTTP and one typed WebSocket protocol. The same
 * renderer and protocol run in the Electron shell.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoadedConfig } from '../../services/node/config/configFile.js';
import { withSettings } from '../../services/common/uiSettings.js';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Policy } from '../../safety/common/policy.js';
import { ProtocolViolation } from '../../services/node/headUnit.js';
import type { RunningBackends } from '../../miniapps/backends/node/backends.js';
import { startBackends } from '../../miniapps/backends/node/backends.js';
import { installBundledApps } from '../../services/node/apps/bundled.js';
import { shippedScenarios } from '../../vehicle-bus/node/timelineFiles.js';
import type { ReplayChoice, SourceChoice } from '../common/controlProtocol.js';
import { SimulatorControl } from './control.js';
import { openSession } from './session.js';
import { MAP_FILES } from '../../renderer/common/mapFiles.js';

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
  /** Install the bundled apps (build/apps) if missing or older. */
  readonly bundledApps?: boolean;
  /** Start the bundled apps' sample backends (state kept in DATA_DIR/backends) and map their origins to them. */
  readonly sampleBackends?: boolean;
  /** Listen to the tester's speech through the offline voice pipeline. */
  readonly voice?: boolean;
  /** Replay a candump log (looped) decoded with this DBC and mapping, instead of simulating. */
  readonly replay?: Omit<ReplayChoice, 'kind'>;
  /** The OEM config: display, look, apps, trust, voice (its policy and bus come as `policy` and the choices above). */
  readonly config?: LoadedConfig;
}

export interface RunningSimulator {
  readonly url: string;
  /** The sample backends, when started (tests switch their failures on). */
  readonly backends: RunningBackends | undefined;
  /** An app was installed into the data dir from outside (glovebox app dev): the UI reloads it. */
  appInstalled(appId: string): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.json': 'application/json' };
/** The built UI's files served as they are (the pages are PAGES). */
const UI_FILES: ReadonlySet<string> = new Set(['/app.js', '/app.css', '/container.html', '/container.js', '/logic-runtime.js', '/panel.js', '/panel.css', ...Object.values(MAP_FILES)]);

/** The pages a tester opens (the docs name them; a test checks they are these). */
export const PAGES: Readonly<Record<string, string>> = { '/': 'index.html', '/index.html': 'index.html', '/panel': 'panel.html', '/panel.html': 'panel.html' };

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  // The sample backends outlive sessions (they are the apps' servers, not the car's); starting
  // a charging session there plugs the simulated car in.
  const backends = options.sampleBackends
    ? await startBackends({
        stateDir: join(options.dataDir, 'backends'),
        onCharging: (powerKw) => session.vehicle?.timeline.hold(powerKw > 0 ? { gear: 'P', speedKmh: 0, chargeKw: powerKw } : { chargeKw: 0 }),
      })
    : undefined;
  const localBackends = new Map([...(backends?.origins ?? []), ...(options.localBackends ?? [])]);
  const sessionOptions = { dataDir: options.dataDir, timeline: options.timeline, speed: options.speed, localBackends, voice: options.voice ?? false, ...(options.config ? { config: options.config } : {}) };
  const clients = new Set<WebSocket>();
  const forward = (message: unknown): void => {
    const text = JSON.stringify(message);
    for (const client of clients) client.send(text);
  };
  let session = await openSession(options.replay ? { kind: 'replay', ...options.replay } : { kind: 'simulator' }, { ...sessionOptions, policy: options.policy });
  let sessionNumber = 1;
  if (options.bundledApps) {
    const bundled = installBundledApps(session.services.installer);
    for (const problem of bundled.skipped) console.error(`simulator: bundled app not installed: ${problem}`);
  }
  let stopEvents = session.services.onEvent(forward);
  let switching: Promise<void> = Promise.resolve();

  /**
   * Another vehicle source: the new services start first (a bad choice throws and the running
   * session carries on), then the old ones stop, and the UIs reconnect to the new ones.
   */
  const switchTo = (choice: SourceChoice): Promise<void> => {
    const next = switching.then(async () => {
      const old = session.services;
      const fresh = await openSession(choice, { ...sessionOptions, policy: old.engine.policy ?? options.policy, display: old.displayMode });
      stopEvents();
      await session.close();
      session = fresh;
      sessionNumber += 1;
      stopEvents = session.services.onEvent(forward);
      for (const client of clients) client.close(1012, 'the vehicle source changed');
    });
    switching = next.catch(() => undefined);
    return next;
  };
  const control = new SimulatorControl({ current: () => ({ session, number: sessionNumber }), switchTo }, shippedScenarios());

  /** A message from the UI: JSON, then the services' own shape check; a violation drops the socket. */
  const handleMessage = (socket: WebSocket, text: string): void => {
    let message: unknown;
    try {
      message = JSON.parse(text) as unknown;
    } catch {
      socket.close(1003, 'not JSON');
      return;
    }
    session.services.request(message).then(
      (answer) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(answer));
      },
      (error: unknown) => {
        if (error instanceof ProtocolViolation) socket.close(1008, error.message);
        else console.error('simulator: a request failed:', error);
      },
    );
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
    response.end(name === 'index.html' ? withSettings(readFileSync(path, 'utf8'), session.ui) : readFileSync(path));
  };

  /**
   * An app's logic bundle, loaded by its container's worker with importScripts. Its path names
   * the package's hash, so it never changes: the browser keeps it, and V8 its compiled code.
   */
  /** An installed app's logic bundle or package picture (services name it, with its type). */
  const serveAppFile = (response: ServerResponse, file: { readonly path: string; readonly type: string } | undefined): void => {
    let body: Buffer;
    try {
      body = readFileSync(file?.path ?? '');
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': file?.type ?? 'application/octet-stream',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'cross-origin',
      // An SVG opened on its own runs no script and loads nothing.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    });
    response.end(body);
  };

  let origin = '';
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', origin).pathname;
    if (request.method !== 'GET') response.writeHead(405).end();
    else if (UI_FILES.has(path)) serveFile(response, path.slice(1), origin);
    else if (PAGES[path]) serveFile(response, PAGES[path], origin);
    else if (path === '/favicon.ico') response.writeHead(204).end();
    else if (session.services.appFile(path) !== undefined) serveAppFile(response, session.services.appFile(path));
    else response.writeHead(404).end();
  });
  // Two sockets on one server: the UI's protocol and the tester's panel. Only pages served from
  // here may open either (not any page the browser has open).
  const sockets = new WebSocketServer({ noServer: true });
  const panels = new WebSocketServer({ noServer: true });
  let closing = false;
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closing) {
      socket.destroy();
      return;
    }
    const path = new URL(request.url ?? '/', origin).pathname;
    const target = path === '/protocol' ? sockets : path === '/control' ? panels : undefined;
    if (!target || request.headers.origin !== origin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    target.handleUpgrade(request, socket, head, (client) => target.emit('connection', client, request));
  });
  sockets.on('connection', (socket: WebSocket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.on('message', (data: Buffer) => handleMessage(socket, data.toString('utf8')));
    for (const message of session.services.welcome()) socket.send(JSON.stringify(message));
  });
  panels.on('connection', (socket: WebSocket) => control.attach(socket));

  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/`,
    backends,
    appInstalled: (appId) => session.services.announceInstalled(appId),
    /**
     * Stops taking connections first: a page still open reconnects within 100 ms of losing its
     * socket, and a socket let in while the session closed kept `server.close` waiting for
     * minutes. Then every socket and connection that is left is cut.
     */
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await switching;
      stopEvents();
      await session.close();
      control.close();
      for (const client of [...sockets.clients, ...panels.clients]) client.terminate();
      sockets.close();
      panels.close();
      server.closeAllConnections();
      await closed;
      await backends?.close();
    },
  };
}
