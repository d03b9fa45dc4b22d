/**
 * The OEM's settings for this screen, from the JSON block services put in index.html (absent:
 * the built-in defaults, e.g. a page opened from a file). The theme is applied as CSS variables
 * before the first render; day and night follow the clock when the OEM says auto.
 */
import type { Palette, SettingsElementId, UiSettings } from '../../services/common/uiSettings.js';

const SETTINGS_ELEMENT_ID: SettingsElementId = 'glovebox-settings';

export const DEFAULT_SETTINGS: UiSettings = {
  screen: { width: 1920, height: 720, phoneScale: 1.75 },
  theme: {
    mode: 'night',
    font: 'system-ui, sans-serif',
    night: { background: '#0d1117', surface: '#21262d', text: '#e6edf3', accent: '#58a6ff' },
    day: { background: '#f6f8fa', surface: '#ffffff', text: '#1f2328', accent: '#0969da' },
    logo: null,
  },
  locale: { language: 'en-GB', speed: 'km/h', distance: 'km', temperature: 'celsius', currency: 'EUR' },
  performance: { prewarmPool: 2, maxRunningApps: 3, suspendAfterMs: 10_000 },
  notices: [],
};

export function readSettings(): UiSettings {
  const text = document.getElementById(SETTINGS_ELEMENT_ID)?.textContent;
  if (!text) return DEFAULT_SETTINGS;
  try {
    return JSON.parse(text) as UiSettings;
  } catch {
    return { ...DEFAULT_SETTINGS, notices: ['The head unit settings could not be read; built-in defaults are used.'] };
  }
}

/** Night or day now. */
export function themeMode(settings: UiSettings, now: Date = new Date()): 'night' | 'day' {
  if (settings.theme.mode !== 'auto') return settings.theme.mode;
  const hour = now.getHours();
  return hour >= 7 && hour < 19 ? 'day' : 'night';
}

export function applyTheme(settings: UiSettings, root: HTMLElement = document.documentElement): void {
  const mode = themeMode(settings);
  const palette: Palette = { ...DEFAULT_SETTINGS.theme[mode], ...settings.theme[mode] };
  root.dataset['theme'] = mode;
  root.style.setProperty('--gb-background', palette.background ?? '');
  root.style.setProperty('--gb-surface', palette.surface ?? '');
  root.style.setProperty('--gb-text', palette.text ?? '');
  root.style.setProperty('--gb-accent', palette.accent ?? '');
  root.style.setProperty('--gb-font', settings.theme.font);
  root.style.setProperty('--gb-screen-width', `${settings.screen.width}px`);
  root.style.setProperty('--gb-screen-height', `${settings.screen.height}px`);
  root.style.setProperty('--gb-phone-scale', String(settings.screen.phoneScale));
  root.lang = settings.locale.language;
}

/** A speed (the bus gives km/h), shown in the driver's unit. */
export function formatSpeed(kmh: number, settings: UiSettings): string {
  return settings.locale.speed === 'mph' ? `${Math.round(Math.abs(kmh) / 1.609344)} mph` : `${Math.round(Math.abs(kmh))} km/h`;
}

/** A distance in metres, shown in the driver's unit. */
export function formatDistance(metres: number, settings: UiSettings): string {
  return settings.locale.distance === 'mi' ? `${Math.round(metres / 1609.344)} mi` : `${Math.round(metres / 1000)} km`;
}
