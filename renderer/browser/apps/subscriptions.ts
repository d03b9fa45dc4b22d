/**
 * What a running app has subscribed to with car.on…Change, as services accepted it: the
 * signals it may hear about and whether it hears driving-state changes. The host pushes
 * through `vehicle` and `driving`; nothing else of the vehicle reaches the app.
 */
import type { HostToLogic } from '../../../miniapps/runtime/common/logic/protocol.js';
import type { DrivingView } from '../../../services/common/protocol.js';

type Push = Extract<HostToLogic, { readonly t: 'push' }>;

export class Subscriptions {
  private signals: ReadonlySet<string> = new Set();
  private drivingState = false;

  /** Reads an answered car.on… / car.off… call; a refused one changes nothing. */
  note(name: string, outcome: { readonly ok: boolean; readonly value: unknown }): void {
    if (!outcome.ok) return;
    if (name === 'car.onVehicleStateChange') {
      const accepted = (outcome.value as { signals?: unknown } | null)?.signals;
      if (Array.isArray(accepted)) this.signals = new Set([...this.signals, ...accepted.map(String)]);
    } else if (name === 'car.offVehicleStateChange') this.signals = new Set();
    else if (name === 'car.onDrivingStateChange') this.drivingState = true;
    else if (name === 'car.offDrivingStateChange') this.drivingState = false;
  }

  /** The push for these changes, or undefined when none concerns the app. */
  vehicle(changes: Readonly<Record<string, { readonly value: unknown; readonly valid: boolean }>>): Push | undefined {
    if (this.signals.size === 0) return undefined;
    const payload = Object.fromEntries(Object.entries(changes).filter(([path]) => this.signals.has(path)).map(([path, state]) => [path, state.valid ? state.value : null]));
    return Object.keys(payload).length > 0 ? { t: 'push', topic: 'vehicle', payload } : undefined;
  }

  /** The driving state with the restrictions of the app's own category (what car.getDrivingState answers). */
  driving(driving: DrivingView, category: string): Push | undefined {
    const own = driving.byCategory[category];
    return this.drivingState ? { t: 'push', topic: 'driving', payload: { state: driving.state, band: driving.band, flags: own?.flags ?? driving.flags, params: own?.params ?? null } } : undefined;
  }
}
