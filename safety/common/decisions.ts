/**
 * The one question the platform asks: may this app, on this display, do this action now, and
 * by which modality? The answer names its reason so the UI and the voice can say it.
 */
import type { DrivingStatus } from './estimator.js';
import type { PaymentSettings } from './policy.js';
import type { Flag, RestrictionSet } from './restrictions.js';
import { depthAllowed } from './screenRules.js';

export const ACTIONS = [
  'open-page',
  'browse-list',
  'read-text',
  'enter-text',
  'search',
  'dial',
  'send-message',
  'play-video',
  'show-image',
  'open-web-content',
  'change-settings',
  'enter-destination',
  'pay-stored-method',
  'add-payment-method',
] as const;

export type Action = (typeof ACTIONS)[number];

/** touch: as asked; voice: by voice only; voice-confirm: by voice with a read-back and one explicit yes; denied. */
export type Modality = 'touch' | 'voice' | 'voice-confirm' | 'denied';

export interface ActionContext {
  /** Navigation depth of the page being opened (open-page). */
  readonly depth?: number;
  /** Items in the list being shown (browse-list). */
  readonly items?: number;
  /** Characters of the text being shown (read-text). */
  readonly characters?: number;
  /** Touches already spent on the current task. */
  readonly stepsSoFar?: number;
  /** For pay-stored-method: what the read-back says (trimmed to the policy's length). */
  readonly readBack?: string;
}

export interface Decision {
  readonly action: Action;
  readonly modality: Modality;
  readonly reason: string;
  /** For list actions under LIMIT_CONTENT: show at most this many items. */
  readonly limit?: number;
  /** For voice-confirm: what to read back and how long to wait for the yes. */
  readonly confirmation?: { readonly readBack: string; readonly timeoutMs: number };
  /** The restriction asks apps to offer voice first, though touch is allowed. */
  readonly preferVoice: boolean;
}

/** Decides an action under a restriction set. UNKNOWN status is already fully restricted in `set`. */
export function decide(set: RestrictionSet, status: DrivingStatus, action: Action, context: ActionContext, payments: PaymentSettings): Decision {
  const flags = set.flags;
  const params = set.params;
  const preferVoice = flags.has('VOICE_PREFERRED');
  const decision = (modality: Modality, reason: string, extra: Partial<Decision> = {}): Decision => ({ action, modality, reason, preferVoice, ...extra });
  /** Touch if `flag` is not set; else voice, unless voice transcription is ruled out too. */
  const touchOrVoice = (flag: Flag, what: string): Decision => {
    if (!flags.has(flag)) return decision('touch', 'allowed');
    if (flags.has('NO_VOICE_TRANSCRIPTION')) return decision('denied', `${flag}: ${what} is not possible now, and NO_VOICE_TRANSCRIPTION rules out voice`);
    return decision('voice', `${flag}: ${what} by voice only while driving`);
  };

  const steps = params.maxTaskSteps;
  if (steps !== null && (context.stepsSoFar ?? 0) >= steps && action !== 'pay-stored-method') {
    return decision('denied', `the task has taken ${context.stepsSoFar} touches; at most ${steps} while ${status.state.toLowerCase()}: finish it by voice or when parked`);
  }
  switch (action) {
    case 'open-page': {
      const depth = params.maxContentDepth;
      if (!depthAllowed({ maxDepth: depth }, context.depth ?? 0)) return decision('denied', `LIMIT_CONTENT: pages deeper than ${depth} levels wait until parked`);
      return decision('touch', 'allowed');
    }
    case 'browse-list': {
      const limit = params.maxListItems;
      if (flags.has('LIMIT_CONTENT') && limit !== null && (context.items ?? 0) > limit) {
        return decision('touch', `LIMIT_CONTENT: the first ${limit} items`, { limit });
      }
      return decision('touch', 'allowed');
    }
    case 'read-text': {
      const limit = params.maxStringLength;
      if (flags.has('LIMIT_STRING_LENGTH') && limit !== null && (context.characters ?? 0) > limit) {
        return decision('voice', `LIMIT_STRING_LENGTH: text over ${limit} characters is read aloud`, { limit });
      }
      return decision('touch', 'allowed');
    }
    case 'enter-text':
      return touchOrVoice('NO_KEYBOARD', 'text entry');
    case 'enter-destination':
      return touchOrVoice('NO_KEYBOARD', 'destination entry');
    case 'search':
      return touchOrVoice('NO_FILTERING', 'searching and filtering');
    case 'dial':
      return touchOrVoice('NO_DIALPAD', 'dialling');
    case 'send-message':
      if (!flags.has('NO_TEXT_MESSAGE')) return decision('touch', 'allowed');
      if (flags.has('NO_VOICE_TRANSCRIPTION')) return decision('denied', 'NO_TEXT_MESSAGE and NO_VOICE_TRANSCRIPTION: messages wait until parked');
      return decision('voice-confirm', 'NO_TEXT_MESSAGE: dictate, hear it read back, confirm', {
        confirmation: { readBack: (context.readBack ?? '').slice(0, payments.readBackMaxChars), timeoutMs: payments.confirmTimeoutMs },
      });
    case 'play-video':
      return flags.has('NO_VIDEO') ? decision('denied', 'NO_VIDEO: video waits until parked') : decision('touch', 'allowed');
    case 'show-image':
      return flags.has('NO_NONDRIVING_IMAGES') ? decision('denied', 'NO_NONDRIVING_IMAGES: pictures wait until parked') : decision('touch', 'allowed');
    case 'open-web-content':
      return flags.has('NO_WEB_CONTENT') ? decision('denied', 'NO_WEB_CONTENT: web pages wait until parked') : decision('touch', 'allowed');
    case 'change-settings':
      return flags.has('NO_SETUP') ? decision('denied', 'NO_SETUP: settings wait until parked') : decision('touch', 'allowed');
    case 'add-payment-method':
      return flags.has('NO_NEW_PAYMENT_METHOD') ? decision('denied', 'NO_NEW_PAYMENT_METHOD: add a payment method when parked') : decision('touch', 'allowed');
    case 'pay-stored-method': {
      if (status.state === 'PARKED') return decision('touch', 'allowed');
      // While not parked: the stored method only, a short read-back, one explicit yes, cancelled on timeout.
      const readBack = (context.readBack ?? '').slice(0, payments.readBackMaxChars);
      return decision('voice-confirm', `not parked (${status.state.toLowerCase()}): stored method only, confirm by voice`, {
        confirmation: { readBack, timeoutMs: payments.confirmTimeoutMs },
      });
    }
  }
}
