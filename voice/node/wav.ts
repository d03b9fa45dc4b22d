/**
 * WAV files in and out: RIFF/WAVE with PCM, 16 kHz, mono, 16 bits, the format every part of
 * voice takes. Anything else is refused with what was found and how to convert it (sox).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SAMPLE_RATE } from '../common/audio.js';

export class WavError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'WavError';
  }
}

const CONVERT = `convert it with: sox IN.wav -r ${SAMPLE_RATE} -c 1 -b 16 OUT.wav`;

/** The samples of a 16 kHz mono 16-bit PCM WAV. */
export function parseWav(bytes: Uint8Array, file: string): Int16Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') throw new WavError(file, `expected a RIFF/WAVE file, found ${JSON.stringify(text(0))}`);
  let format: { tag: number; channels: number; rate: number; bits: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16) throw new WavError(file, `the fmt chunk is ${size} bytes (expected at least 16)`);
      if (body + 16 > bytes.length) throw new WavError(file, `the fmt chunk is cut short at byte ${bytes.length}`);
      format = { tag: view.getUint16(body, true), channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!format) throw new WavError(file, 'the data chunk comes before any fmt chunk');
      // WAVE_FORMAT_PCM (1), or WAVE_FORMAT_EXTENSIBLE (0xFFFE) as sox writes it.
      if (format.tag !== 1 && format.tag !== 0xfffe) throw new WavError(file, `expected PCM samples, found format ${format.tag}; ${CONVERT}`);
      if (format.rate !== SAMPLE_RATE || format.channels !== 1 || format.bits !== 16) {
        throw new WavError(file, `expected ${SAMPLE_RATE} Hz mono 16-bit, found ${format.rate} Hz, ${format.channels} channel(s), ${format.bits}-bit; ${CONVERT}`);
      }
      const length = Math.min(size, bytes.length - body) & ~1;
      const samples = new Int16Array(length / 2);
      for (let i = 0; i < samples.length; i += 1) samples[i] = view.getInt16(body + i * 2, true);
      return samples;
    }
    offset = body + size + (size & 1);
  }
  throw new WavError(file, 'no data chunk');
}

export function readWav(path: string): Int16Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new WavError(path, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseWav(bytes, path);
}

/** A 16 kHz mono 16-bit PCM WAV of these samples. */
export function wavBytes(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const write = (offset: number, text: string): void => {
    for (let i = 0; i < 4; i += 1) bytes[offset + i] = text.charCodeAt(i);
  };
  write(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  write(8, 'WAVE');
  write(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  write(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((sample, index) => view.setInt16(44 + index * 2, sample, true));
  return bytes;
}

export function writeWav(path: string, samples: Int16Array): void {
  writeFileSync(path, wavBytes(samples));
}
