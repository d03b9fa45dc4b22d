/**
 * The sample charging backend, shaped after OCPI 2.2.1 (locations → EVSEs → connectors,
 * tariffs, sessions, CDRs) with its response envelope ({data, status_code, status_message,
 * timestamp}). Availability changes every five minutes (deterministically); a session's energy
 * and cost follow the clock. Starting a second session (or on a busy EVSE) is a 409; a session
 * is started with a token standing for the driver's stored payment method and an
 * Idempotency-Key: the same start sent again (a retry, a resend after a cut connection) answers
 * with the session it already started. `GET /sessions?token_uid=…&status=ACTIVE` finds a
 * driver's running session, so an app that never saw the answer can show and stop it.
 */
import type { City, CityChargerLocation, CityConnector, CityEvse, CityTariff, LatLon } from './city.js';
import { metersBetween } from './city.js';
import type { Answer, Request } from './http.js';
import { HttpError, queryNumber, queryPoint, Router } from './http.js';
import { RecordStore } from './store.js';

export const OCPI = '/ocpi/2.2.1';

type EvseStatus = 'AVAILABLE' | 'CHARGING' | 'OUTOFORDER';

export interface ChargingSession {
  readonly id: string;
  readonly locationId: string;
  readonly evseUid: string;
  readonly connectorId: string;
  readonly tokenUid: string;
  readonly powerKw: number;
  readonly tariffId: string;
  readonly startMs: number;
  readonly endMs: number | null;
  readonly status: 'ACTIVE' | 'COMPLETED';
  /** What was asked under the session's Idempotency-Key (the start's body), to refuse a reused key. */
  readonly fingerprint?: string;
}

export interface ChargingOptions {
  readonly city: City;
  readonly clock: () => number;
  /** SQLite file for sessions (memory without). */
  readonly stateFile?: string;
  /** Told when a session starts (its power) or stops (0): the simulator plugs the car in. */
  readonly onCharging?: (powerKw: number) => void;
}

/** A small, stable hash of a string (FNV-1a). */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return value;
}

function envelope(data: unknown, status = 200): Answer {
  return { status, body: { data, status_code: 1000, status_message: 'Success', timestamp: new Date().toISOString() } };
}

export function chargingBackend(options: ChargingOptions): { readonly router: Router; close(): void } {
  const { city, clock } = options;
  const sessions = new RecordStore<ChargingSession>('charging-session', options.stateFile);
  const tariffs = new Map(city.tariffs.map((tariff) => [tariff.id, tariff]));
  const locations = new Map(city.chargers.map((location) => [location.id, location]));

  const active = (): ChargingSession[] => sessions.all().filter((session) => session.status === 'ACTIVE');

  /** Other drivers come and go every five minutes; our own sessions hold their EVSE. */
  const statusOf = (evse: CityEvse): EvseStatus => {
    if (active().some((session) => session.evseUid === evse.uid)) return 'CHARGING';
    const roll = hash(`${evse.uid}:${Math.floor(clock() / 300_000)}`) % 100;
    return roll < 4 ? 'OUTOFORDER' : roll < 34 ? 'CHARGING' : 'AVAILABLE';
  };

  const connectorView = (connector: CityConnector): object => ({
    id: connector.id,
    standard: connector.standard,
    format: 'CABLE',
    power_type: connector.powerType,
    max_electric_power: connector.maxPowerKw * 1000,
    tariff_ids: [connector.tariffId],
  });

  const locationView = (location: CityChargerLocation, from?: LatLon): object => ({
    id: location.id,
    name: location.name,
    address: location.address,
    city: city.name,
    coordinates: { latitude: location.at[0].toFixed(6), longitude: location.at[1].toFixed(6) },
    operator: { name: location.operator },
    evses: location.evses.map((evse) => ({ uid: evse.uid, evse_id: `DE*GBX*${evse.uid}`, status: statusOf(evse), connectors: evse.connectors.map(connectorView) })),
    ...(from ? { distance_meters: Math.round(metersBetween(from, location.at)) } : {}),
  });

  const tariffView = (tariff: CityTariff): object => ({
    id: tariff.id,
    currency: tariff.currency,
    elements: [
      {
        price_components: [
          { type: 'ENERGY', price: tariff.perKwh, step_size: 1 },
          ...(tariff.perSession > 0 ? [{ type: 'FLAT', price: tariff.perSession, step_size: 1 }] : []),
        ],
      },
      { price_components: [{ type: 'PARKING_TIME', price: tariff.perMinute * 60, step_size: 60 }], restrictions: { min_duration: tariff.idleAfterMinutes * 60 } },
    ],
  });

  /** Energy and cost so far (or at the end). */
  const sessionView = (session: ChargingSession): object => {
    const end = session.endMs ?? clock();
    const minutes = Math.max(0, (end - session.startMs) / 60_000);
    const kwh = (session.powerKw * minutes) / 60;
    const tariff = tariffs.get(session.tariffId) as CityTariff;
    const idle = Math.max(0, minutes - tariff.idleAfterMinutes);
    const cost = tariff.perSession + kwh * tariff.perKwh + idle * tariff.perMinute;
    return {
      id: session.id,
      start_date_time: new Date(session.startMs).toISOString(),
      end_date_time: session.endMs === null ? null : new Date(session.endMs).toISOString(),
      kwh: Number(kwh.toFixed(3)),
      location_id: session.locationId,
      evse_uid: session.evseUid,
      connector_id: session.connectorId,
      currency: tariff.currency,
      total_cost: { excl_vat: Number((cost / 1.19).toFixed(2)), incl_vat: Number(cost.toFixed(2)) },
      status: session.status,
      power_kw: session.status === 'ACTIVE' ? session.powerKw : 0,
    };
  };

  const find = (id: string): ChargingSession => {
    const session = sessions.get(id);
    if (!session) throw new HttpError(404, 'UNKNOWN_SESSION', `no session ${id}`);
    return session;
  };

  const start = (request: Request): Answer => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !/^[A-Za-z0-9_-]{8,80}$/.test(key)) throw new HttpError(400, 'NO_IDEMPOTENCY_KEY', 'a start needs an Idempotency-Key header (8 to 80 letters, digits, - or _)');
    const fingerprint = JSON.stringify(request.body ?? {});
    const earlier = sessions.byKey(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) throw new HttpError(422, 'KEY_REUSED', 'this Idempotency-Key was used for a different start');
      // The same start again: the session it started, whatever has happened to it since.
      return { ...envelope(sessionView(earlier)), headers: { 'idempotent-replay': 'true' } };
    }
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { location_id: locationId, evse_uid: evseUid, connector_id: connectorId, token_uid: tokenUid } = body;
    if (typeof tokenUid !== 'string' || tokenUid === '') throw new HttpError(422, 'NO_TOKEN', 'token_uid (the payment token) is required');
    const location = typeof locationId === 'string' ? locations.get(locationId) : undefined;
    if (!location) throw new HttpError(404, 'UNKNOWN_LOCATION', `no location ${String(locationId)}`);
    const evse = location.evses.find((each) => each.uid === evseUid);
    if (!evse) throw new HttpError(404, 'UNKNOWN_EVSE', `no EVSE ${String(evseUid)} at ${location.id}`);
    const connector = evse.connectors.find((each) => each.id === connectorId);
    if (!connector) throw new HttpError(404, 'UNKNOWN_CONNECTOR', `no connector ${String(connectorId)} on ${evse.uid}`);
    const running = active().find((session) => session.tokenUid === tokenUid);
    if (running) throw new HttpError(409, 'SESSION_RUNNING', `a session is already running for this token (${running.id} at ${running.locationId})`);
    const status = statusOf(evse);
    if (status !== 'AVAILABLE') throw new HttpError(409, 'EVSE_BUSY', `${evse.uid} is ${status === 'CHARGING' ? 'in use' : 'out of order'}`);
    const session: ChargingSession = {
      id: `S-${String(sessions.all().length + 1).padStart(5, '0')}`,
      locationId: location.id,
      evseUid: evse.uid,
      connectorId: connector.id,
      tokenUid,
      powerKw: connector.maxPowerKw,
      tariffId: connector.tariffId,
      startMs: clock(),
      endMs: null,
      status: 'ACTIVE',
      fingerprint,
    };
    sessions.put(session, key);
    options.onCharging?.(session.powerKw);
    return envelope(sessionView(session), 201);
  };

  const stop = (request: Request): Answer => {
    const session = find(request.params['id'] as string);
    if (session.status !== 'ACTIVE') throw new HttpError(409, 'SESSION_ENDED', `${session.id} has already ended`);
    const ended: ChargingSession = { ...session, endMs: clock(), status: 'COMPLETED' };
    sessions.put(ended);
    options.onCharging?.(0);
    return envelope(sessionView(ended));
  };

  const router = new Router('charging')
    .on('GET', `${OCPI}/locations`, (request) => {
      const limit = queryNumber(request.query, 'limit', [1, 100], 50);
      if (!request.query.has('near')) return envelope(city.chargers.slice(0, limit).map((location) => locationView(location)));
      const near = queryPoint(request.query, 'near');
      const radius = queryNumber(request.query, 'radius', [1, 500_000], 50_000);
      const found = city.chargers
        .map((location) => ({ location, meters: metersBetween(near, location.at) }))
        .filter((entry) => entry.meters <= radius)
        .sort((a, b) => a.meters - b.meters)
        .slice(0, limit);
      return envelope(found.map((entry) => locationView(entry.location, near)));
    })
    .on('GET', `${OCPI}/locations/:id`, (request) => {
      const location = locations.get(request.params['id'] as string);
      if (!location) throw new HttpError(404, 'UNKNOWN_LOCATION', `no location ${request.params['id'] ?? ''}`);
      return envelope(locationView(location));
    })
    .on('GET', `${OCPI}/tariffs`, () => envelope(city.tariffs.map(tariffView)))
    .on('POST', `${OCPI}/sessions`, start)
    .on('GET', `${OCPI}/sessions`, (request) => {
      const token = request.query.get('token_uid');
      if (!token) throw new HttpError(400, 'MISSING', 'the query needs token_uid');
      const status = request.query.get('status');
      if (status !== null && status !== 'ACTIVE' && status !== 'COMPLETED') throw new HttpError(400, 'BAD_STATUS', `status is ACTIVE or COMPLETED, not "${status}"`);
      return envelope(sessions.all().filter((session) => session.tokenUid === token && (status === null || session.status === status)).reverse().map(sessionView));
    })
    .on('GET', `${OCPI}/sessions/:id`, (request) => envelope(sessionView(find(request.params['id'] as string))))
    .on('POST', `${OCPI}/sessions/:id/stop`, stop)
    .on('GET', `${OCPI}/cdrs`, (request) => {
      const token = request.query.get('token_uid');
      if (!token) throw new HttpError(400, 'MISSING', 'the query needs token_uid');
      return envelope(sessions.all().filter((session) => session.tokenUid === token && session.status === 'COMPLETED').reverse().map(sessionView));
    });
  return { router, close: () => sessions.close() };
}
