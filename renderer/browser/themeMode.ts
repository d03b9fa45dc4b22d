/**
 * The head unit's theme as the page shows it (`data-theme` on the root, set by applyTheme and
 * changed when day turns to night), for parts that draw differently by night: an app's colour
 * scheme, the map's style.
 */
import { useSyncExternalStore } from 'react';

export type ThemeMode = 'day' | 'night';

export function currentTheme(): ThemeMode {
  return document.documentElement.dataset['theme'] === 'day' ? 'day' : 'night';
}

function subscribe(changed: () => void): () => void {
  const observer = new MutationObserver(changed);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

/** The theme now; re-renders when it changes. */
export function useThemeMode(): ThemeMode {
  return useSyncExternalStore(subscribe, currentTheme);
}
