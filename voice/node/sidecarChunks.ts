/** The pocketsphinx sidecars' framing on stdin: a 4-byte little-endian sample count, then the samples; 0 ends. */
import type { Writable } from 'node:stream';

export function writeChunk(stdin: Writable, samples: Int16Array): void {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(samples.length);
  stdin.write(header);
  stdin.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
}

export function endChunks(stdin: Writable): void {
  stdin.end(Buffer.alloc(4));
}
