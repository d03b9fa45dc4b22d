/**
 * What an app may put in a media `src` the host draws (image, video). The value is the app's,
 * so it is judged before it reaches a DOM attribute: a path inside the app's package, an https
 * address, or (for images only) an inline `data:image/…`. `javascript:`, `blob:`, `file:`,
 * other `data:` types and anything unparseable are refused with the reason.
 */
import { resolveAppPath } from '../template/compiler.js';

/** Longest src kept (a data: image above this is refused, not truncated). */
export const MAX_SOURCE_CHARS = 512 * 1024;

export type SourceVerdict = { readonly ok: true; readonly src: string; readonly inPackage?: true } | { readonly ok: false; readonly reason: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|avif|bmp|svg\+xml)[;,]/i;

export function mediaSource(tag: 'image' | 'video', value: unknown): SourceVerdict {
  if (typeof value !== 'string') return { ok: false, reason: `src must be a string; found ${value === null ? 'null' : typeof value}` };
  if (value.length > MAX_SOURCE_CHARS) return { ok: false, reason: `src is ${value.length} characters; at most ${MAX_SOURCE_CHARS}` };
  // Browsers drop control characters and surrounding spaces before reading a scheme ("java\nscript:"), so judge what they would read.
  let read = '';
  for (const character of value) if (character > ' ' && character !== '\u007f') read += character;
  const scheme = SCHEME.exec(read)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (read.startsWith('//')) return { ok: false, reason: 'a protocol-relative src is not allowed; write https://' };
    return { ok: true, src: value.trim(), inPackage: true };
  }
  if (scheme === 'https') return { ok: true, src: value.trim() };
  if (scheme === 'data' && tag === 'image' && DATA_IMAGE.test(read)) return { ok: true, src: read };
  return { ok: false, reason: `a ${scheme}: src is not allowed on ${tag} (a package path, https, or for images data:image/…)` };
}

/**
 * The URL of a picture in the app's package: `src` as the page wrote it (relative to the page's
 * folder, or from the package root with a leading `/`), under `root` (where services serve the
 * installed package's files). Undefined when the path climbs out of the package.
 */
export function packageAsset(root: string, route: string, src: string): string | undefined {
  const [path] = src.split(/[?#]/);
  const resolved = resolveAppPath(route, path ?? '');
  if (resolved === undefined || resolved === '') return undefined;
  return `${root}${resolved.split('/').map(encodeURIComponent).join('/')}`;
}
