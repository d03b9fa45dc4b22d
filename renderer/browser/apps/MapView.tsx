/**
 * `<map>`, drawn by the host: the page gives data (centre, scale, polylines, markers,
 * include-points, show-location) and the host draws a street map of the city under it (see
 * renderer/browser/map). The app never touches the map's canvas. Everything from the page is
 * checked here: numbers finite and in range, colours in #rgb form, at most MAX_* of each.
 */
import { useThemeMode } from '../themeMode.js';
import { useEffect, useMemo, useRef } from 'react';
import { bearingDegrees, distanceMeters } from '../../../base/common/geo.js';
import { MAP_FILES } from '../../common/mapFiles.js';
import type { LatLng, MapHandle } from '../../common/mapScene.js';
import { sceneOf } from '../../common/mapScene.js';
import type { MapEngine } from '../map/engineContract.js';
import { MAP_ENGINE_GLOBAL } from '../map/engineContract.js';

export interface MapProps {
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly className: string | undefined;
  readonly vehicle: LatLng | null;
  readonly fire: (type: string, detail: unknown) => void;
}

/** The car's heading is taken from its last move of at least this far, m. */
const HEADING_AFTER_M = 3;

let engineLoad: Promise<MapEngine> | null = null;

/** The map engine, loaded once, when the first map appears. */
function loadEngine(): Promise<MapEngine> {
  engineLoad ??= new Promise<MapEngine>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = MAP_FILES.script;
    script.onload = () => {
      const engine = (window as unknown as Partial<Record<typeof MAP_ENGINE_GLOBAL, MapEngine>>)[MAP_ENGINE_GLOBAL];
      if (engine) resolve(engine);
      else reject(new Error(`${MAP_FILES.script} did not install the map engine`));
    };
    script.onerror = () => reject(new Error(`${MAP_FILES.script} could not be loaded`));
    document.head.appendChild(script);
  });
  return engineLoad;
}

/**
 * Loads the map engine ahead of the first map, and starts its workers: the tap on an app with a
 * map then waits for drawing, not for 1.4 MB of script to arrive and start (`npm run bench -- map`).
 */
export function preloadMapEngine(): void {
  loadEngine().then(
    (engine) => engine.prewarm(),
    () => undefined,
  );
}

/** The car's heading from its own moves (the bus gives a position, not a heading). */
function useHeading(vehicle: LatLng | null): number | null {
  const last = useRef<{ at: LatLng; heading: number | null } | null>(null);
  if (!vehicle) return last.current?.heading ?? null;
  const previous = last.current;
  if (!previous) last.current = { at: vehicle, heading: null };
  else {
    const from: [number, number] = [previous.at.latitude, previous.at.longitude];
    const to: [number, number] = [vehicle.latitude, vehicle.longitude];
    if (distanceMeters(from, to) >= HEADING_AFTER_M) last.current = { at: vehicle, heading: bearingDegrees(from, to) };
  }
  return last.current?.heading ?? null;
}

export function MapView({ attributes, className, vehicle, fire }: MapProps) {
  const element = useRef<HTMLDivElement>(null);
  const handle = useRef<MapHandle | null>(null);
  const fireRef = useRef(fire);
  fireRef.current = fire;
  const heading = useHeading(vehicle);
  const theme = useThemeMode();
  const key = JSON.stringify([attributes['latitude'], attributes['longitude'], attributes['scale'], attributes['polyline'], attributes['markers'], attributes['include-points'] ?? attributes['includePoints'], attributes['show-location'] ?? attributes['showLocation'], vehicle, heading, theme]);
  // Recomputed when the scene's content (the key) changes, not on every new attributes object.
  const scene = useMemo(() => sceneOf(attributes, vehicle ? { ...vehicle, heading } : null, theme), [key]);
  const sceneRef = useRef(scene);
  sceneRef.current = scene;

  useEffect(() => {
    let live = true;
    const outer = element.current;
    if (!outer) return;
    // The map lives in a shadow root of its own: the app's styles size the element, never the map inside.
    const root = outer.shadowRoot ?? outer.attachShadow({ mode: 'open' });
    root.replaceChildren();
    for (const href of [MAP_FILES.style, MAP_FILES.hostStyle]) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      root.appendChild(link);
    }
    const container = document.createElement('div');
    container.className = 'gb-map';
    container.dataset['gbMap'] = 'loading';
    root.appendChild(container);
    const fallback = document.createElement('div');
    fallback.className = 'gb-map-fallback';
    fallback.textContent = 'Map unavailable';
    root.appendChild(fallback);
    const start = (): void => {
      if (!live) return;
      loadEngine().then(
        (engine) => {
          performance.mark('gb-map-engine');
          requestIdleCallback(
            () => {
              if (!live || handle.current) return;
              handle.current = engine.create(container, sceneRef.current, { markerTap: (id) => fireRef.current('markertap', { markerId: id }) });
            },
            { timeout: 500 },
          );
        },
        (error: unknown) => {
          container.dataset['gbMap'] = 'failed';
          console.warn(`map: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    };
    // The engine is loaded and the map made once the page's live frame is on screen (a cached frame
    // is not live yet) and the main thread is idle: parsing the engine and starting WebGL hold the
    // main thread a while, and the app's own frame comes first.
    const whenLive = (): void => {
      requestAnimationFrame(() => setTimeout(() => requestIdleCallback(start, { timeout: 500 }), 0));
    };
    let watcher: MutationObserver | null = null;
    const page = outer.closest<HTMLElement>('[data-live]');
    if (!page || page.dataset['live'] === 'true') whenLive();
    else {
      watcher = new MutationObserver(() => {
        if (page.dataset['live'] !== 'true') return;
        watcher?.disconnect();
        whenLive();
      });
      watcher.observe(page, { attributes: true, attributeFilter: ['data-live'] });
    }
    return () => {
      live = false;
      watcher?.disconnect();
      handle.current?.destroy();
      handle.current = null;
    };
  }, []);

  useEffect(() => {
    handle.current?.update(scene);
  }, [scene]);

  return (
    <div data-wx="map" className={className} ref={element} role="img" aria-label="map" />
  );
}
