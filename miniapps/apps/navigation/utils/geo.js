// @ts-check
// Distances on the ground, progress along a route, and how to say them to a driver.

const EARTH_RADIUS_M = 6371008.8;

/** Great-circle distance between [lat, lon] points, m. */
function metersBetween(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/**
 * Where `point` is along `polyline`: metres from its start to the nearest point of it, and how
 * far `point` is from the line (flattened locally: exact enough at street scale).
 * @param {Array<[number, number]>} polyline
 * @param {[number, number]} point
 */
function progressAlong(polyline, point) {
  const perLat = 111195;
  const perLon = 111195 * Math.cos((point[0] * Math.PI) / 180);
  let best = { alongMeters: 0, offMeters: Infinity };
  let travelled = 0;
  for (let i = 0; i + 1 < polyline.length; i += 1) {
    const a = polyline[i];
    const b = polyline[i + 1];
    const dx = (b[1] - a[1]) * perLon;
    const dy = (b[0] - a[0]) * perLat;
    const px = (point[1] - a[1]) * perLon;
    const py = (point[0] - a[0]) * perLat;
    const length = dx * dx + dy * dy;
    const t = length > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / length)) : 0;
    const off = Math.hypot(px - t * dx, py - t * dy);
    if (off < best.offMeters) best = { alongMeters: travelled + t * Math.sqrt(length), offMeters: off };
    travelled += Math.sqrt(length);
  }
  return best;
}

/** "350 m", "4.2 km". */
function distanceText(meters) {
  if (meters < 950) return `${Math.max(0, Math.round(meters / 10) * 10)} m`;
  return `${(meters / 1000).toFixed(1)} km`;
}

/** "7 min", "1 h 12 min". */
function durationText(seconds) {
  const minutes = Math.max(1, Math.round(seconds / 60));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "14:05" in the car's local time. */
function clockText(epochMs) {
  const at = new Date(epochMs);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

module.exports = { metersBetween, progressAlong, distanceText, durationText, clockText };
