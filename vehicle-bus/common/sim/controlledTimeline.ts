/**
 * A timeline a tester steers while it runs: play, pause and seek a drive cycle or scenario
 * (looping at its end), and hold any of the driver's inputs (speed, gear, parking brake,
 * charging) at a chosen value over whatever the timeline says. The simulation's own clock
 * keeps running; only the position in the tester's timeline is steered.
 */
import type { DriverInput, Timeline } from './timeline.js';

export interface TimelineControl {
  readonly description: string;
  readonly duration: number;
  readonly position: number;
  readonly playing: boolean;
  readonly override: Partial<DriverInput>;
}

export class ControlledTimeline implements Timeline {
  /** Runs as long as the simulation does. */
  readonly duration = Number.POSITIVE_INFINITY;
  private base: Timeline;
  private position = 0;
  private lastTime: number | undefined;
  private playing = true;
  private override: Partial<DriverInput> = {};

  constructor(base: Timeline) {
    this.base = base;
  }

  get description(): string {
    return this.base.description;
  }

  at(seconds: number): DriverInput {
    if (this.lastTime !== undefined && this.playing) {
      this.position += Math.max(0, seconds - this.lastTime);
      if (this.position > this.base.duration) this.position %= Math.max(this.base.duration, 1e-9);
    }
    this.lastTime = seconds;
    return { ...this.base.at(this.position), ...this.override };
  }

  /** The inputs now, without moving the timeline on. */
  peek(): DriverInput {
    return { ...this.base.at(this.position), ...this.override };
  }

  play(): void {
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  seek(position: number): void {
    if (!Number.isFinite(position)) throw new RangeError(`seek: expected seconds, found ${position}`);
    this.position = Math.min(Math.max(0, position), this.base.duration);
  }

  /** Holds these inputs (merged with those held already); null releases every one. */
  hold(inputs: Partial<DriverInput> | null): void {
    this.override = inputs === null ? {} : { ...this.override, ...inputs };
  }

  /** Another drive cycle or scenario, from its start. */
  load(base: Timeline): void {
    this.base = base;
    this.position = 0;
  }

  get state(): TimelineControl {
    return { description: this.base.description, duration: this.base.duration, position: this.position, playing: this.playing, override: this.override };
  }
}
