/**
 * The driver's voice, end to end: audio from the source → wake word → the command recognised
 * against a grammar of the active intents → the policy asked (turn budget, the app's page) →
 * carried out by VoiceCommands → a short spoken reply. A payment the policy will only take by
 * voice is read back and needs an explicit "yes"/"confirm"; silence or anything else cancels.
 * The UI is told the state within the frame that changed it (the listening cue) and the
 * transcript unless the policy rules transcription out (NO_VOICE_TRANSCRIPTION).
 */
import type { EndpointSettings } from '../../voice/common/endpointer.js';
import { buildGrammar } from '../../voice/common/grammar.js';
import { PLATFORM } from '../../voice/common/intents.js';
import { PROMPTS, silenceReply } from '../../voice/common/prompts.js';
import type { Dialogue, Reply, Speaker, TimeoutReason, Turn, VoiceEvent } from '../../voice/common/pipeline.js';
import type { VoiceView } from '../common/protocol.js';
import { VoicePipeline } from '../../voice/common/pipeline.js';
import type { Recognition } from '../../voice/common/recognizer.js';
import type { WakeWordEngine } from '../../voice/common/wakeWord.js';
import type { AudioSource } from '../../voice/node/audioSources.js';
import { inDictionary, OfflineCommandRecognizer } from '../../voice/node/commandRecognizer.js';
import type { WakeSettings } from '../../voice/node/engines.js';
import { openWakeEngine } from '../../voice/node/engines.js';
import { NODE_TIMERS } from '../../voice/node/nodePipeline.js';
import type { VoiceCommands } from './voiceDispatch.js';

/** What the assistant needs of the head unit. */
export interface VoiceHost {
  readonly commands: VoiceCommands;
  /** The driver display's restrictions now. */
  readonly restrictions: () => { readonly state: string; readonly flags: readonly string[]; readonly maxVoiceTurns: number | null };
  /** May the app's intent page be opened now? (the policy's open-page decision) */
  readonly mayOpen: (appId: string) => { readonly allowed: boolean; readonly reason: string };
  readonly answer: (accepted: boolean) => void;
  readonly view: (view: VoiceView) => void;
}


/** One line of the voice timeline (the simulator shows them; the CLI prints them). */
export interface VoiceLogEntry {
  /** Seconds on the audio's sample clock. */
  readonly t: number;
  readonly event: 'wake' | 'transcript' | 'intent' | 'decision' | 'reply' | 'timeout' | 'error' | 'state' | 'notice';
  readonly text: string;
}

export interface VoiceSetup {
  readonly wake: WakeSettings;
  readonly source: AudioSource;
  readonly speaker: Speaker;
  readonly endpointing?: Partial<EndpointSettings>;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const LOG_LIMIT = 200;
const SAMPLE_RATE = 16_000;

export class VoiceAssistant implements Dialogue {
  readonly pipeline: VoicePipeline;
  readonly wake: WakeWordEngine;
  readonly notice: string | null;
  private recognizer: { readonly key: string; readonly recognizer: OfflineCommandRecognizer } | undefined;
  private readonly retired: OfflineCommandRecognizer[] = [];
  private pendingConfirmation: { readonly appName: string; readonly windowMs: number; deadline?: unknown } | undefined;
  /** The confirmation ran out while the driver was still being listened to: that turn ends "Cancelled." */
  private expiredConfirmation = false;
  private readonly entries: VoiceLogEntry[] = [];
  private transcript: string | null = null;
  private reply: string | null = null;
  /** What the grammar left out (words the dictionary lacks), said once per grammar. */
  skipped: readonly string[] = [];

  constructor(
    private readonly host: VoiceHost,
    private readonly setup: VoiceSetup,
  ) {
    const opened = openWakeEngine(setup.wake, setup.env);
    this.wake = opened.engine;
    this.notice = opened.notice ?? null;
    if (this.notice) this.log(0, 'notice', this.notice);
    this.pipeline = new VoicePipeline({
      wake: this.wake,
      recognizer: () => this.currentRecognizer(),
      dialogue: this,
      speaker: setup.speaker,
      settings: setup.endpointing ? { endpointing: { ...setup.endpointing } as EndpointSettings } : {},
      timers: NODE_TIMERS,
    });
    this.pipeline.on((event) => this.observe(event));
    // The recogniser for the installed apps is started now, not at the first wake word.
    this.currentRecognizer();
    setup.source.start((frame) => this.pipeline.process(frame));
  }

  /** The voice timeline, oldest first. */
  timeline(): readonly VoiceLogEntry[] {
    return this.entries;
  }

  private log(sample: number, event: VoiceLogEntry['event'], text: string): void {
    this.entries.push({ t: Math.round((sample / SAMPLE_RATE) * 100) / 100, event, text });
    if (this.entries.length > LOG_LIMIT) this.entries.shift();
  }

  /** The recogniser for the intents active now; rebuilt when the installed apps change. */
  private currentRecognizer(): OfflineCommandRecognizer {
    const sources = this.host.commands.sources();
    const key = JSON.stringify(sources.map((source) => [source.owner, source.intents]));
    if (this.recognizer?.key === key) return this.recognizer.recognizer;
    const pronunciations = this.setup.wake.pronunciations ?? {};
    const grammar = buildGrammar(sources, {
      isKnown: (word) => inDictionary(word, pronunciations),
      appNames: sources.filter((source) => source.owner !== PLATFORM).map((source) => source.label),
    });
    this.skipped = grammar.skipped;
    // The old one may still owe an answer; it goes once the new one has been used a while.
    if (this.recognizer) this.retired.push(this.recognizer.recognizer);
    while (this.retired.length > 1) this.retired.shift()?.close();
    const recognizer = new OfflineCommandRecognizer({ grammar: grammar.jsgf, pronunciations });
    this.recognizer = { key, recognizer };
    return recognizer;
  }

  private transcriptShown(): boolean {
    return !this.host.restrictions().flags.includes('NO_VOICE_TRANSCRIPTION');
  }

  private observe(event: VoiceEvent): void {
    switch (event.type) {
      case 'wake':
        this.transcript = null;
        this.reply = null;
        this.log(event.sample, 'wake', `${event.phrase} (${event.engine}${event.bargeIn ? ', barge-in' : ''})`);
        break;
      case 'transcript':
        this.log(event.sample, 'transcript', `${event.recognition.accepted ? (event.recognition.transcript ?? '') : `(out of grammar) ${event.recognition.free ?? ''}`}`.trim());
        this.transcript = event.recognition.accepted ? event.recognition.transcript : null;
        break;
      case 'reply':
        this.reply = event.text;
        this.log(event.sample, 'reply', event.text);
        break;
      case 'timeout':
        this.log(event.sample, 'timeout', event.reason);
        break;
      case 'error':
        this.log(event.sample, 'error', event.message);
        break;
      case 'state':
        // The answer's time starts once the question has been said and listening begins.
        if (event.state === 'listening' && this.pendingConfirmation && this.pendingConfirmation.deadline === undefined && this.pendingConfirmation.windowMs > 0) {
          const pending = this.pendingConfirmation;
          pending.deadline = NODE_TIMERS.set(() => this.expire(pending, event.sample), pending.windowMs);
        }
        break;
    }
    if (event.type === 'state' || event.type === 'transcript' || event.type === 'reply' || event.type === 'wake') {
      this.host.view({ state: this.pipeline.state, transcript: this.transcriptShown() ? this.transcript : null, reply: this.reply, notice: this.notice });
    }
  }

  /** No yes within the policy's time after the question: cancelled. */
  private expire(pending: NonNullable<VoiceAssistant['pendingConfirmation']>, sample: number): void {
    if (this.pendingConfirmation !== pending) return;
    this.pendingConfirmation = undefined;
    this.expiredConfirmation = true;
    this.host.answer(false);
    this.log(sample, 'decision', `no answer within ${pending.windowMs / 1000} s of the question: cancelled`);
  }

  private settleConfirmation(): void {
    if (this.pendingConfirmation?.deadline !== undefined) NODE_TIMERS.clear(this.pendingConfirmation.deadline);
    this.pendingConfirmation = undefined;
  }

  heard(recognition: Recognition, turn: Turn): Reply {
    const at = turn.end;
    const text = recognition.accepted ? recognition.transcript : null;
    const confirming = this.pendingConfirmation;
    const budget = this.host.restrictions().maxVoiceTurns;
    if (this.expiredConfirmation) {
      this.expiredConfirmation = false;
      return { say: PROMPTS.cancelled };
    }
    if (confirming) {
      this.settleConfirmation();
      const yes = text !== null && this.host.commands.match(text)?.intent === 'confirm';
      if (budget !== null && turn.turn > budget) {
        this.host.answer(false);
        this.log(at, 'decision', `turn ${turn.turn} of at most ${budget} while driving: the payment is cancelled`);
        return { say: PROMPTS.parkedOnly };
      }
      this.host.answer(yes);
      this.log(at, 'decision', yes ? `confirmed: ${confirming.appName}` : `not confirmed ("${text ?? 'not understood'}"): cancelled`);
      return { say: yes ? PROMPTS.confirmed : PROMPTS.cancelled };
    }
    if (text === null) {
      this.log(at, 'decision', `not understood${recognition.free ? ` (heard "${recognition.free}")` : ''}: nothing done`);
      return { say: PROMPTS.notCaught };
    }
    if (budget !== null && turn.turn > budget) {
      this.log(at, 'decision', `turn ${turn.turn} of at most ${budget} while driving: nothing done`);
      return { say: PROMPTS.parkedOnly };
    }
    const intent = this.host.commands.match(text);
    if (!intent) {
      this.log(at, 'decision', 'no intent matches: nothing done');
      return { say: PROMPTS.notCaught };
    }
    this.log(at, 'intent', `${intent.owner}.${intent.intent}${Object.keys(intent.slots).length > 0 ? ` ${JSON.stringify(intent.slots)}` : ''}`);
    if (intent.owner !== PLATFORM) {
      const decision = this.host.mayOpen(intent.owner);
      if (!decision.allowed) {
        this.log(at, 'decision', `denied: ${decision.reason}`);
        return { say: PROMPTS.parkedOnly };
      }
      this.log(at, 'decision', `allowed: ${decision.reason}`);
    } else if (intent.intent === 'confirm' || intent.intent === 'cancel') {
      this.log(at, 'decision', 'nothing was asked: nothing done');
      return { say: PROMPTS.nothingAsked };
    }
    const outcome = this.host.commands.hear(text);
    if (intent.owner === PLATFORM) this.log(at, 'decision', outcome.result);
    return outcome.spoken ? { say: outcome.spoken } : {};
  }

  silent(turn: Turn, reason: TimeoutReason | 'error'): Reply {
    if (this.expiredConfirmation) {
      this.expiredConfirmation = false;
      return { say: PROMPTS.cancelled };
    }
    if (this.pendingConfirmation) {
      this.settleConfirmation();
      this.host.answer(false);
      this.log(turn.end, 'decision', `no answer (${reason}): cancelled`);
      return { say: PROMPTS.cancelled };
    }
    // Always an answer: the driver woke the assistant and hears why nothing happened.
    this.log(turn.end, 'decision', `nothing heard (${reason}): nothing done`);
    return { say: silenceReply(reason) };
  }

  /**
   * A payment the policy takes only by voice: its question (paymentQuestion, the same words the
   * dialog shows) is asked, then the answer is heard without the wake word. Anything but an
   * explicit yes cancels it.
   */
  confirm(appName: string, question: string, answerWithinMs = 0): void {
    this.settleConfirmation();
    this.expiredConfirmation = false;
    this.pendingConfirmation = { appName, windowMs: answerWithinMs };
    this.log(this.pipeline.head, 'decision', `${appName} asks for a confirmation by voice: ${question}`);
    this.pipeline.ask(question);
  }

  close(): void {
    this.settleConfirmation();
    this.setup.source.stop();
    this.pipeline.close();
    this.wake.close();
    this.recognizer?.recognizer.close();
    for (const recognizer of this.retired) recognizer.close();
  }
}
