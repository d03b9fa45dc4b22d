/**
 * Every sentence the assistant says, in one place: the voice bar shows it, the speaker says it,
 * and a dialog that waits for a spoken answer shows the same question. No outcome is silent:
 * each turn ends in one of these or in an app's own reply.
 */
import type { TimeoutReason } from './pipeline.js';

export const PROMPTS = {
  notCaught: "Sorry, I didn't catch that.",
  tooSlow: 'Sorry, that took too long. Please say it again.',
  failed: 'Sorry, something went wrong. Please try again.',
  parkedOnly: 'That has to wait until you are parked.',
  confirmed: 'Done.',
  cancelled: 'Cancelled.',
  nothingAsked: 'There is nothing to confirm.',
} as const;

/** The question before a payment taken only by voice: what, how much, and the two answers the grammar hears. */
export function paymentQuestion(readBack: string): string {
  return `${readBack}. Say "yes" to pay, or "cancel".`;
}

/** The question before a command heard with too little certainty: what will happen, and the two answers. */
export function commandQuestion(readBack: string): string {
  return `${readBack}? Say "yes" or "cancel".`;
}

/** What the driver hears when a turn ends with nothing understood. */
export function silenceReply(reason: TimeoutReason | 'error'): string {
  if (reason === 'thinking') return PROMPTS.tooSlow;
  if (reason === 'error') return PROMPTS.failed;
  return PROMPTS.notCaught;
}
