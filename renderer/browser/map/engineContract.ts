/** How the system UI reaches the map engine once map.js has loaded: the object it installs on `window`. */
import type { MapHandle, MapScene } from '../../common/mapScene.js';

/** The engine map.js installs on `window`. */
export interface MapEngine {
  /** Starts the map's workers and reads the city ahead of the first map (a map then draws sooner). */
  prewarm(): void;
  create(container: HTMLElement, scene: MapScene, events: { readonly markerTap: (id: string | number) => void }): MapHandle;
}

export const MAP_ENGINE_GLOBAL = 'gloveboxMapEngine';
