/**
 * map, drawn by the host: no tiles (nothing may reach the network), a grid, the app's
 * polylines and markers, and the vehicle's own position when `show-location` is set. Web
 * Mercator around the app's centre at its `scale` (3–20, as on the phone platforms).
 */

interface LatLng {
  readonly latitude: number;
  readonly longitude: number;
}

export interface MapProps {
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly className: string | undefined;
  readonly vehicle: LatLng | null;
  readonly fire: (type: string, detail: unknown) => void;
}

const WIDTH = 960;
const HEIGHT = 480;

function isLatLng(value: unknown): value is LatLng {
  const point = value as Partial<LatLng> | null;
  return typeof point?.latitude === 'number' && typeof point.longitude === 'number' && Number.isFinite(point.latitude) && Number.isFinite(point.longitude);
}

/** World pixels of a point at a zoom level (256-pixel tiles, Web Mercator). */
function project(point: LatLng, scale: number): { readonly x: number; readonly y: number } {
  const size = 256 * 2 ** scale;
  const sin = Math.sin((Math.max(-85, Math.min(85, point.latitude)) * Math.PI) / 180);
  return { x: ((point.longitude + 180) / 360) * size, y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size };
}

export function MapView({ attributes, className, vehicle, fire }: MapProps) {
  const scale = Math.min(20, Math.max(3, Number(attributes['scale'] ?? 16) || 16));
  const centre: LatLng = isLatLng({ latitude: Number(attributes['latitude']), longitude: Number(attributes['longitude']) })
    ? { latitude: Number(attributes['latitude']), longitude: Number(attributes['longitude']) }
    : (vehicle ?? { latitude: 0, longitude: 0 });
  const origin = project(centre, scale);
  const toScreen = (point: LatLng): { readonly x: number; readonly y: number } => {
    const world = project(point, scale);
    return { x: world.x - origin.x + WIDTH / 2, y: world.y - origin.y + HEIGHT / 2 };
  };
  const markers = (Array.isArray(attributes['markers']) ? (attributes['markers'] as unknown[]) : []).filter(isLatLng) as Array<LatLng & { readonly id?: unknown; readonly title?: unknown }>;
  const lines = Array.isArray(attributes['polyline']) ? (attributes['polyline'] as Array<{ readonly points?: unknown; readonly color?: unknown; readonly width?: unknown }>) : [];
  const showLocation = attributes['show-location'] ?? attributes['showLocation'];
  const showVehicle = (showLocation === true || showLocation === 'true') && vehicle !== null;
  return (
    <svg data-wx="map" className={className} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" height={HEIGHT} preserveAspectRatio="xMidYMid slice" role="img" aria-label="map">
      <rect width={WIDTH} height={HEIGHT} fill="#e9eef2" />
      {Array.from({ length: 9 }, (_, index) => (
        <g key={index} stroke="#d3dce3">
          <line x1={(index * WIDTH) / 8} y1={0} x2={(index * WIDTH) / 8} y2={HEIGHT} />
          <line x1={0} y1={(index * HEIGHT) / 8} x2={WIDTH} y2={(index * HEIGHT) / 8} />
        </g>
      ))}
      {lines.map((line, index) => {
        const points = (Array.isArray(line.points) ? line.points : []).filter(isLatLng).map(toScreen);
        return (
          <polyline
            key={index}
            data-gb-polyline={index}
            points={points.map((point) => `${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ')}
            fill="none"
            stroke={typeof line.color === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(line.color) ? line.color : '#0b6e4f'}
            strokeWidth={Math.min(20, Math.max(1, Number(line.width) || 4))}
            strokeLinejoin="round"
          />
        );
      })}
      {markers.map((marker, index) => {
        const at = toScreen(marker);
        return (
          <g key={index} data-gb-marker={String(marker.id ?? index)} transform={`translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})`} onClick={() => fire('markertap', { markerId: marker.id ?? index })} style={{ cursor: 'pointer' }}>
            <circle r={14} fill="#d1242f" stroke="white" strokeWidth={3} />
            {typeof marker.title === 'string' ? (
              <text y={-22} textAnchor="middle" fontSize={22} fill="#1f2328">
                {marker.title}
              </text>
            ) : null}
          </g>
        );
      })}
      {showVehicle && vehicle ? (
        <circle data-gb-vehicle="true" cx={toScreen(vehicle).x} cy={toScreen(vehicle).y} r={12} fill="#0969da" stroke="white" strokeWidth={4} />
      ) : null}
    </svg>
  );
}
