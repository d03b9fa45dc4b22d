/**
 * Distances on the WGS 84 sphere at street scale: great-circle distance, bearing, and where a
 * point falls on a segment. Shared by the simulated car's route, the sample city and its
 * backends (the bundled apps keep their own copy: an app imports only the SDK).
 */

export type LatLon = readonly [latitude: number, longitude: number];

/** The mean Earth radius, m. */
export const EARTH_RADIUS_M = 6371008.8;
/** Metres in one degree of latitude (and of longitude at the equator). */
export const METERS_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_M;

const RADIANS = Math.PI / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: LatLon, b: LatLon): number {
  const dLat = (b[0] - a[0]) * RADIANS;
  const dLon = (b[1] - a[1]) * RADIANS;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * RADIANS) * Math.cos(b[0] * RADIANS) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** Initial bearing from a to b, degrees clockwise from north. */
export function bearingDegrees(a: LatLon, b: LatLon): number {
  const y = Math.sin((b[1] - a[1]) * RADIANS) * Math.cos(b[0] * RADIANS);
  const x = Math.cos(a[0] * RADIANS) * Math.sin(b[0] * RADIANS) - Math.sin(a[0] * RADIANS) * Math.cos(b[0] * RADIANS) * Math.cos((b[1] - a[1]) * RADIANS);
  return (Math.atan2(y, x) / RADIANS + 360) % 360;
}

/**
 * Where `point` falls on the segment a→b: the fraction along it (0 to 1), the segment's length
 * and how far `point` is from it, m. Flattened around `point`'s latitude: exact enough at street
 * scale.
 */
export function projectOnSegment(point: LatLon, a: LatLon, b: LatLon): { readonly fraction: number; readonly lengthMeters: number; readonly offMeters: number } {
  const perLon = METERS_PER_DEGREE * Math.cos(point[0] * RADIANS);
  const dx = (b[1] - a[1]) * perLon;
  const dy = (b[0] - a[0]) * METERS_PER_DEGREE;
  const px = (point[1] - a[1]) * perLon;
  const py = (point[0] - a[0]) * METERS_PER_DEGREE;
  const squared = dx * dx + dy * dy;
  const fraction = squared > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / squared)) : 0;
  return { fraction, lengthMeters: Math.sqrt(squared), offMeters: Math.hypot(px - fraction * dx, py - fraction * dy) };
}
