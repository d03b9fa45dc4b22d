/**
 * The Porcupine wake-word engine (@picovoice/porcupine-node 4.x) behind the one interface. It
 * checks its AccessKey online when it starts, and its package carries native libraries for x86-64
 * and Raspberry-Pi-class ARM cores only, so starting it can fail in several ways a car must
 * survive; each becomes a PorcupineUnavailable saying why, and the caller falls back to the
 * offline engine (see engines.ts). Detections are stamped at the end of the frame that fired.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AudioFrame } from '../common/audio.js';
import { SAMPLE_RATE } from '../common/audio.js';
import type { WakeDetection, WakeWordEngine } from '../common/wakeWord.js';

export interface PorcupineSettings {
  /** From the OEM config, else PICOVOICE_ACCESS_KEY. */
  readonly accessKey: string | undefined;
  /** Built-in keywords ("porcupine", "computer", …) or paths of the OEM's .ppn files. */
  readonly keywords: readonly string[];
  /** 0 to 1: higher misses less and wakes falsely more. */
  readonly sensitivity?: number;
  /** The native module: the package's own for this machine unless given (tests pass a stand-in). */
  readonly libraryPath?: string;
  readonly modelPath?: string;
}

/** Porcupine cannot run here; `message` says why in the driver's integrator's words. */
export class PorcupineUnavailable extends Error {}

interface PorcupineInstance {
  readonly frameLength: number;
  readonly sampleRate: number;
  process(frame: Int16Array): number;
  release(): void;
}

interface PorcupineModule {
  readonly Porcupine: new (accessKey: string, keywords: string[], sensitivities: number[], options?: { libraryPath?: string; modelPath?: string }) => PorcupineInstance;
  readonly BuiltinKeyword: Readonly<Record<string, string>>;
}

const require = createRequire(import.meta.url);

/** Why starting failed, from the package's error classes (by name: they are not exported as values we rely on). */
function explain(error: unknown): string {
  const name = error instanceof Error ? error.constructor.name : '';
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
  if (/Unsupported CPU|is not supported by this library/.test(message)) return `this processor has no Porcupine library (its package ships x86-64 and Raspberry-Pi-class ARM builds only): ${message}`;
  if (name.startsWith('PorcupineActivation')) return `Picovoice did not accept the AccessKey or could not be reached to check it (${name.replace('Porcupine', '')}): ${message}`;
  if (/AccessKey/i.test(message)) return `the AccessKey was refused: ${message}`;
  return message;
}

export class PorcupineWakeWord implements WakeWordEngine {
  readonly name = 'porcupine';
  private readonly porcupine: PorcupineInstance;
  private readonly listeners = new Set<(detection: WakeDetection) => void>();
  private readonly labels: readonly string[];
  /** Samples waiting for a whole frame. */
  private pending = new Int16Array(0);
  private pendingStart = 0;

  constructor(settings: PorcupineSettings) {
    if (!settings.accessKey) throw new PorcupineUnavailable('no Picovoice AccessKey: set voice.accessKey in the OEM config or PICOVOICE_ACCESS_KEY in the environment');
    let module: PorcupineModule;
    try {
      module = require('@picovoice/porcupine-node') as PorcupineModule;
    } catch (error) {
      throw new PorcupineUnavailable(`@picovoice/porcupine-node cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
    const builtin = new Set(Object.values(module.BuiltinKeyword));
    for (const keyword of settings.keywords) {
      if (!builtin.has(keyword) && !existsSync(keyword)) throw new PorcupineUnavailable(`keyword "${keyword}" is neither a built-in keyword (${[...builtin].join(', ')}) nor an existing .ppn file`);
    }
    const sensitivity = settings.sensitivity ?? 0.5;
    if (!(sensitivity >= 0 && sensitivity <= 1)) throw new PorcupineUnavailable(`sensitivity must be between 0 and 1; found ${sensitivity}`);
    try {
      this.porcupine = new module.Porcupine(
        settings.accessKey,
        [...settings.keywords],
        settings.keywords.map(() => sensitivity),
        { ...(settings.libraryPath ? { libraryPath: settings.libraryPath } : {}), ...(settings.modelPath ? { modelPath: settings.modelPath } : {}) },
      );
    } catch (error) {
      throw new PorcupineUnavailable(explain(error));
    }
    if (this.porcupine.sampleRate !== SAMPLE_RATE) {
      this.porcupine.release();
      throw new PorcupineUnavailable(`this Porcupine wants ${this.porcupine.sampleRate} Hz audio; Glovebox hears at ${SAMPLE_RATE} Hz`);
    }
    this.labels = settings.keywords.map((keyword) => keyword.replace(/^.*\//, '').replace(/(_[a-z]+)?(_v\d+.*)?\.ppn$/, '').replace(/_/g, ' '));
  }

  process(frame: AudioFrame): void {
    const length = this.porcupine.frameLength;
    let samples = frame.samples;
    let start = frame.start;
    if (this.pending.length > 0) {
      const joined = new Int16Array(this.pending.length + samples.length);
      joined.set(this.pending);
      joined.set(samples, this.pending.length);
      samples = joined;
      start = this.pendingStart;
    }
    let at = 0;
    for (; at + length <= samples.length; at += length) {
      const index = this.porcupine.process(samples.subarray(at, at + length));
      if (index >= 0) {
        const detection = { engine: this.name, phrase: this.labels[index] ?? String(index), endSample: start + at + length };
        for (const listener of this.listeners) listener(detection);
      }
    }
    this.pending = samples.slice(at);
    this.pendingStart = start + at;
  }

  onDetection(listener: (detection: WakeDetection) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  finish(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    this.porcupine.release();
  }
}
