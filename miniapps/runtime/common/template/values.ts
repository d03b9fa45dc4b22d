/**
 * What IR values mean at run time, the one place for it: a bound value's result, how a value
 * reads as text, and what a wx:for iterates. The host's drawing (renderer/browser/apps/
 * TemplateView.tsx) is the one interpreter of the IR; it is held to WeChat's own compiler by
 * tests/e2e/templateOracle.test.ts.
 */
import type { Scope } from './expression.js';
import { evaluate } from './expression.js';
import type { Value } from './ir.js';

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

/** The items of a wx:for value, as [key, item] pairs: arrays by index, objects by key, strings by character. */
export function loopItems(value: unknown): Array<[number | string, unknown]> {
  if (Array.isArray(value)) return value.map((item, index) => [index, item]);
  if (typeof value === 'string') return [...value].map((char, index) => [index, char]);
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return Array.from({ length: Math.min(value, 10_000) }, (_, index) => [index, index]);
  if (value && typeof value === 'object') return Object.entries(value as Record<string, unknown>);
  return [];
}
