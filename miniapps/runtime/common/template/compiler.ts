/**
 * WXML / AXML → template IR, at install time. Both dialects come out the same: `wx:` and `a:`
 * directives, `bind`/`catch`/`capture-*`/`mut-bind` (WeChat) and `onTap`/`catchTap` (Alipay).
 */
import type { Expression } from './expression.js';
import { ExpressionError, parseExpression } from './expression.js';
import type { CompiledTemplate, EventBinding, TemplateNode, Value } from './ir.js';
import type { MarkupAttribute, MarkupElement, MarkupNode } from './markup.js';
import { parseMarkup, TemplateError } from './markup.js';
import type { MarkupText } from './markup.js';
import type { Node as WxsNode } from '../wxs/parse.js';
import { parseWxs } from '../wxs/parse.js';

import type { Dialect } from '../format/dialect.js';
export type { Dialect };

export interface CompileContext {
  readonly dialect: Dialect;
  /** Reads another template file of the app by its path relative to the app root; undefined if absent. */
  readonly read: (path: string) => string | undefined;
  /** Told of what was kept with a warning (file, line, column, problem). */
  readonly warn?: (file: string, line: number, column: number, problem: string) => void;
}

/** Joins a relative `src` onto the directory of `from` (both relative to the app root); `/x` is from the root. */
export function resolveAppPath(from: string, src: string): string | undefined {
  const parts = src.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const part of src.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

interface Located {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

function compileValue(raw: string | true, at: Located, calls = false): Value {
  if (raw === true) return true;
  const parts: Array<string | Expression> = [];
  let index = 0;
  while (index < raw.length) {
    const open = raw.indexOf('{{', index);
    if (open < 0) {
      parts.push(raw.slice(index));
      break;
    }
    if (open > index) parts.push(raw.slice(index, open));
    const close = raw.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError(at.file, at.line, at.column, `"{{" without "}}" in ${JSON.stringify(raw)}`);
    const source = raw.slice(open + 2, close);
    try {
      parts.push(parseExpression(source, { calls }));
    } catch (error) {
      if (error instanceof ExpressionError) throw new TemplateError(at.file, at.line, at.column, error.message);
      throw error;
    }
    index = close + 2;
  }
  if (parts.length === 1 && typeof parts[0] !== 'string') return { e: parts[0] as Expression };
  if (parts.every((part) => typeof part === 'string')) return parts.join('');
  return { t: parts };
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

const WECHAT_EVENT = /^(bind|catch|capture-bind|capture-catch|mut-bind):?([A-Za-z][\w-]*)$/;
const ALIPAY_EVENT = /^(on|catch)([A-Z][\w]*)$/;

function eventOf(name: string, dialect: Dialect): Omit<EventBinding, 'handler'> | undefined {
  const wechat = WECHAT_EVENT.exec(name);
  if (wechat && (dialect === 'wechat' || name.includes(':') || /^bind|^catch[a-z]/.test(name))) {
    const kind = wechat[1] as string;
    return { type: wechat[2] as string, catch: kind.endsWith('catch'), capture: kind.startsWith('capture'), mut: kind === 'mut-bind' };
  }
  const alipay = ALIPAY_EVENT.exec(name);
  if (alipay && dialect === 'alipay') {
    const type = (alipay[2] as string).charAt(0).toLowerCase() + (alipay[2] as string).slice(1);
    return { type, catch: alipay[1] === 'catch', capture: false, mut: false };
  }
  return undefined;
}

class Compiler {
  private readonly templates: Record<string, readonly TemplateNode[]> = {};
  private readonly imported: Record<string, readonly TemplateNode[]> = {};
  private readonly wxs: Record<string, string> = {};
  private readonly modules: Record<string, readonly WxsNode[]> = {};
  private readonly prefix: string;
  /** Expressions may call functions only in a template that has modules (WXS/SJS). */
  private calls = false;

  constructor(
    private readonly file: string,
    private readonly context: CompileContext,
    private readonly including: readonly string[] = [],
  ) {
    this.prefix = context.dialect === 'alipay' ? 'a:' : 'wx:';
  }

  private at(node: { line: number; column: number }): Located {
    return { file: this.file, line: node.line, column: node.column };
  }

  private markupWarning(file: string): (line: number, column: number, problem: string) => void {
    return (line, column, problem) => this.context.warn?.(file, line, column, problem);
  }

  private fail(node: { line: number; column: number }, problem: string): never {
    throw new TemplateError(this.file, node.line, node.column, problem);
  }

  compile(source: string): CompiledTemplate {
    const markup = parseMarkup(source, this.file, this.markupWarning(this.file));
    this.calls = /<(wxs|import-sjs|sjs)\b/.test(source);
    const nodes = this.nodes(markup);
    const modules = Object.keys(this.wxs).length > 0 ? { wxs: { ...this.wxs }, modules: { ...this.modules } } : {};
    return { file: this.file, nodes, templates: { ...this.imported, ...this.templates }, ...modules };
  }

  private value(raw: string | true, at: Located): Value {
    return compileValue(raw, at, this.calls);
  }

  /**
   * `<wxs module="m" src="./m.wxs"/>`, `<wxs module="m">code</wxs>`, Alipay's
   * `<import-sjs name="m" from="./m.sjs"/>`: parsed now, with every module they require.
   */
  private module(element: MarkupElement): void {
    const attribute = (name: string): MarkupAttribute | undefined => element.attributes.find((each) => each.name === name);
    const name = attribute('module') ?? attribute('name');
    if (!name || typeof name.value !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name.value)) this.fail(element, `<${element.tag}> needs module="name" (a plain name)`);
    const moduleName = (name as MarkupAttribute).value as string;
    const src = attribute('src') ?? attribute('from');
    if (src) {
      if (typeof src.value !== 'string') this.fail(src, `${src.name}: a path to a module of the app`);
      this.wxs[moduleName] = this.loadModule(this.file, src.value as string, src, []);
      return;
    }
    const code = element.children.find((child): child is MarkupText => child.type === 'text');
    const key = `${this.file}#${moduleName}`;
    this.modules[key] = this.parseModule(this.file, code?.text ?? '', code?.line ?? element.line, key, []);
    this.wxs[moduleName] = key;
  }

  /** Reads, parses and registers a module file (and what it requires); gives its key. */
  private loadModule(from: string, target: string, at: { line: number; column: number }, chain: readonly string[]): string {
    const extension = this.context.dialect === 'alipay' ? '.sjs' : '.wxs';
    const path = resolveAppPath(from, /\.(wxs|sjs)$/.test(target) ? target : `${target}${extension}`);
    if (path === undefined) this.fail(at, `${target} points outside the app`);
    if (chain.includes(path as string)) this.fail(at, `require cycle: ${[...chain, path].join(' → ')}`);
    if (this.modules[path as string]) return path as string;
    const text = this.context.read(path as string);
    if (text === undefined) this.fail(at, `${target}: no such module in the app (${path})`);
    this.modules[path as string] = this.parseModule(path as string, text as string, 1, path as string, chain);
    return path as string;
  }

  /** Parses a module; `require('./x.wxs')` is resolved now, so the host looks modules up by key. */
  private parseModule(file: string, code: string, firstLine: number, key: string, chain: readonly string[]): readonly WxsNode[] {
    const program = parseWxs(file, code, firstLine);
    // The tree is arrays all the way down; a require call is the one shape rewritten.
    const resolveRequires = (value: unknown): unknown => {
      if (!Array.isArray(value)) return value;
      const call = value as unknown[];
      if (call.length === 4 && call[0] === 'call' && Array.isArray(call[1]) && call[1][0] === 'id' && call[1][1] === 'require' && Array.isArray(call[2]) && typeof call[3] === 'number') {
        const first = (call[2] as WxsNode[])[0];
        if (!first || first[0] !== 'str') throw new TemplateError(file, call[3], 1, 'require takes a path in quotes');
        return ['call', call[1], [['str', this.loadModule(file, first[1], { line: call[3], column: 1 }, [...chain, key])]], call[3]];
      }
      return call.map(resolveRequires);
    };
    return program.map((node) => resolveRequires(node) as WxsNode);
  }

  private directive(element: MarkupElement, name: string): MarkupAttribute | undefined {
    return element.attributes.find((attribute) => attribute.name === `${this.prefix}${name}`);
  }

  /** Compiles siblings, folding if / elif / else chains. */
  nodes(markup: readonly MarkupNode[]): TemplateNode[] {
    const result: TemplateNode[] = [];
    let openIf: Array<{ when: Value | null; node: TemplateNode }> | undefined;
    for (const node of markup) {
      if (node.type === 'text') {
        if (node.text.trim() === '') continue; // Whitespace between tags is not content.
        openIf = undefined;
        result.push({ k: 'text', v: this.value(node.text, this.at(node)) });
        continue;
      }
      const elif = this.directive(node, 'elif');
      const otherwise = this.directive(node, 'else');
      if (elif || otherwise) {
        if (!openIf) this.fail(node, `${this.prefix}${elif ? 'elif' : 'else'} without a ${this.prefix}if before it`);
        const compiled = this.element(node);
        if (compiled) openIf.push({ when: elif ? this.value(elif.value, this.at(elif)) : null, node: compiled });
        if (otherwise) openIf = undefined;
        continue;
      }
      const compiled = this.element(node);
      if (!compiled) {
        openIf = undefined;
        continue;
      }
      const condition = this.directive(node, 'if');
      if (condition && !this.directive(node, 'for') && !this.directive(node, 'for-items')) {
        openIf = [{ when: this.value(condition.value, this.at(condition)), node: compiled }];
        result.push({ k: 'if', branches: openIf });
      } else {
        openIf = undefined;
        result.push(compiled);
      }
    }
    return result;
  }

  /** One element with its for / if wrappers (for outranks if, as in WeChat); undefined for definitions. */
  private element(element: MarkupElement): TemplateNode | undefined {
    const tag = element.tag;
    if (tag === 'wxs' || tag === 'import-sjs' || tag === 'sjs') {
      this.module(element);
      return undefined;
    }
    if (tag === 'import') {
      this.importTemplates(element);
      return undefined;
    }
    if (tag === 'include') return this.include(element);
    if (tag === 'template') {
      const name = element.attributes.find((attribute) => attribute.name === 'name');
      if (name) {
        if (typeof name.value !== 'string' || name.value === '') this.fail(name, 'a template name');
        this.templates[name.value as string] = this.nodes(element.children);
        return undefined;
      }
      const is = element.attributes.find((attribute) => attribute.name === 'is');
      if (!is) this.fail(element, '<template> needs name (a definition) or is (a use)');
      const data = element.attributes.find((attribute) => attribute.name === 'data');
      return this.wrap(element, { k: 'tpl', is: this.value(is.value, this.at(is)), data: data ? this.templateData(data) : null });
    }
    if (tag === 'slot') {
      const name = element.attributes.find((attribute) => attribute.name === 'name');
      return this.wrap(element, { k: 'slot', name: name ? this.value(name.value, this.at(name)) : null });
    }
    const children = this.nodes(element.children);
    if (tag === 'block') return this.wrap(element, { k: 'block', children });

    const attrs: Record<string, Value> = {};
    const events: EventBinding[] = [];
    const dataset: Record<string, Value> = {};
    for (const attribute of element.attributes) {
      const name = attribute.name;
      if (name.startsWith(this.prefix)) continue;
      const event = eventOf(name, this.context.dialect);
      if (event) {
        events.push({ ...event, handler: this.value(attribute.value, this.at(attribute)) });
      } else if (name.startsWith('data-')) {
        dataset[camelCase(name.slice(5))] = this.value(attribute.value, this.at(attribute));
      } else {
        attrs[name] = this.value(attribute.value, this.at(attribute));
      }
    }
    return this.wrap(element, { k: 'el', tag, attrs, events, dataset, children });
  }

  /** `data="{{...item, index}}"`: the braces of the object are left out in WXML. */
  private templateData(attribute: MarkupAttribute): Expression {
    const raw = attribute.value;
    const match = typeof raw === 'string' ? /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(raw) : null;
    if (!match) this.fail(attribute, 'data="{{…}}" (an object body such as {{...item}} or {{a: 1}})');
    try {
      return parseExpression((match as RegExpExecArray)[1] as string, { objectBody: true });
    } catch (error) {
      if (error instanceof ExpressionError) this.fail(attribute, error.message);
      throw error;
    }
  }

  /** Applies wx:for (outermost) and wx:if to a compiled node. */
  private wrap(element: MarkupElement, node: TemplateNode): TemplateNode {
    const loop = this.directive(element, 'for') ?? this.directive(element, 'for-items');
    if (!loop) return node;
    const condition = this.directive(element, 'if');
    const inner: TemplateNode = condition ? { k: 'if', branches: [{ when: this.value(condition.value, this.at(condition)), node }] } : node;
    const item = this.directive(element, 'for-item');
    const index = this.directive(element, 'for-index');
    const key = this.directive(element, 'key');
    const text = (attribute: MarkupAttribute | undefined, fallback: string): string => {
      if (!attribute) return fallback;
      if (typeof attribute.value !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(attribute.value)) this.fail(attribute, `${attribute.name}: a plain name`);
      return attribute.value as string;
    };
    const keyValue = key ? (key.value === true ? this.fail(key, `${key.name}: a property name or *this`) : key.value) : null;
    return { k: 'for', items: this.value(loop.value, this.at(loop)), item: text(item, 'item'), index: text(index, 'index'), key: keyValue, node: inner };
  }

  private source(element: MarkupElement): { path: string; text: string } {
    const src = element.attributes.find((attribute) => attribute.name === 'src');
    if (!src || typeof src.value !== 'string') this.fail(element, `<${element.tag}> needs src`);
    const value = src.value as string;
    if (/\.(wxs|sjs)$/.test(value)) this.fail(src, `${value}: a module is loaded with <wxs src> (or <import-sjs from>), not <${element.tag}>`);
    const extension = this.context.dialect === 'alipay' ? '.axml' : '.wxml';
    const path = resolveAppPath(this.file, /\.(wxml|axml)$/.test(value) ? value : `${value}${extension}`);
    if (path === undefined) this.fail(src, `${value} points outside the app`);
    const text = this.context.read(path as string);
    if (text === undefined) this.fail(src, `${value}: no such file in the app (${path})`);
    return { path: path as string, text: text as string };
  }

  /** import: the templates defined in that file (not those it imports in turn). */
  private importTemplates(element: MarkupElement): void {
    const { path, text } = this.source(element);
    const other = new Compiler(path, this.context);
    other.calls = /<(wxs|import-sjs|sjs)\b/.test(text);
    other.nodes(parseMarkup(text, path, this.markupWarning(path)));
    Object.assign(this.imported, other.templates);
    // An imported file's templates call its own modules: they come along (this file's win on a clash).
    for (const [name, key] of Object.entries(other.wxs)) this.wxs[name] ??= key;
    Object.assign(this.modules, other.modules);
  }

  /** include: the file's content in place, without its template definitions. */
  private include(element: MarkupElement): TemplateNode {
    const { path, text } = this.source(element);
    if (this.including.includes(path) || path === this.file) this.fail(element, `include cycle: ${[...this.including, this.file, path].join(' → ')}`);
    const other = new Compiler(path, this.context, [...this.including, this.file]);
    return { k: 'block', children: other.nodes(parseMarkup(text, path, this.markupWarning(path))) };
  }
}

/** Compiles one template file (path relative to the app root). Throws TemplateError naming file, line and column. */
export function compileTemplate(file: string, source: string, context: CompileContext): CompiledTemplate {
  return new Compiler(file, context).compile(source);
}
