/**
 * The pocketsphinx sidecars' framing on stdin: a 4-byte little-endian sample count, then the
 * samples; 0 ends the stream; two reserved counts mark an utterance's start and end.
 */
import type { Writable } from 'node:stream';

const START = 0xfffffffe;
const END = 0xffffffff;

function mark(stdin: Writable, count: number): void {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(count);
  stdin.write(header);
}

export function writeChunk(stdin: Writable, samples: Int16Array): void {
  if (samples.length === 0) return;
  mark(stdin, samples.length);
  stdin.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
}

export function startUtterance(stdin: Writable): void {
  mark(stdin, START);
}

export function endUtterance(stdin: Writable): void {
  mark(stdin, END);
}

export function endChunks(stdin: Writable): void {
  stdin.end(Buffer.alloc(4));
}
