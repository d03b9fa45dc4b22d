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

/** A number loops 0..n-1, up to this many (WeChat's own loop has no cap; a host must have one). */
const MAX_NUMBER_LOOP = 10_000;

/** How many items a wx:for value has, without building them (a 40,000-row list costs a length read). */
export function loopCount(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'string') return [...value].length;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return Math.min(value, MAX_NUMBER_LOOP);
  if (value && typeof value === 'object') return Object.keys(value).length;
  return 0;
}

/**
 * The items of a wx:for value, as [key, item] pairs: arrays by index, objects by key, strings by
 * character; at most `limit` of them (the first ones), so a host that draws only what fits builds
 * only that.
 */
export function loopItems(value: unknown, limit = Infinity): Array<[number | string, unknown]> {
  const pairs: Array<[number | string, unknown]> = [];
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length && index < limit; index += 1) pairs.push([index, value[index]]);
  } else if (typeof value === 'string') {
    for (const char of value) {
      if (pairs.length >= limit) break;
      pairs.push([pairs.length, char]);
    }
  } else if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
    for (let index = 0; index < Math.min(value, MAX_NUMBER_LOOP, limit); index += 1) pairs.push([index, index]);
  } else if (value && typeof value === 'object') {
    for (const key in value) {
      if (pairs.length >= limit) break;
      if (Object.hasOwn(value, key)) pairs.push([key, (value as Record<string, unknown>)[key]]);
    }
  }
  return pairs;
}
