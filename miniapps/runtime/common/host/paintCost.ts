/**
 * Paint effects whose cost grows with their radius: a 3,000 px drop-shadow or blur is seconds of
 * raster per frame on a head unit, a freeze by CSS. A declaration of these with any length over
 * MAX_EFFECT_PX (or in a unit relative to the screen, or computed) is removed, from the app's
 * sheets (renderer appStyles.ts) and from its inline styles (inlineStyle.ts) alike.
 */
export const COSTLY_EFFECTS: readonly string[] = ['filter', 'backdrop-filter', '-webkit-backdrop-filter', 'box-shadow', 'text-shadow'];
export const MAX_EFFECT_PX = 64;
const LENGTH = /(-?\d*\.?\d+)(px|em|rem|vw|vh|vmin|vmax|%|cm|mm|in|pt|pc|ch|ex|lh|svw|svh|lvw|lvh|dvw|dvh|cqw|cqh)\b/g;

/** Whether a value of one of COSTLY_EFFECTS would cost more than the host allows. */
export function costly(value: string): boolean {
  for (const [, number, unit] of value.matchAll(LENGTH)) {
    const size = Math.abs(Number(number));
    const px = unit === 'px' ? size : unit === 'em' || unit === 'rem' ? size * 16 : size === 0 ? 0 : Infinity;
    if (px > MAX_EFFECT_PX) return true;
  }
  return /\b(?:calc|var|env|max|clamp)\(/.test(value);
}
