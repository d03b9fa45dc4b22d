/**
 * The driver's voice, end to end: audio from the source → wake word → the command recognised
 * against a grammar of the active intents → the policy asked (turn budget, the app's page) →
 * carried out by VoiceCommands → a short spoken reply. A payment the policy will only take by
 * voice is read back and needs an explicit "yes"/"confirm"; silence or anything else cancels.
 * The UI is told the state within the frame that changed it (the listening cue) and the
 * transcript unless the policy rules transcription out (NO_VOICE_TRANSCRIPTION).
 */
import type { EndpointSettings } from '../../voice/common/endpointer.js';
import { activeGrammar } from '../../voice/common/grammar.js';
import { VoiceTurns } from './voiceTurns.js';
import type { Dialogue, Reply, Speaker, TimeoutReason, Turn, VoiceEvent } from '../../voice/common/pipeline.js';
import type { VoiceView } from '../common/protocol.js';
import { VoicePipeline } from '../../voice/common/pipeline.js';
import type { Recognition } from '../../voice/common/recognizer.js';
import type { WakeWordEngine } from '../../voice/common/wakeWord.js';
import type { AudioSource } from '../../voice/node/audioSources.js';
import { commandVocabulary, OfflineCommandRecognizer } from '../../voice/node/commandRecognizer.js';
import type { WakeSettings } from '../../voice/node/engines.js';
import { openWakeEngine } from '../../voice/node/engines.js';
import { NODE_TIMERS } from '../../voice/node/nodePipeline.js';
import type { VoiceCommands } from './voiceDispatch.js';
import type { TurnHost, VoiceLogEntry } from './voiceTurns.js';

/** What the assistant needs of the head unit. */
export interface VoiceHost extends TurnHost {
  readonly commands: VoiceCommands;
  readonly view: (view: VoiceView) => void;
}

export type { VoiceLogEntry };

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
  private readonly turns: VoiceTurns;
  private readonly entries: VoiceLogEntry[] = [];
  private transcript: string | null = null;
  private reply: string | null = null;
  /** What the grammar left out (words the dictionary lacks), said once per grammar. */
  skipped: readonly string[] = [];

  constructor(
    private readonly host: VoiceHost,
    private readonly setup: VoiceSetup,
  ) {
    this.turns = new VoiceTurns({ ...host, log: (sample, event, text) => this.log(sample, event, text), timers: NODE_TIMERS });
    const now = (): number => (this.pipeline ? this.pipeline.head : 0);
    const opened = openWakeEngine(setup.wake, setup.env, {
      onProblem: (message) => this.log(now(), 'notice', message),
      onRejected: (detection, margin) => this.log(detection.endSample, 'notice', `a wake turned down by the verifier (margin ${margin === null ? 'none' : margin.toFixed(1)})`),
    });
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
    const vocabulary = commandVocabulary(this.setup.wake.phrase, this.setup.wake.pronunciations);
    const grammar = activeGrammar(sources, vocabulary);
    this.skipped = grammar.skipped;
    // The old one may still owe an answer; it goes once the new one has been used a while.
    if (this.recognizer) this.retired.push(this.recognizer.recognizer);
    while (this.retired.length > 1) this.retired.shift()?.close();
    const recognizer = new OfflineCommandRecognizer({ grammar: grammar.jsgf, pronunciations: vocabulary.pronunciations });
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
        if (event.state === 'listening') this.turns.listening(event.sample);
        break;
    }
    if (event.type === 'state' || event.type === 'transcript' || event.type === 'reply' || event.type === 'wake') {
      this.host.view({ state: this.pipeline.state, transcript: this.transcriptShown() ? this.transcript : null, reply: this.reply, notice: this.notice });
    }
  }

  heard(recognition: Recognition, turn: Turn): Reply {
    return this.turns.heard(recognition, turn);
  }

  silent(turn: Turn, reason: TimeoutReason | 'error'): Reply {
    return this.turns.silent(turn, reason);
  }

  /**
   * A payment the policy takes only by voice: its question (paymentQuestion, the same words the
   * dialog shows) is asked, then the answer is heard without the wake word, within
   * `answerWithinMs` of the question. Anything but an explicit yes cancels it.
   */
  confirm(appName: string, question: string, answerWithinMs = 0): void {
    this.turns.confirm(appName, answerWithinMs);
    this.log(this.pipeline.head, 'decision', `${appName} asks for a confirmation by voice: ${question}`);
    this.pipeline.ask(question);
  }

  close(): void {
    this.turns.close();
    this.setup.source.stop();
    this.pipeline.close();
    this.wake.close();
    this.recognizer?.recognizer.close();
    for (const recognizer of this.retired) recognizer.close();
  }
}
