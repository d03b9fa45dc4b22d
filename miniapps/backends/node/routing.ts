/**
 * Routing over the sample city's road graph: the fastest route between two points (A* on
 * travel time, start and end snapped to the nearest road), its polyline, distance, duration and
 * turn list; and geocoding of the city's places by name or alias.
 */
import type { City, CityPlace, LatLon } from './city.js';
import { bearing, metersBetween, projectOnSegment } from './city.js';

export interface Instruction {
  /** depart | turn-left | turn-right | slight-left | slight-right | sharp-left | sharp-right | u-turn | continue | arrive */
  readonly type: string;
  readonly text: string;
  readonly street: string;
  /** Distance from the start of the route to this manoeuvre, m. */
  readonly atMeters: number;
  readonly at: LatLon;
}

export interface Route {
  readonly distanceMeters: number;
  readonly durationSeconds: number;
  readonly polyline: readonly LatLon[];
  readonly instructions: readonly Instruction[];
}

interface Edge {
  readonly to: number;
  readonly meters: number;
  readonly seconds: number;
  readonly name: string;
}

/** A point on a road: which road (its two nodes) and how far along it. */
interface Snap {
  readonly from: number;
  readonly to: number;
  readonly fraction: number;
  readonly at: LatLon;
  readonly offMeters: number;
  readonly name: string;
  readonly speedKmh: number;
}

export class RoutingError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** What went wrong, for the app to put in its own words: START_OFF_ROAD, DESTINATION_OFF_ROAD, NO_ROUTE. */
    readonly code = 'NO_ROUTE',
  ) {
    super(message);
  }
}

/** How far from any road a start or destination may be, m. */
const MAX_SNAP_M = 1000;

function manoeuvre(turn: number): { readonly type: string; readonly verb: string } {
  const angle = ((turn + 540) % 360) - 180;
  const size = Math.abs(angle);
  if (size < 20) return { type: 'continue', verb: 'Continue' };
  const side = angle > 0 ? 'right' : 'left';
  if (size < 45) return { type: `slight-${side}`, verb: `Bear ${side}` };
  if (size < 135) return { type: `turn-${side}`, verb: `Turn ${side}` };
  if (size < 170) return { type: `sharp-${side}`, verb: `Turn sharp ${side}` };
  return { type: 'u-turn', verb: 'Make a U-turn' };
}

export class RoadNetwork {
  private readonly adjacency = new Map<number, Edge[]>();
  private readonly position: ReadonlyMap<number, LatLon>;
  private readonly fastestMps: number;

  constructor(private readonly city: City) {
    this.position = new Map(city.nodes.map((node) => [node.id, node.at]));
    let fastest = 0;
    for (const road of city.roads) {
      const a = this.at(road.from);
      const b = this.at(road.to);
      const meters = metersBetween(a, b);
      const seconds = meters / (road.speedKmh / 3.6);
      fastest = Math.max(fastest, road.speedKmh / 3.6);
      for (const [from, to] of [
        [road.from, road.to],
        [road.to, road.from],
      ] as const) {
        const list = this.adjacency.get(from) ?? [];
        list.push({ to, meters, seconds, name: road.name });
        this.adjacency.set(from, list);
      }
    }
    this.fastestMps = fastest;
  }

  private at(node: number): LatLon {
    const at = this.position.get(node);
    if (!at) throw new Error(`the city has no node ${node}`);
    return at;
  }

  /** The nearest point on any road. */
  snap(point: LatLon): Snap {
    let best: Snap | undefined;
    for (const road of this.city.roads) {
      const a = this.at(road.from);
      const b = this.at(road.to);
      const { fraction, offMeters } = projectOnSegment(point, a, b);
      if (!best || offMeters < best.offMeters) {
        best = { from: road.from, to: road.to, fraction, offMeters, at: [a[0] + (b[0] - a[0]) * fraction, a[1] + (b[1] - a[1]) * fraction], name: road.name, speedKmh: road.speedKmh };
      }
    }
    if (!best) throw new RoutingError(500, 'the city has no roads');
    return best;
  }

  /** The fastest route from `from` to `to`. Throws RoutingError 422 for a point far from any road. */
  route(from: LatLon, to: LatLon): Route {
    const start = this.snap(from);
    const end = this.snap(to);
    for (const [name, snap] of [
      ['start', start],
      ['destination', end],
    ] as const) {
      if (snap.offMeters > MAX_SNAP_M) throw new RoutingError(422, `the ${name} is ${Math.round(snap.offMeters)} m from the nearest road (at most ${MAX_SNAP_M} m)`, name === 'start' ? 'START_OFF_ROAD' : 'DESTINATION_OFF_ROAD');
    }
    // The route begins where the car is and ends at the place itself, not at the nearest road
    // points: a car a little off the road is on its route from the start.
    const lead: LatLon[] = start.offMeters > 1 ? [from] : [];
    const tail: LatLon[] = end.offMeters > 1 ? [to] : [];
    // Same road: straight along it.
    if ((start.from === end.from && start.to === end.to) || (start.from === end.to && start.to === end.from)) {
      return this.describe([...lead, start.at, end.at, ...tail], [...lead.map(() => start.name), start.name, ...tail.map(() => end.name), end.name], [...lead.map(() => start.speedKmh), start.speedKmh, ...tail.map(() => end.speedKmh)], lead.length);
    }
    const startCosts = new Map<number, number>([
      [start.from, (metersBetween(start.at, this.at(start.from)) / start.speedKmh) * 3.6],
      [start.to, (metersBetween(start.at, this.at(start.to)) / start.speedKmh) * 3.6],
    ]);
    const endCosts = new Map<number, number>([
      [end.from, (metersBetween(this.at(end.from), end.at) / end.speedKmh) * 3.6],
      [end.to, (metersBetween(this.at(end.to), end.at) / end.speedKmh) * 3.6],
    ]);
    const path = this.search(startCosts, endCosts, end.at);
    const points: LatLon[] = [...lead, start.at, ...path.map((node) => this.at(node)), end.at, ...tail];
    const names: string[] = [...lead.map(() => start.name), start.name];
    const speeds: number[] = [...lead.map(() => start.speedKmh), start.speedKmh];
    for (let i = 0; i + 1 < path.length; i += 1) {
      const edge = (this.adjacency.get(path[i] as number) ?? []).find((each) => each.to === path[i + 1]);
      names.push(edge?.name ?? '');
      speeds.push(edge ? (edge.meters / edge.seconds) * 3.6 : 30);
    }
    names.push(end.name);
    speeds.push(end.speedKmh);
    for (const _ of tail) {
      names.push(end.name);
      speeds.push(end.speedKmh);
    }
    return this.describe(points, names, speeds, lead.length);
  }

  /** A* over nodes by travel time; the heuristic is straight-line time at the city's top speed. */
  private search(startCosts: ReadonlyMap<number, number>, endCosts: ReadonlyMap<number, number>, goal: LatLon): number[] {
    const best = new Map<number, number>(startCosts);
    const previous = new Map<number, number>();
    const open: Array<{ node: number; estimate: number }> = [...startCosts].map(([node, cost]) => ({ node, estimate: cost + metersBetween(this.at(node), goal) / this.fastestMps }));
    const done = new Set<number>();
    let arrival: { node: number; total: number } | undefined;
    while (open.length > 0) {
      // A binary heap would be faster; 225 nodes do not need one.
      open.sort((a, b) => a.estimate - b.estimate);
      const { node } = open.shift() as { node: number; estimate: number };
      if (done.has(node)) continue;
      done.add(node);
      const cost = best.get(node) as number;
      const last = endCosts.get(node);
      if (last !== undefined && (!arrival || cost + last < arrival.total)) arrival = { node, total: cost + last };
      if (arrival && cost >= arrival.total) break;
      for (const edge of this.adjacency.get(node) ?? []) {
        const next = cost + edge.seconds;
        if (next < (best.get(edge.to) ?? Number.POSITIVE_INFINITY)) {
          best.set(edge.to, next);
          previous.set(edge.to, node);
          open.push({ node: edge.to, estimate: next + metersBetween(this.at(edge.to), goal) / this.fastestMps });
        }
      }
    }
    if (!arrival) throw new RoutingError(404, 'no road connects the start to the destination');
    const path = [arrival.node];
    while (previous.has(path[0] as number)) path.unshift(previous.get(path[0] as number) as number);
    return path;
  }

  /**
   * Distance, duration and turn list of a polyline whose legs are named `names[i]` at `speeds[i]`.
   * The first `leadLegs` legs join the car to the road: the way to head is the road's, after them.
   */
  private describe(points: readonly LatLon[], names: readonly string[], speeds: readonly number[], leadLegs = 0): Route {
    let distance = 0;
    let duration = 0;
    const instructions: Instruction[] = [];
    const first = names[0] ?? '';
    const along = Math.min(leadLegs, points.length - 2);
    instructions.push({ type: 'depart', text: `Head ${compass(bearing(points[along] as LatLon, points[along + 1] as LatLon))} on ${first}`, street: first, atMeters: 0, at: points[0] as LatLon });
    for (let i = 0; i + 1 < points.length; i += 1) {
      const leg = metersBetween(points[i] as LatLon, points[i + 1] as LatLon);
      if (i > 0 && names[i] !== names[i - 1]) {
        const turn = bearing(points[i] as LatLon, points[i + 1] as LatLon) - bearing(points[i - 1] as LatLon, points[i] as LatLon);
        const { type, verb } = manoeuvre(turn);
        const street = names[i] ?? '';
        instructions.push({ type, text: `${verb} onto ${street}`, street, atMeters: Math.round(distance), at: points[i] as LatLon });
      }
      distance += leg;
      duration += leg / ((speeds[i] ?? 30) / 3.6);
    }
    const last = points[points.length - 1] as LatLon;
    instructions.push({ type: 'arrive', text: 'Arrive at your destination', street: names[names.length - 1] ?? '', atMeters: Math.round(distance), at: last });
    // Legs too short to matter (a snapped start a metre from a node) are dropped from the polyline.
    const polyline = points.filter((point, index) => index === 0 || metersBetween(points[index - 1] as LatLon, point) > 0.5);
    return { distanceMeters: Math.round(distance), durationSeconds: Math.round(duration), polyline, instructions };
  }
}

function compass(degrees: number): string {
  return ['north', 'north-east', 'east', 'south-east', 'south', 'south-west', 'west', 'north-west'][Math.round(degrees / 45) % 8] as string;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Places whose name or alias matches the query: exact first, then by prefix, then containing. */
export function geocode(city: City, query: string, limit = 5): CityPlace[] {
  const wanted = normalise(query);
  if (wanted === '') return [];
  const scored: Array<{ place: CityPlace; score: number }> = [];
  for (const place of city.places) {
    const names = [place.name, ...place.aliases].map(normalise);
    const score = names.some((name) => name === wanted) ? 3 : names.some((name) => name.startsWith(wanted)) ? 2 : names.some((name) => name.includes(wanted) || wanted.includes(name)) ? 1 : 0;
    if (score > 0) scored.push({ place, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.place.name.localeCompare(b.place.name))
    .slice(0, limit)
    .map((entry) => entry.place);
}
