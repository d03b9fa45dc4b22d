/**
 * An element's `animation` attribute, as wx.createAnimation().export() makes it: `{ actions: [
 * { animates: [{ type, args }], option: { transition: { duration, timingFunction, delay },
 * transformOrigin } } ] }`. The value is the app's data, so it is read here into steps of plain
 * CSS the host plays (Web Animations), bounded in steps, length and time; anything else is left
 * out with a reason. While driving the host plays no motion: each step lands at once.
 */

export interface AnimationStep {
  /** CSS properties at the end of the step (camelCase, as Element.animate takes them). */
  readonly style: Readonly<Record<string, string>>;
  readonly durationMs: number;
  readonly delayMs: number;
  readonly easing: string;
  readonly transformOrigin: string;
}

export const ANIMATION_LIMITS = { steps: 32, animates: 32, durationMs: 10_000 } as const;

const EASINGS = new Set(['linear', 'ease', 'ease-in', 'ease-out', 'ease-in-out', 'step-start', 'step-end']);
const STYLE_PROPERTIES: Readonly<Record<string, string>> = { opacity: 'opacity', 'background-color': 'backgroundColor', backgroundColor: 'backgroundColor', width: 'width', height: 'height', top: 'top', left: 'left', bottom: 'bottom', right: 'right' };
const ANGLES = new Set(['rotate', 'rotateX', 'rotateY', 'rotateZ', 'skew', 'skewX', 'skewY']);
const LENGTHS = new Set(['translate', 'translateX', 'translateY', 'translateZ', 'translate3d']);
const PLAIN = new Set(['scale', 'scaleX', 'scaleY', 'scaleZ', 'scale3d', 'matrix', 'matrix3d']);
/** How many arguments each transform takes at most. */
const ARITY: Readonly<Record<string, number>> = { rotate3d: 4, translate3d: 3, scale3d: 3, matrix: 6, matrix3d: 16, translate: 2, scale: 2, skew: 2 };

const finite = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : null);

/** A length: a number is px; a string must look like a CSS length or percentage. */
function length(value: unknown): string | null {
  const number = finite(value);
  if (number !== null) return `${number}px`;
  return typeof value === 'string' && /^-?\d+(\.\d+)?(px|%|rpx|em|rem|vw|vh)$/.test(value.trim()) ? value.trim().replace(/rpx$/, 'px') : null;
}

function transform(type: string, args: readonly unknown[]): string | null {
  const count = ARITY[type] ?? 1;
  if (args.length === 0 || args.length > count) return null;
  if (ANGLES.has(type)) {
    const values = args.map(finite);
    return values.every((value) => value !== null) ? `${type}(${values.map((value) => `${value}deg`).join(', ')})` : null;
  }
  if (type === 'rotate3d') {
    const values = args.map(finite);
    return values.length === 4 && values.every((value) => value !== null) ? `rotate3d(${values.slice(0, 3).join(', ')}, ${values[3]}deg)` : null;
  }
  if (LENGTHS.has(type)) {
    const values = args.map(length);
    return values.every((value) => value !== null) ? `${type}(${values.join(', ')})` : null;
  }
  if (PLAIN.has(type)) {
    const values = args.map(finite);
    return values.every((value) => value !== null) ? `${type}(${values.join(', ')})` : null;
  }
  return null;
}

function styleValue(property: string, value: unknown): string | null {
  if (property === 'opacity') {
    const number = finite(value);
    return number === null ? null : String(Math.min(Math.max(number, 0), 1));
  }
  if (property === 'backgroundColor') return typeof value === 'string' && /^[#\w(),.%\s-]{1,64}$/.test(value) && !/url|expression|var/i.test(value) ? value : null;
  return length(value);
}

/** The steps of an `animation` attribute, and what was left out (for the app's problems). */
export function animationSteps(value: unknown): { readonly steps: AnimationStep[]; readonly problems: string[] } {
  const problems: string[] = [];
  const actions = value && typeof value === 'object' ? (value as { actions?: unknown }).actions : undefined;
  const empty = value === undefined || value === null || value === '' || (typeof value === 'object' && Object.keys(value).length === 0);
  if (!Array.isArray(actions)) return { steps: [], problems: empty ? [] : ['animation: expected the value of createAnimation().export()'] };
  if (actions.length > ANIMATION_LIMITS.steps) problems.push(`animation: ${actions.length} steps; the first ${ANIMATION_LIMITS.steps} are played`);
  const steps = actions.slice(0, ANIMATION_LIMITS.steps).map((action: unknown, index): AnimationStep => {
    const { animates, option } = (action && typeof action === 'object' ? action : {}) as { animates?: unknown; option?: { transition?: Record<string, unknown>; transformOrigin?: unknown } };
    const style: Record<string, string> = {};
    const transforms: string[] = [];
    for (const animate of Array.isArray(animates) ? animates.slice(0, ANIMATION_LIMITS.animates) : []) {
      const { type, args } = (animate && typeof animate === 'object' ? animate : {}) as { type?: unknown; args?: unknown };
      const list = Array.isArray(args) ? args : [];
      if (type === 'style') {
        const property = typeof list[0] === 'string' && Object.hasOwn(STYLE_PROPERTIES, list[0]) ? STYLE_PROPERTIES[list[0]] : undefined;
        const written = property ? styleValue(property, list[1]) : null;
        if (property && written !== null) style[property] = written;
        else problems.push(`animation step ${index + 1}: style ${JSON.stringify(list).slice(0, 60)} left out`);
        continue;
      }
      const written = typeof type === 'string' ? transform(type, list) : null;
      if (written !== null) transforms.push(written);
      else problems.push(`animation step ${index + 1}: ${String(type).slice(0, 30)}(${JSON.stringify(list).slice(1, -1).slice(0, 40)}) left out`);
    }
    if (transforms.length > 0) style['transform'] = transforms.join(' ');
    const transition = option?.transition ?? {};
    const time = (key: string): number => Math.min(Math.max(finite(transition[key]) ?? 0, 0), ANIMATION_LIMITS.durationMs);
    const easing = typeof transition['timingFunction'] === 'string' && EASINGS.has(transition['timingFunction']) ? transition['timingFunction'] : 'linear';
    const origin = typeof option?.transformOrigin === 'string' && /^[\w%.\s-]{1,40}$/.test(option.transformOrigin) ? option.transformOrigin : '50% 50% 0';
    return { style, durationMs: time('duration'), delayMs: time('delay'), easing, transformOrigin: origin };
  });
  return { steps, problems };
}
