/**
 * The Electron shell against a fake Electron (no binary can run here): every item of the
 * security checklist is applied, and dropping any of them fails a test here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ShellElectron } from '../../../../electron/node/shell.js';
import { prepareShell, SHOW_TIMEOUT_MS, startShell } from '../../../../electron/node/shell.js';
import { CONTAINER_CSP, UI_CSP } from '../../../../electron/node/schemes.js';
import type { HeadUnitServices } from '../../../../services/node/headUnit.js';

type Listener = (...args: unknown[]) => unknown;

/** A recording stand-in for the parts of Electron the shell uses. */
function fakeElectron(options: { singleInstance?: boolean } = {}) {
  const calls: string[] = [];
  const appListeners = new Map<string, Listener[]>();
  const sessionListeners = new Map<string, Listener>();
  const handlers: Record<string, Listener> = {};
  const schemes: Record<string, Listener> = {};
  const windows: FakeWindow[] = [];
  let privileged: unknown;
  class FakeContents {
    readonly listeners = new Map<string, Listener>();
    readonly sent: unknown[] = [];
    openHandler: Listener | undefined;
    on(event: string, listener: Listener) {
      this.listeners.set(event, listener);
      return this;
    }
    send(channel: string, message: unknown) {
      this.sent.push([channel, message]);
    }
    setWindowOpenHandler(handler: Listener) {
      this.openHandler = handler;
    }
  }
  class FakeWindow {
    readonly webContents = new FakeContents();
    shown = 0;
    loaded: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this);
      for (const listener of appListeners.get('web-contents-created') ?? []) listener({}, this.webContents);
    }
    on() {
      return this;
    }
    show() {
      this.shown += 1;
    }
    isDestroyed() {
      return false;
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
  }
  const electron = {
    app: {
      enableSandbox: () => calls.push('enableSandbox'),
      requestSingleInstanceLock: () => options.singleInstance ?? true,
      quit: () => calls.push('quit'),
      exit: () => calls.push('exit'),
      on: (event: string, listener: Listener) => appListeners.set(event, [...(appListeners.get(event) ?? []), listener]),
      whenReady: () => Promise.resolve(),
    },
    Menu: { setApplicationMenu: (menu: unknown) => calls.push(`setApplicationMenu(${String(menu)})`) },
    protocol: {
      registerSchemesAsPrivileged: (entries: unknown) => (privileged = entries),
      handle: (scheme: string, handler: Listener) => (schemes[scheme] = handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => sessionListeners.set('request', handler),
        setPermissionCheckHandler: (handler: Listener) => sessionListeners.set('check', handler),
        on: (event: string, handler: Listener) => sessionListeners.set(event, handler),
      },
    },
    ipcMain: { handle: (channel: string, handler: Listener) => (handlers[channel] = handler) },
    BrowserWindow: FakeWindow,
  };
  return { electron: electron as unknown as ShellElectron, calls, sessionListeners, handlers, schemes, windows, privileged: () => privileged };
}

function fakeServices(bundle: string, picture: string) {
  const requests: unknown[] = [];
  const services = {
    request: (message: unknown) => (requests.push(message), Promise.resolve({ id: 1, result: { ok: true, value: 'answered' } })),
    welcome: () => [{ event: 'safety:driving', payload: { state: 'PARKED' } }],
    onEvent: () => () => undefined,
    appFile: (path: string) =>
      path === '/apps/com.a/1.0.0-abc/logic.js' ? { path: bundle, type: 'text/javascript; charset=utf-8' } : path === '/apps/com.a/1.0.0-abc/files/images/logo.png' ? { path: picture, type: 'image/png' } : undefined,
    close: () => undefined,
  };
  return { services: services as unknown as HeadUnitServices, requests };
}

describe('Electron shell (fake Electron)', () => {
  let folder: string;
  let rendererDir: string;
  let bundle: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'glovebox-shell-'));
    rendererDir = join(folder, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    writeFileSync(join(rendererDir, 'container.html'), '<!doctype html>');
    writeFileSync(join(folder, 'secret.txt'), 'not for the UI');
    writeFileSync(join(folder, 'logo.png'), 'png bytes');
    bundle = join(folder, 'logic.js');
    writeFileSync(bundle, '__gbDefine("app.js", function () {});');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  async function started() {
    const fake = fakeElectron();
    const { services, requests } = fakeServices(bundle, join(folder, 'logo.png'));
    const log: string[] = [];
    assert.equal(prepareShell(fake.electron), true);
    const window = await startShell(fake.electron, { rendererDir, preload: '/p/preload.cjs', display: { width: 1920, height: 720 }, services: () => services, log: (line) => log.push(line) });
    return { ...fake, window: fake.windows[0] as unknown as { options: Record<string, unknown>; webContents: { listeners: Map<string, Listener>; sent: unknown[]; openHandler: Listener }; shown: number; loaded: string[] }, shell: window, requests, log };
  }

  test('before ready: privileged app: and miniapp: schemes, the sandbox everywhere, one instance', () => {
    const fake = fakeElectron();
    assert.equal(prepareShell(fake.electron), true);
    assert.deepStrictEqual(fake.privileged(), [
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
      { scheme: 'miniapp', privileges: { standard: true, secure: true, codeCache: true } },
    ]);
    assert.deepStrictEqual(fake.calls, ['enableSandbox']);
    const second = fakeElectron({ singleInstance: false });
    assert.equal(prepareShell(second.electron), false);
    assert.deepStrictEqual(second.calls, ['enableSandbox', 'quit'], 'a second instance quits');
  });

  test('the kiosk window: every webPreferences protection, frameless, dark, shown only when loaded', async () => {
    const { window, calls } = await started();
    assert.deepStrictEqual(window.options, {
      width: 1920,
      height: 720,
      kiosk: true,
      fullscreen: true,
      frame: false,
      show: false,
      backgroundColor: '#0d1117',
      autoHideMenuBar: true,
      webPreferences: {
        preload: '/p/preload.cjs',
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        nodeIntegrationInWorker: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
        disableDialogs: true,
        autoplayPolicy: 'no-user-gesture-required',
      },
    });
    assert.ok(calls.includes('setApplicationMenu(null)'), 'no menu');
    assert.deepStrictEqual(window.loaded, ['app://ui/index.html']);
    assert.equal(window.shown, 0, 'not shown before it has loaded');
    window.webContents.listeners.get('did-finish-load')?.();
    assert.equal(window.shown, 1);
    assert.deepStrictEqual(window.webContents.sent, [['glovebox:event', { event: 'safety:driving', payload: { state: 'PARKED' } }]], 'the UI is welcomed with the current state');
    assert.ok(SHOW_TIMEOUT_MS <= 5000, 'shown after a bounded wait even without a load event');
  });

  test('no navigation away, no redirects, no new windows, no webviews, no permissions, no downloads', async () => {
    const { window, sessionListeners, log } = await started();
    const event = (url: string) => {
      const record = { url, prevented: false, preventDefault: () => (record.prevented = true) };
      return record;
    };
    const outcomes = (['will-navigate', 'will-frame-navigate', 'will-redirect'] as const).map((name) => {
      const away = event('https://evil.example/');
      const lookalike = event('app://ui.evil/x');
      const own = event('app://ui/container.html');
      const listener = window.webContents.listeners.get(name);
      listener?.(away);
      listener?.(lookalike);
      listener?.(own);
      return [name, away.prevented, lookalike.prevented, own.prevented];
    });
    assert.deepStrictEqual(outcomes, [
      ['will-navigate', true, true, false],
      ['will-frame-navigate', true, true, false],
      ['will-redirect', true, true, false],
    ]);
    const webview = event('');
    window.webContents.listeners.get('will-attach-webview')?.(webview);
    assert.equal(webview.prevented, true);
    assert.deepStrictEqual(window.webContents.openHandler({ url: 'https://evil.example/popup' }), { action: 'deny' });
    let granted: unknown = 'unanswered';
    sessionListeners.get('request')?.({}, 'geolocation', (answer: unknown) => (granted = answer));
    assert.deepStrictEqual([granted, sessionListeners.get('check')?.({}, 'media')], [false, false]);
    const download = event('');
    sessionListeners.get('will-download')?.(download);
    assert.equal(download.prevented, true);
    assert.ok(log.includes('refused new window to https://evil.example/popup'));
  });

  test('IPC answers only the system UI’s top frame', async () => {
    const { handlers, requests } = await started();
    const handle = handlers['glovebox:request'] as (event: unknown, message: unknown) => Promise<unknown>;
    const message = { id: 1, channel: 'app:list', params: {} };
    assert.deepStrictEqual(await handle({ senderFrame: { url: 'app://ui/index.html', parent: null } }, message), { id: 1, result: { ok: true, value: 'answered' } });
    await assert.rejects(handle({ senderFrame: { url: 'app://ui/container.html', parent: {} } }, message), /refused: glovebox:request from app:\/\/ui\/container.html/);
    await assert.rejects(handle({ senderFrame: { url: 'https://evil.example/', parent: null } }, message), /refused/);
    await assert.rejects(handle({ senderFrame: null }, message), /a frame that is gone/);
    assert.equal(requests.length, 1);
  });

  test('the schemes: the UI’s files with their CSP, bundles by their path only, nothing that climbs out', async () => {
    const { schemes } = await started();
    const ui = async (url: string) => {
      const response = (await schemes['app']?.({ url })) as Response;
      return [response.status, response.headers.get('content-security-policy')];
    };
    assert.deepStrictEqual(await ui('app://ui/index.html'), [200, UI_CSP]);
    assert.deepStrictEqual(await ui('app://ui/'), [200, UI_CSP]);
    assert.deepStrictEqual(await ui('app://ui/container.html'), [200, CONTAINER_CSP]);
    assert.deepStrictEqual(await ui('app://ui/nothing.js'), [404, null]);
    assert.deepStrictEqual(await ui('app://ui/..%2Fsecret.txt'), [403, null]);
    // The URL parser folds an encoded dot-segment away: it names /secret.txt inside the UI, which is not there.
    assert.deepStrictEqual(await ui('app://ui/%2e%2e/secret.txt'), [404, null]);
    assert.deepStrictEqual(await ui('app://other/index.html'), [403, null]);
    const bundleAnswer = (await schemes['miniapp']?.({ url: 'miniapp://bundles/apps/com.a/1.0.0-abc/logic.js' })) as Response;
    assert.deepStrictEqual([bundleAnswer.status, bundleAnswer.headers.get('cache-control'), await bundleAnswer.text()], [200, 'public, max-age=31536000, immutable', '__gbDefine("app.js", function () {});']);
    assert.equal(((await schemes['miniapp']?.({ url: 'miniapp://bundles/apps/com.a/0.9.0-old/logic.js' })) as Response).status, 404);
    assert.equal(((await schemes['miniapp']?.({ url: 'miniapp://bundles/../../etc/passwd' })) as Response).status, 404);
    // A picture of the package, with its type, and sandboxed should it be opened on its own.
    const picture = (await schemes['miniapp']?.({ url: 'miniapp://bundles/apps/com.a/1.0.0-abc/files/images/logo.png' })) as Response;
    assert.deepStrictEqual([picture.status, picture.headers.get('content-type'), /sandbox/.test(picture.headers.get('content-security-policy') ?? '')], [200, 'image/png', true]);
  });
});
