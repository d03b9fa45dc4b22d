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

