/**
 * Where the command after the wake word starts and ends, by the level of the audio against the
 * cabin's noise floor: speech is a frame well above the floor; the command ends after a pause
 * (the hangover), or is given up when nothing is said (no-speech) or it runs on (max-length).
 * All on the sample clock, so a file or a test gets the same answer however fast it is fed.
 *
 * Levels are measured above 200 Hz (SpeechBand): a cabin's rumble sits below it and swings by
 * 15 dB from one 32 ms frame to the next, enough to pass for speech and hold a command open
 * past its end; above 200 Hz the same noise swings by about 5 dB, and speech keeps its vowels'
 * harmonics and every consonant (docs/adr/0015).
 */
import type { AudioFrame } from './audio.js';
import { SAMPLE_RATE } from './audio.js';

export interface EndpointSettings {
  /** Nothing said this long after listening starts: give up. */
  readonly noSpeechSeconds: number;
  /** A command longer than this is cut here and recognised as it is. */
  readonly maxSeconds: number;
  /** A pause this long ends the command. */
  readonly hangoverSeconds: number;
  /** Speech shorter than this (a click, a bump in the road) is not a command. */
  readonly minSpeechSeconds: number;
  /** How far above the noise floor a frame must be to count as speech, dB. */
  readonly marginDb: number;
}

export const DEFAULT_ENDPOINTING: EndpointSettings = { noSpeechSeconds: 4, maxSeconds: 8, hangoverSeconds: 0.28, minSpeechSeconds: 0.12, marginDb: 9 };

/** Quieter than this is silence, whatever the floor (dBFS). */
const ABSOLUTE_FLOOR = -62;

/** The level of the speech band: a second-order high-pass at 200 Hz (RBJ biquad), then dBFS; it keeps its state from frame to frame. */
export class SpeechBand {
  private static readonly coefficients = ((): readonly number[] => {
    const w = (2 * Math.PI * 200) / SAMPLE_RATE;
    const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    return [(1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, (-2 * cos) / a0, (1 - alpha) / a0];
  })();
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;

  level(samples: Int16Array): number {
    if (samples.length === 0) return Number.NEGATIVE_INFINITY;
    const [b0, b1, b2, a1, a2] = SpeechBand.coefficients as [number, number, number, number, number];
    let sum = 0;
    for (const x of samples) {
      const y = b0 * x + b1 * this.x1 + b2 * this.x2 - a1 * this.y1 - a2 * this.y2;
      this.x2 = this.x1;
      this.x1 = x;
      this.y2 = this.y1;
      this.y1 = y;
      sum += y * y;
    }
    const rms = Math.sqrt(sum / samples.length) / 32768;
    return rms === 0 ? Number.NEGATIVE_INFINITY : 20 * Math.log10(rms);
  }
}

/** The cabin's noise level: follows a drop at once, a rise slowly (speech is not noise). */
export class NoiseFloor {
  private level: number | undefined;
  private readonly band = new SpeechBand();

  update(frame: AudioFrame): void {
    const level = Math.max(this.band.level(frame.samples), ABSOLUTE_FLOOR - 20);
    if (this.level === undefined || level < this.level) this.level = level;
    else this.level += Math.min(level - this.level, 0.03 * (frame.samples.length / 512));
  }

  get dbfs(): number {
    return this.level ?? ABSOLUTE_FLOOR;
  }
}

export type Endpoint =
  | { readonly kind: 'speech'; readonly start: number; readonly end: number }
  | { readonly kind: 'no-speech'; readonly at: number }
  | { readonly kind: 'max-length'; readonly start: number; readonly end: number };

export class Endpointer {
  private speechStart: number | undefined;
  private lastSpeech: number | undefined;
  private voiced = 0;
  private readonly band = new SpeechBand();

  constructor(
    private readonly from: number,
    private readonly threshold: number,
    private readonly settings: EndpointSettings = DEFAULT_ENDPOINTING,
  ) {}

  /** Speech threshold from the noise floor when listening starts. */
  static at(from: number, floor: NoiseFloor, settings: EndpointSettings = DEFAULT_ENDPOINTING): Endpointer {
    return new Endpointer(from, Math.max(ABSOLUTE_FLOOR, floor.dbfs + settings.marginDb), settings);
  }

  /** Takes the next frame; the endpoint once there is one. */
  push(frame: AudioFrame): Endpoint | undefined {
    const end = frame.start + frame.samples.length;
    const seconds = (samples: number): number => samples / SAMPLE_RATE;
    if (this.band.level(frame.samples) >= this.threshold) {
      this.voiced += frame.samples.length;
      this.speechStart ??= frame.start;
      this.lastSpeech = end;
    }
    const started = this.speechStart !== undefined && seconds(this.voiced) >= this.settings.minSpeechSeconds;
    if (started && this.speechStart !== undefined && this.lastSpeech !== undefined) {
      if (seconds(end - this.lastSpeech) >= this.settings.hangoverSeconds) return { kind: 'speech', start: this.speechStart, end: this.lastSpeech };
      if (seconds(end - this.from) >= this.settings.maxSeconds) return { kind: 'max-length', start: this.speechStart, end };
      return undefined;
    }
    // Not yet speech: a short blip is forgotten once a hangover of quiet follows it.
    if (this.lastSpeech !== undefined && seconds(end - this.lastSpeech) >= this.settings.hangoverSeconds) {
      this.speechStart = undefined;
      this.lastSpeech = undefined;
      this.voiced = 0;
    }
    if (seconds(end - this.from) >= this.settings.noSpeechSeconds) return { kind: 'no-speech', at: end };
    return undefined;
  }
}
