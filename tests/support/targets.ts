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

export async function measureSystem(page: Page): Promise<ScreenFigures> {
  return page.evaluate(
    ({ targets, texts }) => {
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
        for (let at: Element | null = element; at; at = at.parentElement) chain.unshift(at);
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
      const label = (element: Element): string => (element.textContent ?? '').trim().slice(0, 40);
      const sizes = targets.flatMap((selector) =>
        [...document.querySelectorAll(selector)].filter(visible).map((element) => {
          const box = element.getBoundingClientRect();
          return { selector, text: label(element), value: Math.round(Math.min(box.width, box.height)) };
        }),
      );
      const contrasts = texts.flatMap((selector) =>
        [...document.querySelectorAll(selector)].filter((element) => visible(element) && label(element) !== '').map((element) => {
          const background = behind(element);
          const text = over(rgba(getComputedStyle(element).color), background);
          const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a) as [number, number];
          return { selector, text: label(element), value: Math.round(((light + 0.05) / (dark + 0.05)) * 10) / 10 };
        }),
      );
      return { targets: sizes, contrasts };
    },
    { targets: [...SYSTEM_TARGETS], texts: [...SYSTEM_TEXTS] },
  );
}

/** The smallest of the figures, for a closing line: "48 px ([data-testid=home] "Home")". */
export function smallest(figures: readonly Measured[]): Measured | null {
  return figures.reduce<Measured | null>((least, each) => (least === null || each.value < least.value ? each : least), null);
}
