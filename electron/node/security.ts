/**
 * Electron's security checklist, applied to every session and every webContents the shell
 * makes: nothing navigates away from the UI, no window opens, no webview attaches, every
 * permission is refused, and the window's webPreferences keep every protection on. Typed
 * against the real Electron API; the shell's tests drive these with a fake.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from 'electron';
import { isUiUrl } from './schemes.js';

/** The only webPreferences the kiosk window is made with (a test fails if any is dropped). */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
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
    // The assistant answers a spoken command with speech and earcons (Web Audio) before anyone has
    // touched the screen; the only code in the window is the system UI's own (apps are drawn as data).
    autoplayPolicy: 'no-user-gesture-required',
  };
}

/** The kiosk window: frameless, full screen, dark from the first frame (no white flash), shown when loaded. */
export function kioskWindowOptions(preload: string, display: { readonly width: number; readonly height: number }): BrowserWindowConstructorOptions {
  return {
    width: display.width,
    height: display.height,
    kiosk: true,
    fullscreen: true,
    frame: false,
    show: false,
    backgroundColor: '#0d1117',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preload),
  };
}

/** Every request for a permission (camera, geolocation, notifications…) is refused: services own them. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'on'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

export type Refusal = (what: string, url: string) => void;

/**
 * No navigation of any frame away from the system UI's own pages (the logic containers are
 * app://ui/container.html), no redirects, no new windows, no webviews.
 */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, refused: Refusal): void {
  const allowed = isUiUrl;
  contents.on('will-navigate', (event) => {
    if (!allowed(event.url)) {
      event.preventDefault();
      refused('navigation', event.url);
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!allowed(event.url)) {
      event.preventDefault();
      refused('frame navigation', event.url);
    }
  });
  contents.on('will-redirect', (event) => {
    if (!allowed(event.url)) {
      event.preventDefault();
      refused('redirect', event.url);
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    refused('webview', '');
  });
  contents.setWindowOpenHandler((details) => {
    refused('new window', details.url);
    return { action: 'deny' };
  });
}
