import type { CSSProperties } from 'react';
import { useState } from 'react';
import type { HeadUnitStore } from '../state/store.js';
import { useHeadUnit } from '../state/store.js';

const CATEGORY_LABELS: Readonly<Record<string, string>> = { ev_charging: 'Charging', food_ordering: 'Food', navigation: 'Navigation' };

/** A category as a driver reads it: "ev_charging" → "Charging", "utilities" → "Utilities". */
function categoryLabel(category: string): string {
  const known = CATEGORY_LABELS[category];
  if (known) return known;
  const words = category.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Icon colours by category (white text on each at least 7:1); other apps get one from their id. */
const CATEGORY_COLOURS: Readonly<Record<string, string>> = { ev_charging: '#1d5c3b', food_ordering: '#8a3b12', navigation: '#1f4b75' };
const OTHER_COLOURS = ['#5a3e85', '#6b3a4f', '#2f4f4f', '#4a4a1a'] as const;

/** The colour of an app's generated icon: by category, else stable for its id. */
export function iconColour(id: string, category: string): string {
  const known = CATEGORY_COLOURS[category];
  if (known) return known;
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return OTHER_COLOURS[hash % OTHER_COLOURS.length]!;
}

/** Up to two letters for an app's generated icon: "Charging" → "C", "Food Order" → "FO". */
export function monogram(name: string): string {
  const words = name.trim().split(/\s+/u).filter((word) => word !== '');
  return words.slice(0, 2).map((word) => [...word][0]!.toUpperCase()).join('') || '?';
}

/** The app's own icon from its package; the host's monogram where it has none or it cannot be drawn. */
function AppIcon({ id, name, category, src }: { readonly id: string; readonly name: string; readonly category: string; readonly src: string | null }) {
  const [failed, setFailed] = useState(false);
  if (src !== null && !failed) {
    return <img className="app-icon app-icon-image" data-testid="app-icon" src={src} alt="" width={80} height={80} onError={() => setFailed(true)} />;
  }
  return (
    <span className="app-icon" data-testid="app-icon" aria-hidden="true" style={{ '--gb-icon': iconColour(id, category) } as CSSProperties}>
      {monogram(name)}
    </span>
  );
}

/** The installed apps, each by its icon and title; the category only where it adds something. */
export function Launcher({ store, onOpen, assetBase }: { readonly store: HeadUnitStore; readonly onOpen: (id: string) => void; readonly assetBase: string }) {
  const apps = useHeadUnit(store, (state) => state.apps);
  return (
    <main className="launcher" data-testid="launcher">
      {apps.length === 0 ? <p className="empty">No apps installed. Install one with glovebox app install.</p> : null}
      {apps.map((app) => (
        <button key={app.id} className="app-tile" data-testid="app-tile" data-app-id={app.id} type="button" onClick={() => onOpen(app.id)}>
          <AppIcon id={app.id} name={app.name} category={app.category} src={app.icon === null ? null : new URL(app.icon, assetBase).href} />
          <span className="app-name">{app.name}</span>
          {categoryLabel(app.category).toLowerCase() === app.name.toLowerCase() ? null : <span className="app-category">{categoryLabel(app.category)}</span>}
        </button>
      ))}
    </main>
  );
}
