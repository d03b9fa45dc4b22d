/** candump log replay: streams a log file line by line, tallying the lines that are not frames. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { LineProblem } from '../common/candump.js';
import { CandumpReader } from '../common/candump.js';
import type { CanFrame, FrameSource } from '../common/frame.js';
import { ProblemTally } from '../common/problems.js';
import { paced } from './pacing.js';

/** A frame together with its line in the log, so later stages can report by line. */
export interface LoggedFrame {
  readonly frame: CanFrame;
  readonly line: number;
}

/** Reads candump lines from a stream; problems go to `problems`, frames come out. */
export async function* readCandump(
  input: Readable,
  problems: ProblemTally,
  signal?: AbortSignal,
  onProblem?: (problem: LineProblem) => void,
): AsyncGenerator<LoggedFrame> {
  const reader = new CandumpReader();
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const text of lines) {
      if (signal?.aborted) return;
      lineNumber += 1;
      const parsed = reader.next(text);
      if ('frame' in parsed) yield { frame: parsed.frame, line: lineNumber };
      else if ('problem' in parsed) {
        problems.add(parsed.problem.kind, parsed.problem.message, parsed.problem.line);
        onProblem?.(parsed.problem);
      }
    }
  } finally {
    lines.close();
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
