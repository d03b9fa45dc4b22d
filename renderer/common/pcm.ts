/** A spoken reply's WAV read into samples the UI can hand to Web Audio. */

/** What a reply's WAV holds, after its header: 16-bit little-endian PCM, one channel. */
export interface Pcm {
  readonly sampleRate: number;
  readonly samples: Float32Array<ArrayBuffer>;
}

/** The PCM of a mono 16-bit WAV, or undefined for anything else (then nothing is played). */
export function readWav(bytes: Uint8Array): Pcm | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') return undefined;
  let at = 12;
  let format: { channels: number; sampleRate: number; bits: number } | undefined;
  while (at + 8 <= bytes.length) {
    const id = text(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ' && size >= 16) format = { channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    if (id === 'data' && format?.channels === 1 && format.bits === 16) {
      const count = Math.floor(Math.min(size, bytes.length - body) / 2);
      const samples = new Float32Array(count);
      for (let i = 0; i < count; i += 1) samples[i] = view.getInt16(body + i * 2, true) / 32768;
      return { sampleRate: format.sampleRate, samples };
    }
    at = body + size + (size % 2);
  }
  return undefined;
}
