/**
 * The previous offline wake-word engine, kept as the voice benchmark's baseline (docs/adr/0012):
 * pocketsphinx keyphrase spotting in a Python sidecar (Debian's
 * python3-pocketsphinx), fed frames as they come and answering with detections stamped on the
 * sample clock. Works with Debian packages only, no network, no key. "Hey Glovebox" needs its
 * pronunciation added to the dictionary ("glovebox" is not in CMUdict).
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { AudioFrame } from '../common/audio.js';
import type { WakeDetection, WakeWordEngine } from '../common/wakeWord.js';
import { endChunks, endUtterance, writeChunk } from './sidecarChunks.js';

export interface PocketsphinxWakeWordOptions {
  /** The wake phrase, lower case words ("hey glovebox"). */
  readonly phrase: string;
  /** pocketsphinx's keyphrase threshold: lower proposes more candidates to the check. */
  readonly threshold?: number;
  /**
   * How close (per frame) the phrase must come to a free phone loop on the candidate's audio
   * to wake; higher is stricter. null turns the check off (keyphrase spotting alone).
   */
  readonly verifyMargin?: number | null;
  /** Words missing from the dictionary, with their CMUdict phones. */
  readonly pronunciations?: Readonly<Record<string, string>>;
  readonly python?: string;
}

/** Tuned on the synthetic corpus (`npm run bench -- voice`). */
export const POCKETSPHINX_WAKE_DEFAULTS = { threshold: 1e-40, verifyMargin: 6 } as const;

/** "glovebox" as CMUdict would spell it. */
export const GLOVEBOX_PRONUNCIATION = { glovebox: 'G L AH V B AA K S' } as const;

const SIDECAR = fileURLToPath(new URL('../../../voice/node/sidecar/pocketsphinx_stream.py', import.meta.url));

export class PocketsphinxWakeWord implements WakeWordEngine {
  readonly name = 'pocketsphinx';
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly listeners = new Set<(detection: WakeDetection) => void>();
  private readonly rejectedListeners = new Set<(detection: WakeDetection) => void>();
  private readonly done: Promise<void>;
  private failure: string | undefined;
  /** The sample clock's value at the first frame (the sidecar counts from 0). */
  private origin: number | undefined;
  /** Callers of sync(), in order: one "heard" line answers each. */
  private readonly syncs: (() => void)[] = [];

  constructor(options: PocketsphinxWakeWordOptions) {
    // -B: no bytecode written into the install's sidecar folder.
    this.child = spawn(options.python ?? '/usr/bin/python3', ['-B', SIDECAR], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    this.done = new Promise((resolve, reject) => {
      createInterface({ input: this.child.stdout }).on('line', (line) => {
        const message = JSON.parse(line) as { event: string; phrase?: string; endSample?: number; margin?: number | null; message?: string };
        if (message.event === 'wake' || message.event === 'rejected') {
          const detection: WakeDetection = { engine: this.name, phrase: message.phrase ?? '', endSample: (this.origin ?? 0) + (message.endSample ?? 0), score: message.margin ?? null };
          for (const listener of message.event === 'wake' ? this.listeners : this.rejectedListeners) listener(detection);
        }
        else if (message.event === 'heard') this.syncs.shift()?.();
        else if (message.event === 'done') resolve();
        else if (message.event === 'error') this.failure = message.message;
      });
      this.child.on('exit', (code) => {
        for (const resolve of this.syncs.splice(0)) resolve();
        if (code !== 0) reject(new Error(`the offline wake-word engine stopped: ${this.failure ?? (stderr.trim() || `exit ${code}`)}`));
        else resolve();
      });
      this.child.on('error', (error) => reject(new Error(`the offline wake-word engine could not start: ${error.message}`)));
    });
    // Nothing is lost if the sidecar dies: finish() rejects with why.
    this.done.catch(() => undefined);
    const settings = {
      phrases: [{ text: options.phrase.toLowerCase(), threshold: options.threshold ?? POCKETSPHINX_WAKE_DEFAULTS.threshold }],
      verifyMargin: options.verifyMargin === undefined ? POCKETSPHINX_WAKE_DEFAULTS.verifyMargin : options.verifyMargin,
      pronunciations: options.pronunciations ?? GLOVEBOX_PRONUNCIATION,
    };
    this.child.stdin.on('error', () => undefined);
    this.child.stdin.write(`${JSON.stringify(settings)}\n`);
  }

  process(frame: AudioFrame): void {
    this.origin ??= frame.start;
    writeChunk(this.child.stdin, frame.samples);
  }

  onDetection(listener: (detection: WakeDetection) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Candidates the check turned down (the benchmark sweeps the margin with them). */
  onRejected(listener: (detection: WakeDetection) => void): () => void {
    this.rejectedListeners.add(listener);
    return () => this.rejectedListeners.delete(listener);
  }

  sync(): Promise<void> {
    return Promise.race([
      new Promise<void>((resolve) => {
        this.syncs.push(resolve);
        endUtterance(this.child.stdin);
      }),
      this.done,
    ]);
  }

  finish(): Promise<void> {
    endChunks(this.child.stdin);
    return this.done;
  }

  close(): void {
    this.child.kill();
  }
}
