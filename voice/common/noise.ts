/**
 * Car-like cabin noise, made from a seed (the same seed, the same noise): low rumble (brown
 * noise), tyre and wind hiss (pink-ish noise) and a faint engine-order hum; and mixing it under
 * speech at a chosen signal-to-noise ratio, measured on the speech's own level.
 */

/** xorshift32 with a scrambled seed: deterministic and fast; values in [−0.5, 0.5). */
export function seededRandom(seed: number): () => number {
  let state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0) || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296 - 0.5;
  };
}

/** Cabin noise at about −20 dBFS. */
export function cabinNoise(length: number, seed = 1): Int16Array {
  const next = seededRandom(seed);
  const out = new Int16Array(length);
  let brown = 0;
  let pink = 0;
  for (let i = 0; i < length; i += 1) {
    brown = (brown + next() * 0.05) * 0.995;
    pink = pink * 0.9 + next() * 0.1;
    const hum = 0.02 * Math.sin((2 * Math.PI * 95 * i) / 16_000);
    out[i] = Math.max(-32768, Math.min(32767, Math.round((brown * 1.6 + pink * 0.9 + hum) * 32768 * 0.35)));
  }
  return out;
}

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** Speech with noise under it at `snrDb` (speech level over noise level); clipped to 16 bits. */
export function mixAtSnr(speech: Int16Array, noise: Int16Array, snrDb: number): Int16Array {
  // The speech's level over its voiced part only: leading and trailing silence would flatter it.
  const voiced = speech.filter((sample) => Math.abs(sample) > 300);
  const speechLevel = rms(voiced.length > 0 ? voiced : speech);
  const noiseLevel = rms(noise);
  const gain = noiseLevel > 0 ? speechLevel / (noiseLevel * 10 ** (snrDb / 20)) : 0;
  const out = new Int16Array(speech.length);
  for (let i = 0; i < speech.length; i += 1) {
    out[i] = Math.max(-32768, Math.min(32767, Math.round((speech[i] as number) + (noise[i % noise.length] as number) * gain)));
  }
  return out;
}
