/**
 * VehicleState: the latest VSS value of each signal with its timestamp and validity.
 * Time is the source's (seconds): a replay run as fast as possible ages signals by log time,
 * a live source by the wall clock its owner feeds to `advance`. Nothing here owns a timer.
 */
import type { VssValue } from './catalog.js';

export interface SignalState {
  readonly path: string;
  /** The last valid value, kept for display even once invalid or stale; never act on it then. */
  readonly value: VssValue | undefined;
  /** True when `value` is current: received, not marked unavailable, and not stale. */
  readonly valid: boolean;
  /** True when no update came within the signal's max age. */
  readonly stale: boolean;
  /** Source time (s) of the last update, valid or not. */
  readonly timestamp: number;
  /** Why the signal is not valid, for people and the audit log. */
  readonly reason: string | undefined;
}

export type StateListener = (changes: readonly SignalState[]) => void;

export interface SubscribeOptions {
  /** Only these paths (default: all). */
  readonly paths?: readonly string[];
  /**
   * Coalesce: deliver at most one batch per interval (ms of source time), latest value per
   * path. A signal that stops being valid is delivered at once: restrictions never wait.
   */
  readonly minIntervalMs?: number;
}

interface Subscriber {
  readonly listener: StateListener;
  readonly paths: ReadonlySet<string> | undefined;
  readonly minIntervalMs: number;
  readonly pending: Map<string, SignalState>;
  lastDelivery: number;
}

export interface VehicleStateOptions {
  /** Max age per path, ms. */
  readonly maxAgeMs?: ReadonlyMap<string, number>;
  /** For paths without one, ms. */
  readonly defaultMaxAgeMs?: number;
}

const DEFAULT_MAX_AGE_MS = 2000;

export class VehicleState {
  private readonly signals = new Map<string, SignalState>();
  private readonly subscribers = new Set<Subscriber>();
  private readonly maxAgeMs: ReadonlyMap<string, number>;
  private readonly defaultMaxAgeMs: number;
  private currentTime = Number.NEGATIVE_INFINITY;

  constructor(options: VehicleStateOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? new Map();
    this.defaultMaxAgeMs = options.defaultMaxAgeMs ?? DEFAULT_MAX_AGE_MS;
  }

  /** The latest source time seen (s). */
  get now(): number {
    return this.currentTime;
  }

  get(path: string): SignalState | undefined {
    return this.signals.get(path);
  }

  /** Every known signal, sorted by path. */
  snapshot(): SignalState[] {
    return [...this.signals.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  /** A valid value arrived. */
  set(path: string, value: VssValue, timestamp: number): void {
    this.write({ path, value, valid: true, stale: false, timestamp, reason: undefined });
  }

  /**
   * The signal was heard from but its change is held back (interval or on-change filter):
   * it is alive, so its age restarts, and nothing is delivered.
   */
  touch(path: string, timestamp: number): void {
    const state = this.signals.get(path);
    if (!state || state.stale) return;
    if (timestamp > this.currentTime) this.currentTime = timestamp;
    this.signals.set(path, { ...state, timestamp });
  }

  /** The sender says it has no valid value (SNA), or the value failed a check. Keeps the old value for display. */
  invalidate(path: string, timestamp: number, reason: string): void {
    const previous = this.signals.get(path);
    this.write({ path, value: previous?.value, valid: false, stale: false, timestamp, reason });
  }

  /** Moves source time forward: expires signals past their max age and delivers coalesced changes. */
  advance(now: number): void {
    if (now > this.currentTime) this.currentTime = now;
    for (const state of this.signals.values()) {
      if (state.stale) continue;
      const maxAge = (this.maxAgeMs.get(state.path) ?? this.defaultMaxAgeMs) / 1000;
      if (this.currentTime - state.timestamp > maxAge) {
        this.write(
          { ...state, valid: false, stale: true, reason: `no update for more than ${maxAge * 1000} ms` },
          false,
        );
      }
    }
    this.flush(false);
  }

  /**
   * Calls `listener` at once with the current state of the paths it wants, then with every
   * change. Returns the disposer.
   */
  subscribe(listener: StateListener, options: SubscribeOptions = {}): () => void {
    const subscriber: Subscriber = {
      listener,
      paths: options.paths ? new Set(options.paths) : undefined,
      minIntervalMs: options.minIntervalMs ?? 0,
      pending: new Map(),
      lastDelivery: this.currentTime,
    };
    this.subscribers.add(subscriber);
    const current = this.snapshot().filter((state) => !subscriber.paths || subscriber.paths.has(state.path));
    listener(current);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  private write(next: SignalState, advanceTime = true): void {
    if (advanceTime && next.timestamp > this.currentTime) this.currentTime = next.timestamp;
    const previous = this.signals.get(next.path);
    this.signals.set(next.path, next);
    const changed =
      !previous || previous.value !== next.value || previous.valid !== next.valid || previous.stale !== next.stale || previous.reason !== next.reason;
    if (!changed) return;
    const urgent = previous?.valid === true && !next.valid;
    for (const subscriber of this.subscribers) {
      if (subscriber.paths && !subscriber.paths.has(next.path)) continue;
      subscriber.pending.set(next.path, next);
      if (urgent) this.deliver(subscriber);
    }
    this.flush(false);
  }

  private flush(force: boolean): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.pending.size === 0) continue;
      if (force || (this.currentTime - subscriber.lastDelivery) * 1000 >= subscriber.minIntervalMs) this.deliver(subscriber);
    }
  }

  private deliver(subscriber: Subscriber): void {
    const batch = [...subscriber.pending.values()];
    subscriber.pending.clear();
    subscriber.lastDelivery = this.currentTime;
    subscriber.listener(batch);
  }

  /** Delivers every coalesced change now (at the end of a replay). */
  drain(): void {
    this.flush(true);
  }
}
