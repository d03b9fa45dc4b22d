/** The simulated vehicle as a live frame source: the simulation, paced to the wall clock. */
import type { CanFrame, FrameSource } from '../common/frame.js';
import type { SimulationOptions } from '../common/sim/simulator.js';
import { Simulation } from '../common/sim/simulator.js';
import type { VehicleSnapshot } from '../common/sim/vehicleModel.js';
import { paced } from './pacing.js';

export class SimulatorSource implements FrameSource {
  readonly simulation: Simulation;
  /** The vehicle's state as of the last frame yielded (for the tester's display). */
  latest: VehicleSnapshot | undefined;

  constructor(
    options: SimulationOptions,
    /** 1 = real time; Infinity = as fast as possible. */
    private readonly speed = 1,
  ) {
    this.simulation = new Simulation(options);
  }

  get description(): string {
    return `simulator (${this.simulation.duration.toFixed(0)} s)`;
  }

  async *frames(signal?: AbortSignal): AsyncGenerator<CanFrame> {
    for await (const { frame, snapshot } of paced(this.simulation.run(), { speed: this.speed, signal })) {
      this.latest = snapshot;
      yield frame;
    }
  }
}

/**
 * The simulation driven lap after lap (the drive cycle or scenario again from its start, the
 * clock running on), paced to the wall clock: the head unit's frames when it runs on the
 * simulated vehicle. Ends when `signal` aborts.
 */
export async function* loopedSimulation(options: Omit<SimulationOptions, 'startTime'>, speed: number, signal: AbortSignal): AsyncGenerator<CanFrame> {
  let lapStart = 0;
  while (!signal.aborted) {
    for await (const frame of new SimulatorSource({ ...options, startTime: lapStart }, speed).frames(signal)) {
      lapStart = frame.timestamp;
      yield frame;
    }
  }
}
