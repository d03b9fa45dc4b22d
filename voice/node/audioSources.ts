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
