/** A route as a polyline of WGS 84 points; the simulated car's GPS position is its distance along it. */

import type { LatLon } from '../../../base/common/geo.js';
import { distanceMeters, projectOnSegment } from '../../../base/common/geo.js';

export type { LatLon };
export { distanceMeters };

export class Route {
  private readonly cumulative: number[] = [0];
  readonly lengthMeters: number;

  constructor(
    readonly points: readonly LatLon[],
    /** Driven round and round (a loop), or ending at its last point (a trip). */
    readonly loop = true,
  ) {
    if (points.length < 2) throw new RangeError('a route needs at least two points');
    for (let i = 1; i < points.length; i += 1) {
      this.cumulative.push((this.cumulative[i - 1] as number) + distanceMeters(points[i - 1] as LatLon, points[i] as LatLon));
    }
    this.lengthMeters = this.cumulative[this.cumulative.length - 1] as number;
  }

  /**
   * The point of the route nearest to `point`: its distance along the route and how far
   * `point` is from it (m).
   */
  nearest(point: LatLon): { readonly alongMeters: number; readonly offMeters: number } {
    let best = { alongMeters: 0, offMeters: Number.POSITIVE_INFINITY };
    for (let i = 1; i < this.points.length; i += 1) {
      const { fraction, offMeters: off } = projectOnSegment(point, this.points[i - 1] as LatLon, this.points[i] as LatLon);
      if (off < best.offMeters) {
        const start = this.cumulative[i - 1] as number;
        best = { alongMeters: start + fraction * ((this.cumulative[i] as number) - start), offMeters: off };
      }
    }
    return best;
  }

  /**
   * The point at a distance along the route. A loop is driven round and round (first point to
   * last and on again from the first); a trip stays at its end once there.
   */
  positionAt(meters: number): LatLon {
    const along = this.loop ? ((meters % this.lengthMeters) + this.lengthMeters) % this.lengthMeters : Math.min(Math.max(meters, 0), this.lengthMeters);
    let low = 0;
    let high = this.cumulative.length - 1;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if ((this.cumulative[middle] as number) <= along) low = middle;
      else high = middle;
    }
    const from = this.points[low] as LatLon;
    const to = this.points[high] as LatLon;
    const span = (this.cumulative[high] as number) - (this.cumulative[low] as number);
    const fraction = span > 0 ? (along - (this.cumulative[low] as number)) / span : 0;
    return [from[0] + (to[0] - from[0]) * fraction, from[1] + (to[1] - from[1]) * fraction];
  }
}

/**
 * The simulator's default route: a loop of real streets around Munich's Altstadt ring
 * (approximate points, enough for a moving map and distance-based tests).
 */
export const DEFAULT_ROUTE: readonly LatLon[] = [
  [48.13743, 11.57549],
  [48.14003, 11.56566],
  [48.14237, 11.56893],
  [48.14549, 11.57392],
  [48.14262, 11.58318],
  [48.13773, 11.58667],
  [48.13298, 11.5847],
  [48.13121, 11.57578],
  [48.13392, 11.56678],
  [48.13743, 11.57549],
];
