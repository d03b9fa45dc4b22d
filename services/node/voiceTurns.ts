/**
 * What the assistant decides at the end of each turn, apart from audio: the policy's turn budget
 * and open-page decision, out-of-grammar speech, commands heard with too little certainty (an
 * act is read back and needs a yes), a payment waiting for its spoken yes (within the policy's
 * time, counted from the question), and a reply for every outcome (voice/common/prompts.ts).
 * The VoiceAssistant feeds it turns; tests feed it recognitions directly.
 */
import { PLATFORM } from '../../voice/common/intents.js';
import type { Reply, TimeoutReason, Timers, Turn } from '../../voice/common/pipeline.js';
import { commandQuestion, PROMPTS, silenceReply } from '../../voice/common/prompts.js';
import type { Recognition } from '../../voice/common/recognizer.js';
import { CONFIDENT_MARGIN, heardForCertain } from '../../voice/common/recognizer.js';
import type { VoiceCommands } from './voiceDispatch.js';

/** One line of the voice timeline (the simulator shows them; the CLI prints them). */
export interface VoiceLogEntry {
  /** Seconds on the audio's sample clock. */
  readonly t: number;
  readonly event: 'wake' | 'transcript' | 'intent' | 'decision' | 'reply' | 'timeout' | 'error' | 'state' | 'notice';
  readonly text: string;
}

/** What the turns need of the head unit. */
export interface TurnHost {
  readonly commands: Pick<VoiceCommands, 'match' | 'hear'>;
  /** The driver display's restrictions now. */
  readonly restrictions: () => { readonly state: string; readonly flags: readonly string[]; readonly maxVoiceTurns: number | null };
  /** May the app's intent page be opened now? (the policy's open-page decision) */
  readonly mayOpen: (appId: string) => { readonly allowed: boolean; readonly reason: string };
  /** The driver's answer to the payment waiting for it. */
  readonly answer: (accepted: boolean) => void;
}

interface PendingPayment {
  readonly appName: string;
  readonly windowMs: number;
  deadline?: unknown;
}

export class VoiceTurns {
  private payment: PendingPayment | undefined;
  /** The payment's time ran out while the driver was still being listened to: that turn ends "Cancelled." */
  private expired = false;
  /** A command heard with too little certainty, read back and waiting for a yes. */
  private unsure: { readonly text: string; readonly label: string } | undefined;

  constructor(private readonly host: TurnHost & { readonly log: (sample: number, event: VoiceLogEntry['event'], text: string) => void; readonly timers: Timers }) {}

  /** A payment waits for a spoken yes, given within `windowMs` of the question (0: no limit here). */
  confirm(appName: string, windowMs: number): void {
    this.settlePayment();
    this.expired = false;
    this.payment = { appName, windowMs };
  }

  /** Listening began: a payment's time to answer starts now, after its question was said. */
  listening(sample: number): void {
    const payment = this.payment;
    if (!payment || payment.deadline !== undefined || payment.windowMs <= 0) return;
    payment.deadline = this.host.timers.set(() => {
      if (this.payment !== payment) return;
      this.payment = undefined;
      this.expired = true;
      this.host.answer(false);
      this.host.log(sample, 'decision', `no answer within ${payment.windowMs / 1000} s of the question: cancelled`);
    }, payment.windowMs);
  }

  private settlePayment(): void {
    if (this.payment?.deadline !== undefined) this.host.timers.clear(this.payment.deadline);
    this.payment = undefined;
  }

  private isYes(text: string | null): boolean {
    return text !== null && this.host.commands.match(text)?.intent === 'confirm';
  }

  heard(recognition: Recognition, turn: Turn): Reply {
    const at = turn.end;
    const log = this.host.log;
    const text = recognition.accepted ? recognition.transcript : null;
    const budget = this.host.restrictions().maxVoiceTurns;
    if (this.expired) {
      this.expired = false;
      return { say: PROMPTS.cancelled };
    }
    const unsure = this.unsure;
    if (unsure) {
      this.unsure = undefined;
      const yes = this.isYes(text);
      if (yes && budget !== null && turn.turn > budget) {
        log(at, 'decision', `turn ${turn.turn} of at most ${budget} while driving: nothing done`);
        return { say: PROMPTS.parkedOnly };
      }
      log(at, 'decision', yes ? `confirmed: ${unsure.label}` : `not confirmed ("${text ?? 'not understood'}"): nothing done`);
      if (!yes) return { say: PROMPTS.cancelled };
      const outcome = this.host.commands.hear(unsure.text);
      return { say: outcome.spoken ?? PROMPTS.confirmed };
    }
    const payment = this.payment;
    if (payment) {
      this.settlePayment();
      const yes = this.isYes(text);
      if (budget !== null && turn.turn > budget) {
        this.host.answer(false);
        log(at, 'decision', `turn ${turn.turn} of at most ${budget} while driving: the payment is cancelled`);
        return { say: PROMPTS.parkedOnly };
      }
      this.host.answer(yes);
      log(at, 'decision', yes ? `confirmed: ${payment.appName}` : `not confirmed ("${text ?? 'not understood'}"): cancelled`);
      return { say: yes ? PROMPTS.confirmed : PROMPTS.cancelled };
    }
    if (text === null) {
      log(at, 'decision', `not understood${recognition.free ? ` (heard "${recognition.free}")` : ''}: nothing done`);
      return { say: PROMPTS.notCaught };
    }
    if (budget !== null && turn.turn > budget) {
      log(at, 'decision', `turn ${turn.turn} of at most ${budget} while driving: nothing done`);
      return { say: PROMPTS.parkedOnly };
    }
    const intent = this.host.commands.match(text);
    if (!intent) {
      log(at, 'decision', 'no intent matches: nothing done');
      return { say: PROMPTS.notCaught };
    }
    log(at, 'intent', `${intent.owner}.${intent.intent}${Object.keys(intent.slots).length > 0 ? ` ${JSON.stringify(intent.slots)}` : ''}`);
    if (intent.owner !== PLATFORM) {
      const decision = this.host.mayOpen(intent.owner);
      if (!decision.allowed) {
        log(at, 'decision', `denied: ${decision.reason}`);
        return { say: PROMPTS.parkedOnly };
      }
      log(at, 'decision', `allowed: ${decision.reason}`);
      // Never act on a guess: a command that acts, heard with little certainty, is read back first.
      if (intent.effect === 'acts' && !heardForCertain(recognition)) {
        const label = text.charAt(0).toUpperCase() + text.slice(1);
        this.unsure = { text, label };
        const margin = recognition.margin === null ? 'none' : recognition.margin.toFixed(1);
        const why = (recognition.margin ?? Number.NEGATIVE_INFINITY) < CONFIDENT_MARGIN ? `margin ${margin}, below ${CONFIDENT_MARGIN}` : `margin ${margin}, but the free transcription "${recognition.free ?? ''}" shares no word`;
        log(at, 'decision', `unsure (${why}): read back first`);
        return { say: commandQuestion(label), listen: true };
      }
    } else if (intent.intent === 'confirm' || intent.intent === 'cancel') {
      log(at, 'decision', 'nothing was asked: nothing done');
      return { say: PROMPTS.nothingAsked };
    }
    const outcome = this.host.commands.hear(text);
    if (intent.owner === PLATFORM) log(at, 'decision', outcome.result);
    return outcome.spoken ? { say: outcome.spoken } : {};
  }

  silent(turn: Turn, reason: TimeoutReason | 'error'): Reply {
    const log = this.host.log;
    if (this.expired) {
      this.expired = false;
      return { say: PROMPTS.cancelled };
    }
    if (this.unsure) {
      this.unsure = undefined;
      log(turn.end, 'decision', `no answer (${reason}): nothing done`);
      return { say: PROMPTS.cancelled };
    }
    if (this.payment) {
      this.settlePayment();
      this.host.answer(false);
      log(turn.end, 'decision', `no answer (${reason}): cancelled`);
      return { say: PROMPTS.cancelled };
    }
    // Always an answer: the driver woke the assistant and hears why nothing happened.
    log(turn.end, 'decision', `nothing heard (${reason}): nothing done`);
    return { say: silenceReply(reason) };
  }

  close(): void {
    this.settlePayment();
  }
}
