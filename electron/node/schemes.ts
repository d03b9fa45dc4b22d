/**
 * The shell's two privileged schemes. `app://ui/…` serves the built system UI (and the logic
 * container page); `miniapp://bundles/apps/<id>/<version>/logic.js` serves installed apps'
 * logic bundles, nothing else. Paths are normalised and anything that climbs out (`..`,
 * encoded or not) or is not a known file is refused. Every answer carries its CSP as a header.
 */
import type { UiSettings } from '../../services/common/uiSettings.js';
import { withSettings } from '../../services/common/uiSettings.js';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

import { LOGIC_BASE, UI_ORIGIN } from '../../services/common/bridgeApi.js';

/** Whether `url` is one of the system UI's own pages (app://ui/…), the only place any frame may be. */
export function isUiUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'app:' && parsed.host === 'ui' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** Registered before the app is ready: standard and secure (so CSP, fetch and code cache work as for https). */
export const PRIVILEGED_SCHEMES = [
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  { scheme: 'miniapp', privileges: { standard: true, secure: true, codeCache: true } },
] as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.map': 'application/json' };

/** The system UI: its own code, the services' IPC (no network at all), its own frames. */
export const UI_CSP = `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: ${LOGIC_BASE}; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'`;
/** The logic container: its own script, blob workers, and logic bundles from miniapp: only. */
export const CONTAINER_CSP = `sandbox allow-scripts; default-src 'none'; script-src 'self' ${LOGIC_BASE}; worker-src blob:; base-uri 'none'; form-action 'none'`;

export interface SchemeAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | null;
}

const refuse = (status: number): SchemeAnswer => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: null });

/** The decoded path of a URL of `origin`, or undefined when it is another origin or climbs out. */
function safePath(url: string, origin: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.origin !== origin && `${parsed.protocol}//${parsed.host}` !== origin) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.split(/[\\/]/).includes('..')) return undefined;
  const normalised = normalize(path).replace(/\\/g, '/');
  return normalised.startsWith('/') ? normalised : `/${normalised}`;
}

/** app://ui/…: a file of the built UI, with its CSP; the container page with the container's. */
export function answerUi(url: string, rendererDir: string, settings?: UiSettings): SchemeAnswer {
  const path = safePath(url, UI_ORIGIN);
  if (path === undefined) return refuse(403);
  const name = path === '/' ? 'index.html' : path.slice(1);
  const file = join(rendererDir, name);
  if (!file.startsWith(rendererDir + sep) || !existsSync(file)) return refuse(404);
  return {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
      'content-security-policy': name === 'container.html' ? CONTAINER_CSP : UI_CSP,
      'x-content-type-options': 'nosniff',
    },
    // The page takes the OEM's look and sizes from a JSON block in index.html.
    body: name === 'index.html' && settings ? Buffer.from(withSettings(readFileSync(file, 'utf8'), settings)) : readFileSync(file),
  };
}

/**
 * miniapp://bundles/apps/…: an installed app's current logic bundle (…/logic.js) or a picture of
 * its package (…/files/<path>), as services name them (HeadUnitServices.appFile), with their type.
 */
export function answerBundle(url: string, appFile: (path: string) => { readonly path: string; readonly type: string } | undefined): SchemeAnswer {
  const path = safePath(url, LOGIC_BASE);
  const file = path === undefined ? undefined : appFile(path);
  if (file === undefined) return refuse(path === undefined ? 403 : 404);
  let body: Buffer;
  try {
    body = readFileSync(file.path);
  } catch {
    return refuse(404);
  }
  return {
    status: 200,
    headers: { 'content-type': file.type, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox" },
    body,
  };
}
