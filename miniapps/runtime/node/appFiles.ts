/** Reading a mini-app from a folder or from package contents, and compiling it with the shipped schema. */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Ajv } from 'ajv';
import { shippedPath } from '../../../base/node/shippedFiles.js';
import { withCategories } from '../../../safety/common/policy.js';
import type { AppIssue, CompiledApp } from '../common/format/app.js';
import { AppError, compileApp } from '../common/format/app.js';
import { LIMITS, pathProblem } from './appPackage.js';

/** Extensions read as UTF-8 text; everything else (images, fonts) stays bytes. */
const TEXT = /\.(json|wxml|axml|wxss|acss|js|wxs|sjs|md|txt)$/;

const SCHEMA_PATH = shippedPath(join('miniapps', 'runtime', 'data', 'app.schema.json'));

const validate = new Ajv({ allErrors: true, strict: false }).compile(withCategories(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object));

function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const part of pointer.split('/').slice(1)) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

export function checkAppSchema(document: unknown): AppIssue[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => {
    const params = error.params as Record<string, unknown>;
    const allowed = 'allowedValues' in params ? ` (${(params['allowedValues'] as unknown[]).join(', ')})` : 'additionalProperty' in params ? ` ("${String(params['additionalProperty'])}" is not a car field)` : '';
    const found = JSON.stringify(valueAt(document, error.instancePath));
    return { file: 'app.json', where: error.instancePath || '/', problem: `expected ${error.message ?? 'a valid value'}${allowed}, found ${found === undefined ? 'nothing' : found.slice(0, 60)}` };
  });
}

/**
 * The kinds of file a package carries, as WeChat's and Alipay's tools upload them: code, styles,
 * pictures, sound, video, fonts, certificates and WebAssembly. Everything else in a project
 * folder (READMEs, design files, screenshots of the repository, archives) stays out, as it does
 * on a phone.
 */
const PACKED = /\.(wxml|axml|wxss|acss|js|json|wxs|sjs|png|jpe?g|gif|svg|webp|bmp|ico|mp3|aac|m4a|wav|ogg|silk|mp4|ttf|otf|woff2?|eot|cer|cert|wasm|br|txt)$/i;

/**
 * project.config.json's packOptions.ignore, as WeChat's tools read it: a file, a folder, a
 * suffix, a prefix or a glob (`*` within a name, `**` across folders). Regular expressions are
 * not run (an app's pattern could take forever on a long name); they are read as not matching.
 */
function ignoredBy(root: string): (path: string) => boolean {
  let rules: Array<{ type?: unknown; value?: unknown }> = [];
  try {
    const config = JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')) as { packOptions?: { ignore?: unknown } };
    if (Array.isArray(config.packOptions?.ignore)) rules = (config.packOptions.ignore as unknown[]).slice(0, 200).filter((rule): rule is { type?: unknown; value?: unknown } => typeof rule === 'object' && rule !== null);
  } catch {
    return () => false;
  }
  const tests = rules.flatMap((rule): Array<(path: string) => boolean> => {
    if (typeof rule.value !== 'string' || rule.value === '' || rule.value.length > 200) return [];
    const value = rule.value.replace(/^\.?\//, '');
    switch (rule.type) {
      case 'file':
        return [(path) => path === value];
      case 'folder':
        return [(path) => path === value.replace(/\/$/, '') || path.startsWith(`${value.replace(/\/$/, '')}/`)];
      case 'suffix':
        return [(path) => path.endsWith(value)];
      case 'prefix':
        return [(path) => (path.split('/').pop() ?? '').startsWith(value)];
      case 'glob': {
        const pattern = new RegExp(`^${value.split('**').map((part) => part.split('*').map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')).join('.*')}$`);
        return [(path) => pattern.test(path)];
      }
      default:
        return [];
    }
  });
  return (path) => tests.some((test) => test(path));
}

/**
 * Reads an app folder into path → bytes, refusing what could not be packed (links, names
 * that escape, too many or too deep files). Dot-files, node_modules, files of kinds a package
 * does not carry and what project.config.json's packOptions.ignore names are left out.
 */
export function readAppFolder(root: string, notes?: string[]): Map<string, Uint8Array> {
  if (!existsSync(join(root, 'app.json'))) throw new AppError([{ file: join(root, 'app.json'), where: '', problem: 'missing: not a mini-app folder' }]);
  const files = new Map<string, Uint8Array>();
  const issues: AppIssue[] = [];
  const ignored = ignoredBy(root);
  let bytes = 0;
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const full = join(folder, name);
      const path = relative(root, full).split(sep).join('/');
      if (ignored(path)) continue;
      const stat = lstatSync(full);
      if (stat.isFile() && !PACKED.test(name)) continue;
      if (stat.isSymbolicLink()) {
        issues.push({ file: path, where: '', problem: 'a symbolic link; packages hold plain files only' });
      } else if (stat.isDirectory()) {
        walk(full);
      } else if (!stat.isFile()) {
        // Reading a FIFO waits forever and a device may never end: packages hold plain files only.
        issues.push({ file: path, where: '', problem: 'not a regular file (a FIFO, socket or device); packages hold plain files only' });
      } else {
        const problem = pathProblem(path);
        bytes += stat.size;
        if (problem) issues.push({ file: path, where: '', problem });
        else if (bytes > LIMITS.appBytes) throw new AppError([{ file: path, where: '', problem: `the app's files pass ${LIMITS.appBytes} bytes here; a package holds at most that much` }]);
        else files.set(path, readFileSync(full));
      }
      if (files.size > LIMITS.files) throw new AppError([{ file: root, where: '', problem: `more than ${LIMITS.files} files` }]);
    }
  };
  walk(root);
  if (issues.length > 0) throw new AppError(issues);
  // Too big for a package: pictures and media nothing in the app names (a README's screenshots
  // beside it) are left out, as WeChat's tools leave out files nothing depends on.
  if (bytes > LIMITS.packageBytes) {
    const unused = unreferencedMedia(files);
    for (const path of unused) files.delete(path);
    if (unused.length > 0) notes?.push(`left out ${unused.length} picture or media file${unused.length === 1 ? '' : 's'} that no file of the app names (${unused.slice(0, 3).join(', ')}${unused.length > 3 ? ', …' : ''}), to fit a package`);
  }
  return files;
}

const MEDIA = /\.(png|jpe?g|gif|svg|webp|bmp|ico|mp3|aac|m4a|wav|ogg|silk|mp4)$/i;

/** Media files whose name (with or without its extension) appears in none of the app's text files. */
export function unreferencedMedia(files: ReadonlyMap<string, Uint8Array>): string[] {
  const decoder = new TextDecoder();
  const text = [...files].filter(([path]) => TEXT.test(path)).map(([, data]) => decoder.decode(data)).join('\n');
  return [...files.keys()].filter((path) => {
    if (!MEDIA.test(path)) return false;
    const name = path.split('/').pop() ?? path;
    const stem = name.replace(MEDIA, '');
    // The stem counts as a whole word only (a path built from it): 'navigation' is not named by 'navigationBarTitleText'.
    const word = new RegExp(`(^|[^\\w-])${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`);
    return !text.includes(name) && !(stem.length >= 3 && word.test(text));
  });
}

/** Compiles app files (path → bytes). Throws AppError listing every issue. */
export function compileAppFiles(files: ReadonlyMap<string, Uint8Array>): CompiledApp {
  const texts = new Map<string, string>();
  const issues: AppIssue[] = [];
  for (const [path, data] of files) {
    if (!TEXT.test(path)) continue;
    try {
      texts.set(path, new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, ''));
    } catch {
      issues.push({ file: path, where: '', problem: 'not UTF-8 text' });
    }
  }
  if (issues.length > 0) throw new AppError(issues);
  const compiled = compileApp(texts, checkAppSchema);
  // The launcher icon is a picture: only the whole package (not its text files) can say it is there.
  const icon = compiled.manifest.car.icon;
  if (icon !== undefined && !files.has(icon)) throw new AppError([{ file: 'app.json', where: '/car/icon', problem: `expected a picture in the package, found no file "${icon}"` }]);
  return compiled;
}
