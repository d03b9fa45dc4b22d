/**
 * Where the pipeline's audio comes from, all as 16 kHz mono int16 frames on one sample clock:
 * the microphone (ALSA's arecord), a WAV file, or audio pushed in by the simulator. A file is
 * fed as fast as the engines can take it, waiting on them so it is heard as a microphone would be.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { AudioFrame } from '../common/audio.js';
import { FRAME_SAMPLES, framesOf, SAMPLE_RATE } from '../common/audio.js';
import { cabinNoise } from '../common/noise.js';
import type { VoicePipeline } from '../common/pipeline.js';
import type { WakeWordEngine } from '../common/wakeWord.js';

export interface AudioSource {
  readonly name: string;
  start(sink: (frame: AudioFrame) => void): void;
  stop(): void;
}

/** Cuts whatever arrives into whole frames, stamped on the sample clock. */
class Framer {
  private pending = new Int16Array(0);
  private clock = 0;

  constructor(private readonly sink: (frame: AudioFrame) => void) {}

  push(samples: Int16Array): void {
    const joined = new Int16Array(this.pending.length + samples.length);
    joined.set(this.pending);
    joined.set(samples, this.pending.length);
    let at = 0;
    for (; at + FRAME_SAMPLES <= joined.length; at += FRAME_SAMPLES) {
      this.sink({ start: this.clock, samples: joined.slice(at, at + FRAME_SAMPLES) });
      this.clock += FRAME_SAMPLES;
    }
    this.pending = joined.slice(at);
  }
}

/** Audio handed in by someone else: the simulator's typed or uploaded speech, a test. */
export class PushedAudio implements AudioSource {
  readonly name = 'pushed';
  private framer: Framer | undefined;

  start(sink: (frame: AudioFrame) => void): void {
    this.framer = new Framer(sink);
  }

  push(samples: Int16Array): void {
    this.framer?.push(samples);
  }

  stop(): void {
    this.framer = undefined;
  }
}

/** Ten seconds of cabin noise at about −54 dBFS, looped under the simulator's microphone. */
const QUIET_CABIN = cabinNoise(10 * SAMPLE_RATE, 7).map((sample) => Math.round(sample / 50));

/**
 * The simulator's microphone: a live source at real time (a frame every 32 ms, silence when no
 * one speaks), into which the tester's speech is queued. Time-outs and replies then happen as
 * they would in the car.
 */
export class SimulatedMicrophone implements AudioSource {
  readonly name = 'simulated microphone';
  private queue: Int16Array[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  start(sink: (frame: AudioFrame) => void): void {
    const framer = new Framer(sink);
    const began = performance.now();
    let sent = 0;
    this.timer = setInterval(() => {
      const due = Math.floor(((performance.now() - began) / 1000) * SAMPLE_RATE) - sent;
      if (due < FRAME_SAMPLES) return;
      const out = new Int16Array(due - (due % FRAME_SAMPLES));
      // A quiet cabin under everything: a real microphone never hears digital zeros, and
      // pocketsphinx's live normalisation goes astray on them.
      for (let i = 0; i < out.length; i += 1) out[i] = QUIET_CABIN[(sent + i) % QUIET_CABIN.length] as number;
      let at = 0;
      while (at < out.length && this.queue.length > 0) {
        const head = this.queue[0] as Int16Array;
        const take = Math.min(head.length, out.length - at);
        for (let i = 0; i < take; i += 1) out[at + i] = Math.max(-32768, Math.min(32767, (out[at + i] as number) + (head[i] as number)));
        at += take;
        if (take === head.length) this.queue.shift();
        else this.queue[0] = head.subarray(take);
      }
      sent += out.length;
      framer.push(out);
    }, (FRAME_SAMPLES / SAMPLE_RATE) * 1000);
  }

  /** Speech to be heard next, after what is already queued. */
  say(samples: Int16Array): void {
    this.queue.push(samples);
  }

  /** Seconds of queued speech not yet heard. */
  get pendingSeconds(): number {
    return this.queue.reduce((sum, piece) => sum + piece.length, 0) / SAMPLE_RATE;
  }

  stop(): void {
    clearInterval(this.timer);
    this.queue = [];
  }
}

/** The microphone through ALSA: `arecord` writing raw 16 kHz mono S16_LE to a pipe. */
export class MicrophoneAudio implements AudioSource {
  readonly name = 'microphone';
  private child: ChildProcessByStdio<null, Readable, Readable> | undefined;

  constructor(
    private readonly device: string | undefined,
    private readonly onError: (message: string) => void,
  ) {}

  start(sink: (frame: AudioFrame) => void): void {
    const framer = new Framer(sink);
    const args = ['-q', '-t', 'raw', '-f', 'S16_LE', '-r', String(SAMPLE_RATE), '-c', '1', ...(this.device ? ['-D', this.device] : [])];
    const child = spawn('arecord', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    let odd: Buffer = Buffer.alloc(0);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      const bytes = odd.length > 0 ? Buffer.concat([odd, chunk]) : chunk;
      const whole = bytes.length - (bytes.length % 2);
      odd = bytes.subarray(whole);
      const samples = new Int16Array(whole / 2);
      for (let i = 0; i < samples.length; i += 1) samples[i] = bytes.readInt16LE(i * 2);
      framer.push(samples);
    });
    child.on('error', (error) => this.onError(`the microphone could not be opened: arecord ${error.message} (apt-get install alsa-utils)`));
    child.on('exit', (code) => {
      if (this.child === child && code !== 0 && code !== null) this.onError(`the microphone stopped: arecord ${args.join(' ')}: ${stderr.trim() || `exit ${code}`}`);
    });
  }

  stop(): void {
    const child = this.child;
    this.child = undefined;
    child?.kill();
  }
}

/**
 * A whole recording through the pipeline, faster than real time but heard as a microphone
 * would hear it: every second of audio the wake engine is allowed to catch up, and each
 * command is recognised and answered before more audio follows.
 */
export async function feedRecording(samples: Int16Array, pipeline: VoicePipeline, wake: WakeWordEngine): Promise<void> {
  let sinceSync = 0;
  for (const frame of framesOf(samples)) {
    pipeline.process(frame);
    sinceSync += frame.samples.length;
    if (sinceSync >= SAMPLE_RATE / 4) {
      sinceSync = 0;
      await wake.sync();
    }
    await pipeline.settled();
  }
  await wake.sync();
  await pipeline.settled();
}
