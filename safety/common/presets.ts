/**
 * Region presets: complete policies an OEM starts from and overrides field by field.
 * Numbers follow the public guidance they are named for where it gives one (NHTSA's six
 * touches per task and its lock-outs whenever not in Park; JAMA's 31 characters; Android
 * Automotive's default string length 120, 21 cumulative items and depth 3; Android Auto's
 * six list items while driving); the rest are Glovebox's choices, said so in the docs.
 */
import type { DisplayRules, EstimatorSettings, Policy, RuleDocument } from './policy.js';
import type { Flag } from './restrictions.js';

const NONE: RuleDocument = {};
const UNRESTRICTED_DISPLAYS: DisplayRules = { driver: NONE, passenger: NONE };

const COMMON_ESTIMATOR: EstimatorSettings = {
  transmission: 'automatic',
  idleSpeedKmh: 3,
  bands: [
    { name: 'LOW', fromKmh: 0 },
    { name: 'MEDIUM', fromKmh: 30 },
    { name: 'HIGH', fromKmh: 80 },
  ],
  bandHysteresisKmh: 3,
  relaxDwellMs: 2000,
  maxPlausibleSpeedKmh: 300,
  // About 1.4 g: beyond what a road car brakes or accelerates.
  maxAccelerationKmhPerS: 50,
  manualParkedMaxSpeedKmh: 1,
  bootState: 'UNKNOWN',
  heartbeatMs: 1000,
  keepParkedWhenBusSilent: true,
};

/** What a driver in motion loses under every preset. */
const DRIVING_FLAGS: readonly Flag[] = [
  'NO_KEYBOARD',
  'NO_VIDEO',
  'NO_NONDRIVING_IMAGES',
  'NO_AUTOSCROLL',
  'NO_TEXT_MESSAGE',
  'NO_WEB_CONTENT',
  'NO_SETUP',
  'NO_NEW_PAYMENT_METHOD',
  'LIMIT_STRING_LENGTH',
  'LIMIT_CONTENT',
];

function driving(extra: readonly Flag[], params: RuleDocument['params']): DisplayRules {
  return { driver: { flags: [...DRIVING_FLAGS, ...extra], params }, passenger: NONE };
}

const AAOS_LIMITS = { maxStringLength: 120, maxListItems: 6, maxCumulativeItems: 21, maxContentDepth: 3, maxTaskSteps: 6, maxVoiceTurns: 3, minRefreshIntervalMs: 1000 };

/** Category rules shared by the presets: what the brief asks of food ordering and navigation. */
const CATEGORY_RULES: Policy['categories'] = {
  food_ordering: {
    IDLING: { flags: ['FAVOURITES_ONLY'], params: { maxContentDepth: 2 } },
    MOVING: { flags: ['FAVOURITES_ONLY', 'VOICE_PREFERRED'], params: { maxContentDepth: 2 } },
  },
  navigation: {
    MOVING: { flags: ['NO_KEYBOARD', 'VOICE_PREFERRED'] },
  },
  ev_charging: {
    MOVING: { flags: ['NO_FILTERING'], params: { maxListItems: 6 } },
  },
};

const PAYMENTS = { readBackMaxChars: 60, confirmTimeoutMs: 8000 };

/** NHTSA 2013 visual-manual guidelines: lock-outs whenever the transmission is not in Park. */
export const US_NHTSA: Policy = {
  name: 'US_NHTSA',
  estimator: COMMON_ESTIMATOR,
  restrictions: {
    PARKED: UNRESTRICTED_DISPLAYS,
    IDLING: driving(['NO_DIALPAD', 'NO_FILTERING'], AAOS_LIMITS),
    MOVING: {
      LOW: driving(['NO_DIALPAD', 'NO_FILTERING'], AAOS_LIMITS),
      MEDIUM: driving(['NO_DIALPAD', 'NO_FILTERING'], AAOS_LIMITS),
      HIGH: driving(['NO_DIALPAD', 'NO_FILTERING', 'VOICE_PREFERRED'], AAOS_LIMITS),
    },
  },
  categories: CATEGORY_RULES,
  payments: PAYMENTS,
};

/** European Statement of Principles: restrictions in motion; a car stopped in gear keeps only the video lock-out. */
export const EU_ESOP: Policy = {
  name: 'EU_ESOP',
  estimator: COMMON_ESTIMATOR,
  restrictions: {
    PARKED: UNRESTRICTED_DISPLAYS,
    IDLING: { driver: { flags: ['NO_VIDEO'] }, passenger: NONE },
    MOVING: {
      LOW: driving([], { maxStringLength: 120, maxListItems: 10, maxCumulativeItems: 30, maxContentDepth: 4, maxTaskSteps: 8, maxVoiceTurns: 4, minRefreshIntervalMs: 500 }),
      MEDIUM: driving(['NO_FILTERING'], AAOS_LIMITS),
      HIGH: driving(['NO_FILTERING', 'NO_DIALPAD', 'VOICE_PREFERRED'], { ...AAOS_LIMITS, maxStringLength: 80 }),
    },
  },
  categories: CATEGORY_RULES,
  payments: PAYMENTS,
};

/** JAMA guideline: in motion, text of at most 31 characters at a time, no video, no text entry. */
export const JP_JAMA: Policy = {
  name: 'JP_JAMA',
  estimator: COMMON_ESTIMATOR,
  restrictions: {
    PARKED: UNRESTRICTED_DISPLAYS,
    IDLING: { driver: { flags: ['NO_VIDEO'] }, passenger: NONE },
    MOVING: {
      LOW: driving(['NO_DIALPAD'], { ...AAOS_LIMITS, maxStringLength: 31 }),
      MEDIUM: driving(['NO_DIALPAD', 'NO_FILTERING'], { ...AAOS_LIMITS, maxStringLength: 31 }),
      HIGH: driving(['NO_DIALPAD', 'NO_FILTERING', 'VOICE_PREFERRED'], { ...AAOS_LIMITS, maxStringLength: 31 }),
    },
  },
  categories: CATEGORY_RULES,
  payments: PAYMENTS,
};

const STRICT_LIMITS = { maxStringLength: 31, maxListItems: 6, maxCumulativeItems: 21, maxContentDepth: 3, maxTaskSteps: 6, maxVoiceTurns: 3, minRefreshIntervalMs: 1000 };
const STRICT_DRIVING = driving(['NO_DIALPAD', 'NO_FILTERING', 'VOICE_PREFERRED'], STRICT_LIMITS);

/** The strictest of the three everywhere, with longer dwell and wider hysteresis: for markets without a rule of their own. */
export const GLOBAL_STRICT: Policy = {
  name: 'GLOBAL_STRICT',
  estimator: { ...COMMON_ESTIMATOR, bandHysteresisKmh: 5, relaxDwellMs: 3000 },
  restrictions: {
    PARKED: UNRESTRICTED_DISPLAYS,
    IDLING: STRICT_DRIVING,
    MOVING: { LOW: STRICT_DRIVING, MEDIUM: STRICT_DRIVING, HIGH: STRICT_DRIVING },
  },
  categories: CATEGORY_RULES,
  payments: { readBackMaxChars: 50, confirmTimeoutMs: 8000 },
};

export const PRESETS: Readonly<Record<string, Policy>> = { US_NHTSA, EU_ESOP, JP_JAMA, GLOBAL_STRICT };
export type PresetName = keyof typeof PRESETS;
