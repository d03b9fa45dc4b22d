import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSuspendableTimers } from '../../../../../../miniapps/runtime/common/logic/timers.js';

/** Timers on a hand-turned clock. */
function fakeClock() {
  let now = 0;
  let nextHandle = 1;
  const pending = new Map<number, { at: number; every: number | null; callback: () => void }>();
  return {
    native: {
      setTimeout: (callback: () => void, ms: number) => (pending.set(nextHandle, { at: now + ms, every: null, callback }), nextHandle++),
      clearTimeout: (handle: unknown) => void pending.delete(handle as number),
      setInterval: (callback: () => void, ms: number) => (pending.set(nextHandle, { at: now + ms, every: ms, callback }), nextHandle++),
      clearInterval: (handle: unknown) => void pending.delete(handle as number),
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, timer]) => timer.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
        if (!due) break;
        const [handle, timer] = due;
        now = timer.at;
        if (timer.every === null) pending.delete(handle);
        else timer.at += timer.every;
        timer.callback();
      }
      now = end;
    },
  };
}

describe('suspendable timers', () => {
  test('running, they behave as the platform’s; suspended, due callbacks wait and each runs once on resume', () => {
    const clock = fakeClock();
    const errors: unknown[] = [];
    const timers = createSuspendableTimers(clock.native, (error) => errors.push(error));
    const calls: string[] = [];
    timers.globals.setInterval(() => calls.push('tick'), 100);
    timers.globals.setTimeout((what: unknown) => calls.push(String(what)), 250, 'once');
    clock.advance(300);
    assert.deepStrictEqual(calls, ['tick', 'tick', 'once', 'tick']);
    timers.suspend();
    clock.advance(1000);
    assert.equal(calls.length, 4, 'nothing runs while suspended');
    assert.equal(timers.held, 1, 'ten due ticks are held as one');
    timers.resume();
    assert.deepStrictEqual(calls.slice(4), ['tick']);
    clock.advance(100);
    assert.deepStrictEqual(calls.slice(5), ['tick']);
    assert.deepStrictEqual(errors, []);
  });

  test('clearing works for held timers too; a throwing callback is reported, not fatal; strings are refused', () => {
    const clock = fakeClock();
    const errors: unknown[] = [];
    const timers = createSuspendableTimers(clock.native, (error) => errors.push(error));
    const calls: string[] = [];
    const id = timers.globals.setTimeout(() => calls.push('held'), 10);
    timers.suspend();
    clock.advance(20);
    timers.globals.clearTimeout(id);
    timers.resume();
    timers.globals.setTimeout(() => {
      throw new Error('app bug');
    }, 0);
    timers.globals.setTimeout(() => calls.push('after'), 0);
    clock.advance(1);
    assert.deepStrictEqual(calls, ['after']);
    assert.match(String(errors[0]), /app bug/);
    assert.throws(() => timers.globals.setTimeout('alert(1)', 0), /setTimeout needs a function/);
  });
});
