/**
 * The compiled form of a page or component template: JSON data the host renders with its
 * own components. Nothing here is code; expressions are the JSON of expression.ts.
 */
import type { Expression } from './expression.js';
import type { Node as WxsNode } from '../wxs/parse.js';

/**
 * An attribute or text value: a plain string; `{ e }` a single `{{ }}` (keeps its type, so
 * `"{{false}}"` is false); `{ t }` text with bindings (always a string); `true` an attribute
 * written without a value.
 */
export type Value = string | true | { readonly e: Expression } | { readonly t: ReadonlyArray<string | Expression> };

export interface EventBinding {
  /** The event type: tap, longpress, input, … */
  readonly type: string;
  /** The handler's name in the page or component (may be bound). */
  readonly handler: Value;
  /** catch stops bubbling; capture runs in the capture phase; mut is mutually exclusive bubbling. */
  readonly catch: boolean;
  readonly capture: boolean;
  readonly mut: boolean;
}

export type TemplateNode =
  | { readonly k: 'text'; readonly v: Value }
  | {
      readonly k: 'el';
      readonly tag: string;
      readonly attrs: Readonly<Record<string, Value>>;
      readonly events: readonly EventBinding[];
      /** data-* attributes, by camelCase key. */
      readonly dataset: Readonly<Record<string, Value>>;
      readonly children: readonly TemplateNode[];
    }
  | { readonly k: 'if'; readonly branches: ReadonlyArray<{ readonly when: Value | null; readonly node: TemplateNode }> }
  | { readonly k: 'for'; readonly items: Value; readonly item: string; readonly index: string; readonly key: string | null; readonly node: TemplateNode }
  | { readonly k: 'block'; readonly children: readonly TemplateNode[] }
  | { readonly k: 'tpl'; readonly is: Value; readonly data: Expression | null }
  | { readonly k: 'slot'; readonly name: Value | null };

export interface CompiledTemplate {
  /** The file this came from, relative to the app root. */
  readonly file: string;
  readonly nodes: readonly TemplateNode[];
  /** Templates defined here and in the files it imports (its own win). */
  readonly templates: Readonly<Record<string, readonly TemplateNode[]>>;
  /** WXS/SJS modules by the name the template calls them (here and in imported files): the key in `modules`. */
  readonly wxs?: Readonly<Record<string, string>>;
  /** Each module's parsed code by key (its file, or `file#name` inline), with what they require (ADR 0009). */
  readonly modules?: Readonly<Record<string, readonly WxsNode[]>>;
}
