/**
 * The route the driver is following, as the navigation app tells the platform: destination,
 * arrival time, distance left and the route's shape. Other apps read it through
 * car.getNavigationState (a food app aligning a pickup with the ETA) instead of importing the
 * navigation app; the simulator can make the simulated car follow the route.
 */
import { ApiFailure } from './apiFailure.js';

export type Point = readonly [latitude: number, longitude: number];

export interface NavigationState {
  readonly appId: string;
  readonly destination: { readonly name: string; readonly latitude: number; readonly longitude: number };
  /** Epoch ms. */
  readonly arrivalMs: number;
  readonly remainingMeters: number;
  readonly polyline: readonly Point[];
  /** A charging stop on the way, by name, if the route has one. */
  readonly chargingStop: string | null;
}

const MAX_POINTS = 2000;

function point(value: unknown, where: string): Point {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'number' || typeof value[1] !== 'number' || Math.abs(value[0]) > 90 || Math.abs(value[1]) > 180) {
    throw new ApiFailure(`${where} must be [latitude, longitude]`, 2);
  }
  return [value[0], value[1]];
}

export class NavigationRegistry {
  private current: NavigationState | null = null;
  private readonly listeners = new Set<(state: NavigationState | null) => void>();

  get state(): NavigationState | null {
    return this.current;
  }

  /** The navigation app's route (checked); replaces what it set before. */
  set(appId: string, options: Record<string, unknown>, now: number): void {
    const destination = options['destination'] as Record<string, unknown> | undefined;
    if (!destination || typeof destination['name'] !== 'string' || typeof destination['latitude'] !== 'number' || typeof destination['longitude'] !== 'number') {
      throw new ApiFailure('destination must be { name, latitude, longitude }', 2);
    }
    const etaSeconds = options['etaSeconds'];
    const remaining = options['remainingMeters'];
    if (typeof etaSeconds !== 'number' || !(etaSeconds >= 0 && etaSeconds < 7 * 86_400)) throw new ApiFailure('etaSeconds must be the seconds to arrival', 2);
    if (typeof remaining !== 'number' || !(remaining >= 0)) throw new ApiFailure('remainingMeters must be a distance in metres', 2);
    const polyline = options['polyline'] ?? [];
    if (!Array.isArray(polyline) || polyline.length > MAX_POINTS) throw new ApiFailure(`polyline must be at most ${MAX_POINTS} [latitude, longitude] points`, 2);
    const stop = options['chargingStop'];
    this.current = {
      appId,
      destination: { name: destination['name'].slice(0, 80), latitude: destination['latitude'], longitude: destination['longitude'] },
      arrivalMs: Math.round(now + etaSeconds * 1000),
      remainingMeters: Math.round(remaining),
      polyline: polyline.map((each, index) => point(each, `polyline[${index}]`)),
      chargingStop: typeof stop === 'string' ? stop.slice(0, 80) : null,
    };
    for (const listener of this.listeners) listener(this.current);
  }

  /** Ends the route (only the app that set it can). */
  clear(appId: string): void {
    if (this.current?.appId !== appId) return;
    this.current = null;
    for (const listener of this.listeners) listener(null);
  }

  onChange(listener: (state: NavigationState | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** What the car offers the apps about itself (the OEM config will carry it; the simulated EV's until then). */
export interface VehicleProfile {
  readonly usableBatteryKWh: number;
  readonly consumptionKWhPer100Km: number;
  /** The least the OEM wants left on arrival, %. */
  readonly minArrivalSocPercent: number;
  readonly connectors: readonly string[];
}

export const SIMULATED_EV_PROFILE: VehicleProfile = { usableBatteryKWh: 64, consumptionKWhPer100Km: 16, minArrivalSocPercent: 10, connectors: ['IEC_62196_T2', 'IEC_62196_T2_COMBO'] };
