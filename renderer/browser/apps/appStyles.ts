/**
 * An app's stylesheets for its shadow root. At night, a page whose app has no night styles of its
 * own (app.json darkmode) is darkened by the host: its colours inverted in lightness (hue kept),
 * pictures, video, canvas and maps turned back, all from the host's layer, which the app cannot
 * undo. The app's CSS is untrusted: it is parsed by the
 * browser into a cascade layer of its own (`gb-app`), after the host's layer (`gb-host`), so the
 * host's `!important` rules win over anything the app declares, whatever its specificity or
 * `!important` (cascade layers reverse their order for important declarations). Whatever the
 * browser parsed outside the app's layer (a stray `}` in the app's text closes the layer early)
 * is deleted. While driving, generated content is off (`content: none` from the host's layer):
 * an app cannot put words on screen that the host did not count. Icon-font glyphs go too; the
 * rule fails closed rather than guess which strings are icons.
 */
import { COSTLY_EFFECTS, costly, MAX_EFFECT_PX } from '../../../miniapps/runtime/common/host/paintCost.js';

/** The host's own elements inside the shadow root. */
const HOST_CSS = `[data-wx="switch"] { width: 88px; height: 48px; border-radius: 24px; border: 0; background: #8c959f; position: relative; }
[data-wx="switch"][aria-checked="true"] { background: #0b6e4f; }
.gb-switch-knob { position: absolute; top: 6px; left: 6px; width: 36px; height: 36px; border-radius: 50%; background: white; }
[data-wx="switch"][aria-checked="true"] .gb-switch-knob { left: 46px; }
[data-wx="button"] { font: inherit; min-height: 64px; min-width: 96px; padding: 0 24px; border-radius: 16px; border: 1px solid #8c959f; background: #ffffff; }
[data-wx="swiper"] { position: relative; overflow: hidden; min-height: 96px; display: flex; align-items: center; padding: 0 88px; }
.gb-swiper-prev, .gb-swiper-next { position: absolute; top: 50%; transform: translateY(-50%); font-size: 40px; border: 0; background: rgb(0 0 0 / 25%); color: white; border-radius: 50%; width: 64px; height: 64px; }
.gb-swiper-prev { left: 8px; } .gb-swiper-next { right: 8px; }
[data-wx="slider"] input { width: 480px; height: 48px; }
[data-wx="picker"] input { font: inherit; min-height: 64px; padding: 0 16px; }
.gb-picker-value { font: inherit; min-height: 76px; min-width: 200px; padding: 0 56px 0 24px; border-radius: 16px; border: 2px solid #8c959f; background: #ffffff; color: #1f2328; position: relative; text-align: left; }
.gb-picker-value::after { content: "\\25BE"; position: absolute; right: 20px; }
.gb-picker-sheet { position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; display: flex !important; align-items: center; justify-content: center; background: rgb(0 0 0 / 55%) !important; }
.gb-picker-options { display: flex; flex-direction: column; gap: 12px; max-height: 90%; overflow: auto; padding: 24px; border-radius: 24px; background: #ffffff; min-width: 420px; }
.gb-picker-option { font: inherit; font-size: 30px; min-height: 76px; padding: 0 32px; border-radius: 16px; border: 2px solid #8c959f; background: #ffffff; color: #1f2328; text-align: left; }
.gb-picker-option[aria-selected="true"] { border-color: #0969da; background: #ddf4ff; font-weight: 600; }
@container style(--gb-color-scheme: dark) {
  .gb-picker-value, .gb-picker-option, .gb-picker-options { background: var(--gb-surface, #21262d); color: var(--gb-text, #e6edf3); border-color: #6e7681; }
  .gb-picker-option[aria-selected="true"] { background: #12324f; border-color: #58a6ff; }
}
[data-wx="canvas"] { display: inline-block; width: 300px; height: 150px; }
.gb-broken-page { padding: 32px; font-size: 28px; color: #1f2328; }
.gb-broken-detail { font-size: 20px; color: #57606a; font-family: monospace; }
.gb-image-hidden { display: inline-block; padding: 16px; background: #d0d7de; color: #57606a; border-radius: 12px; }
.gb-more-when-parked { padding: 12px; color: #57606a; font-style: italic; }
.gb-blocked { padding: 24px; background: #1f2328; color: #e6edf3; border-radius: 12px; }
.gb-cached { pointer-events: none; }
[data-wx="input"], [data-wx="textarea"] { color: inherit; font: inherit; font-size: 28px; padding: 12px 16px; min-width: 520px; border-radius: 12px; border: 1px solid #8c959f; }
.gb-voice-instead { margin-left: 12px; font: inherit; font-weight: 600; min-height: 76px; min-width: 140px; padding: 0 24px; border-radius: 16px; border: 0; background: #085c43; color: white; }
:host([data-darkened="true"]) { filter: invert(1) hue-rotate(180deg) !important; }
:host([data-darkened="true"]) :is([data-wx="image"], [data-wx="video"], [data-wx="canvas"], [data-wx="map"], [data-wx="live-player"], [data-wx="camera"], img, video) { filter: invert(1) hue-rotate(180deg) !important; }`;

/**
 * While driving: no generated text anywhere in the app's tree (the host counts what it draws; CSS
 * text it cannot), and every control the driver can touch at least 76 px on each side (the
 * automotive minimum for a glance-and-touch), whatever size the app gave it.
 */
const DRIVING_CSS = `@layer gb-host {
*::before, *::after, :host::before, :host::after { content: none !important; }
:is([data-wx="button"], [data-wx="navigator"], [data-wx="switch"], .gb-picker-value, .gb-picker-option, .gb-voice-instead, [data-wx="checkbox"], [data-wx="radio"]):not([disabled]) { min-height: 76px !important; min-width: 76px !important; box-sizing: border-box !important; }
}`;

const LAYER_ORDER = '@layer gb-host, gb-app;';

export interface AppStyleSheets {
  /** The sheets for a page: the host's, the app's and components', the page's, and (driving) the host's driving rules. */
  sheets(route: string, driving: boolean): CSSStyleSheet[];
  /** Rules the browser parsed outside the app's layer and that were deleted (for the app's problems). */
  readonly dropped: readonly string[];
}

/** Removes costly effects from every style rule under `rules` (nested @media, @supports, @layer included). */
function tameEffects(rules: CSSRuleList, dropped: string[]): void {
  for (const rule of Array.from(rules)) {
    if (rule instanceof CSSStyleRule) {
      for (const property of COSTLY_EFFECTS) {
        const value = rule.style.getPropertyValue(property);
        if (value !== '' && costly(value)) {
          dropped.push(`${rule.selectorText} { ${property}: ${value.slice(0, 60)} } (a paint effect over ${MAX_EFFECT_PX}px)`);
          rule.style.removeProperty(property);
        }
      }
    }
    if ('cssRules' in rule && rule.cssRules instanceof CSSRuleList) tameEffects(rule.cssRules, dropped);
  }
}

/** Parses `css` into the app's layer; deletes anything outside it, and costly paint effects inside it. */
function appLayerSheet(css: string, dropped: string[]): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`@layer gb-app {\n${css}\n}`);
  for (let index = sheet.cssRules.length - 1; index >= 0; index -= 1) {
    const rule = sheet.cssRules[index] as CSSRule;
    if (rule instanceof CSSLayerBlockRule && rule.name === 'gb-app' && index === 0) continue;
    dropped.push(rule.cssText.slice(0, 120));
    sheet.deleteRule(index);
  }
  tameEffects(sheet.cssRules, dropped);
  return sheet;
}

let shared: { readonly host: CSSStyleSheet; readonly driving: CSSStyleSheet } | undefined;

/** The host's sheets are the same for every app: parsed once, on the first app's start, and shared. */
function hostSheets(): { readonly host: CSSStyleSheet; readonly driving: CSSStyleSheet } {
  if (!shared) {
    const host = new CSSStyleSheet();
    host.replaceSync(`${LAYER_ORDER}\n@layer gb-host {\n${HOST_CSS}\n}`);
    const driving = new CSSStyleSheet();
    driving.replaceSync(DRIVING_CSS);
    shared = { host, driving };
  }
  return shared;
}

export function appStyleSheets(appCss: string, componentCss: readonly string[], pageCss: (route: string) => string | undefined): AppStyleSheets {
  const dropped: string[] = [];
  const { host, driving } = hostSheets();
  const app = appLayerSheet(`${appCss}\n${componentCss.join('\n')}`, dropped);
  const pages = new Map<string, CSSStyleSheet>();
  return {
    dropped,
    sheets(route, isDriving) {
      let page = pages.get(route);
      if (!page) {
        page = appLayerSheet(pageCss(route) ?? '', dropped);
        pages.set(route, page);
      }
      return isDriving ? [host, app, page, driving] : [host, app, page];
    },
  };
}
