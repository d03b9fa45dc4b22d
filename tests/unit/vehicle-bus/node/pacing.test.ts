import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanFrame } from '../../../../vehicle-bus/common/frame.js';
import { paced } from '../../../../vehicle-bus/node/pacing.js';

function frameAt(timestamp: number): CanFrame {
  return { timestamp, channel: 'can0', id: 1, extended: false, data: new Uint8Array(0), fd: false, remote: false };
}

/** A fake clock: waiting moves it forward, so pacing is tested without real time passing. */
function fakeClock() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    wait: async (ms: number) => {
      waits.push(Math.round(ms));
      now += ms;
    },
  };
}

test('real-time pacing waits out the gaps between timestamps, scaled by the speed factor', async () => {
  const clock = fakeClock();
  const frames = [frameAt(100), frameAt(100.001), frameAt(100.5), frameAt(102)];
  const out: number[] = [];
  for await (const frame of paced(frames, { speed: 2, now: clock.now, wait: clock.wait })) out.push(frame.timestamp);
  // 1 ms / 2 is below the sleep threshold and is batched; 0.5 s / 2 and 2 s / 2 are waited.
  assert.deepStrictEqual({ out, waits: clock.waits }, { out: [100, 100.001, 100.5, 102], waits: [250, 750] });
});

test('as fast as possible never waits; an aborted signal stops the stream', async () => {
  const clock = fakeClock();
  const controller = new AbortController();
  const out: number[] = [];
  for await (const frame of paced([frameAt(0), frameAt(10), frameAt(20)], { speed: Infinity, now: clock.now, wait: clock.wait, signal: controller.signal })) {
    out.push(frame.timestamp);
    if (frame.timestamp === 10) controller.abort();
  }
  assert.deepStrictEqual({ out, waits: clock.waits }, { out: [0, 10], waits: [] });
});
