/**
 * The simulated vehicle as a frame source: a timeline drives the EV model, whose state is
 * turned into VSS values, then into DBC signals through the mapping's inverse, and encoded
 * into frames at each message's cycle time. Pure and synchronous; pacing to the wall clock
 * is the caller's business.
 */
import type { DatabaseCodec, MessageCodec, PhysicalValue } from '../dbc/codec.js';
import type { CanFrame } from '../frame.js';
import type { CompiledMapping, CompiledMappingEntry } from '../vss/mapping.js';
import type { Route } from './route.js';
import type { Timeline } from './timeline.js';
import type { VehicleSnapshot } from './vehicleModel.js';
import { VehicleModel, vssValuesOf } from './vehicleModel.js';

/** For messages whose DBC gives no GenMsgCycleTime, ms. */
const DEFAULT_CYCLE_MS = 100;
/** The model's integration step, ms. Cycle times are rounded to a multiple of it. */
const STEP_MS = 10;

export interface SimulationOptions {
  readonly timeline: Timeline;
  readonly codec: DatabaseCodec;
  readonly mapping: CompiledMapping;
  readonly route: Route;
  readonly startSocPercent?: number;
  /** The channel the frames claim to come from. */
  readonly channel?: string;
  /** Added to every timestamp, s (e.g. the wall-clock start for a live run). */
  readonly startTime?: number;
}

interface ScheduledMessage {
  readonly codec: MessageCodec;
  readonly entries: readonly CompiledMappingEntry[];
  readonly cycleSteps: number;
}

export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationError';
  }
}

export class Simulation {
  readonly model: VehicleModel;
  private readonly schedule: ScheduledMessage[] = [];

  constructor(private readonly options: SimulationOptions) {
    this.model = new VehicleModel(options.route, options.startSocPercent);
    const problems: string[] = [];
    const sample = vssValuesOf(this.model.snapshot());
    for (const [messageName, entries] of options.mapping.byMessage) {
      const codec = options.codec.forName(messageName);
      if (!codec) continue;
      for (const entry of entries) {
        const value = sample.get(entry.path);
        if (value === undefined) continue;
        const encoded = entry.toSignal(value);
        if (!encoded.ok) problems.push(encoded.reason);
      }
      const cycle = codec.message.cycleTimeMs ?? DEFAULT_CYCLE_MS;
      this.schedule.push({ codec, entries, cycleSteps: Math.max(1, Math.round(cycle / STEP_MS)) });
    }
    if (problems.length > 0) throw new SimulationError(`the simulator cannot encode with ${options.mapping.source}: ${problems.join('; ')}`);
    if (this.schedule.length === 0) throw new SimulationError(`${options.mapping.source} maps no message of ${options.codec.database.file}`);
  }

  get duration(): number {
    return this.options.timeline.duration;
  }

  /** Frames in time order until the timeline ends, with the vehicle's state at each step. */
  *run(): Generator<{ frame: CanFrame; snapshot: VehicleSnapshot }> {
    const { timeline, channel = 'can0', startTime = 0 } = this.options;
    const steps = Math.floor((timeline.duration * 1000) / STEP_MS);
    for (let step = 0; step <= steps; step += 1) {
      const time = (step * STEP_MS) / 1000;
      this.model.step(time, timeline.at(time));
      let snapshot: VehicleSnapshot | undefined;
      let values: ReadonlyMap<string, unknown> | undefined;
      for (const scheduled of this.schedule) {
        if (step % scheduled.cycleSteps !== 0) continue;
        snapshot ??= this.model.snapshot();
        values ??= vssValuesOf(snapshot);
        const signals: Record<string, PhysicalValue | string> = {};
        for (const entry of scheduled.entries) {
          const value = values.get(entry.path);
          if (value === undefined) continue;
          const encoded = entry.toSignal(value as never);
          if (encoded.ok) signals[entry.signal.name] = encoded.value;
          if (entry.validity) signals[entry.validity.signal.name] = entry.validity.validValue;
        }
        const message = scheduled.codec.message;
        yield {
          frame: {
            timestamp: startTime + time,
            channel,
            id: message.id,
            extended: message.extended,
            data: scheduled.codec.encode(signals),
            fd: message.fd,
            remote: false,
          },
          snapshot,
        };
      }
    }
  }
}
