import type { MessageCodec } from '../../vehicle-bus/common/dbc/codec.js';
import { writeRaw } from '../../vehicle-bus/common/dbc/codec.js';

/** A small seeded generator (mulberry32), so generated frames are the same in every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Test frames for a message, each of the DBC's length: all zeros, all ones, random bytes, and
 * for every multiplexer switch, random bytes with the switch set to each of its values (so that
 * every multiplexed group is decoded at least once).
 */
export function framesFor(codec: MessageCodec, random: () => number, randomCount = 4): Uint8Array[] {
  const length = codec.message.length;
  const randomFrame = (): Uint8Array => Uint8Array.from({ length }, () => Math.floor(random() * 256));
  const frames: Uint8Array[] = [new Uint8Array(length), new Uint8Array(length).fill(0xff)];
  for (let i = 0; i < randomCount; i += 1) frames.push(randomFrame());
  for (const signal of codec.signals) {
    if (!signal.definition.isMultiplexer) continue;
    const ids = new Set<number>();
    for (const other of codec.signals) if (other.definition.multiplexerSignal === signal.definition.name) for (const id of other.definition.multiplexerIds) ids.add(id);
    for (const id of ids) {
      const frame = randomFrame();
      writeRaw(signal, frame as Uint8Array, id);
      frames.push(frame);
    }
  }
  return frames;
}

export function hex(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex').toUpperCase();
}
