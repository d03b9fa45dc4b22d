/**
 * The Electron kiosk without its binary: the real shell (`startShell` of electron/node/shell.ts)
 * runs in this process against an Electron whose window is a Chromium page.
 *
 * - `protocol.handle('app' | 'miniapp', …)`: the shell's own scheme handlers answer every request
 *   of the page, through an HTTP server here. Chromium cannot load custom schemes, so app://ui and
 *   miniapp://bundles are the test origins http://ui.glovebox.test:<port> and
 *   http://bundles.glovebox.test:<port> (the host resolver maps both to this server); URLs and the
 *   CSP headers are translated between the two spellings and nothing else is changed.
 * - `ipcMain.handle`: the shell's IPC handler (electron/node/ipc.ts), called by a binding every
 *   frame of the page can reach, as any renderer frame can send IPC; the sender frame it sees is the
 *   frame that called, with its URL spelled as the scheme.
 * - The preload: the built `preload.cjs` itself, run in the top frame before the page (as Electron
 *   runs a preload only in the main frame), with `contextBridge` and `ipcRenderer` stood in for.
 * - `webContents.send`: delivered into the page's stand-in ipcRenderer.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'playwright-core';
import type { ShellElectron, ShellOptions } from '../../electron/node/shell.js';
import { prepareShell, startShell } from '../../electron/node/shell.js';
import { LOGIC_BASE, UI_ORIGIN } from '../../services/common/bridgeApi.js';
import { secureWebPreferences } from '../../electron/node/security.js';
import { launchChromium } from './browser.js';
import { repoPath } from './paths.js';

type Listener = (...args: never[]) => unknown;
type Handler = (request: { readonly url: string }) => Response | Promise<Response>;

export interface Kiosk {
  readonly page: Page;
  /** What the shell logged (refusals, window shown, renderer gone). */
  readonly log: readonly string[];
  /** The scheme URL a page URL stands for (app://ui/… for http://ui.glovebox.test:<port>/…). */
  schemeUrl(url: string): string;
  close(): Promise<void>;
}

const UI_HOST = 'ui.glovebox.test';
const BUNDLES_HOST = 'bundles.glovebox.test';

/**
 * Chromium for the kiosk: the test origins resolve to this machine, and media may start without
 * a touch, as the kiosk window's webPreferences say (autoplayPolicy, electron/node/security.ts).
 */
export function launchKioskChromium(): Promise<Browser> {
  const autoplay = secureWebPreferences('').autoplayPolicy;
  return launchChromium([`--host-resolver-rules=MAP ${UI_HOST} 127.0.0.1, MAP ${BUNDLES_HOST} 127.0.0.1`, ...(autoplay ? [`--autoplay-policy=${autoplay}`] : [])]);
}

/** Starts the shell with `services` in a new page of `browser` (launched with launchKioskChromium). */
export async function startKiosk(browser: Browser, options: Pick<ShellOptions, 'services' | 'settings'>): Promise<Kiosk> {
  const schemes = new Map<string, Handler>();
  const ipc = new Map<string, (event: unknown, message: unknown) => Promise<unknown>>();
  const log: string[] = [];
  const server = createServer((request, response) => {
    const host = (request.headers.host ?? '').split(':')[0];
    const scheme = host === UI_HOST ? 'app' : host === BUNDLES_HOST ? 'miniapp' : undefined;
    const handler = scheme ? schemes.get(scheme) : undefined;
    if (!handler) {
      response.writeHead(421).end();
      return;
    }
    void Promise.resolve(handler({ url: `${scheme === 'app' ? UI_ORIGIN : LOGIC_BASE}${request.url ?? '/'}` })).then(async (answer) => {
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, name) => (headers[name] = name === 'content-security-policy' ? pageSpelling(value) : value));
      response.writeHead(answer.status, headers).end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const uiOrigin = `http://${UI_HOST}:${port}`;
  const bundlesOrigin = `http://${BUNDLES_HOST}:${port}`;
  function pageSpelling(text: string): string {
    return text.replaceAll(UI_ORIGIN, uiOrigin).replaceAll(LOGIC_BASE, bundlesOrigin);
  }
  function schemeUrl(url: string): string {
    return url.replace(uiOrigin, UI_ORIGIN).replace(bundlesOrigin, LOGIC_BASE);
  }

  const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
  const senderFrame = (frame: Frame): { readonly url: string; readonly parent: object | null } => ({ url: schemeUrl(frame.url()), parent: frame.parentFrame() ? {} : null });
  await page.exposeBinding('__gloveboxIpcInvoke', async ({ frame }, channel: string, message: unknown) => {
    const handler = ipc.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: senderFrame(frame) }, message);
  });
  const preload = readFileSync(repoPath('build', 'renderer', 'preload.cjs'), 'utf8');
  await page.addInitScript(standInPreload(pageSpelling(preload)));

  const contentsListeners = new Map<string, Listener[]>();
  const windowListeners = new Map<string, Listener[]>();
  const appListeners = new Map<string, Listener[]>();
  const add = (map: Map<string, Listener[]>, event: string, listener: Listener): void => void map.set(event, [...(map.get(event) ?? []), listener]);
  const emit = (map: Map<string, Listener[]>, event: string, ...args: unknown[]): void => {
    for (const listener of map.get(event) ?? []) (listener as (...values: unknown[]) => unknown)(...args);
  };
  page.on('load', () => emit(contentsListeners, 'did-finish-load'));
  page.on('crash', () => emit(contentsListeners, 'render-process-gone', {}, { reason: 'crashed' }));

  const webContents = {
    on: (event: string, listener: Listener) => (add(contentsListeners, event, listener), webContents),
    setWindowOpenHandler: () => undefined,
    send: (channel: string, message: unknown) => {
      if (page.isClosed()) return;
      // Before the page has its preload (a load in progress), Electron drops the message too.
      page.evaluate(([name, payload]) => (window as unknown as { __gloveboxIpcDeliver?: (c: string, m: unknown) => void }).__gloveboxIpcDeliver?.(name, payload), [channel, message] as const).catch(() => undefined);
    },
  };
  class PageWindow {
    readonly webContents = webContents;
    constructor() {
      emit(appListeners, 'web-contents-created', {}, webContents);
    }
    on(event: string, listener: Listener) {
      add(windowListeners, event, listener);
      return this;
    }
    show() {
      return undefined;
    }
    isDestroyed() {
      return page.isClosed();
    }
    async loadURL(url: string) {
      await page.goto(pageSpelling(url));
    }
  }
  const electron = {
    app: {
      enableSandbox: () => undefined,
      requestSingleInstanceLock: () => true,
      quit: () => undefined,
      exit: () => undefined,
      on: (event: string, listener: Listener) => add(appListeners, event, listener),
      whenReady: () => Promise.resolve(),
    },
    Menu: { setApplicationMenu: () => undefined },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: (scheme: string, handler: Handler) => schemes.set(scheme, handler) },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, on: () => undefined } },
    ipcMain: { handle: (channel: string, handler: (event: unknown, message: unknown) => Promise<unknown>) => ipc.set(channel, handler) },
    BrowserWindow: PageWindow,
  } as unknown as ShellElectron;

  prepareShell(electron);
  await startShell(electron, { rendererDir: repoPath('build', 'renderer'), preload: repoPath('build', 'renderer', 'preload.cjs'), display: { width: 1920, height: 720 }, log: (line) => log.push(line), ...options });
  return {
    page,
    log,
    schemeUrl,
    async close() {
      emit(windowListeners, 'closed');
      emit(appListeners, 'will-quit');
      await page.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The built preload, run in the top frame only, with Electron's two renderer modules stood in
 * for: contextBridge puts a frozen copy on window (as the isolated world's clone would be), and
 * ipcRenderer goes through the binding and the shell's sends.
 */
function standInPreload(preload: string): string {
  return `(() => {
  if (window !== window.top) return;
  const invoke = window.__gloveboxIpcInvoke;
  delete window.__gloveboxIpcInvoke;
  const listeners = new Map();
  Object.defineProperty(window, '__gloveboxIpcDeliver', { value: (channel, message) => { for (const listener of listeners.get(channel) ?? []) listener({}, message); } });
  const ipcRenderer = {
    invoke: (channel, message) => invoke(channel, message),
    on: (channel, listener) => { listeners.set(channel, [...(listeners.get(channel) ?? []), listener]); return ipcRenderer; },
    removeListener: (channel, listener) => { listeners.set(channel, (listeners.get(channel) ?? []).filter((each) => each !== listener)); return ipcRenderer; },
  };
  const contextBridge = { exposeInMainWorld: (key, api) => Object.defineProperty(window, key, { value: Object.freeze({ ...api }) }) };
  const require = (name) => { if (name === 'electron') return { contextBridge, ipcRenderer }; throw new Error('a sandboxed preload cannot require ' + name); };
  const module = { exports: {} };
  (function (require, module, exports) {
${preload}
  })(require, module, module.exports);
})();`;
}
