/**
 * What the host's map shows, as the page's `<map>` asks for it (sceneOf checks what the page
 * gave): one contract between the template's map element (MapView, in the system UI bundle) and
 * the map engine (map.js, loaded only when a map first appears, so the UI's start-up does not
 * carry a WebGL renderer).
 */

export interface LatLng {
  readonly latitude: number;
  readonly longitude: number;
}

export interface MapLine {
  readonly points: readonly LatLng[];
  /** A #rgb / #rrggbb colour, already checked. */
  readonly color: string;
  readonly width: number;
}

export interface MapMarker extends LatLng {
  /** As the page gave it (markertap reports it back): a finite number or a string of at most 64. */
  readonly id: string | number;
  readonly title: string | null;
  /** 'stop' draws a charging stop, anything else a destination pin. */
  readonly kind: 'stop' | 'pin';
}

export interface MapScene {
  readonly centre: LatLng;
  /** The phone platforms' scale, 3–20 (256-pixel tiles). */
  readonly scale: number;
  readonly lines: readonly MapLine[];
  readonly markers: readonly MapMarker[];
  /** `include-points`: when it changes and is not empty, the view is fitted to these. */
  readonly fit: readonly LatLng[];
  /** The car, when the page shows its location; heading in degrees from north, when known. */
  readonly vehicle: (LatLng & { readonly heading: number | null }) | null;
  readonly theme: 'day' | 'night';
}

export interface MapHandle {
  update(scene: MapScene): void;
  destroy(): void;
}


/** Bounds on what a page may hand the map. */
const MAX_LINES = 8;
const MAX_POINTS = 5000;
const MAX_MARKERS = 50;

function isLatLng(value: unknown): value is LatLng {
  const point = value as Partial<LatLng> | null;
  return typeof point?.latitude === 'number' && typeof point.longitude === 'number' && Number.isFinite(point.latitude) && Number.isFinite(point.longitude) && Math.abs(point.latitude) <= 85 && Math.abs(point.longitude) <= 180;
}

const points = (value: unknown): LatLng[] => (Array.isArray(value) ? value.filter(isLatLng).slice(0, MAX_POINTS).map((point) => ({ latitude: point.latitude, longitude: point.longitude })) : []);

/** The scene the page's attributes describe, every value checked. */
export function sceneOf(attributes: Readonly<Record<string, unknown>>, vehicle: (LatLng & { readonly heading: number | null }) | null, theme: 'day' | 'night'): MapScene {
  const scale = Math.min(20, Math.max(3, Number(attributes['scale'] ?? 16) || 16));
  const asked = { latitude: Number(attributes['latitude']), longitude: Number(attributes['longitude']) };
  const centre = isLatLng(asked) ? asked : vehicle ? { latitude: vehicle.latitude, longitude: vehicle.longitude } : { latitude: 0, longitude: 0 };
  const lines: MapLine[] = (Array.isArray(attributes['polyline']) ? (attributes['polyline'] as unknown[]) : []).slice(0, MAX_LINES).map((entry) => {
    const line = (entry ?? {}) as { readonly points?: unknown; readonly color?: unknown; readonly width?: unknown };
    const color = typeof line.color === 'string' && /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(line.color) ? line.color : '#58a6ff';
    return { points: points(line.points), color, width: Math.min(20, Math.max(2, Number(line.width) || 6)) };
  });
  const markers: MapMarker[] = (Array.isArray(attributes['markers']) ? (attributes['markers'] as unknown[]) : [])
    .filter(isLatLng)
    .slice(0, MAX_MARKERS)
    .map((marker, index) => {
      const extra = marker as LatLng & { readonly id?: unknown; readonly title?: unknown; readonly kind?: unknown };
      return { latitude: extra.latitude, longitude: extra.longitude, id: extra.id === undefined ? index : typeof extra.id === 'number' && Number.isFinite(extra.id) ? extra.id : String(extra.id).slice(0, 64), title: typeof extra.title === 'string' ? extra.title.slice(0, 40) : null, kind: extra.kind === 'charging' ? 'stop' : 'pin' };
    });
  const showLocation = attributes['show-location'] ?? attributes['showLocation'];
  const shown = showLocation === true || showLocation === 'true' ? vehicle : null;
  return { centre, scale, lines, markers, fit: points(attributes['include-points'] ?? attributes['includePoints']), vehicle: shown, theme };
}

