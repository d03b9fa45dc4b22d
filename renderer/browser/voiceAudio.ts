/**
 * What the driver hears from the system UI: the assistant's spoken replies and the earcons for
 * listening, thinking and done. Played through Web Audio: a reply arrives as a 16 kHz mono PCM
 * WAV (base64) and is copied into an AudioBuffer here, so no media URL is loaded and the page's
 * CSP (default-src 'none') has nothing to refuse (a `data:audio` element was refused, and the
 * driver heard nothing). Earcons are synthesised tones. Each sound leaves a performance mark
 * (`gb:voice-audio`, detail: what and how many samples) when it starts and when it has played,
 * which tests read.
 */
import { readWav } from '../common/pcm.js';

/** The earcons: a rising pair when listening starts, one soft tone while thinking, a falling pair when done. */
const EARCONS = {
  listening: [
    [660, 0, 0.08],
    [880, 0.09, 0.1],
  ],
  thinking: [[520, 0, 0.07]],
  done: [
    [880, 0, 0.08],
    [660, 0.09, 0.1],
  ],
} as const;
export type Earcon = keyof typeof EARCONS;

export class VoiceAudio {
  private context: AudioContext | undefined;
  private reply: AudioBufferSourceNode | undefined;

  private audio(): AudioContext {
    this.context ??= new AudioContext();
    // Suspended until the page may make sound (the kiosk may at once; a browser tab after a touch).
    if (this.context.state === 'suspended') void this.context.resume();
    return this.context;
  }

  private mark(what: string, phase: 'start' | 'played', samples: number): void {
    performance.mark('gb:voice-audio', { detail: { what, phase, samples, context: this.context?.state ?? 'none' } });
  }

  /** A reply (base64 WAV) replacing the one playing; null stops it. */
  playReply(wav: string | null): void {
    this.reply?.stop();
    this.reply = undefined;
    if (!wav) return;
    const binary = atob(wav);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    const pcm = readWav(bytes);
    if (!pcm || pcm.samples.length === 0) return;
    const context = this.audio();
    const buffer = context.createBuffer(1, pcm.samples.length, pcm.sampleRate);
    buffer.copyToChannel(pcm.samples, 0);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    source.addEventListener('ended', () => {
      if (this.reply === source) this.reply = undefined;
      this.mark('reply', 'played', pcm.samples.length);
    });
    this.reply = source;
    source.start();
    this.mark('reply', 'start', pcm.samples.length);
  }

  /** A short cue for a change of the assistant's state. */
  cue(earcon: Earcon): void {
    const context = this.audio();
    const now = context.currentTime;
    const tones = EARCONS[earcon];
    const last = tones[tones.length - 1];
    const end = last ? now + last[1] + last[2] : now;
    for (const tone of tones) {
      const [frequency, offset, length] = tone;
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      // A soft attack and release: no click.
      gain.gain.setValueAtTime(0, now + offset);
      gain.gain.linearRampToValueAtTime(0.2, now + offset + 0.01);
      gain.gain.linearRampToValueAtTime(0, now + offset + length);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(now + offset);
      oscillator.stop(now + offset + length);
      if (tone === last) oscillator.addEventListener('ended', () => this.mark(earcon, 'played', Math.round((end - now) * context.sampleRate)));
    }
    this.mark(earcon, 'start', Math.round((end - now) * context.sampleRate));
  }
}
