/**
 * The driving-state estimator: VSS vehicle state → PARKED | IDLING | MOVING(band) | UNKNOWN.
 *
 * Evidence is read fresh at every evaluation; a signal that is invalid or stale counts as
 * absent. Motion seen in a valid speed always wins. A relaxed state (PARKED, IDLING) needs
 * positive, valid, fresh evidence of standstill: a valid speed below the idle dead-band, or a
 * car that went to sleep (switched off, or its whole bus silent) after such a speed. Without it
 * the car counts as moving in the strictest band (ADR 0006). Tightening is immediate; relaxing
 * goes to the most permissive state whose evidence has held, uninterrupted by anything
 * stricter, for the whole dwell time.
 */
import { GEAR_CODES, VSS } from '../../vehicle-bus/common/vss/catalog.js';
import type { SignalState } from '../../vehicle-bus/common/vss/vehicleState.js';
import type { DrivingState, EstimatorSettings } from './policy.js';

/** The VSS paths the estimator reads. */
export const SPEED = VSS.speed;
export const SELECTED_GEAR = VSS.selectedGear;
export const PARKING_BRAKE = VSS.parkingBrake;
export const LOW_VOLTAGE_STATE = VSS.lowVoltageState;
export const ESTIMATOR_INPUTS: readonly string[] = [SPEED, SELECTED_GEAR, PARKING_BRAKE, LOW_VOLTAGE_STATE];

const GEAR_PARK = GEAR_CODES.P;
const GEAR_NEUTRAL = GEAR_CODES.N;

export interface DrivingStatus {
  readonly state: DrivingState;
  /** The speed band while MOVING, else null. */
  readonly band: string | null;
  /** Why, for people and the audit: "gear P", "speed 42.0 km/h", "no valid speed while in gear". */
  readonly reason: string;
  /** Source time (s) this status was adopted. */
  readonly since: number;
}

export type StatusListener = (status: DrivingStatus, heartbeat: boolean) => void;

/** Reads the current state of a VSS signal (a VehicleState's `get`). */
export type SignalReader = (path: string) => SignalState | undefined;

interface Candidate {
  readonly state: DrivingState;
  readonly bandIndex: number;
  readonly reason: string;
  /** False when no valid speed backed this candidate. */
  readonly speedKnown?: boolean;
}

export class DrivingStateEstimator {
  private current: DrivingStatus;
  private currentRank: number;
  /**
   * For each rank r, since when (source time) every candidate has been at rank r or below;
   * undefined once one above r was seen. Relaxing goes to the lowest rank held for the dwell.
   */
  private heldSince: Array<number | undefined> = [];
  /** The latest candidate seen at each rank, to relax to. */
  private latestAtRank: Array<Candidate | undefined> = [];
  /** The inputs valid at the last evaluation: losing one restarts every relax dwell. */
  private validInputs = new Set<string>();
  private lastPublished = Number.NEGATIVE_INFINITY;
  private readonly listeners = new Set<StatusListener>();
  private lastAcceptedSpeed: { value: number; time: number } | undefined;
  private lastSpeedSample: { timestamp: number; accepted: boolean } | undefined;

  constructor(
    private settings: EstimatorSettings,
    private readonly read: SignalReader,
    bootTime = 0,
  ) {
    const boot: Candidate =
      settings.bootState === 'PARKED' ? { state: 'PARKED', bandIndex: -1, reason: 'boot state PARKED (configured)' } : { state: 'UNKNOWN', bandIndex: -1, reason: 'no data since boot' };
    this.current = this.statusOf(boot, bootTime);
    this.currentRank = this.rank(boot);
  }

  get status(): DrivingStatus {
    return this.current;
  }

  /**
   * Restrictiveness: PARKED 0, IDLING 1, MOVING bands 2.., UNKNOWN above all.
   * (Band indices grow with speed, and so do restrictions.)
   */
  private get maxRank(): number {
    return this.settings.bands.length + 2;
  }

  private rank(candidate: Candidate): number {
    switch (candidate.state) {
      case 'PARKED':
        return 0;
      case 'IDLING':
        return 1;
      case 'MOVING':
        return 2 + candidate.bandIndex;
      default:
        return this.maxRank;
    }
  }

  private statusOf(candidate: Candidate, time: number): DrivingStatus {
    const band = candidate.state === 'MOVING' ? (this.settings.bands[candidate.bandIndex]?.name ?? null) : null;
    return { state: candidate.state, band, reason: candidate.reason, since: time };
  }

  /** Replaces the settings (a new policy: the engine applies one only while PARKED, where band numbering does not matter). */
  updateSettings(settings: EstimatorSettings): void {
    this.settings = settings;
    const bandIndex = settings.bands.findIndex((band) => band.name === this.current.band);
    this.currentRank = this.rank({ state: this.current.state, bandIndex: bandIndex < 0 ? settings.bands.length - 1 : bandIndex, reason: '' });
  }

  /** A valid signal's value, or undefined when it is missing, invalid or stale. */
  private valid(path: string): SignalState | undefined {
    const state = this.read(path);
    return state?.valid === true && state.value !== undefined ? state : undefined;
  }

  /** The speed (signed km/h) if valid and plausible; implausible samples are refused until time makes them possible. */
  private plausibleSpeed(): { value: number } | { invalid: string } | undefined {
    const state = this.valid(SPEED);
    if (!state) return undefined;
    const value = state.value as number;
    if (typeof value !== 'number' || !Number.isFinite(value)) return { invalid: `speed ${String(value)} is not a number` };
    if (Math.abs(value) > this.settings.maxPlausibleSpeedKmh) return { invalid: `speed ${value} km/h is beyond ${this.settings.maxPlausibleSpeedKmh}` };
    if (this.lastSpeedSample?.timestamp === state.timestamp) {
      return this.lastSpeedSample.accepted ? { value } : { invalid: `speed jumped to ${value} km/h` };
    }
    const last = this.lastAcceptedSpeed;
    // Two km/h of slack covers quantisation of the signal.
    const allowed = last ? this.settings.maxAccelerationKmhPerS * Math.max(0, state.timestamp - last.time) + 2 : Infinity;
    const accepted = !last || Math.abs(value - last.value) <= allowed;
    this.lastSpeedSample = { timestamp: state.timestamp, accepted };
    if (!accepted) return { invalid: `speed jumped from ${last?.value.toFixed(1)} to ${value.toFixed(1)} km/h` };
    this.lastAcceptedSpeed = { value, time: state.timestamp };
    return { value };
  }

  /** The band for a moving |speed|, with hysteresis against the current band. */
  private bandFor(speed: number): number {
    const bands = this.settings.bands;
    let inBand = 0;
    for (let index = 0; index < bands.length; index += 1) if (speed >= (bands[index]?.fromKmh ?? 0)) inBand = index;
    const currentBand = this.current.state === 'MOVING' ? bands.findIndex((band) => band.name === this.current.band) : -1;
    if (currentBand <= inBand) return inBand;
    let band = currentBand;
    while (band > inBand && speed < (bands[band]?.fromKmh ?? 0) - this.settings.bandHysteresisKmh) band -= 1;
    return band;
  }

  /** What the evidence says right now, before dwell. */
  private candidate(): Candidate {
    const settings = this.settings;
    const strictest = settings.bands.length - 1;
    const speedReading = this.plausibleSpeed();
    const speed = speedReading && 'value' in speedReading ? Math.abs(speedReading.value) : undefined;
    const known = { speedKnown: speed !== undefined };
    const speedProblem = speedReading && 'invalid' in speedReading ? speedReading.invalid : undefined;
    const gear = this.valid(SELECTED_GEAR)?.value;
    const brake = this.valid(PARKING_BRAKE)?.value;
    const power = this.valid(LOW_VOLTAGE_STATE)?.value;
    const speedSignal = this.read(SPEED);

    if (speed !== undefined && speed >= settings.idleSpeedKmh) {
      return { state: 'MOVING', bandIndex: this.bandFor(speed), reason: `speed ${speed.toFixed(1)} km/h` };
    }
    if (speedProblem !== undefined) return { state: 'MOVING', bandIndex: strictest, reason: `${speedProblem}: strictest band` };
    // A speed the bus marks unavailable is a fault, not a standstill: nothing relaxes on it.
    const speedFault = speedSignal !== undefined && !speedSignal.stale && !speedSignal.valid ? `speed unavailable (${speedSignal.reason ?? 'invalid'})` : undefined;
    if (speed !== undefined) {
      // A valid standstill: the gear says whether the car is parked or only stopped.
      if (settings.transmission === 'automatic' && gear === GEAR_PARK) return { state: 'PARKED', bandIndex: -1, reason: 'gear P, speed 0', ...known };
      if (settings.transmission === 'manual' && brake === true && gear === GEAR_NEUTRAL && speed < settings.manualParkedMaxSpeedKmh) {
        return { state: 'PARKED', bandIndex: -1, reason: 'parking brake on, neutral, stationary', ...known };
      }
      return { state: 'IDLING', bandIndex: -1, reason: `speed ${speed.toFixed(1)} km/h${gear === undefined ? ', gear unknown' : ''}`, ...known };
    }
    // No valid speed from here on. A car that was last seen standing still and is now switched
    // off, not in gear, is asleep; one last seen moving, or still in gear, is not.
    const inGear = gear !== undefined && gear !== GEAR_PARK && !(settings.transmission === 'manual' && gear === GEAR_NEUTRAL && brake === true);
    const stoppedBefore = this.lastAcceptedSpeed !== undefined && Math.abs(this.lastAcceptedSpeed.value) < settings.idleSpeedKmh;
    if ((power === 'OFF' || power === 'LOCK') && !inGear && speedFault === undefined) {
      if (stoppedBefore) return { state: 'PARKED', bandIndex: -1, reason: `vehicle ${String(power)} after a standstill`, ...known };
      return { state: 'MOVING', bandIndex: strictest, reason: `vehicle ${String(power)} but no standstill was seen: strictest band`, ...known };
    }
    if (gear !== undefined) {
      const why = speedFault ?? (gear === GEAR_PARK ? 'gear P without a valid speed' : 'no valid speed while in gear');
      return { state: 'MOVING', bandIndex: strictest, reason: `${why}: strictest band`, ...known };
    }
    if (settings.keepParkedWhenBusSilent && this.current.state === 'PARKED' && stoppedBefore && this.busSilent()) {
      return { state: 'PARKED', bandIndex: -1, reason: 'bus silent since parked', ...known };
    }
    return { state: 'UNKNOWN', bandIndex: -1, reason: 'no valid speed or gear', ...known };
  }

  /** Every input that was ever heard is stale (nothing was marked invalid): the bus is asleep. */
  private busSilent(): boolean {
    const heard = ESTIMATOR_INPUTS.map((path) => this.read(path)).filter((state): state is SignalState => state !== undefined);
    return heard.length > 0 && heard.every((state) => state.stale);
  }

  /**
   * Re-evaluates at source time `now` (s). Call it after the vehicle state changes and on a
   * regular tick (for dwell and heartbeat). Publishes a change, or a heartbeat when due.
   */
  evaluate(now: number): DrivingStatus {
    const candidate = this.candidate();
    const rank = this.rank(candidate);
    // Relaxing needs the permissive evidence to hold for the dwell after the last loss of any
    // input: a state earned with a signal is not kept the moment that signal goes.
    const valid = new Set(ESTIMATOR_INPUTS.filter((path) => this.valid(path) !== undefined));
    const lostInput = [...this.validInputs].some((path) => !valid.has(path));
    this.validInputs = valid;
    for (let r = 0; r <= this.maxRank; r += 1) {
      if (r < rank) this.heldSince[r] = undefined;
      else if (lostInput) this.heldSince[r] = now;
      else this.heldSince[r] ??= now;
    }
    this.latestAtRank[rank] = candidate;
    if (rank >= this.currentRank) {
      const changed = candidate.state !== this.current.state || rank !== this.currentRank;
      if (changed) this.adopt(candidate, rank, now);
      else if (candidate.reason !== this.current.reason) this.current = { ...this.current, reason: candidate.reason };
    } else {
      // Moving with no valid speed: nothing says the car slowed, so no band is lowered; only
      // parking (gear P held for the dwell) relaxes.
      const highestAllowed = this.current.state === 'MOVING' && candidate.speedKnown === false ? 0 : this.currentRank - 1;
      for (let r = 0; r <= highestAllowed; r += 1) {
        const since = this.heldSince[r];
        const target = this.latestAtRank[r];
        if (since !== undefined && target !== undefined && (now - since) * 1000 >= this.settings.relaxDwellMs) {
          this.adopt(target, r, now);
          break;
        }
      }
    }
    if ((now - this.lastPublished) * 1000 >= this.settings.heartbeatMs) this.publish(true, now);
    return this.current;
  }

  private adopt(candidate: Candidate, rank: number, now: number): void {
    this.current = this.statusOf(candidate, now);
    this.currentRank = rank;
    this.publish(false, now);
  }

  private publish(heartbeat: boolean, now: number): void {
    this.lastPublished = now;
    for (const listener of this.listeners) listener(this.current, heartbeat);
  }

  /** Calls `listener` at once with the current status, then on every change and heartbeat. Returns the disposer. */
  subscribe(listener: StatusListener): () => void {
    this.listeners.add(listener);
    listener(this.current, false);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
