/**
 * The host's street map: MapLibre GL JS (its CSP build, its worker served beside the UI) drawing
 * the sample city from city-map.json (made at build time from the city model), labels from
 * glyphs drawn on the device, and the page's route, pins and car on top. Bundled on its own as
 * map.js and installed on `window` when the first map appears. Nothing reaches a network.
 *
 * What a test or a tester can read off the container: data-gb-map (loading, ready, failed),
 * data-gb-view (the visible west,south,east,north), data-gb-streets (named streets drawn),
 * data-gb-places (the place names drawn, joined by |) and data-gb-route (route points), set each
 * time the map is idle.
 */
import maplibregl from 'maplibre-gl/dist/maplibre-gl-csp.js';
import type { ExpressionSpecification, GeoJSONSource, Map as MaplibreMap, StyleSpecification } from 'maplibre-gl';
import { glyphRange } from './glyphs.js';
import { MAP_FILES } from '../../common/mapFiles.js';
import type { LatLng, MapHandle, MapScene } from '../../common/mapScene.js';
import type { MapEngine } from './engineContract.js';
import { MAP_ENGINE_GLOBAL } from './engineContract.js';
import { mapPalette } from './mapStyle.js';
import type { MapPalette } from './mapStyle.js';

const FONT = 'Glovebox Regular';
const GLYPHS = 'gb-glyphs';

maplibregl.setWorkerUrl(MAP_FILES.worker);
maplibregl.addProtocol(GLYPHS, async (request) => {
  const [, fontstack = FONT, range = ''] = /^gb-glyphs:\/\/([^/]+)\/(.+)\.pbf$/.exec(request.url) ?? [];
  const family = getComputedStyle(document.documentElement).getPropertyValue('--gb-font').trim() || 'sans-serif';
  const started = performance.now();
  const data = glyphRange(decodeURIComponent(fontstack), range, family);
  performance.measure(`gb-map-glyphs ${range}`, { start: started, end: performance.now() });
  return { data: data.buffer as ArrayBuffer };
});

let cityData: Promise<object> | null = null;
/** The city, fetched once per page (the same file for every map). */
function city(): Promise<object> {
  cityData ??= fetch(MAP_FILES.city).then((response) => {
    if (!response.ok) throw new Error(`${MAP_FILES.city}: ${response.status}`);
    return response.json() as Promise<object>;
  });
  return cityData;
}

const EMPTY = { type: 'FeatureCollection', features: [] } as const;
const byClass = (primary: number, secondary: number, street: number): ExpressionSpecification => ['match', ['get', 'class'], 'primary', primary, 'secondary', secondary, street];
const widthAt = (scale: number): ExpressionSpecification => ['interpolate', ['exponential', 1.6], ['zoom'], 12, ['*', scale * 0.35, byClass(3, 2.2, 1.4)], 17, ['*', scale * 3, byClass(5, 4, 3)]];

function styleFor(palette: MapPalette, cityFeatures: object): StyleSpecification {
  const streets = ['==', ['get', 'layer'], 'street'] as ExpressionSpecification;
  return {
    version: 8,
    glyphs: `${GLYPHS}://{fontstack}/{range}.pbf`,
    sources: { city: { type: 'geojson', data: cityFeatures as never }, route: { type: 'geojson', data: EMPTY as never } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': palette.land } },
      { id: 'parks', type: 'circle', source: 'city', filter: ['all', ['==', ['get', 'layer'], 'place'], ['==', ['get', 'kind'], 'park']], paint: { 'circle-color': palette.park, 'circle-radius': ['interpolate', ['exponential', 2], ['zoom'], 12, 10, 17, 260], 'circle-blur': 0.2 } },
      { id: 'street-casing', type: 'line', source: 'city', filter: streets, layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': palette.casing, 'line-width': widthAt(1.35) } },
      { id: 'streets', type: 'line', source: 'city', filter: streets, layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': ['match', ['get', 'class'], 'primary', palette.primary, palette.street], 'line-width': widthAt(1) } },
      { id: 'route-casing', type: 'line', source: 'route', layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': palette.routeCasing, 'line-width': ['+', ['get', 'width'], 6] } },
      { id: 'route', type: 'line', source: 'route', layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': ['get', 'color'], 'line-width': ['get', 'width'] } },
      {
        id: 'street-names',
        type: 'symbol',
        source: 'city',
        filter: streets,
        minzoom: 13.5,
        layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': [FONT], 'text-size': ['interpolate', ['linear'], ['zoom'], 14, 16, 17, 22], 'symbol-spacing': 400 },
        paint: { 'text-color': palette.label, 'text-halo-color': palette.halo, 'text-halo-width': 2 },
      },
      { id: 'chargers', type: 'circle', source: 'city', filter: ['==', ['get', 'layer'], 'charger'], paint: { 'circle-color': palette.charger, 'circle-radius': 7, 'circle-stroke-color': palette.halo, 'circle-stroke-width': 2 } },
      { id: 'landmarks', type: 'circle', source: 'city', filter: ['all', ['==', ['get', 'layer'], 'place'], ['!=', ['get', 'kind'], 'park']], paint: { 'circle-color': palette.landmark, 'circle-radius': 6, 'circle-stroke-color': palette.halo, 'circle-stroke-width': 2 } },
      {
        id: 'landmark-names',
        type: 'symbol',
        source: 'city',
        filter: ['==', ['get', 'layer'], 'place'],
        minzoom: 12.5,
        layout: { 'text-field': ['get', 'name'], 'text-font': [FONT], 'text-size': 18, 'text-offset': [0, 1.1], 'text-anchor': 'top', 'text-max-width': 9 },
        paint: { 'text-color': palette.landmarkLabel, 'text-halo-color': palette.halo, 'text-halo-width': 2 },
      },
    ],
  };
}

const lngLat = (point: LatLng): [number, number] => [point.longitude, point.latitude];
const zoomOf = (scale: number): number => scale - 1;

function pin(kind: 'stop' | 'pin', title: string | null): HTMLElement {
  const element = document.createElement('div');
  element.className = `gb-map-pin gb-map-pin-${kind}`;
  const dot = document.createElement('span');
  dot.className = 'gb-map-pin-dot';
  dot.textContent = kind === 'stop' ? '⚡' : '';
  element.appendChild(dot);
  if (title) {
    const label = document.createElement('span');
    label.className = 'gb-map-pin-title';
    label.textContent = title;
    element.appendChild(label);
  }
  return element;
}

function car(): HTMLElement {
  const element = document.createElement('div');
  element.className = 'gb-map-car';
  element.dataset['gbVehicle'] = 'true';
  element.innerHTML = '<svg viewBox="0 0 40 40" width="40" height="40" aria-hidden="true"><circle cx="20" cy="20" r="18" fill="white"/><path d="M20 6 L31 31 L20 25 L9 31 Z" fill="currentColor"/></svg>';
  return element;
}

class StreetMap implements MapHandle {
  private readonly map: MaplibreMap;
  private readonly markers: maplibregl.Marker[] = [];
  private vehicle: maplibregl.Marker | null = null;
  private scene: MapScene;
  private shown: { markers: string; fit: string; centre: string; theme: string; lines: string } = { markers: '', fit: '', centre: '', theme: '', lines: '' };
  private loaded = false;

  constructor(
    private readonly container: HTMLElement,
    scene: MapScene,
    private readonly cityFeatures: object,
    private readonly events: { readonly markerTap: (id: string | number) => void },
  ) {
    this.scene = scene;
    container.dataset['gbMap'] = 'loading';
    this.map = new maplibregl.Map({
      container,
      style: styleFor(mapPalette(scene.theme), cityFeatures),
      center: lngLat(scene.centre),
      zoom: zoomOf(scene.scale),
      attributionControl: false,
      // A head unit's map is looked at, not browsed: one finger pans, no rotation or tilt to get lost in.
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      fadeDuration: 0,
    });
    this.shown.theme = scene.theme;
    this.shown.centre = JSON.stringify([scene.centre, scene.scale]);
    this.map.on('load', () => {
      performance.mark('gb-map-style');
      this.loaded = true;
      this.update(this.scene);
    });
    this.map.on('idle', () => this.report());
    this.map.on('moveend', () => this.report());
    this.map.on('error', (event) => console.warn(`map: ${event.error?.message ?? 'error'}`));
  }

  update(scene: MapScene): void {
    this.scene = scene;
    if (!this.loaded) return;
    if (scene.theme !== this.shown.theme) {
      this.shown.theme = scene.theme;
      this.shown.lines = '';
      this.shown.markers = '';
      this.map.setStyle(styleFor(mapPalette(scene.theme), this.cityFeatures));
      this.map.once('styledata', () => this.update(this.scene));
      return;
    }
    const lines = JSON.stringify(scene.lines);
    if (lines !== this.shown.lines) {
      this.shown.lines = lines;
      (this.map.getSource('route') as GeoJSONSource | undefined)?.setData({
        type: 'FeatureCollection',
        features: scene.lines.map((line) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: line.points.map(lngLat) }, properties: { color: line.color, width: line.width } })),
      });
    }
    const markers = JSON.stringify(scene.markers);
    if (markers !== this.shown.markers) {
      this.shown.markers = markers;
      for (const marker of this.markers.splice(0)) marker.remove();
      for (const each of scene.markers) {
        const element = pin(each.kind, each.title);
        element.dataset['gbMarker'] = String(each.id);
        element.addEventListener('click', (event) => {
          event.stopPropagation();
          this.events.markerTap(each.id);
        });
        this.markers.push(new maplibregl.Marker({ element, anchor: 'center' }).setLngLat(lngLat(each)).addTo(this.map));
      }
      // A pin titled as a place of the city stands for it: the place's own dot and name are not
      // drawn a second time beside it.
      const titles = scene.markers.flatMap((each) => (each.title ? [each.title] : []));
      const notPinned: ExpressionSpecification = ['!', ['in', ['get', 'name'], ['literal', titles]]];
      this.map.setFilter('landmark-names', ['all', ['==', ['get', 'layer'], 'place'], notPinned]);
      this.map.setFilter('landmarks', ['all', ['==', ['get', 'layer'], 'place'], ['!=', ['get', 'kind'], 'park'], notPinned]);
    }
    if (scene.vehicle) {
      this.vehicle ??= new maplibregl.Marker({ element: car(), anchor: 'center', rotationAlignment: 'map' }).setLngLat(lngLat(scene.vehicle)).addTo(this.map);
      this.vehicle.setLngLat(lngLat(scene.vehicle)).setRotation(scene.vehicle.heading ?? 0);
      this.vehicle.getElement().dataset['gbHeading'] = scene.vehicle.heading === null ? '' : String(Math.round(scene.vehicle.heading));
    } else if (this.vehicle) {
      this.vehicle.remove();
      this.vehicle = null;
    }
    const fit = JSON.stringify(scene.fit);
    const centre = JSON.stringify([scene.centre, scene.scale]);
    if (fit !== this.shown.fit && scene.fit.length > 0) {
      const bounds = new maplibregl.LngLatBounds();
      for (const point of scene.fit) bounds.extend(lngLat(point));
      this.map.fitBounds(bounds, { padding: 72, maxZoom: 16, duration: 0 });
    } else if (centre !== this.shown.centre) {
      this.map.easeTo({ center: lngLat(scene.centre), zoom: zoomOf(scene.scale), duration: 300 });
    }
    this.shown.fit = fit;
    this.shown.centre = centre;
  }

  private report(): void {
    if (!this.loaded) return;
    if (this.container.dataset['gbMap'] !== 'ready') performance.mark('gb-map-ready');
    const bounds = this.map.getBounds();
    this.container.dataset['gbMap'] = 'ready';
    this.container.dataset['gbView'] = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((value) => value.toFixed(5)).join(',');
    const names = new Set(this.map.queryRenderedFeatures({ layers: ['streets'] }).map((feature) => String(feature.properties['name'])));
    this.container.dataset['gbStreets'] = String(names.size);
    this.container.dataset['gbPlaces'] = [...new Set(this.map.queryRenderedFeatures({ layers: ['landmark-names'] }).map((feature) => String(feature.properties['name'])))].sort().join('|');
    this.container.dataset['gbRoute'] = String(this.scene.lines.reduce((sum, line) => sum + line.points.length, 0));
  }

  destroy(): void {
    this.map.remove();
  }
}

const engine: MapEngine = {
  prewarm() {
    maplibregl.prewarm();
    void city().catch(() => undefined);
  },
  create(container, scene, events) {
    let map: StreetMap | null = null;
    let latest = scene;
    let destroyed = false;
    city().then(
      (features) => {
        if (destroyed) return;
        try {
          map = new StreetMap(container, latest, features, events);
        } catch (error) {
          container.dataset['gbMap'] = 'failed';
          console.warn(`map: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
      (error: unknown) => {
        container.dataset['gbMap'] = 'failed';
        console.warn(`map: the city could not be read (${error instanceof Error ? error.message : String(error)})`);
      },
    );
    return {
      update(next) {
        latest = next;
        map?.update(next);
      },
      destroy() {
        destroyed = true;
        map?.destroy();
      },
    };
  },
};

(window as unknown as Record<typeof MAP_ENGINE_GLOBAL, MapEngine>)[MAP_ENGINE_GLOBAL] = engine;
