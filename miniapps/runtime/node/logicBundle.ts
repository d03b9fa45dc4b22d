/**
 * The logic bundle, built at install: every JS file of the app wrapped as a module
 * definition, in one script the logic container loads by URL (so CSP can forbid eval and
 * V8 can cache its code). Each file is syntax-checked here, so a broken file is refused at
 * install with its name and line rather than failing in the car. A file written as an ES module
 * (`import` / `export`, as many published mini-programs are since WeChat's tools compile them)
 * is turned into the CommonJS the runtime's `require` serves, with esbuild, at install.
 */
import { compileFunction } from 'node:vm';
import { transformSync } from 'esbuild';

export class LogicBundleError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
    this.name = 'LogicBundleError';
  }
}

/**
 * Builds the bundle from the app's files (path → UTF-8 text); JS files only are taken. As on the
 * phone platforms, a file is strict only if it says so (or was an ES module): published
 * libraries find their global with `(function () { return this; })()`, which strict mode breaks.
 */
export function buildLogicBundle(files: ReadonlyMap<string, string>, label: string): string {
  let bundle = `// Glovebox logic bundle: ${label.replace(/\n/g, ' ')}\n`;
  for (const [path, written] of [...files].filter(([name]) => name.endsWith('.js')).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const source = asCommonJs(path, written);
    const wrapped = `__gbDefine(${JSON.stringify(path)}, function (module, exports, require) {\n${source}\n});\n`;
    try {
      // Parsed as a function body on its own, so a file cannot close its wrapper and run code
      // when the bundle loads: loading defines modules and runs nothing of the app's.
      compileFunction(source, ['module', 'exports', 'require'], { filename: path });
    } catch (error) {
      const stack = error instanceof Error ? (error.stack ?? '') : '';
      const line = /:(\d+)\n/.exec(stack)?.[1];
      throw new LogicBundleError(path, line === undefined ? undefined : Number(line), error instanceof Error ? error.message : String(error));
    }
    bundle += wrapped;
  }
  return bundle;
}

/** A file that uses ES module syntax, as CommonJS; any other file as it is. */
function asCommonJs(path: string, source: string): string {
  try {
    compileFunction(source, ['module', 'exports', 'require'], { filename: path });
    return source;
  } catch (error) {
    if (!(error instanceof SyntaxError) || !/\bimport\b|\bexport\b|import\.meta/.test(error.message)) return source;
  }
  try {
    // An ES module is strict code; said on its first line, so lines keep their numbers.
    return `'use strict';${transformSync(source, { format: 'cjs', loader: 'js', target: 'es2020', sourcefile: path, logLevel: 'silent' }).code}`;
  } catch (error) {
    const first = (error as { errors?: Array<{ text: string; location?: { line: number } | null }> }).errors?.[0];
    throw new LogicBundleError(path, first?.location?.line, first?.text ?? (error instanceof Error ? error.message : String(error)));
  }
}
