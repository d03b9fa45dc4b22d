/**
 * What a driver sees of the system's own controls, measured in the page: the size of each touch
 * target and the contrast of each text against what is behind it (WCAG's formula; colours
 * normalised through a canvas, so color-mix() and named colours count as drawn).
 */
import type { Page } from 'playwright-core';

/** The system's touch targets (outside apps' shadow roots). */
export const SYSTEM_TARGETS = ['[data-testid=home]', '[data-testid=back]', '[data-testid=tab]', '[data-testid=app-tile]', '.dialog-choice', '.app-cover-home'] as const;
/** The system's texts a driver reads. */
export const SYSTEM_TEXTS = ['.status-bar > span', '.status-bar > time', '[data-testid=app-title]', '[data-testid=home]', '[data-testid=back]', '[data-testid=tab]', '.app-name', '.app-category', '.app-icon', '.empty'] as const;

export interface Measured {
  readonly selector: string;
  readonly text: string;
  readonly value: number;
}

export interface ScreenFigures {
  /** The smallest side of each visible target, px. */
  readonly targets: readonly Measured[];
  /** The contrast ratio of each visible text, x:1. */
  readonly contrasts: readonly Measured[];
}

/** The app's touch targets and texts, inside its shadow root. */
export const APP_TARGETS = ['[data-wx=button]', '[data-wx=navigator]', '[data-wx=switch]', '.gb-picker-value', '.gb-picker-option', '[data-wx=input]:not([disabled])', '.gb-voice-instead'] as const;

export interface AppFigures extends ScreenFigures {
  /** The font size of each visible text, px. */
  readonly fonts: readonly Measured[];
}

/** The system's controls and texts, outside apps. */
export function measureSystem(page: Page): Promise<ScreenFigures> {
  return measure(page, [...SYSTEM_TARGETS], [...SYSTEM_TEXTS], false);
}

/** What the open app draws: its targets, and every element with text of its own. */
export function measureApp(page: Page): Promise<AppFigures> {
  return measure(page, [...APP_TARGETS], ['*'], true) as Promise<AppFigures>;
}

function measure(page: Page, targetSelectors: string[], textSelectors: string[], inApp: boolean): Promise<ScreenFigures | AppFigures> {
  return page.evaluate(
    ({ targets, texts, inApp }) => {
      const scope: ParentNode | null = inApp ? (document.querySelector('[data-testid=app-view]')?.shadowRoot ?? null) : document;
      if (!scope) return { targets: [], contrasts: [], fonts: [] };
      const canvas = document.createElement('canvas');
      canvas.width = 1;
      canvas.height = 1;
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      const rgba = (css: string): [number, number, number, number] => {
        context.clearRect(0, 0, 1, 1);
        context.fillStyle = '#000';
        context.fillStyle = css;
        context.fillRect(0, 0, 1, 1);
        const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
        return [r!, g!, b!, a! / 255];
      };
      const over = (top: [number, number, number, number], under: [number, number, number]): [number, number, number] => [0, 1, 2].map((i) => top[i]! * top[3] + under[i]! * (1 - top[3])) as [number, number, number];
      // What is behind an element: its ancestors' backgrounds composed from the page's down.
      const behind = (element: Element): [number, number, number] => {
        const chain: Element[] = [];
        // Through the shadow root to its host: the app's page is drawn over the host's surface.
        for (let at: Element | null = element; at; at = at.parentElement ?? ((at.getRootNode() as ShadowRoot).host || null)) chain.unshift(at);
        let colour: [number, number, number] = [255, 255, 255];
        for (const each of chain) colour = over(rgba(getComputedStyle(each).backgroundColor), colour);
        return colour;
      };
      const luminance = ([r, g, b]: [number, number, number]): number => {
        const channel = (value: number): number => {
          const c = value / 255;
          return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      };
      const visible = (element: Element): boolean => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
      };
      // In an app, a text is an element with words of its own (not only its children's).
      const ownText = (element: Element): string =>
        [...element.childNodes]
          .filter((node) => node.nodeType === Node.TEXT_NODE)
          .map((node) => node.textContent ?? '')
          .join('')
          .trim();
      const label = (element: Element): string => (inApp ? ownText(element) : (element.textContent ?? '').trim()).slice(0, 40);
      const sizes = targets.flatMap((selector) =>
        [...scope.querySelectorAll(selector)].filter(visible).map((element) => {
          const box = element.getBoundingClientRect();
          return { selector, text: label(element), value: Math.round(Math.min(box.width, box.height)) };
        }),
      );
      const textual = texts.flatMap((selector) => [...scope.querySelectorAll(selector)].filter((element) => visible(element) && label(element) !== '').map((element) => ({ selector, element })));
      const fonts = textual.map(({ selector, element }) => ({ selector, text: label(element), value: Math.round(parseFloat(getComputedStyle(element).fontSize)) }));
      const contrasts = textual.map(({ selector, element }) => {
          const background = behind(element);
          const text = over(rgba(getComputedStyle(element).color), background);
          const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a) as [number, number];
          return { selector, text: label(element), value: Math.round(((light + 0.05) / (dark + 0.05)) * 10) / 10 };
      });
      return { targets: sizes, contrasts, fonts };
    },
    { targets: targetSelectors, texts: textSelectors, inApp },
  );
}

/** The smallest of the figures, for a closing line: "48 px ([data-testid=home] "Home")". */
export function smallest(figures: readonly Measured[]): Measured | null {
  return figures.reduce<Measured | null>((least, each) => (least === null || each.value < least.value ? each : least), null);
}

/** A figure as a test's log line says it: value, unit, selector and text; "none" when there is none. */
export function said(figure: Measured | null, unit: string): string {
  return figure ? `${figure.value}${unit} (${figure.selector} "${figure.text}")` : 'none';
}
