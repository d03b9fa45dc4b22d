/**
 * A voiced stretch for tests of levels: a 150 Hz buzz with its harmonics, rising and falling
 * three times a second like syllables, after `pause` seconds of digital quiet.
 */
import { SAMPLE_RATE } from '../../voice/common/audio.js';

export function voiced(pause: number, seconds: number): Int16Array {
  const out = new Int16Array(Math.round((pause + seconds) * SAMPLE_RATE));
  for (let i = Math.round(pause * SAMPLE_RATE); i < out.length; i += 1) {
    const t = i / SAMPLE_RATE;
    let sum = 0;
    for (let harmonic = 1; harmonic <= 20; harmonic += 1) sum += Math.sin(2 * Math.PI * 150 * harmonic * t) / harmonic;
    out[i] = Math.round(6000 * sum * (0.3 + 0.7 * Math.abs(Math.sin(2 * Math.PI * 3 * t))));
  }
  return out;
}
