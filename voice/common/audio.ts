/**
 * The one audio shape voice works on: 16 kHz mono signed 16-bit samples, handed on in frames,
 * each stamped with the sample at which it starts, so detections say where in the audio they
 * happened (a sample clock: tests run faster than real time and stay deterministic).
 */

export const SAMPLE_RATE = 16_000;
/** 32 ms: what Porcupine takes per call, and a fine step for the offline engine. */
export const FRAME_SAMPLES = 512;

export interface AudioFrame {
  /** The first sample's index from the start of the stream. */
  readonly start: number;
  readonly samples: Int16Array;
}

/** Seconds from the start of the stream at a sample index. */
export function secondsAt(sample: number): number {
  return sample / SAMPLE_RATE;
}

/** Cuts samples into frames (the last one may be short), stamped from `offset`. */
export function* framesOf(samples: Int16Array, frameSamples = FRAME_SAMPLES, offset = 0): Generator<AudioFrame> {
  for (let start = 0; start < samples.length; start += frameSamples) {
    yield { start: offset + start, samples: samples.subarray(start, Math.min(samples.length, start + frameSamples)) };
  }
}

/** Root-mean-square level of samples, in dBFS (−Infinity for silence). */
export function levelDbfs(samples: Int16Array): number {
  if (samples.length === 0) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / samples.length) / 32768;
  return rms === 0 ? Number.NEGATIVE_INFINITY : 20 * Math.log10(rms);
}

/** The pieces one after another. */
export function concat(...pieces: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
