/**
 * WXSS / ACSS → CSS for the app's shadow root. The shadow root already keeps app CSS away
 * from the system UI; here `rpx` becomes a calc against the app viewport (the host sets
 * --gb-rpx to viewport width / 750), `@import` of the app's own files is inlined, element
 * selectors become the host's markers (`view` → `[data-wx="view"]`), and anything that could
 * reach outside the app is dropped with a warning naming file and line (a rule with :host,
 * ::slotted or :root; a declaration with a remote url() or script), never the whole app. A remote
 * @import and a broken file are still errors: there is no sensible part to keep.
 *
 * `@media (prefers-color-scheme: dark)` follows the head unit's theme, not the browser's: it
 * becomes a style query on `--gb-color-scheme`, which the host sets around the app (dark at night
 * for an app that declares app.json `darkmode`; light otherwise, and the host darkens the page).
 */

export interface StyleIssue {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

export class StyleError extends Error {
  constructor(readonly issue: StyleIssue) {
    super(`${issue.file}:${issue.line}: ${issue.problem}`);
    this.name = 'StyleError';
  }
}

export interface CompiledStyle {
  readonly css: string;
  readonly warnings: readonly StyleIssue[];
}

/** One simple selector of the documented WXSS subset: .class, #id, element, ::before/::after, and :pseudo-classes. */
const SIMPLE = /^(?:[a-zA-Z][\w-]*|\*)?(?:[.#][\w-]+|::?(?:before|after|first-child|last-child|nth-child\([^)]*\)|active|checked|disabled|focus|empty|not\([^)]*\)))*$/;
const FORBIDDEN = /:host|::slotted|:root|::part/;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

function convertSelector(selector: string, file: string, line: number, warnings: StyleIssue[]): string | undefined {
  const trimmed = selector.trim();
  if (FORBIDDEN.test(trimmed)) {
    warnings.push({ file, line, problem: `selector "${trimmed}" would reach outside the app; the rule is dropped` });
    return undefined;
  }
  const parts = trimmed.split(/\s*([>+~])\s*|\s+/).filter((part) => part !== undefined && part !== '');
  const converted: string[] = [];
  for (const part of parts) {
    if (part === '>' || part === '+' || part === '~') {
      converted.push(part);
      continue;
    }
    if (!SIMPLE.test(part)) {
      warnings.push({ file, line, problem: `selector "${trimmed}" is outside the WXSS selector subset; the rule is dropped` });
      return undefined;
    }
    converted.push(part.replace(/^([a-zA-Z][\w-]*)/, (tag) => (tag === 'page' ? ':host' : `[data-wx="${tag}"]`)));
  }
  return converted.join(' ');
}

/** A rule's declarations, split at the semicolons that are not inside parentheses or quotes. */
export function declarationsOf(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (quote !== null) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth += 1;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === ';' && depth === 0) {
      parts.push(body.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function convertDeclarations(body: string, file: string, line: number, warnings: StyleIssue[]): string {
  const kept = declarationsOf(body).filter((declaration) => {
    if (/url\(\s*['"]?\s*(?:https?:|\/\/|data:text\/html)/i.test(declaration)) {
      warnings.push({ file, line, problem: `url() to a network resource (${declaration.trim().slice(0, 80)}): mini-apps have no network in the head unit; the declaration is dropped (ship the file in the package)` });
      return false;
    }
    if (/expression\s*\(|javascript:/i.test(declaration)) {
      warnings.push({ file, line, problem: 'script in a style declaration; the declaration is dropped' });
      return false;
    }
    return true;
  });
  return kept.join(';').replace(/(-?\d*\.?\d+)rpx\b/g, (_, number: string) => `calc(${number} * var(--gb-rpx, 1px))`).trim();
}

const SCHEME_FEATURE = /\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)/g;

/**
 * An at-rule's prelude, with the colour-scheme media feature turned into the host's style query.
 * Combined with other media features it cannot be a single query: the host's scheme still
 * decides (the other features are dropped, with a warning).
 */
function colourSchemeQuery(prelude: string, file: string, line: number, warnings: StyleIssue[]): string {
  const schemes = [...prelude.matchAll(SCHEME_FEATURE)].map((match) => match[1] as string);
  if (!prelude.startsWith('@media') || schemes.length === 0) return prelude;
  const scheme = schemes[0] as string;
  const rest = prelude.slice('@media'.length).replace(SCHEME_FEATURE, '').replace(/\b(?:and|only|screen|all)\b/g, '').trim();
  if (schemes.length > 1 || rest !== '') warnings.push({ file, line, problem: `${prelude}: only (prefers-color-scheme: …) is kept; it follows the head unit's theme` });
  return `@container style(--gb-color-scheme: ${scheme})`;
}

/**
 * Compiles one style file. `read` returns another style file of the app (for @import) by its
 * path relative to the app root, or undefined.
 */
export function compileStyle(file: string, source: string, read: (path: string) => string | undefined, resolve: (from: string, src: string) => string | undefined, seen: readonly string[] = []): CompiledStyle {
  const warnings: StyleIssue[] = [];
  const text = source.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
  let css = '';
  let index = 0;
  while (index < text.length) {
    const rest = text.slice(index);
    const leading = /^\s*/.exec(rest)?.[0].length ?? 0;
    index += leading;
    if (index >= text.length) break;
    const line = lineAt(text, index);
    if (text.startsWith('@import', index)) {
      const end = text.indexOf(';', index);
      const statement = text.slice(index, end < 0 ? text.length : end);
      const match = /@import\s+(?:url\()?\s*['"]([^'"]+)['"]\s*\)?/.exec(statement);
      if (!match) throw new StyleError({ file, line, problem: `@import: expected @import "file.wxss";, found ${statement.trim()}` });
      const target = match[1] as string;
      if (/^(?:https?:)?\/\//.test(target)) throw new StyleError({ file, line, problem: `@import of ${target}: only the app's own style files can be imported` });
      const path = resolve(file, target);
      const imported = path === undefined ? undefined : read(path);
      if (path === undefined || imported === undefined) throw new StyleError({ file, line, problem: `@import "${target}": no such file in the app` });
      if (seen.includes(path) || path === file) throw new StyleError({ file, line, problem: `@import cycle through ${path}` });
      const inner = compileStyle(path, imported, read, resolve, [...seen, file]);
      css += inner.css;
      warnings.push(...inner.warnings);
      index = end < 0 ? text.length : end + 1;
      continue;
    }
    const open = text.indexOf('{', index);
    if (open < 0) throw new StyleError({ file, line, problem: `expected "{" after ${JSON.stringify(text.slice(index, index + 40).trim())}` });
    // Find the matching close, allowing one level of nesting (@media, @keyframes, @supports).
    let depth = 0;
    let close = open;
    for (; close < text.length; close += 1) {
      if (text[close] === '{') depth += 1;
      else if (text[close] === '}') {
        depth -= 1;
        if (depth === 0) break;
      }
    }
    if (depth !== 0) throw new StyleError({ file, line, problem: 'a "{" that is never closed' });
    const prelude = text.slice(index, open).trim();
    const body = text.slice(open + 1, close);
    index = close + 1;
    if (prelude.startsWith('@media') || prelude.startsWith('@supports')) {
      const inner = compileStyle(file, body, read, resolve, seen);
      warnings.push(...inner.warnings);
      css += `${colourSchemeQuery(prelude, file, line, warnings)}{${inner.css}}`;
    } else if (prelude.startsWith('@keyframes') || prelude.startsWith('@-webkit-keyframes')) {
      css += `${prelude}{${body.replace(/(-?\d*\.?\d+)rpx\b/g, (_, number: string) => `calc(${number} * var(--gb-rpx, 1px))`).trim()}}`;
    } else if (prelude.startsWith('@font-face')) {
      css += `@font-face{${convertDeclarations(body, file, line, warnings)}}`;
    } else if (prelude.startsWith('@')) {
      warnings.push({ file, line, problem: `${prelude.split(/\s/)[0]} is not supported; the block is dropped` });
    } else {
      const selectors = prelude.split(',').map((selector) => convertSelector(selector, file, line, warnings));
      if (selectors.some((selector) => selector === undefined)) continue;
      css += `${selectors.join(',')}{${convertDeclarations(body, file, line, warnings)}}`;
    }
  }
  return { css, warnings };
}
