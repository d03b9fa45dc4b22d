/**
 * How far a stretch of speech stands above the cabin's noise, from the audio alone: the level
 * of the loudest frames of the last `windowSamples` over the level of the quietest frames of
 * the whole stretch (which should reach back into a pause). Levels are the speech band's (above
 * 200 Hz, SpeechBand), where cabin noise is steady from frame to frame. The wake verifier
 * judges a wake in heavy noise by a stricter margin (docs/adr/0036).
 */
import { SpeechBand } from './endpointer.js';

/** 32 ms at 16 kHz: the endpointer's frame. */
const FRAME = 512;
/** Of the whole stretch's frames, the share at or under the noise's level. */
const NOISE_QUANTILE = 0.1;
/** Of the window's frames, the share at or over the speech's level. */
const SPEECH_QUANTILE = 0.1;
/** Quieter than this is digital silence (dBFS): a clean stretch scores about 60 dB or more, never infinity. */
const SILENCE_DBFS = -90;

function quantile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(share * sorted.length)))] as number;
}

/**
 * Speech over noise (dB) in `stretch`, the speech from its last `windowSamples`; null when the
 * stretch holds less than two frames, or the window less than one.
 */
export function speechOverNoiseDb(stretch: Int16Array, windowSamples: number): number | null {
  const band = new SpeechBand();
  const levels: number[] = [];
  for (let at = 0; at + FRAME <= stretch.length; at += FRAME) levels.push(Math.max(SILENCE_DBFS, band.level(stretch.subarray(at, at + FRAME))));
  const inWindow = Math.floor(Math.min(windowSamples, stretch.length) / FRAME);
  if (levels.length < 2 || inWindow < 1) return null;
  const noise = quantile([...levels].sort((a, b) => a - b), NOISE_QUANTILE);
  const speech = quantile(levels.slice(-inWindow).sort((a, b) => b - a), SPEECH_QUANTILE);
  return Math.max(0, speech - noise);
}
