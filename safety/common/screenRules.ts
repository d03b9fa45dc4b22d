/**
 * What an app's screen may show right now: the restriction set turned once into the rules the
 * system UI draws by, the host APIs answer by and `app validate` reviews by. Nothing else reads
 * flag strings to decide what is drawn: a change of meaning happens here, for all of them.
 */
import type { RestrictionSet } from './restrictions.js';
import { FULLY_RESTRICTED } from './restrictions.js';

export interface ScreenRules {
  /** False only when parked: then nothing below limits the screen. */
  readonly restricted: boolean;
  /** Pages the app did not declare driving-optimised are covered by the system's lockout card. */
  readonly lockUnoptimisedPages: boolean;
  /** Characters of one text the driver reads (a text node, a title, a dialog's message, a toast, a choice); null: no limit. */
  readonly maxTextLength: number | null;
  /** Items of one list (a loop, a picker, a swiper, an action sheet); null: no limit. */
  readonly maxListItems: number | null;
  /** Items of every list on the screen together, nested lists included; null: no limit. */
  readonly maxCumulativeItems: number | null;
  /** Pages above the first one on the app's stack; null: no limit. */
  readonly maxDepth: number | null;
  readonly keyboard: boolean;
  readonly video: boolean;
  /** Swiper autoplay, scroll-into-view and the like. */
  readonly autoscroll: boolean;
  /** Pictures the app has not marked as needed while driving. */
  readonly nonDrivingImages: boolean;
  /** Generated content from the app's CSS (text the host cannot count). */
  readonly generatedContent: boolean;
  readonly voicePreferred: boolean;
}

export const PARKED_SCREEN: ScreenRules = {
  restricted: false,
  lockUnoptimisedPages: false,
  maxTextLength: null,
  maxListItems: null,
  maxCumulativeItems: null,
  maxDepth: null,
  keyboard: true,
  video: true,
  autoscroll: true,
  nonDrivingImages: true,
  generatedContent: true,
  voicePreferred: false,
};

/**
 * The screen rules for a restriction set while not parked (`parked` false) or parked. Not
 * parked includes IDLING and UNKNOWN: pages not declared driving-optimised are covered then too,
 * and the depth limit applies whether or not the set limits content (the same rule as
 * `decide('open-page')`).
 */
export function screenRules(set: RestrictionSet, parked: boolean): ScreenRules {
  if (parked) return PARKED_SCREEN;
  const flags = set.flags;
  const params = set.params;
  const content = flags.has('LIMIT_CONTENT');
  return {
    restricted: true,
    lockUnoptimisedPages: true,
    maxTextLength: flags.has('LIMIT_STRING_LENGTH') ? params.maxStringLength : null,
    maxListItems: content ? params.maxListItems : null,
    maxCumulativeItems: content ? (params.maxCumulativeItems ?? params.maxListItems) : null,
    maxDepth: params.maxContentDepth,
    keyboard: !flags.has('NO_KEYBOARD'),
    video: !flags.has('NO_VIDEO'),
    autoscroll: !flags.has('NO_AUTOSCROLL'),
    nonDrivingImages: !flags.has('NO_NONDRIVING_IMAGES'),
    generatedContent: false,
    voicePreferred: flags.has('VOICE_PREFERRED'),
  };
}

/** May a page `depth` levels above the first be opened? One rule for the policy and the host. */
export function depthAllowed(rules: Pick<ScreenRules, 'maxDepth'>, depth: number): boolean {
  return rules.maxDepth === null || depth <= rules.maxDepth;
}

/** `text` cut to the rules' length, with an ellipsis. */
export function cutText(rules: Pick<ScreenRules, 'maxTextLength'> | null, text: string): string {
  const limit = rules?.maxTextLength ?? null;
  return limit !== null && text.length > limit ? `${text.slice(0, Math.max(0, limit - 1))}…` : text;
}

/** The strictest screen: before the driving state is known, and for a category no rule names. */
export const STRICTEST_SCREEN: ScreenRules = screenRules(FULLY_RESTRICTED, false);
