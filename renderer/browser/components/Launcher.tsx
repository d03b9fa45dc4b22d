import type { HeadUnitStore } from '../state/store.js';
import { useHeadUnit } from '../state/store.js';

const CATEGORY_LABELS: Readonly<Record<string, string>> = { ev_charging: 'Charging', food_ordering: 'Food', navigation: 'Navigation' };

/** The installed apps, each by its title. */
export function Launcher({ store, onOpen }: { readonly store: HeadUnitStore; readonly onOpen: (id: string) => void }) {
  const apps = useHeadUnit(store, (state) => state.apps);
  return (
    <main className="launcher" data-testid="launcher">
      {apps.length === 0 ? <p className="empty">No apps installed. Install one with glovebox app install.</p> : null}
      {apps.map((app) => (
        <button key={app.id} className="app-tile" data-testid="app-tile" data-app-id={app.id} type="button" onClick={() => onOpen(app.id)}>
          <span className="app-name">{app.name}</span>
          <span className="app-category">{CATEGORY_LABELS[app.category] ?? app.category}</span>
        </button>
      ))}
    </main>
  );
}
