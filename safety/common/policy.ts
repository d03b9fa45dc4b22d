/**
 * A driving-safety policy: how the driving state is estimated from the vehicle bus, and what
 * each state allows on each display and for each category of mini-app.
 */
import type { Flag, RestrictionParams, RestrictionSet } from './restrictions.js';
import { NO_LIMITS } from './restrictions.js';

export type DrivingState = 'PARKED' | 'IDLING' | 'MOVING' | 'UNKNOWN';
export type Display = 'driver' | 'passenger';
export const DISPLAYS: readonly Display[] = ['driver', 'passenger'];

export const CATEGORIES = ['ev_charging', 'food_ordering', 'navigation', 'media', 'communication', 'parking', 'weather', 'utilities', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * A JSON Schema (the app manifest's, the OEM config's, the policy's) with its
 * `definitions.category` filled from CATEGORIES: the files name the definition, this list is
 * the only one.
 */
export function withCategories<T extends object>(schema: T): T {
  const definitions = (schema as { definitions?: Record<string, unknown> }).definitions;
  if (!definitions || !('category' in definitions)) throw new Error('the schema has no definitions.category to fill');
  return { ...schema, definitions: { ...definitions, category: { enum: [...CATEGORIES] } } };
}

/** A restriction set as a policy writes it: flags and the limits it sets (others: no limit). */
export interface RuleDocument {
  readonly flags?: readonly Flag[];
  readonly params?: Partial<RestrictionParams>;
}

export interface SpeedBand {
  readonly name: string;
  /** The band starts at this |speed| (km/h); the first band starts at 0 (just above the idle dead-band). */
  readonly fromKmh: number;
}

export interface EstimatorSettings {
  readonly transmission: 'automatic' | 'manual';
  /** Below this |speed| (km/h) a car in gear is IDLING, not MOVING. */
  readonly idleSpeedKmh: number;
  /** Speed bands of MOVING, ascending; higher bands are stricter. */
  readonly bands: readonly SpeedBand[];
  /** A band is left downwards only this far (km/h) below its lower edge. */
  readonly bandHysteresisKmh: number;
  /** A less restrictive state is adopted only after holding this long (ms); stricter ones at once. */
  readonly relaxDwellMs: number;
  /** |speed| beyond this (km/h) is implausible: the speed counts as invalid. */
  readonly maxPlausibleSpeedKmh: number;
  /** A speed change faster than this (km/h per second) is implausible. */
  readonly maxAccelerationKmhPerS: number;
  /** Manual transmissions: PARKED needs the parking brake, neutral and |speed| below this (km/h). */
  readonly manualParkedMaxSpeedKmh: number;
  /** The state before any data arrives. */
  readonly bootState: 'UNKNOWN' | 'PARKED';
  /** The current state is re-published this often (ms) even without a change. */
  readonly heartbeatMs: number;
  /**
   * A car that was PARKED and whose bus then falls silent (every signal stale) stays PARKED:
   * it is asleep, and a car that moves wakes its bus. Without this a parked head unit that
   * hears nothing would lock the driver out for good.
   */
  readonly keepParkedWhenBusSilent: boolean;
}

export interface DisplayRules {
  readonly driver: RuleDocument;
  readonly passenger: RuleDocument;
}

export interface PaymentSettings {
  /** The read-back while moving: at most this many characters ("Pay 23 euros 40 to Pizza Roma?"). */
  readonly readBackMaxChars: number;
  /** The confirmation is cancelled after this long without a yes (ms). */
  readonly confirmTimeoutMs: number;
}

export interface Policy {
  readonly name: string;
  readonly estimator: EstimatorSettings;
  readonly restrictions: {
    readonly PARKED: DisplayRules;
    readonly IDLING: DisplayRules;
    /** One entry per band name. */
    readonly MOVING: Readonly<Record<string, DisplayRules>>;
  };
  /** Added on the driver display for apps of a category (the most restrictive wins). */
  readonly categories: Readonly<Partial<Record<Category, Partial<Record<'PARKED' | 'IDLING' | 'MOVING', RuleDocument>>>>>;
  readonly payments: PaymentSettings;
}

export function ruleToSet(rule: RuleDocument): RestrictionSet {
  return { flags: new Set(rule.flags ?? []), params: { ...NO_LIMITS, ...rule.params } };
}
