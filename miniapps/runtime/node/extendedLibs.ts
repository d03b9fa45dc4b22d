/**
 * WeChat's extended libraries (app.json `useExtendedLib`): components the platform supplies so
 * that apps need not ship them. Glovebox supplies WeUI's (the `weui-miniprogram` package from
 * npm, MIT) the way WeChat does: an app that asks for it finds `weui-miniprogram/…` as if the
 * package were in its miniprogram_npm, without it counting against the app's package. The
 * library is added when an app is installed, before it is compiled; an app that ships its own
 * copy keeps it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

/** The libraries Glovebox supplies, by useExtendedLib key → npm package (its miniprogram_dist). */
const LIBRARIES: Readonly<Record<string, string>> = { weui: 'weui-miniprogram' };

/** Each library's stylesheet, which WeChat applies to an app that uses the library. */
const SHEETS: Readonly<Record<string, string>> = { 'weui-miniprogram': 'weui-wxss/dist/style/weui.wxss' };

const loaded = new Map<string, ReadonlyMap<string, Uint8Array>>();

/** A library's files, relative to its miniprogram_dist, read once. */
function libraryFiles(name: string): ReadonlyMap<string, Uint8Array> {
  const cached = loaded.get(name);
  if (cached) return cached;
  const root = join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), 'miniprogram_dist');
  const files = new Map<string, Uint8Array>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder).sort()) {
      const full = join(folder, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(root, full).split(sep).join('/'), readFileSync(full));
    }
  };
  if (existsSync(root)) walk(root);
  loaded.set(name, files);
  return files;
}

/** The libraries app.json asks for and Glovebox supplies. */
export function extendedLibsOf(files: ReadonlyMap<string, Uint8Array>): string[] {
  const manifest = files.get('app.json');
  if (!manifest) return [];
  try {
    const asked = (JSON.parse(new TextDecoder().decode(manifest)) as { useExtendedLib?: unknown }).useExtendedLib;
    if (!asked || typeof asked !== 'object') return [];
    return Object.entries(asked as Record<string, unknown>).filter(([key, on]) => on === true && Object.hasOwn(LIBRARIES, key)).map(([key]) => LIBRARIES[key] as string);
  } catch {
    // app.json's own problems are the compiler's to report.
    return [];
  }
}

/** The app's files with the extended libraries it asks for, under miniprogram_npm/<package>/. */
export function withExtendedLibs(files: ReadonlyMap<string, Uint8Array>): ReadonlyMap<string, Uint8Array> {
  const libraries = extendedLibsOf(files);
  if (libraries.length === 0) return files;
  const result = new Map(files);
  for (const library of libraries) {
    const prefix = `miniprogram_npm/${library}/`;
    if ([...files.keys()].some((path) => path.startsWith(prefix))) continue;
    for (const [path, data] of libraryFiles(library)) result.set(`${prefix}${path}`, data);
    // The library's own stylesheet comes with it, as WeChat applies it for the app: imported on
    // app.wxss's first line (so the app's lines keep their numbers, and its rules win).
    const sheet = SHEETS[library];
    if (sheet && result.has(`${prefix}${sheet}`)) {
      const appStyle = files.get('app.wxss');
      const written = appStyle ? new TextDecoder().decode(appStyle) : '';
      result.set('app.wxss', new TextEncoder().encode(`@import "/${prefix}${sheet}";${written}`));
    }
  }
  return result;
}
