/**
 * The Electron kiosk, kept thin: it takes the Electron module as an argument (main.ts passes
 * the real one; tests a fake), applies the security checklist, serves the UI and the logic
 * bundles from privileged schemes, carries the one protocol over IPC, and shows one frameless
 * window. Everything the head unit does lives in services; everything drawn lives in renderer.
 */
import type { UiSettings } from '../../services/common/uiSettings.js';
import type * as Electron from 'electron';
import { join } from 'node:path';
import type { HeadUnitServices } from '../../services/node/headUnit.js';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, UI_ORIGIN } from '../../services/common/bridgeApi.js';
import { handleRequest } from './ipc.js';
import type { SchemeAnswer } from './schemes.js';
import { answerBundle, answerUi, PRIVILEGED_SCHEMES } from './schemes.js';
import { hardenSession, hardenWebContents, kioskWindowOptions } from './security.js';

/** What the shell uses of Electron (the tests' fake implements exactly this). */
export type ShellElectron = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'Menu' | 'protocol' | 'session' | 'ipcMain'>;

export interface ShellOptions {
  /** The built system UI (index.html, app.js, container.html…). */
  readonly rendererDir: string;
  /** The built preload script (CommonJS, as sandboxed preloads must be). */
  readonly preload: string;
  readonly display: { readonly width: number; readonly height: number };
  /** Makes the services once Electron is ready (they open the database then). */
  readonly services: () => HeadUnitServices;
  /** The OEM's look, units and runtime sizes for the system UI (read when the page loads). */
  readonly settings?: () => UiSettings | undefined;
  /** Where refusals and lifecycle go (the journal, under systemd). */
  readonly log: (line: string) => void;
}

/** ready-to-show may never come under a Wayland kiosk compositor: show on load, or after this long. */
export const SHOW_TIMEOUT_MS = 3000;

function toResponse(answer: SchemeAnswer): Response {
  return new Response(answer.body === null ? null : new Blob([new Uint8Array(answer.body)]), { status: answer.status, headers: answer.headers });
}

/** Must run before the app is ready (scheme privileges cannot be granted later). */
export function prepareShell(electron: ShellElectron): boolean {
  electron.protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES.map((entry) => ({ scheme: entry.scheme, privileges: { ...entry.privileges } })));
  electron.app.enableSandbox();
  if (!electron.app.requestSingleInstanceLock()) {
    electron.app.quit();
    return false;
  }
  return true;
}

export async function startShell(electron: ShellElectron, options: ShellOptions): Promise<Electron.BrowserWindow> {
  const { app, BrowserWindow, Menu, protocol, session, ipcMain } = electron;
  const refused = (what: string, url: string): void => options.log(`refused ${what}${url ? ` to ${url}` : ''}`);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, refused));
  app.on('window-all-closed', () => app.quit());
  await app.whenReady();

  Menu.setApplicationMenu(null);
  hardenSession(session.defaultSession);
  const services = options.services();
  app.on('will-quit', () => services.close());
  protocol.handle('app', (request) => toResponse(answerUi(request.url, options.rendererDir, options.settings?.())));
  protocol.handle('miniapp', (request) => toResponse(answerBundle(request.url, (path) => services.appFile(path))));
  ipcMain.handle(IPC_REQUEST_CHANNEL, handleRequest(services));

  const window = new BrowserWindow(kioskWindowOptions(options.preload, options.display));
  const stopEvents = services.onEvent((message) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, message);
  });
  window.on('closed', stopEvents);
  let shown = false;
  const show = (why: string): void => {
    if (shown || window.isDestroyed()) return;
    shown = true;
    window.show();
    options.log(`window shown (${why})`);
  };
  const fallback = setTimeout(() => show(`no load event after ${SHOW_TIMEOUT_MS} ms`), SHOW_TIMEOUT_MS);
  window.webContents.on('did-finish-load', () => {
    clearTimeout(fallback);
    for (const message of services.welcome()) window.webContents.send(IPC_EVENT_CHANNEL, message);
    show('loaded');
  });
  // A kiosk never shows a dead page: a crashed renderer is reloaded.
  window.webContents.on('render-process-gone', (_event, details) => {
    options.log(`renderer gone (${details.reason}); reloading`);
    if (!window.isDestroyed()) void window.loadURL(`${UI_ORIGIN}/index.html`);
  });
  await window.loadURL(`${UI_ORIGIN}/index.html`);
  return window;
}

/** Where the built pieces are, relative to the compiled shell (build/electron/node). */
export function builtPaths(shellDir: string): { readonly rendererDir: string; readonly preload: string } {
  return { rendererDir: join(shellDir, '..', '..', 'renderer'), preload: join(shellDir, '..', '..', 'renderer', 'preload.cjs') };
}
