/**
 * The last few seconds of audio, kept so a command can start before the wake word was reported:
 * engines answer a few frames after the keyword ended (the offline one later still, when it runs
 * behind), and "hey glovebox navigate home" said in one breath must not lose "navigate".
 */
import type { AudioFrame } from './audio.js';

export class AudioRing {
  private readonly frames: AudioFrame[] = [];
  private samples = 0;

  constructor(private readonly capacity: number) {}

  push(frame: AudioFrame): void {
    this.frames.push(frame);
    this.samples += frame.samples.length;
    while (this.frames.length > 1 && this.samples - (this.frames[0] as AudioFrame).samples.length >= this.capacity) {
      this.samples -= (this.frames.shift() as AudioFrame).samples.length;
    }
  }

  /** The first sample still held (the head when empty). */
  get oldest(): number {
    return this.frames[0]?.start ?? this.head;
  }

  /** The sample after the last one held. */
  get head(): number {
    const last = this.frames.at(-1);
    return last ? last.start + last.samples.length : 0;
  }

  /** The frames from `sample` on (the first one cut to start there). */
  since(sample: number): AudioFrame[] {
    const out: AudioFrame[] = [];
    for (const frame of this.frames) {
      const end = frame.start + frame.samples.length;
      if (end <= sample) continue;
      out.push(frame.start >= sample ? frame : { start: sample, samples: frame.samples.subarray(sample - frame.start) });
    }
    return out;
  }
}
