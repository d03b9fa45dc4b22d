/**
 * What the system UI takes from the OEM config, handed to the page with index.html (a JSON
 * block, read before the first render, so the pre-warm pool starts at the configured size).
 */
export interface Palette {
  readonly background?: string;
  readonly surface?: string;
  readonly text?: string;
  readonly accent?: string;
}

export interface UiSettings {
  /** The screen this UI fills, in CSS pixels. */
  readonly screen: { readonly width: number; readonly height: number; readonly phoneScale: number };
  readonly theme: { readonly mode: 'night' | 'day' | 'auto'; readonly font: string; readonly night: Palette; readonly day: Palette; readonly logo: string | null };
  readonly locale: { readonly language: string; readonly speed: 'km/h' | 'mph'; readonly distance: 'km' | 'mi'; readonly temperature: 'celsius' | 'fahrenheit'; readonly currency: string };
  readonly performance: { readonly prewarmPool: number; readonly maxRunningApps: number; readonly suspendAfterMs: number };
  /** Shown on screen until dismissed: a config with problems, an app that did not install. */
  readonly notices: readonly string[];
}

/** The id of the JSON block (a type, so the renderer's import-type-only copy is checked). */
export type SettingsElementId = 'glovebox-settings';
export const SETTINGS_ELEMENT_ID: SettingsElementId = 'glovebox-settings';

/** index.html with the settings in it (as data: the page's CSP runs no inline script). */
export function withSettings(html: string, settings: UiSettings): string {
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  return html.replace('</head>', `<script type="application/json" id="${SETTINGS_ELEMENT_ID}">${json}</script>\n</head>`);
}
