/**
 * The tester's control panel and the simulator: commands to steer the simulated vehicle and
 * the policy, and the status the panel shows. Only the simulator speaks it (never the car).
 */
import type { DriverInput } from '../../vehicle-bus/common/sim/timeline.js';

export type ControlCommand =
  | { readonly t: 'play' }
  | { readonly t: 'pause' }
  | { readonly t: 'seek'; readonly seconds: number }
  /** Hold driver inputs over the timeline; null releases all. */
  | { readonly t: 'hold'; readonly inputs: Partial<DriverInput> | null }
  | { readonly t: 'scenario'; readonly name: string }
  | { readonly t: 'preset'; readonly name: string }
  /** The UI as the driver's screen or a passenger's. */
  | { readonly t: 'display'; readonly display: 'driver' | 'passenger' };

export interface ControlStatus {
  readonly t: 'status';
  readonly description: string;
  readonly duration: number;
  readonly position: number;
  readonly playing: boolean;
  readonly held: Partial<DriverInput>;
  readonly scenarios: readonly string[];
  readonly presets: readonly string[];
  /** The active policy, and one waiting to apply when parked. */
  readonly preset: string | null;
  readonly display: 'driver' | 'passenger';
  readonly driving: string;
  readonly speedKmh: number | null;
  /** What the last command did, or why it was refused. */
  readonly notice: string | null;
  /** The newest entries of the safety audit log: transitions, policy changes, blocked actions. */
  readonly log: ReadonlyArray<{ readonly at: number; readonly kind: string; readonly text: string }>;
}

const GEARS = new Set(['P', 'R', 'N', 'D']);

/** A command from the panel, checked; a reason when it is not one. */
export function readCommand(value: unknown): ControlCommand | string {
  const command = value as { t?: unknown; seconds?: unknown; inputs?: unknown; name?: unknown; display?: unknown } | null;
  switch (command?.t) {
    case 'play':
    case 'pause':
      return { t: command.t };
    case 'seek':
      return typeof command.seconds === 'number' && Number.isFinite(command.seconds) ? { t: 'seek', seconds: command.seconds } : 'seek needs seconds (a number)';
    case 'scenario':
    case 'preset':
      return typeof command.name === 'string' ? { t: command.t, name: command.name } : `${command.t} needs a name`;
    case 'display':
      return command.display === 'driver' || command.display === 'passenger' ? { t: 'display', display: command.display } : 'display must be driver or passenger';
    case 'hold': {
      if (command.inputs === null) return { t: 'hold', inputs: null };
      const inputs = command.inputs as Record<string, unknown> | undefined;
      if (!inputs || typeof inputs !== 'object') return 'hold needs inputs (or null)';
      const held: { -readonly [K in keyof DriverInput]?: DriverInput[K] } = {};
      if (inputs['speedKmh'] !== undefined) {
        if (typeof inputs['speedKmh'] !== 'number' || !(Math.abs(inputs['speedKmh']) <= 250)) return 'speedKmh must be a number from -250 to 250';
        held.speedKmh = inputs['speedKmh'];
      }
      if (inputs['gear'] !== undefined) {
        if (!GEARS.has(String(inputs['gear']))) return 'gear must be P, R, N or D';
        held.gear = inputs['gear'] as DriverInput['gear'];
      }
      if (inputs['parkingBrake'] !== undefined) {
        if (typeof inputs['parkingBrake'] !== 'boolean') return 'parkingBrake must be true or false';
        held.parkingBrake = inputs['parkingBrake'];
      }
      if (inputs['chargeKw'] !== undefined) {
        if (typeof inputs['chargeKw'] !== 'number' || !(inputs['chargeKw'] >= 0 && inputs['chargeKw'] <= 350)) return 'chargeKw must be a number from 0 to 350';
        held.chargeKw = inputs['chargeKw'];
      }
      return { t: 'hold', inputs: held };
    }
    default:
      return `unknown command ${JSON.stringify(command?.t)}`;
  }
}
