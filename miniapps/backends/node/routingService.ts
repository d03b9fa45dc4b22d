/**
 * The sample routing backend: geocoding of the city's places, the fastest route between two
 * points, and EV routing that inserts a charging stop when the battery would arrive below the
 * minimum the car asks for.
 */
import type { City, CityChargerLocation, LatLon } from './city.js';
import type { Route } from './routing.js';
import { geocode, RoadNetwork, RoutingError } from './routing.js';
import { HttpError, queryNumber, queryPoint, Router } from './http.js';

/** Charging to this share of the battery at a stop, %. */
const CHARGE_TO_PERCENT = 80;
/** DC chargers only for a stop on the way, kW. */
const MIN_STOP_POWER_KW = 50;

interface ChargingStop {
  readonly locationId: string;
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly powerKw: number;
  readonly arrivalSocPercent: number;
  readonly chargeToPercent: number;
  readonly chargeMinutes: number;
}

function routeView(route: Route): object {
  return {
    distanceMeters: route.distanceMeters,
    durationSeconds: route.durationSeconds,
    polyline: route.polyline.map(([lat, lon]) => [Number(lat.toFixed(6)), Number(lon.toFixed(6))]),
    instructions: route.instructions.map((step) => ({ ...step, at: [Number(step.at[0].toFixed(6)), Number(step.at[1].toFixed(6))] })),
  };
}

export function routingBackend(city: City): Router {
  const network = new RoadNetwork(city);
  const fastChargers = city.chargers
    .map((location) => ({ location, powerKw: Math.max(...location.evses.flatMap((evse) => evse.connectors.filter((connector) => connector.powerType === 'DC').map((connector) => connector.maxPowerKw)), 0) }))
    .filter((entry) => entry.powerKw >= MIN_STOP_POWER_KW);

  const routeBetween = (from: LatLon, to: LatLon): Route => {
    try {
      return network.route(from, to);
    } catch (error) {
      if (error instanceof RoutingError) throw new HttpError(error.status, error.code, error.message);
      throw error;
    }
  };

  return new Router('routing')
    .on('GET', '/v1/geocode', (request) => {
      const query = request.query.get('q') ?? '';
      if (query.trim().length < 2) throw new HttpError(400, 'SHORT_QUERY', 'q: at least two characters');
      return { status: 200, body: { results: geocode(city, query).map((place) => ({ id: place.id, name: place.name, kind: place.kind, latitude: place.at[0], longitude: place.at[1] })) } };
    })
    .on('GET', '/v1/route', (request) => {
      const from = queryPoint(request.query, 'from');
      const to = queryPoint(request.query, 'to');
      const direct = routeBetween(from, to);
      if (!request.query.has('soc')) return { status: 200, body: { ...routeView(direct), chargingStop: null } };
      // EV routing: the battery now, the car's consumption and capacity, the minimum on arrival.
      const soc = queryNumber(request.query, 'soc', [0, 100]);
      const capacityKWh = queryNumber(request.query, 'capacityKWh', [10, 200]);
      const consumption = queryNumber(request.query, 'consumptionKWhPer100Km', [5, 60]);
      const minArrival = queryNumber(request.query, 'minArrivalSoc', [0, 50]);
      const socAfter = (meters: number, startSoc: number): number => startSoc - ((meters / 100_000) * consumption * 100) / capacityKWh;
      const arrival = socAfter(direct.distanceMeters, soc);
      // The driver may ask for a stop anyway ("add a charging stop").
      const required = request.query.get('chargingStop') === 'required';
      if (arrival >= minArrival && !required) return { status: 200, body: { ...routeView(direct), arrivalSocPercent: Math.round(arrival), chargingStop: null } };
      // The stop that gets there soonest: reachable with the minimum left, charged to 80 %.
      let best: { total: number; first: Route; second: Route; stop: ChargingStop } | undefined;
      for (const { location, powerKw } of fastChargers) {
        const first = routeBetween(from, location.at);
        const atStop = socAfter(first.distanceMeters, soc);
        if (atStop < minArrival) continue;
        const second = routeBetween(location.at, to);
        const needed = ((second.distanceMeters / 100_000) * consumption * 100) / capacityKWh + minArrival;
        const chargeTo = Math.min(100, Math.max(CHARGE_TO_PERCENT, Math.ceil(needed)));
        const chargeMinutes = Math.ceil((((chargeTo - atStop) / 100) * capacityKWh * 60) / (powerKw * 0.85));
        const total = first.durationSeconds + second.durationSeconds + chargeMinutes * 60;
        if (!best || total < best.total) {
          best = { total, first, second, stop: stopOf(location, powerKw, atStop, chargeTo, chargeMinutes) };
        }
      }
      if (!best) throw new HttpError(422, 'OUT_OF_RANGE', `with ${soc} % the car reaches no fast charger with ${minArrival} % left`);
      const polyline = [...best.first.polyline, ...best.second.polyline.slice(1)];
      const instructions = [...best.first.instructions.slice(0, -1), { type: 'charge', text: `Charge at ${best.stop.name} to ${best.stop.chargeToPercent} % (about ${best.stop.chargeMinutes} min)`, street: best.stop.name, atMeters: best.first.distanceMeters, at: [best.stop.latitude, best.stop.longitude] }, ...best.second.instructions.slice(1).map((step) => ({ ...step, atMeters: step.atMeters + best.first.distanceMeters }))];
      const combined: Route = { distanceMeters: best.first.distanceMeters + best.second.distanceMeters, durationSeconds: best.total, polyline, instructions: instructions as Route['instructions'] };
      return {
        status: 200,
        body: { ...routeView(combined), arrivalSocPercent: Math.round(socAfter(best.second.distanceMeters, best.stop.chargeToPercent)), chargingStop: best.stop },
      };
    });
}

function stopOf(location: CityChargerLocation, powerKw: number, arrivalSoc: number, chargeTo: number, chargeMinutes: number): ChargingStop {
  return { locationId: location.id, name: location.name, latitude: location.at[0], longitude: location.at[1], powerKw, arrivalSocPercent: Math.round(arrivalSoc), chargeToPercent: chargeTo, chargeMinutes };
}
