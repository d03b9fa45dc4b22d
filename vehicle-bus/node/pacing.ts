/**
 * Real-time pacing: holds each frame back until its timestamp, relative to the first frame,
 * has come on the wall clock (divided by `speed`). Speed Infinity passes frames straight on.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CanFrame } from '../common/frame.js';

export interface PacingOptions {
  /** 1 = real time, 10 = ten times faster, Infinity = as fast as possible. */
  readonly speed: number;
  readonly signal?: AbortSignal;
  /** The clock, ms (tests pass a fake). */
  readonly now?: () => number;
  readonly wait?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
}

/** Waits shorter than this are batched with the next frame rather than slept on, ms. */
const MIN_SLEEP_MS = 4;

export async function* paced<T extends { readonly frame: CanFrame } | CanFrame>(
  items: AsyncIterable<T> | Iterable<T>,
  options: PacingOptions,
): AsyncGenerator<T> {
  const { speed, signal } = options;
  if (!(speed > 0)) throw new RangeError(`speed must be above 0, found ${speed}`);
  const now = options.now ?? (() => performance.now());
  const wait = options.wait ?? ((ms: number, abort?: AbortSignal) => sleep(ms, undefined, { signal: abort }));
  let firstStamp: number | undefined;
  let startedAt = 0;
  for await (const item of items) {
    if (signal?.aborted) return;
    const frame: CanFrame = 'frame' in item ? item.frame : item;
    if (speed !== Infinity) {
      if (firstStamp === undefined) {
        firstStamp = frame.timestamp;
        startedAt = now();
      }
      const due: number = startedAt + ((frame.timestamp - firstStamp) * 1000) / speed;
      const delay = due - now();
      if (delay >= MIN_SLEEP_MS) {
        try {
          await wait(delay, signal);
        } catch (error) {
          if (signal?.aborted) return;
          throw error;
        }
      }
    }
    yield item;
  }
}
