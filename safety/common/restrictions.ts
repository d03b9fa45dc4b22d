/**
 * What the driver may do right now, as flags and limits. The flag names of Android
 * Automotive's CarUxRestrictions are kept where they exist, so an integrator who knows AAOS
 * reads ours at once; the rest are Glovebox's own.
 */

export const FLAGS = [
  // Android Automotive OS (CarUxRestrictions).
  'NO_DIALPAD',
  'NO_FILTERING',
  'LIMIT_STRING_LENGTH',
  'NO_KEYBOARD',
  'NO_VIDEO',
  'LIMIT_CONTENT',
  'NO_SETUP',
  'NO_TEXT_MESSAGE',
  'NO_VOICE_TRANSCRIPTION',
  // Glovebox.
  'NO_AUTOSCROLL',
  'NO_NONDRIVING_IMAGES',
  'NO_WEB_CONTENT',
  'NO_NEW_PAYMENT_METHOD',
  'VOICE_PREFERRED',
  /** Lists show only the user's favourites and recent items (e.g. food ordering while moving). */
  'FAVOURITES_ONLY',
] as const;

export type Flag = (typeof FLAGS)[number];

/** Numeric limits. For all but minRefreshIntervalMs, lower is stricter; null means no limit. */
export interface RestrictionParams {
  /** Characters of one string shown to the driver. */
  readonly maxStringLength: number | null;
  /** Items of one list. */
  readonly maxListItems: number | null;
  /** Items across all lists of one task. */
  readonly maxCumulativeItems: number | null;
  /** Levels of navigation below the app's start page. */
  readonly maxContentDepth: number | null;
  /** Touches to complete one task (NHTSA: six). */
  readonly maxTaskSteps: number | null;
  /** What the driver says in one voice conversation (the command, then answers to questions). */
  readonly maxVoiceTurns: number | null;
  /** The shortest interval at which the app may change what is shown, ms (higher is stricter). */
  readonly minRefreshIntervalMs: number;
}

export const PARAM_NAMES = ['maxStringLength', 'maxListItems', 'maxCumulativeItems', 'maxContentDepth', 'maxTaskSteps', 'maxVoiceTurns', 'minRefreshIntervalMs'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

export interface RestrictionSet {
  readonly flags: ReadonlySet<Flag>;
  readonly params: RestrictionParams;
}

export const NO_LIMITS: RestrictionParams = {
  maxStringLength: null,
  maxListItems: null,
  maxCumulativeItems: null,
  maxContentDepth: null,
  maxTaskSteps: null,
  maxVoiceTurns: null,
  minRefreshIntervalMs: 0,
};

export const UNRESTRICTED: RestrictionSet = { flags: new Set(), params: NO_LIMITS };

/**
 * Everything restricted, the tightest limits: what the driver gets when the platform does not
 * know the driving state or has no valid policy. Voice stays, so the driver is never cut off.
 */
export const FULLY_RESTRICTED: RestrictionSet = {
  flags: new Set(FLAGS.filter((flag) => flag !== 'NO_VOICE_TRANSCRIPTION')),
  params: { maxStringLength: 30, maxListItems: 3, maxCumulativeItems: 6, maxContentDepth: 1, maxTaskSteps: 2, maxVoiceTurns: 2, minRefreshIntervalMs: 2000 },
};

function stricterLimit(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** The most restrictive combination: every flag of either, the tighter of each limit. */
export function combine(...sets: readonly RestrictionSet[]): RestrictionSet {
  const flags = new Set<Flag>();
  let params = NO_LIMITS;
  for (const set of sets) {
    for (const flag of set.flags) flags.add(flag);
    params = {
      maxStringLength: stricterLimit(params.maxStringLength, set.params.maxStringLength),
      maxListItems: stricterLimit(params.maxListItems, set.params.maxListItems),
      maxCumulativeItems: stricterLimit(params.maxCumulativeItems, set.params.maxCumulativeItems),
      maxContentDepth: stricterLimit(params.maxContentDepth, set.params.maxContentDepth),
      maxTaskSteps: stricterLimit(params.maxTaskSteps, set.params.maxTaskSteps),
      maxVoiceTurns: stricterLimit(params.maxVoiceTurns, set.params.maxVoiceTurns),
      minRefreshIntervalMs: Math.max(params.minRefreshIntervalMs, set.params.minRefreshIntervalMs),
    };
  }
  return { flags, params };
}

function limitAtLeastAsStrict(a: number | null, b: number | null): boolean {
  if (b === null) return true;
  return a !== null && a <= b;
}

/** True when `a` allows nothing that `b` forbids (every flag of b, every limit as tight). */
export function isAtLeastAsStrict(a: RestrictionSet, b: RestrictionSet): boolean {
  for (const flag of b.flags) if (!a.flags.has(flag)) return false;
  return (
    limitAtLeastAsStrict(a.params.maxStringLength, b.params.maxStringLength) &&
    limitAtLeastAsStrict(a.params.maxListItems, b.params.maxListItems) &&
    limitAtLeastAsStrict(a.params.maxCumulativeItems, b.params.maxCumulativeItems) &&
    limitAtLeastAsStrict(a.params.maxContentDepth, b.params.maxContentDepth) &&
    limitAtLeastAsStrict(a.params.maxTaskSteps, b.params.maxTaskSteps) &&
    limitAtLeastAsStrict(a.params.maxVoiceTurns, b.params.maxVoiceTurns) &&
    a.params.minRefreshIntervalMs >= b.params.minRefreshIntervalMs
  );
}

export function sameRestrictions(a: RestrictionSet, b: RestrictionSet): boolean {
  return isAtLeastAsStrict(a, b) && isAtLeastAsStrict(b, a);
}

/** Flags in the canonical order, for output and comparison. */
export function flagList(set: RestrictionSet): Flag[] {
  return FLAGS.filter((flag) => set.flags.has(flag));
}
