/** candump log replay: streams a log file line by line, tallying the lines that are not frames. */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { LineProblem, ReadResult } from '../common/candump.js';
import { CandumpReader, MAX_LINE_LENGTH } from '../common/candump.js';
import type { CanFrame, FrameSource } from '../common/frame.js';
import { ProblemTally } from '../common/problems.js';
import { paced } from './pacing.js';

/** A frame together with its line in the log, so later stages can report by line. */
export interface LoggedFrame {
  readonly frame: CanFrame;
  readonly line: number;
}

/**
 * The lines of a stream, each cut to `maxLength + 1` characters: a line longer than a frame can
 * be is never held whole (a 10 MB line costs 513 characters of memory, and the parser refuses
 * it on its length alone). Lines end at \n; a \r before it is removed.
 */
export async function* boundedLines(input: Readable, maxLength: number): AsyncGenerator<string> {
  let line = '';
  let overlong = false;
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      const piece = chunk.slice(start, newline < 0 ? chunk.length : newline);
      if (!overlong) {
        line += piece.slice(0, maxLength + 1 - line.length);
        overlong = line.length > maxLength;
      }
      if (newline < 0) break;
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
      line = '';
      overlong = false;
      start = newline + 1;
    }
  }
  if (line !== '') yield line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The frames among a reader's results; its problems go to the tally (and to `onProblem`). */
function* settled(results: readonly ReadResult[], problems: ProblemTally, onProblem?: (problem: LineProblem) => void): Generator<LoggedFrame> {
  for (const parsed of results) {
    if ('frame' in parsed) yield { frame: parsed.frame, line: parsed.line };
    else {
      problems.add(parsed.problem.kind, parsed.problem.message, parsed.problem.line);
      onProblem?.(parsed.problem);
    }
  }
}

/** Reads candump lines from a stream; problems go to `problems`, frames come out. */
export async function* readCandump(
  input: Readable,
  problems: ProblemTally,
  signal?: AbortSignal,
  onProblem?: (problem: LineProblem) => void,
): AsyncGenerator<LoggedFrame> {
  const reader = new CandumpReader();
  try {
    for await (const text of boundedLines(input, MAX_LINE_LENGTH)) {
      if (signal?.aborted) return;
      yield* settled(reader.next(text), problems, onProblem);
    }
    yield* settled(reader.end(), problems, onProblem);
  } finally {
    input.destroy();
  }
}

export class ReplaySource implements FrameSource {
  readonly problems = new ProblemTally();

  constructor(readonly path: string) {}

  get description(): string {
    return `replay of ${this.path}`;
  }

  async *frames(signal?: AbortSignal): AsyncGenerator<CanFrame> {
    for await (const { frame } of this.loggedFrames(signal)) yield frame;
  }

  loggedFrames(signal?: AbortSignal): AsyncGenerator<LoggedFrame> {
    return readCandump(createReadStream(this.path), this.problems, signal);
  }
}

/**
 * A candump log replayed over and over at `speed` × its own pace, as a live source: each lap's
 * timestamps continue from the last one (a second after it), so time never runs backwards for
 * what reads the frames. Only `channel`'s frames when one is named. Ends when `signal` aborts,
 * or at once if a lap yields no frame.
 */
export async function* loopedReplay(path: string, speed: number, signal: AbortSignal, channel?: string): AsyncGenerator<CanFrame> {
  let offset: number | undefined;
  while (!signal.aborted) {
    let first: number | undefined;
    let last: number | undefined;
    for await (const frame of paced(new ReplaySource(path).frames(signal), { speed, signal })) {
      // Another bus's frames are not this DBC's to decode.
      if (channel !== undefined && frame.channel !== channel) continue;
      first ??= frame.timestamp;
      offset ??= -first;
      last = frame.timestamp;
      yield { ...frame, timestamp: frame.timestamp + offset };
    }
    if (first === undefined || last === undefined || offset === undefined) return;
    offset += last - first + 1;
  }
}
