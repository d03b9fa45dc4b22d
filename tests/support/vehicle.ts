import type { DrivingStatus } from '../../safety/common/estimator.js';
import { DrivingStateEstimator, LOW_VOLTAGE_STATE, PARKING_BRAKE, SELECTED_GEAR, SPEED } from '../../safety/common/estimator.js';
import type { EstimatorSettings } from '../../safety/common/policy.js';
import { US_NHTSA } from '../../safety/common/presets.js';
import type { VssValue } from '../../vehicle-bus/common/vss/catalog.js';
import { VehicleState } from '../../vehicle-bus/common/vss/vehicleState.js';

/** VSS gear codes. */
export const P = 126;
export const D = 127;
export const R = -1;
export const N = 0;

export interface Sample {
  readonly speed?: number | 'invalid';
  readonly gear?: number | 'invalid';
  readonly brake?: boolean;
  readonly power?: string;
}

/** A VehicleState and an estimator on it, driven sample by sample in source time. */
export class Drive {
  readonly state: VehicleState;
  readonly estimator: DrivingStateEstimator;
  readonly statuses: Array<{ time: number; label: string }> = [];
  time = 0;

  constructor(settings: Partial<EstimatorSettings> = {}, maxAgeMs = 500) {
    this.state = new VehicleState({ defaultMaxAgeMs: maxAgeMs });
    this.estimator = new DrivingStateEstimator({ ...US_NHTSA.estimator, ...settings }, (path) => this.state.get(path), 0);
  }

  /** Sets the given signals at time `time` (s) and evaluates. */
  at(time: number, sample: Sample): DrivingStatus {
    this.time = time;
    const write = (path: string, value: VssValue | 'invalid' | undefined): void => {
      if (value === undefined) return;
      if (value === 'invalid') this.state.invalidate(path, time, 'SNA');
      else this.state.set(path, value, time);
    };
    write(SPEED, sample.speed);
    write(SELECTED_GEAR, sample.gear);
    write(PARKING_BRAKE, sample.brake);
    write(LOW_VOLTAGE_STATE, sample.power);
    this.state.advance(time);
    return this.record(this.estimator.evaluate(time));
  }

  /** Repeats a sample every `step` seconds from `from` to `to` (inclusive). */
  hold(from: number, to: number, sample: Sample, step = 0.1): DrivingStatus {
    let status = this.estimator.status;
    for (let time = from; time <= to + 1e-9; time += step) status = this.at(Math.round(time * 1000) / 1000, sample);
    return status;
  }

  /** Time passes with no frames at all. */
  silence(from: number, to: number, step = 0.1): DrivingStatus {
    let status = this.estimator.status;
    for (let time = from; time <= to + 1e-9; time += step) {
      this.time = time;
      this.state.advance(time);
      status = this.record(this.estimator.evaluate(time));
    }
    return status;
  }

  private record(status: DrivingStatus): DrivingStatus {
    const label = status.band ? `${status.state}(${status.band})` : status.state;
    const last = this.statuses[this.statuses.length - 1];
    if (last?.label !== label) this.statuses.push({ time: this.time, label });
    return status;
  }

  /** The transitions so far, as "t label". */
  get transitions(): string[] {
    return this.statuses.map((entry) => `${entry.time} ${entry.label}`);
  }
}
