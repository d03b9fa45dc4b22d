/**
 * Spoken replies: the text synthesised by espeak-ng (the OEM chooses the voice) and handed to
 * whoever plays it (the system UI, through the head unit's speakers). The pipeline stays in
 * SPEAKING for as long as the audio lasts, or until a wake word stops it (barge-in).
 */
import { SAMPLE_RATE } from '../common/audio.js';
import type { Speaker } from '../common/pipeline.js';
import type { Voice } from './speech.js';
import { SpeechError, synthesize } from './speech.js';
import { wavBytes } from './wav.js';

/** The voice replies are spoken in unless the OEM config names another. */
export const DEFAULT_REPLY_VOICE: Voice = { engine: 'espeak-ng', name: 'en-us+klatt' };

/** Roughly how long speech takes to say when it cannot be synthesised (the UI shows it instead). */
const SECONDS_PER_CHARACTER = 0.07;

export class SynthesizingSpeaker implements Speaker {
  private finish: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly play: (text: string, wav: Uint8Array | null) => void,
    private readonly voice: Voice = DEFAULT_REPLY_VOICE,
  ) {}

  speak(text: string): Promise<void> {
    this.stop();
    let wav: Uint8Array | null = null;
    let seconds = text.length * SECONDS_PER_CHARACTER;
    try {
      const samples = synthesize(text, this.voice);
      wav = wavBytes(samples);
      seconds = samples.length / SAMPLE_RATE;
    } catch (error) {
      if (!(error instanceof SpeechError)) throw error;
    }
    this.play(text, wav);
    return new Promise((resolve) => {
      this.finish = resolve;
      this.timer = setTimeout(() => this.stop(), seconds * 1000);
    });
  }

  stop(): void {
    clearTimeout(this.timer);
    const finish = this.finish;
    this.finish = undefined;
    finish?.();
  }
}

/** Replies noted, not spoken (the CLI prints them; a file run does not wait for them). */
export class SilentSpeaker implements Speaker {
  constructor(private readonly said: (text: string) => void = () => undefined) {}

  speak(text: string): Promise<void> {
    this.said(text);
    return Promise.resolve();
  }

  stop(): void {}
}
