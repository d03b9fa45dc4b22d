/** Feeds decoded frames through a compiled mapping into a VehicleState. */
import type { DecodedFrame } from '../decoder.js';
import type { VssValue } from './catalog.js';
import type { CompiledMapping } from './mapping.js';
import { VehicleState } from './vehicleState.js';

export class VssMapper {
  private readonly lastEmitted = new Map<string, { time: number; value: VssValue | undefined; valid: boolean }>();

  constructor(
    readonly mapping: CompiledMapping,
    readonly state: VehicleState,
  ) {}

  /** A VehicleState whose max ages come from the mapping. */
  static stateFor(mapping: CompiledMapping): VehicleState {
    return new VehicleState({ maxAgeMs: new Map(mapping.entries.map((entry) => [entry.path, entry.maxAgeMs])) });
  }

  apply(decoded: DecodedFrame): void {
    const entries = this.mapping.byMessage.get(decoded.message.message.name);
    if (!entries) return;
    const time = decoded.frame.timestamp;
    for (const entry of entries) {
      const signal = decoded.signals.get(entry.signal.name);
      if (!signal) continue; // Not in this frame (multiplexed out).
      const result = entry.toVss(signal, decoded.signals);
      const last = this.lastEmitted.get(entry.path);
      // A change of validity always goes through; the interval and on-change filters only
      // thin out repeated valid values.
      if (last && last.valid === result.ok) {
        const unchanged = result.ok && entry.onChange && last.value === result.value;
        if (unchanged || (time - last.time) * 1000 < entry.intervalMs) {
          this.state.touch(entry.path, time);
          continue;
        }
      }
      if (result.ok) this.state.set(entry.path, result.value, time);
      else this.state.invalidate(entry.path, time, result.reason);
      this.lastEmitted.set(entry.path, { time, value: result.ok ? result.value : undefined, valid: result.ok });
    }
  }
}
