/**
 * An element's inline `style="…"`, as the host draws it. The text is the app's (often bound to
 * data), so it is read declaration by declaration: rpx becomes the host's calc like in sheets,
 * and what a sheet may not do is not done here either: no url() (no network, and package assets
 * are not served to styles), no script, no custom properties (they would reach the host's own
 * variables, such as --gb-rpx), no paint effect over the host's cost limit, no `!important`.
 * The result is a React style object (camelCase names), with what was dropped and why.
 */
import { declarationsOf } from '../format/style.js';
import { COSTLY_EFFECTS, costly, MAX_EFFECT_PX } from './paintCost.js';

/** Longest inline style read (longer text is refused whole). */
export const MAX_INLINE_STYLE_CHARS = 4096;

export interface InlineStyle {
  readonly style: Readonly<Record<string, string>>;
  readonly dropped: readonly string[];
}

const PROPERTY = /^-?[a-z][a-z-]*$/;

function camelCase(property: string): string {
  // -webkit-line-clamp → WebkitLineClamp, as React names vendor properties.
  return property.replace(/^-/, '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()).replace(/^(webkit|moz|ms)(?=[A-Z])/, (prefix) => (prefix === 'ms' ? 'ms' : prefix[0]?.toUpperCase() + prefix.slice(1)));
}

export function inlineStyle(text: string): InlineStyle {
  if (text.length > MAX_INLINE_STYLE_CHARS) return { style: {}, dropped: [`a style of ${text.length} characters (at most ${MAX_INLINE_STYLE_CHARS})`] };
  const style: Record<string, string> = {};
  const dropped: string[] = [];
  for (const declaration of declarationsOf(text)) {
    const colon = declaration.indexOf(':');
    if (colon < 0) {
      if (declaration.trim() !== '') dropped.push(`"${declaration.trim().slice(0, 40)}" (not a declaration)`);
      continue;
    }
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).replace(/!\s*important\s*$/i, '').trim();
    if (!PROPERTY.test(property)) dropped.push(`${property.slice(0, 40)} (${property.startsWith('--') ? 'custom properties are the host’s' : 'not a property name'})`);
    else if (/url\(|expression\s*\(|javascript:/i.test(value)) dropped.push(`${property} (url() and script are not drawn from inline styles)`);
    else if (COSTLY_EFFECTS.includes(property) && costly(value)) dropped.push(`${property} (a paint effect over ${MAX_EFFECT_PX}px)`);
    else if (value !== '') style[camelCase(property)] = value.replace(/(-?\d*\.?\d+)rpx\b/g, (_, number: string) => `calc(${number} * var(--gb-rpx, 1px))`);
  }
  return { style, dropped };
}
