/**
 * The offline wake-word engine: pocketsphinx keyphrase spotting in a Python sidecar (Debian's
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
import { endChunks, writeChunk } from './sidecarChunks.js';

export interface OfflineWakeWordOptions {
  /** The wake phrase, lower case words ("hey glovebox"). */
  readonly phrase: string;
  /** pocketsphinx's keyphrase threshold: lower finds more (and more false wakes). */
  readonly threshold?: number;
  /** Words missing from the dictionary, with their CMUdict phones. */
  readonly pronunciations?: Readonly<Record<string, string>>;
  readonly python?: string;
}

/** "glovebox" as CMUdict would spell it. */
export const GLOVEBOX_PRONUNCIATION = { glovebox: 'G L AH V B AA K S' } as const;

const SIDECAR = fileURLToPath(new URL('../../../voice/node/sidecar/pocketsphinx_stream.py', import.meta.url));

export class OfflineWakeWord implements WakeWordEngine {
  readonly name = 'offline';
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly listeners = new Set<(detection: WakeDetection) => void>();
  private readonly done: Promise<void>;
  private failure: string | undefined;
  /** The sample clock's value at the first frame (the sidecar counts from 0). */
  private origin: number | undefined;

  constructor(options: OfflineWakeWordOptions) {
    this.child = spawn(options.python ?? '/usr/bin/python3', [SIDECAR], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    this.done = new Promise((resolve, reject) => {
      createInterface({ input: this.child.stdout }).on('line', (line) => {
        const message = JSON.parse(line) as { event: string; phrase?: string; endSample?: number; message?: string };
        if (message.event === 'wake') for (const listener of this.listeners) listener({ engine: this.name, phrase: message.phrase ?? '', endSample: (this.origin ?? 0) + (message.endSample ?? 0) });
        else if (message.event === 'done') resolve();
        else if (message.event === 'error') this.failure = message.message;
      });
      this.child.on('exit', (code) => {
        if (code !== 0) reject(new Error(`the offline wake-word engine stopped: ${this.failure ?? (stderr.trim() || `exit ${code}`)}`));
        else resolve();
      });
      this.child.on('error', (error) => reject(new Error(`the offline wake-word engine could not start: ${error.message}`)));
    });
    // Nothing is lost if the sidecar dies: finish() rejects with why.
    this.done.catch(() => undefined);
    const settings = { phrases: [{ text: options.phrase.toLowerCase(), threshold: options.threshold ?? 1e-20 }], pronunciations: options.pronunciations ?? GLOVEBOX_PRONUNCIATION };
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

  finish(): Promise<void> {
    endChunks(this.child.stdin);
    return this.done;
  }

  close(): void {
    this.child.kill();
  }
}
