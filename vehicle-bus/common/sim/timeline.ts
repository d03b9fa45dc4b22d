/**
 * What the simulated driver does over time: a drive cycle (speed trace at 1 Hz) or a scenario
 * of the project's own (segments of gear, parking brake, speed ramps and charging).
 */

import type { GearLetter } from '../vss/catalog.js';
import { GEAR_LETTERS } from '../vss/catalog.js';

export type Gear = GearLetter;

export interface DriverInput {
  /** Signed: negative while reversing, km/h. */
  readonly speedKmh: number;
  readonly gear: Gear;
  readonly parkingBrake: boolean;
  /** Charging power while plugged in, kW (0 when not charging). */
  readonly chargeKw: number;
}

export interface Timeline {
  readonly description: string;
  /** Seconds. */
  readonly duration: number;
  at(seconds: number): DriverInput;
}

export class TimelineError extends Error {
  constructor(
    readonly source: string,
    readonly where: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${source}: ${where}: expected ${expected}, found ${found}`);
    this.name = 'TimelineError';
  }
}

export interface DriveCycle {
  readonly seconds: readonly number[];
  readonly speedsMps: readonly number[];
}

/**
 * Parses a drive-cycle CSV with columns `cycSecs` (s) and `cycMps` (m/s), as NREL FASTSim
 * writes them (other columns are ignored, a UTF-8 BOM is allowed).
 */
export function parseDriveCycle(text: string, source: string): DriveCycle {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim());
  const timeColumn = header.indexOf('cycSecs');
  const speedColumn = header.indexOf('cycMps');
  if (timeColumn < 0 || speedColumn < 0) {
    throw new TimelineError(source, 'line 1', 'a header with cycSecs and cycMps columns', JSON.stringify(lines[0] ?? ''));
  }
  const seconds: number[] = [];
  const speedsMps: number[] = [];
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const time = Number(cells[timeColumn]);
    const speed = Number(cells[speedColumn]);
    if (!Number.isFinite(time) || !Number.isFinite(speed) || speed < 0) {
      throw new TimelineError(source, `line ${index + 1}`, 'a time (s) and a speed (m/s, not negative)', JSON.stringify(line));
    }
    const previous = seconds[seconds.length - 1];
    if (previous !== undefined && time <= previous) {
      throw new TimelineError(source, `line ${index + 1}`, `a time after ${previous} s`, String(time));
    }
    seconds.push(time);
    speedsMps.push(speed);
  }
  if (seconds.length < 2) throw new TimelineError(source, 'the file', 'at least two samples', String(seconds.length));
  return { seconds, speedsMps };
}

/** Seconds parked before a drive cycle starts and after it ends (the driver shifts in and out of P). */
const PARKED_BEFORE_S = 5;
const PARKED_AFTER_S = 5;

/**
 * A drive cycle as a timeline: parked with the brake on, then D for the whole cycle (stops in
 * the cycle are stops at lights: still in D), then parked again.
 */
export function driveCycleTimeline(cycle: DriveCycle, description: string): Timeline {
  const start = cycle.seconds[0] as number;
  const end = cycle.seconds[cycle.seconds.length - 1] as number;
  const cycleLength = end - start;
  let cursor = 0;
  return {
    description,
    duration: PARKED_BEFORE_S + cycleLength + PARKED_AFTER_S,
    at(seconds) {
      const t = seconds - PARKED_BEFORE_S + start;
      if (t < start || t > end) return { speedKmh: 0, gear: 'P', parkingBrake: true, chargeKw: 0 };
      // Samples are read in time order almost always; keep a cursor instead of searching.
      if ((cycle.seconds[cursor] as number) > t) cursor = 0;
      while (cursor < cycle.seconds.length - 2 && (cycle.seconds[cursor + 1] as number) <= t) cursor += 1;
      const t0 = cycle.seconds[cursor] as number;
      const t1 = cycle.seconds[cursor + 1] as number;
      const v0 = cycle.speedsMps[cursor] as number;
      const v1 = cycle.speedsMps[cursor + 1] as number;
      const speedMps = v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
      return { speedKmh: speedMps * 3.6, gear: 'D', parkingBrake: false, chargeKw: 0 };
    },
  };
}

export interface ScenarioSegment {
  readonly durationS: number;
  readonly gear: Gear;
  readonly parkingBrake?: boolean;
  /** A constant speed, or [from, to] ramped linearly over the segment (km/h, magnitude). */
  readonly speedKmh?: number | readonly [number, number];
  readonly chargeKw?: number;
}

export interface ScenarioDocument {
  readonly description: string;
  readonly startSocPercent?: number;
  readonly segments: readonly ScenarioSegment[];
}

const GEARS: readonly Gear[] = GEAR_LETTERS;

// $comment: a note for the reader, as in JSON Schema (JSON has no comments).
const SCENARIO_KEYS: readonly string[] = ['$comment', 'description', 'startSocPercent', 'segments'];
const SEGMENT_KEYS: readonly string[] = ['$comment', 'durationS', 'gear', 'speedKmh', 'parkingBrake', 'chargeKw'];

/** Checks a scenario document; throws TimelineError naming the segment and field. */
export function validateScenario(document: unknown, source: string): ScenarioDocument {
  const fail = (where: string, expected: string, found: unknown): never => {
    throw new TimelineError(source, where, expected, JSON.stringify(found));
  };
  if (typeof document !== 'object' || document === null || Array.isArray(document)) fail('the file', 'a scenario (an object with description and segments)', document);
  const doc = document as Record<string, unknown>;
  // A misspelt key would otherwise be ignored and the scenario drive differently from what was written.
  const unknown = (where: string, object: Record<string, unknown>, known: readonly string[]): void => {
    const extra = Object.keys(object).find((key) => !known.includes(key));
    if (extra !== undefined) fail(where === '' ? extra : `${where}.${extra}`, `one of the keys ${known.join(', ')}`, extra);
  };
  unknown('', doc, SCENARIO_KEYS);
  if (typeof doc['description'] !== 'string') fail('description', 'a string', doc['description']);
  const soc = doc['startSocPercent'];
  if (soc !== undefined && (typeof soc !== 'number' || soc < 0 || soc > 100)) fail('startSocPercent', 'a number from 0 to 100', soc);
  const segments = doc['segments'];
  if (!Array.isArray(segments) || segments.length === 0) fail('segments', 'a non-empty array', segments);
  (segments as unknown[]).forEach((segment, index) => {
    const where = `segments[${index}]`;
    if (typeof segment !== 'object' || segment === null) fail(where, 'an object', segment);
    const s = segment as Record<string, unknown>;
    unknown(where, s, SEGMENT_KEYS);
    if (typeof s['durationS'] !== 'number' || !(s['durationS'] > 0)) fail(`${where}.durationS`, 'a number of seconds above 0', s['durationS']);
    if (!GEARS.includes(s['gear'] as Gear)) fail(`${where}.gear`, 'one of P, R, N, D', s['gear']);
    const speed = s['speedKmh'];
    const speedOk =
      speed === undefined ||
      (typeof speed === 'number' && speed >= 0) ||
      (Array.isArray(speed) && speed.length === 2 && speed.every((value) => typeof value === 'number' && value >= 0));
    if (!speedOk) fail(`${where}.speedKmh`, 'a speed in km/h (≥ 0) or [from, to]', speed);
    if (s['gear'] === 'P' && speed !== undefined && speed !== 0) fail(`${where}.speedKmh`, 'no speed while in P', speed);
    if (s['parkingBrake'] !== undefined && typeof s['parkingBrake'] !== 'boolean') fail(`${where}.parkingBrake`, 'true or false', s['parkingBrake']);
    const charge = s['chargeKw'];
    if (charge !== undefined && (typeof charge !== 'number' || charge < 0)) fail(`${where}.chargeKw`, 'a power in kW (≥ 0)', charge);
  });
  return doc as unknown as ScenarioDocument;
}

export function scenarioTimeline(scenario: ScenarioDocument): Timeline {
  const starts: number[] = [];
  let total = 0;
  for (const segment of scenario.segments) {
    starts.push(total);
    total += segment.durationS;
  }
  return {
    description: scenario.description,
    duration: total,
    at(seconds) {
      let index = scenario.segments.length - 1;
      while (index > 0 && (starts[index] as number) > seconds) index -= 1;
      const segment = scenario.segments[index] as ScenarioSegment;
      const progress = Math.min(1, Math.max(0, (seconds - (starts[index] as number)) / segment.durationS));
      const speed = segment.speedKmh ?? 0;
      const magnitude = typeof speed === 'number' ? speed : speed[0] + (speed[1] - speed[0]) * progress;
      return {
        speedKmh: segment.gear === 'R' ? -magnitude : magnitude,
        gear: segment.gear,
        parkingBrake: segment.parkingBrake ?? segment.gear === 'P',
        chargeKw: segment.chargeKw ?? 0,
      };
    },
  };
}
