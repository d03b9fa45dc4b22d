/**
 * The app's setTimeout/setInterval, over the worker's own: while the app is suspended (in the
 * background for a while) a due callback is held, not run, and on resume each held timer runs
 * once — an interval that came due ten times while suspended runs once, as on a phone. An
 * error thrown by a callback is reported, not fatal, as App.onError would see it.
 */

export interface NativeTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface SuspendableTimers {
  /** The globals the app sees. */
  readonly globals: {
    setTimeout(callback: unknown, ms?: number, ...args: unknown[]): number;
    clearTimeout(id: unknown): void;
    setInterval(callback: unknown, ms?: number, ...args: unknown[]): number;
    clearInterval(id: unknown): void;
  };
  suspend(): void;
  resume(): void;
  /** Timers waiting to run on resume. */
  readonly held: number;
}

export function createSuspendableTimers(native: NativeTimers, onError: (error: unknown) => void): SuspendableTimers {
  let suspended = false;
  let nextId = 1;
  const live = new Map<number, { readonly handle: unknown; readonly repeat: boolean }>();
  const held = new Map<number, () => void>();

  const run = (callback: () => void): void => {
    try {
      callback();
    } catch (error) {
      onError(error);
    }
  };
  const schedule = (repeat: boolean, callback: unknown, ms: number | undefined, args: unknown[]): number => {
    // With the CSP forbidding eval, a string "callback" could never run; say so at once.
    if (typeof callback !== 'function') throw new TypeError(`${repeat ? 'setInterval' : 'setTimeout'} needs a function`);
    const id = nextId;
    nextId += 1;
    const call = (): void => {
      (callback as (...values: unknown[]) => void)(...args);
    };
    const due = (): void => {
      if (!repeat) live.delete(id);
      if (suspended) held.set(id, call);
      else run(call);
    };
    const delay = Math.max(0, Number(ms) || 0);
    live.set(id, { handle: repeat ? native.setInterval(due, delay) : native.setTimeout(due, delay), repeat });
    return id;
  };
  const clear = (id: unknown): void => {
    const timer = live.get(Number(id));
    held.delete(Number(id));
    if (!timer) return;
    live.delete(Number(id));
    if (timer.repeat) native.clearInterval(timer.handle);
    else native.clearTimeout(timer.handle);
  };

  return {
    globals: {
      setTimeout: (callback, ms, ...args) => schedule(false, callback, ms, args),
      clearTimeout: clear,
      setInterval: (callback, ms, ...args) => schedule(true, callback, ms, args),
      clearInterval: clear,
    },
    suspend() {
      suspended = true;
    },
    resume() {
      suspended = false;
      const due = [...held.values()];
      held.clear();
      for (const callback of due) run(callback);
    },
    get held() {
      return held.size;
    },
  };
}
