/**
 * The tester's control panel and the simulator: commands to steer the simulated vehicle and
 * the policy, and the status the panel shows. Only the simulator speaks it (never the car).
 */
import { GEAR_LETTERS } from '../../vehicle-bus/common/vss/catalog.js';
import type { DriverInput } from '../../vehicle-bus/common/sim/timeline.js';

/** A candump log to replay, the DBC that decodes it, and optionally the mapping and bus channel. */
export interface ReplayChoice {
  readonly kind: 'replay';
  readonly log: string;
  readonly dbc: string;
  /** Without one, the mapping shipped for the DBC's car. */
  readonly mapping?: string;
  /** Only this channel's frames (a log of several buses). */
  readonly channel?: string;
}

/** Where the vehicle's frames come from: the simulated EV, or a log. */
export type SourceChoice = { readonly kind: 'simulator' } | ReplayChoice;

export type ControlCommand =
  | { readonly t: 'play' }
  | { readonly t: 'pause' }
  | { readonly t: 'seek'; readonly seconds: number }
  /** Hold driver inputs over the timeline; null releases all. */
  | { readonly t: 'hold'; readonly inputs: Partial<DriverInput> | null }
  /** A shipped scenario by name, or a scenario or drive-cycle file by path. */
  | { readonly t: 'scenario'; readonly name: string }
  /** Sets the simulated car's state: the displayed state of charge (%), its position. */
  | { readonly t: 'vehicle'; readonly socPercent?: number; readonly latitude?: number; readonly longitude?: number }
  /** Restarts services on another vehicle source. */
  | { readonly t: 'source'; readonly source: SourceChoice }
  /** Whether the simulated car drives the navigation app's route. */
  | { readonly t: 'follow'; readonly on: boolean }
  /** What the driver says (typed by the tester), through the same path as recognised speech. */
  | { readonly t: 'say'; readonly text: string }
  /** A recording (16 kHz mono 16-bit WAV, base64) played into the microphone. */
  | { readonly t: 'wav'; readonly data: string }
  | { readonly t: 'preset'; readonly name: string }
  /** The UI as the driver's screen or a passenger's. */
  | { readonly t: 'display'; readonly display: 'driver' | 'passenger' };

export interface ControlStatus {
  readonly t: 'status';
  /** Counts source switches: the head unit restarts with each one. */
  readonly session: number;
  readonly source: SourceChoice;
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
  readonly socPercent: number | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  /** The restriction flags in force on this display now. */
  readonly flags: readonly string[];
  /** The simulated car drives the navigation app's route (null while replaying). */
  readonly following: boolean | null;
  /** The navigation app's destination and arrival, if a route is set. */
  readonly navigation: { readonly destination: string; readonly arrival: number; readonly remainingMeters: number } | null;
  /** What the last command did, or why it was refused. */
  readonly notice: string | null;
  /** How many commands have been carried out (or refused): a sender knows when its notice is in. */
  readonly applied: number;
  /** The newest entries of the safety audit log: transitions, policy changes, blocked actions. */
  readonly log: ReadonlyArray<{ readonly at: number; readonly kind: string; readonly text: string }>;
  /** The voice timeline: wake, transcript, intent, decision, reply, time-outs (t: seconds of microphone audio). */
  readonly voice: ReadonlyArray<{ readonly t: number; readonly event: string; readonly text: string }>;
  /** The newest problems running apps reported (errors with the app's file and line, slow answers, stops). */
  readonly appProblems: ReadonlyArray<{ readonly at: number; readonly appId: string; readonly kind: string; readonly message: string; readonly where: string | null }>;
}

const GEARS = new Set<string>(GEAR_LETTERS);

function optionalText(value: unknown, name: string): string | undefined | { readonly error: string } {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value : { error: `${name} must be text` };
}

function readSource(value: unknown): SourceChoice | string {
  const source = value as Record<string, unknown> | null | undefined;
  if (source?.['kind'] === 'simulator') return { kind: 'simulator' };
  if (source?.['kind'] !== 'replay') return 'source must be {kind: "simulator"} or {kind: "replay", log, dbc}';
  const log = typeof source['log'] === 'string' && source['log'] !== '' ? source['log'] : null;
  const dbc = typeof source['dbc'] === 'string' && source['dbc'] !== '' ? source['dbc'] : null;
  if (log === null || dbc === null) {
    const missing = [log === null ? 'the CAN log' : null, dbc === null ? 'the DBC that decodes it' : null].filter((what) => what !== null);
    return `A replay needs ${missing.join(' and ')}: give ${missing.length > 1 ? 'both paths' : 'its path'}`;
  }
  const mapping = optionalText(source['mapping'], 'mapping');
  const channel = optionalText(source['channel'], 'channel');
  if (typeof mapping === 'object') return mapping.error;
  if (typeof channel === 'object') return channel.error;
  return { kind: 'replay', log, dbc, ...(mapping ? { mapping } : {}), ...(channel ? { channel } : {}) };
}

function readVehicle(command: Record<string, unknown>): ControlCommand | string {
  const { socPercent, latitude, longitude } = command;
  if (socPercent !== undefined && (typeof socPercent !== 'number' || !(socPercent >= 0 && socPercent <= 100))) return 'socPercent must be a number from 0 to 100';
  if ((latitude === undefined) !== (longitude === undefined)) return 'a position needs both latitude and longitude';
  if (latitude !== undefined && (typeof latitude !== 'number' || !(Math.abs(latitude) <= 90))) return 'latitude must be a number from -90 to 90';
  if (longitude !== undefined && (typeof longitude !== 'number' || !(Math.abs(longitude) <= 180))) return 'longitude must be a number from -180 to 180';
  if (socPercent === undefined && latitude === undefined) return 'vehicle needs socPercent or latitude and longitude';
  return { t: 'vehicle', ...(socPercent !== undefined ? { socPercent } : {}), ...(latitude !== undefined ? { latitude: latitude as number, longitude: longitude as number } : {}) };
}

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
    case 'vehicle':
      return readVehicle(command as Record<string, unknown>);
    case 'follow': {
      const on = (command as { on?: unknown }).on;
      return typeof on === 'boolean' ? { t: 'follow', on } : 'follow needs on (true or false)';
    }
    case 'say': {
      const text = (command as { text?: unknown }).text;
      return typeof text === 'string' && text.trim() !== '' && text.length <= 200 ? { t: 'say', text } : 'say needs text (1 to 200 characters)';
    }
    case 'wav': {
      const data = (command as { data?: unknown }).data;
      return typeof data === 'string' && data !== '' && data.length <= 8_000_000 ? { t: 'wav', data } : 'wav needs data (a base64 WAV of at most 6 MB)';
    }
    case 'source': {
      const source = readSource((command as { source?: unknown }).source);
      return typeof source === 'string' ? source : { t: 'source', source };
    }
    case 'display':
      return command.display === 'driver' || command.display === 'passenger' ? { t: 'display', display: command.display } : 'display must be driver or passenger';
    case 'hold': {
      if (command.inputs === null) return { t: 'hold', inputs: null };
      const inputs = command.inputs as Record<string, unknown> | undefined;
      if (!inputs || typeof inputs !== 'object') return 'hold needs inputs (or null)';
      const held: { -readonly [K in keyof DriverInput]?: DriverInput[K] } = {};
      if (inputs['speedKmh'] !== undefined) {
        if (typeof inputs['speedKmh'] !== 'number' || !(inputs['speedKmh'] <= 250)) return `A speed is a number of km/h up to 250 (found ${JSON.stringify(inputs['speedKmh'])})`;
        held.speedKmh = inputs['speedKmh'];
      }
      if (inputs['gear'] !== undefined) {
        if (!GEARS.has(String(inputs['gear']))) return `The gear is P, R, N or D (found ${JSON.stringify(inputs['gear'])})`;
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
      return `the panel sent a command this simulator does not know (${JSON.stringify(command?.t) ?? 'none'})`;
  }
}
