/**
 * The voice pipeline: IDLE → (wake word) → LISTENING → (end of speech) → THINKING → (reply) →
 * SPEAKING → IDLE, or back to LISTENING when the reply asked a question. Every state has a
 * watchdog, so a recogniser that hangs or a speaker that never finishes returns the driver to
 * IDLE with a timeout event rather than leaving the microphone open. A new wake word in any
 * state stops what is going on (barge-in) and listens afresh.
 *
 * Audio arrives in frames on the sample clock; listening and endpointing are decided on it, so a
 * file fed faster than real time gets the same answer as a microphone. What was said is the
 * dialogue's business (services: intents, policy, confirmations); this only runs the turns.
 */
import type { AudioFrame } from './audio.js';
import { SAMPLE_RATE } from './audio.js';
import type { Endpoint, EndpointSettings } from './endpointer.js';
import { DEFAULT_ENDPOINTING, Endpointer, NoiseFloor } from './endpointer.js';
import type { Recognition, Recognizer } from './recognizer.js';
import { AudioRing } from './ring.js';
import type { WakeDetection, WakeWordEngine } from './wakeWord.js';

export type VoiceState = 'idle' | 'listening' | 'thinking' | 'speaking';

export type TimeoutReason = 'no-speech' | 'max-length' | 'listening' | 'thinking' | 'speaking';

/** One exchange: what the driver said in it and where (samples). */
export interface Turn {
  /** Counts conversations: a wake word (or push-to-talk) starts one. */
  readonly conversation: number;
  /** 1 for the command after the wake word, 2 for the answer to a question, … */
  readonly turn: number;
  readonly start: number;
  readonly end: number;
}

export type VoiceEvent =
  | { readonly type: 'state'; readonly state: VoiceState; readonly sample: number }
  | { readonly type: 'wake'; readonly sample: number; readonly engine: string; readonly phrase: string; readonly bargeIn: boolean }
  | { readonly type: 'timeout'; readonly sample: number; readonly reason: TimeoutReason }
  | { readonly type: 'transcript'; readonly sample: number; readonly recognition: Recognition; readonly turn: Turn }
  | { readonly type: 'reply'; readonly sample: number; readonly text: string }
  | { readonly type: 'error'; readonly sample: number; readonly message: string };

export interface Reply {
  /** Said to the driver (spoken, and shown in the voice bar). */
  readonly say?: string;
  /** A question was asked: listen for the answer without the wake word. */
  readonly listen?: boolean;
}

/** What the pipeline asks the platform: what to do with what was heard. */
export interface Dialogue {
  heard(recognition: Recognition, turn: Turn): Reply | Promise<Reply>;
  /** Nothing was said, or nothing could be made of it (a recogniser failure, a watchdog). */
  silent(turn: Turn, reason: TimeoutReason | 'error'): Reply;
}

export interface Speaker {
  /** Resolves when the text has been spoken or `stop` was called. */
  speak(text: string): Promise<void>;
  stop(): void;
}

/** Wall-clock timers for the watchdogs (injected by tests). */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface PipelineSettings {
  /**
   * Audio before the reported end of the wake word that goes to the recogniser too, seconds; an
   * engine whose stamp is an estimate adds its uncertainty (docs/adr/0015), and the grammar takes
   * any tail of the wake phrase heard there. The endpointer starts at the stamp, so a pause after
   * the wake phrase is still a pause.
   */
  readonly prerollSeconds: number;
  readonly endpointing: EndpointSettings;
  /** Watchdogs, ms of wall clock. */
  readonly thinkingTimeoutMs: number;
  readonly speakingTimeoutMs: number;
  /** A question's answer continues the conversation when it comes within this long, seconds. */
  readonly conversationGapSeconds: number;
}

export const DEFAULT_PIPELINE: PipelineSettings = {
  prerollSeconds: 0.05,
  endpointing: DEFAULT_ENDPOINTING,
  thinkingTimeoutMs: 4000,
  speakingTimeoutMs: 20_000,
  conversationGapSeconds: 20,
};

/** Audio kept for pre-roll and late wake reports, seconds. */
const RING_SECONDS = 12;

export interface PipelineParts {
  readonly wake: WakeWordEngine;
  /** The recogniser for the next turn (services swap it when the installed apps change). */
  readonly recognizer: () => Recognizer;
  readonly dialogue: Dialogue;
  readonly speaker: Speaker;
  readonly settings?: Partial<PipelineSettings>;
  /** The host's timers (voice/common runs anywhere, so it is handed them). */
  readonly timers: Timers;
}

export class VoicePipeline {
  private current: VoiceState = 'idle';
  private readonly settings: PipelineSettings;
  private readonly timers: Timers;
  private readonly ring = new AudioRing(RING_SECONDS * SAMPLE_RATE);
  private readonly floor = new NoiseFloor();
  private readonly listeners = new Set<(event: VoiceEvent) => void>();
  private readonly stopWake: () => void;
  /** Bumped whenever a turn is started or abandoned: late answers for an older one are dropped. */
  private generation = 0;
  private conversation = 0;
  private turnCount = 0;
  private lastTurnEnd = Number.NEGATIVE_INFINITY;
  /** `start`: the first sample the recogniser hears; `speechFrom`: the first the endpointer judges. */
  private listening: { readonly endpointer: Endpointer; readonly recognizer: Recognizer; readonly start: number; readonly speechFrom: number } | undefined;
  private watchdog: unknown;
  private questions: string[] = [];
  private waiters: (() => void)[] = [];

  constructor(private readonly parts: PipelineParts) {
    this.settings = { ...DEFAULT_PIPELINE, ...parts.settings, endpointing: { ...DEFAULT_PIPELINE.endpointing, ...parts.settings?.endpointing } };
    this.timers = parts.timers;
    this.stopWake = parts.wake.onDetection((detection) => this.woken(detection));
  }

  get state(): VoiceState {
    return this.current;
  }

  /** The sample after the last one heard. */
  get head(): number {
    return this.ring.head;
  }

  on(listener: (event: VoiceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next frame from the audio source (in order, no gaps). */
  process(frame: AudioFrame): void {
    this.ring.push(frame);
    if (this.current !== 'listening') this.floor.update(frame);
    const generation = this.generation;
    this.parts.wake.process(frame);
    // A wake word heard in this very frame has replayed it from the ring already.
    if (generation === this.generation && this.current === 'listening') this.listenTo(frame);
  }

  /** Push-to-talk: a conversation without the wake word, from now (already listening: carries on). */
  listen(): void {
    if (this.current === 'listening') return;
    this.abandon();
    this.conversation += 1;
    this.turnCount = 0;
    this.startTurn(this.ring.head);
  }

  /**
   * The platform asks the driver something (a payment's read-back): said when the pipeline is
   * free, then the answer is listened for without the wake word.
   */
  ask(question: string): void {
    this.questions.push(question);
    if (this.current === 'idle') this.nextQuestion();
  }

  /**
   * Resolves once what was heard has been recognised and answered (not thinking), so a file fed
   * as fast as it can be is heard as a microphone would be. Speaking does not hold it up.
   */
  settled(): Promise<void> {
    if (this.current !== 'thinking') return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.abandon();
    this.stopWake();
    this.listeners.clear();
  }

  private emit(event: VoiceEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private setState(state: VoiceState, sample: number, watchdogMs?: number, reason?: TimeoutReason): void {
    this.timers.clear(this.watchdog);
    this.watchdog = undefined;
    this.current = state;
    this.emit({ type: 'state', state, sample });
    if (watchdogMs !== undefined && reason) {
      const generation = this.generation;
      this.watchdog = this.timers.set(() => {
        if (generation === this.generation) this.timedOut(reason);
      }, watchdogMs);
    }
    if (state !== 'thinking') for (const resolve of this.waiters.splice(0)) resolve();
    if (state === 'idle') this.nextQuestion();
  }

  private woken(detection: WakeDetection): void {
    const bargeIn = this.current !== 'idle';
    this.abandon();
    this.conversation += 1;
    this.turnCount = 0;
    this.emit({ type: 'wake', sample: detection.endSample, engine: detection.engine, phrase: detection.phrase, bargeIn });
    const preroll = this.settings.prerollSeconds + (this.parts.wake.stampUncertaintySeconds ?? 0);
    const from = Math.max(this.ring.oldest, detection.endSample - Math.round(preroll * SAMPLE_RATE));
    this.startTurn(from, Math.max(from, detection.endSample));
  }

  /** Stops whatever is going on: the speaker, an answer not yet given, the watchdog. */
  private abandon(): void {
    this.generation += 1;
    this.timers.clear(this.watchdog);
    this.watchdog = undefined;
    if (this.current === 'speaking') this.parts.speaker.stop();
    this.listening = undefined;
  }

  private startTurn(from: number, speechFrom = from): void {
    this.generation += 1;
    this.turnCount += 1;
    const recognizer = this.parts.recognizer();
    recognizer.begin();
    this.listening = { endpointer: Endpointer.at(speechFrom, this.floor, this.settings.endpointing), recognizer, start: from, speechFrom };
    // A wall-clock watchdog too: a microphone that stops delivering must not leave us listening.
    this.setState('listening', speechFrom, (this.settings.endpointing.maxSeconds + 2) * 1000, 'listening');
    for (const frame of this.ring.since(from)) {
      if (this.current !== 'listening') break;
      this.listenTo(frame);
    }
  }

  private listenTo(frame: AudioFrame): void {
    const listening = this.listening;
    if (!listening) return;
    // A wake stamped a little ahead of the audio (an engine that hears the phrase before its
    // last sound ends) starts listening there, not at the frame that carried it.
    const skip = listening.start - frame.start;
    if (skip >= frame.samples.length) return;
    if (skip > 0) frame = { start: listening.start, samples: frame.samples.subarray(skip) };
    listening.recognizer.feed(frame.samples);
    const late = listening.speechFrom - frame.start;
    if (late >= frame.samples.length) return;
    const endpoint = listening.endpointer.push(late > 0 ? { start: listening.speechFrom, samples: frame.samples.subarray(late) } : frame);
    if (endpoint) this.endOfTurn(listening, endpoint);
  }

  private turnOf(start: number, end: number): Turn {
    return { conversation: this.conversation, turn: this.turnCount, start, end };
  }

  private endOfTurn(listening: NonNullable<VoicePipeline['listening']>, endpoint: Endpoint): void {
    this.listening = undefined;
    const generation = this.generation;
    const answer = listening.recognizer.end();
    if (endpoint.kind === 'no-speech') {
      answer.catch(() => undefined);
      this.emit({ type: 'timeout', sample: endpoint.at, reason: 'no-speech' });
      const turn = this.turnOf(listening.speechFrom, endpoint.at);
      this.lastTurnEnd = endpoint.at;
      this.respond(this.parts.dialogue.silent(turn, 'no-speech'), endpoint.at, generation);
      return;
    }
    if (endpoint.kind === 'max-length') this.emit({ type: 'timeout', sample: endpoint.end, reason: 'max-length' });
    const turn = this.turnOf(endpoint.start, endpoint.end);
    this.lastTurnEnd = endpoint.end;
    this.setState('thinking', endpoint.end, this.settings.thinkingTimeoutMs, 'thinking');
    answer.then(
      async (recognition) => {
        if (generation !== this.generation) return;
        this.emit({ type: 'transcript', sample: endpoint.end, recognition, turn });
        const reply = await this.parts.dialogue.heard(recognition, turn);
        if (generation === this.generation) this.respond(reply, endpoint.end, generation);
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.emit({ type: 'error', sample: endpoint.end, message: error instanceof Error ? error.message : String(error) });
        this.respond(this.parts.dialogue.silent(turn, 'error'), endpoint.end, generation);
      },
    );
  }

  private respond(reply: Reply, sample: number, generation: number): void {
    if (reply.say === undefined) {
      if (reply.listen) this.startTurn(this.ring.head);
      else this.setState('idle', sample);
      return;
    }
    this.emit({ type: 'reply', sample, text: reply.say });
    this.setState('speaking', sample, this.settings.speakingTimeoutMs, 'speaking');
    void this.parts.speaker.speak(reply.say).then(() => {
      if (generation !== this.generation) return;
      if (reply.listen) this.startTurn(this.ring.head);
      else this.setState('idle', this.ring.head);
    });
  }

  private timedOut(reason: TimeoutReason): void {
    const sample = this.ring.head;
    const listening = this.listening;
    this.abandon();
    if (listening) listening.recognizer.end().catch(() => undefined);
    this.emit({ type: 'timeout', sample, reason });
    if (reason === 'speaking') this.setState('idle', sample);
    else this.respond(this.parts.dialogue.silent(this.turnOf(listening?.speechFrom ?? sample, sample), reason), sample, this.generation);
  }

  private nextQuestion(): void {
    const question = this.questions.shift();
    if (question === undefined) return;
    const head = this.ring.head;
    // An answer soon after the last turn belongs to the same conversation (its turn budget).
    if ((head - this.lastTurnEnd) / SAMPLE_RATE > this.settings.conversationGapSeconds) {
      this.conversation += 1;
      this.turnCount = 0;
    }
    this.generation += 1;
    this.respond({ say: question, listen: true }, head, this.generation);
  }
}
