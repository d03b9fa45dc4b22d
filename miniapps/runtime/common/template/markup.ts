/**
 * A parser for WXML/AXML markup: elements, attributes, text and comments, with line and
 * column on every node. It is XML-like but lenient where the mini-program tools are:
 * attributes without a value, unquoted values, and `{{ }}` in text that may hold `<` or `>`.
 */

export interface MarkupAttribute {
  readonly name: string;
  /** The raw value, or true for an attribute written without one. */
  readonly value: string | true;
  readonly line: number;
  readonly column: number;
}

export interface MarkupElement {
  readonly type: 'element';
  readonly tag: string;
  readonly attributes: readonly MarkupAttribute[];
  readonly children: readonly MarkupNode[];
  readonly line: number;
  readonly column: number;
}

export interface MarkupText {
  readonly type: 'text';
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

export type MarkupNode = MarkupElement | MarkupText;

export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
    this.name = 'TemplateError';
  }
}

const NAME = /[A-Za-z_][\w\-:.]*/y;

/** Told of what the parser kept but would not have written so (a duplicate attribute). */
export type MarkupWarning = (line: number, column: number, problem: string) => void;

export function parseMarkup(source: string, file: string, warn: MarkupWarning = () => undefined): MarkupNode[] {
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const column = (): number => index - lineStart + 1;
  const fail = (problem: string, at?: { line: number; column: number }): never => {
    throw new TemplateError(file, at?.line ?? line, at?.column ?? column(), problem);
  };
  const advance = (count: number): void => {
    for (let i = 0; i < count; i += 1) {
      if (source.charCodeAt(index) === 10) {
        line += 1;
        lineStart = index + 1;
      }
      index += 1;
    }
  };
  const skipSpace = (): void => {
    while (index < source.length && /\s/.test(source[index] as string)) advance(1);
  };
  const readName = (): string | undefined => {
    NAME.lastIndex = index;
    const match = NAME.exec(source);
    if (!match) return undefined;
    advance(match[0].length);
    return match[0];
  };

  function readAttributes(): { attributes: MarkupAttribute[]; selfClosing: boolean } {
    const attributes: MarkupAttribute[] = [];
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', index)) {
        advance(2);
        return { attributes, selfClosing: true };
      }
      if (source[index] === '>') {
        advance(1);
        return { attributes, selfClosing: false };
      }
      if (index >= source.length) fail('the end of the file inside a tag; expected ">" or "/>"');
      const at = { line, column: column() };
      const name = readName();
      if (!name) fail(`an attribute name, "/>" or ">", found ${JSON.stringify(source[index])}`);
      skipSpace();
      if (source[index] !== '=') {
        attributes.push({ name: name as string, value: true, ...at });
        continue;
      }
      advance(1);
      skipSpace();
      const quote = source[index];
      let value: string;
      if (quote === '"' || quote === "'") {
        const end = source.indexOf(quote, index + 1);
        if (end < 0) fail(`the end of the file in the value of ${name}; expected a closing ${quote}`, at);
        value = source.slice(index + 1, end);
        advance(end + 1 - index);
      } else {
        const match = /^[^\s>]+/.exec(source.slice(index));
        if (!match) fail(`a value for ${name}`);
        value = (match as RegExpExecArray)[0].replace(/\/$/, '');
        advance(value.length);
      }
      // WeChat's compiler keeps the last of two same-named attributes: so does this one, and says so.
      const earlier = attributes.findIndex((attribute) => attribute.name === name);
      if (earlier >= 0) {
        attributes.splice(earlier, 1);
        warn(at.line, at.column, `attribute ${name} given twice; the last one is kept`);
      }
      attributes.push({ name: name as string, value, ...at });
    }
  }

  function readText(): MarkupText {
    const at = { line, column: column() };
    const start = index;
    while (index < source.length) {
      if (source.startsWith('{{', index)) {
        const end = source.indexOf('}}', index + 2);
        if (end < 0) fail('"{{" without a closing "}}"');
        advance(end + 2 - index);
        continue;
      }
      // A "<" that starts no tag ("a < b") is text, as in HTML.
      if (source[index] === '<' && /[A-Za-z_/!]/.test(source[index + 1] ?? '')) break;
      advance(1);
    }
    // WXML keeps entities as written; <text decode> asks the host to decode them.
    return { type: 'text', text: source.slice(start, index), ...at };
  }

  function readRaw(tag: string, at: { line: number; column: number }): MarkupNode[] {
    const end = source.indexOf(`</${tag}>`, index);
    if (end < 0) fail(`<${tag}> is never closed`, at);
    const textAt = { line, column: column() };
    const text = source.slice(index, end);
    advance(end + tag.length + 3 - index);
    return text.trim() === '' ? [] : [{ type: 'text', text, ...textAt }];
  }

  function readNodes(parentTag: string | undefined, parentAt?: { line: number; column: number }): MarkupNode[] {
    const nodes: MarkupNode[] = [];
    for (;;) {
      if (index >= source.length) {
        if (parentTag !== undefined) fail(`<${parentTag}> is never closed`, parentAt);
        return nodes;
      }
      if (source.startsWith('<!--', index)) {
        const end = source.indexOf('-->', index + 4);
        if (end < 0) fail('a comment that is never closed');
        advance(end + 3 - index);
        continue;
      }
      if (source.startsWith('</', index)) {
        const at = { line, column: column() };
        advance(2);
        const name = readName();
        skipSpace();
        if (source[index] !== '>') fail(`">" to close </${name ?? ''}`);
        advance(1);
        if (name !== parentTag) fail(parentTag === undefined ? `</${name}> closes nothing` : `</${name}> where </${parentTag}> was expected`, at);
        return nodes;
      }
      if (source[index] === '<' && /[A-Za-z_]/.test(source[index + 1] ?? '')) {
        const at = { line, column: column() };
        advance(1);
        const tag = readName();
        if (!tag) fail(`a tag name after "<", found ${JSON.stringify(source[index] ?? 'the end')}`);
        const { attributes, selfClosing } = readAttributes();
        // A module's code is text up to its closing tag, as a script is in HTML (it may hold "<").
        const children = selfClosing ? [] : tag === 'wxs' || tag === 'sjs' ? readRaw(tag, at) : readNodes(tag, at);
        nodes.push({ type: 'element', tag: tag as string, attributes, children, ...at });
        continue;
      }
      nodes.push(readText());
    }
  }

  return readNodes(undefined);
}
