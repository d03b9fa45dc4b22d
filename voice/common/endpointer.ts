/**
 * Where the command after the wake word starts and ends, by the level of the audio against the
 * cabin's noise floor: speech is a frame well above the floor; the command ends after a pause
 * (the hangover), or is given up when nothing is said (no-speech) or it runs on (max-length).
 * All on the sample clock, so a file or a test gets the same answer however fast it is fed.
 */
import type { AudioFrame } from './audio.js';
import { levelDbfs, SAMPLE_RATE } from './audio.js';

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

/** The cabin's noise level: follows a drop at once, a rise slowly (speech is not noise). */
export class NoiseFloor {
  private level: number | undefined;

  update(frame: AudioFrame): void {
    const level = Math.max(levelDbfs(frame.samples), ABSOLUTE_FLOOR - 20);
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
    if (levelDbfs(frame.samples) >= this.threshold) {
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
