/**
 * Renders a compiled template with data to an HTML string: the reference semantics of the IR
 * (the host's React components follow the same rules), used for the initial-render cache and
 * in tests. Values are escaped; events and datasets are not part of the markup.
 */
import type { Scope } from './expression.js';
import { evaluate } from './expression.js';
import type { CompiledTemplate, TemplateNode, Value } from './ir.js';

/** A value's runtime result: `{ e }` keeps its type, text with bindings is a string. */
export function valueOf(value: Value, scope: Scope): unknown {
  if (value === true || typeof value === 'string') return value;
  if ('e' in value) return evaluate(value.e, scope);
  return value.t.map((part) => (typeof part === 'string' ? part : textOf(evaluate(part, scope)))).join('');
}

/** How a value reads as text: nothing for undefined and null, as JavaScript's String otherwise. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return Array.isArray(value) ? value.map(textOf).join(',') : '[object Object]';
  return String(value);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The items of a wx:for value, as [key, item] pairs: arrays by index, objects by key, strings by character. */
export function loopItems(value: unknown): Array<[number | string, unknown]> {
  if (Array.isArray(value)) return value.map((item, index) => [index, item]);
  if (typeof value === 'string') return [...value].map((char, index) => [index, char]);
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return Array.from({ length: Math.min(value, 10_000) }, (_, index) => [index, index]);
  if (value && typeof value === 'object') return Object.entries(value as Record<string, unknown>);
  return [];
}

export interface RenderOptions {
  /** Content for `<slot>` elements, by slot name ('' for the default slot). */
  readonly slots?: Readonly<Record<string, string>>;
}

export function renderNodes(nodes: readonly TemplateNode[], scope: Scope, compiled: CompiledTemplate, options: RenderOptions = {}, depth = 0): string {
  if (depth > 64) throw new RangeError(`templates nested more than 64 deep in ${compiled.file} (a template that uses itself?)`);
  let html = '';
  for (const node of nodes) html += renderNode(node, scope, compiled, options, depth);
  return html;
}

function renderNode(node: TemplateNode, scope: Scope, compiled: CompiledTemplate, options: RenderOptions, depth: number): string {
  switch (node.k) {
    case 'text':
      return escape(textOf(valueOf(node.v, scope)));
    case 'block':
      return renderNodes(node.children, scope, compiled, options, depth);
    case 'if': {
      const branch = node.branches.find((candidate) => candidate.when === null || Boolean(valueOf(candidate.when, scope)));
      return branch ? renderNode(branch.node, scope, compiled, options, depth) : '';
    }
    case 'for': {
      let html = '';
      for (const [index, item] of loopItems(valueOf(node.items, scope))) {
        html += renderNode(node.node, [{ [node.item]: item, [node.index]: index }, ...scope], compiled, options, depth);
      }
      return html;
    }
    case 'tpl': {
      const name = textOf(valueOf(node.is, scope));
      const template = compiled.templates[name];
      if (!template) return '';
      const data = node.data ? evaluate(node.data, scope) : {};
      return renderNodes(template, [(data ?? {}) as Record<string, unknown>], compiled, options, depth + 1);
    }
    case 'slot':
      return options.slots?.[node.name === null ? '' : textOf(valueOf(node.name, scope))] ?? '';
    case 'el': {
      let attributes = '';
      for (const [name, value] of Object.entries(node.attrs)) {
        const result = valueOf(value, scope);
        if (result === false || result === undefined || result === null) continue;
        attributes += result === true ? ` ${name}` : ` ${name}="${escape(textOf(result))}"`;
      }
      return `<${node.tag}${attributes}>${renderNodes(node.children, scope, compiled, options, depth)}</${node.tag}>`;
    }
  }
}

/** Renders a compiled page with its data. */
export function renderToHtml(compiled: CompiledTemplate, data: Readonly<Record<string, unknown>>, options: RenderOptions = {}): string {
  return renderNodes(compiled.nodes, [data], compiled, options);
}
