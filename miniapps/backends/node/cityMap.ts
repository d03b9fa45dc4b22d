/**
 * The sample city as map data, made at build time for the host's map (GeoJSON, lon/lat order):
 * each street one line per stretch (its segments chained, so a name fits along it), classed by
 * its speed; the places as named landmarks; the chargers. Nothing here reaches a network.
 */
import type { City, CityRoad, LatLon } from './city.js';

type Position = readonly [longitude: number, latitude: number];

export interface MapFeature {
  readonly type: 'Feature';
  readonly geometry: { readonly type: 'LineString'; readonly coordinates: readonly Position[] } | { readonly type: 'Point'; readonly coordinates: Position };
  readonly properties: Readonly<Record<string, string | number>>;
}

export interface MapData {
  readonly type: 'FeatureCollection';
  /** West, south, east, north: the city's extent. */
  readonly bbox: readonly [number, number, number, number];
  readonly features: readonly MapFeature[];
}

/** The road class a map style draws, by the street's speed limit. */
export function roadClass(speedKmh: number): 'primary' | 'secondary' | 'street' {
  return speedKmh >= 60 ? 'primary' : speedKmh >= 50 ? 'secondary' : 'street';
}

const position = (at: LatLon): Position => [Number(at[1].toFixed(6)), Number(at[0].toFixed(6))];

/**
 * A street's segments joined into the fewest lines: each walk starts at an end (a node met by one
 * segment of the street) and follows unused segments until none goes on; loops are walked last.
 */
export function chainSegments(roads: readonly CityRoad[]): number[][] {
  const touching = new Map<number, number[]>();
  roads.forEach((road, index) => {
    for (const node of [road.from, road.to]) touching.set(node, [...(touching.get(node) ?? []), index]);
  });
  const used = new Set<number>();
  const walk = (start: number): number[] => {
    const nodes = [start];
    let at = start;
    for (;;) {
      const next = (touching.get(at) ?? []).find((index) => !used.has(index));
      if (next === undefined) return nodes;
      used.add(next);
      const road = roads[next] as CityRoad;
      at = road.from === at ? road.to : road.from;
      nodes.push(at);
    }
  };
  const lines: number[][] = [];
  const ends = [...touching].filter(([, indices]) => indices.length % 2 === 1).map(([node]) => node);
  for (const node of [...ends, ...touching.keys()]) {
    while ((touching.get(node) ?? []).some((index) => !used.has(index))) lines.push(walk(node));
  }
  return lines;
}

export function cityMapData(city: City): MapData {
  const at = new Map(city.nodes.map((node) => [node.id, node.at]));
  const byName = new Map<string, CityRoad[]>();
  for (const road of city.roads) byName.set(road.name, [...(byName.get(road.name) ?? []), road]);
  const streets: MapFeature[] = [...byName].flatMap(([name, roads]) =>
    chainSegments(roads).map((nodes) => ({
      type: 'Feature' as const,
      geometry: { type: 'LineString' as const, coordinates: nodes.map((node) => position(at.get(node) as LatLon)) },
      properties: { layer: 'street', name, class: roadClass(Math.max(...roads.map((road) => road.speedKmh))) },
    })),
  );
  const places: MapFeature[] = city.places.map((place) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: position(place.at) }, properties: { layer: 'place', name: place.name, kind: place.kind } }));
  const chargers: MapFeature[] = city.chargers.map((charger) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: position(charger.at) }, properties: { layer: 'charger', name: charger.name } }));
  const lons = city.nodes.map((node) => node.at[1]);
  const lats = city.nodes.map((node) => node.at[0]);
  return { type: 'FeatureCollection', bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], features: [...streets, ...places, ...chargers] };
}
