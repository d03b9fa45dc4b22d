/**
 * The simulator's side of the tester's control panel: commands steer the timeline and the
 * policy; the status (timeline position, held inputs, driving state, policy) goes to every
 * panel four times a second. The head unit itself never hears of any of it: it only sees
 * the frames the steered vehicle sends.
 */
import type { WebSocket } from 'ws';
import { PRESETS } from '../../safety/common/presets.js';
import type { HeadUnitServices } from '../../services/node/headUnit.js';
import type { ControlledTimeline } from '../../vehicle-bus/common/sim/controlledTimeline.js';
import { loadTimeline } from '../../vehicle-bus/node/timelineFiles.js';
import type { ControlStatus } from '../common/controlProtocol.js';
import { readCommand } from '../common/controlProtocol.js';

const STATUS_INTERVAL_MS = 250;

export class SimulatorControl {
  private readonly panels = new Set<WebSocket>();
  private readonly timer: ReturnType<typeof setInterval>;
  private notice: string | null = null;

  constructor(
    /** Null while replaying a log: the vehicle is what the log says, not steerable. */
    private readonly timeline: ControlledTimeline | null,
    private readonly services: HeadUnitServices,
    private readonly scenarios: ReadonlyMap<string, string>,
    /** The simulation clock now (s), for policy changes. */
    private readonly now: () => number,
  ) {
    this.timer = setInterval(() => this.broadcast(), STATUS_INTERVAL_MS);
  }

  attach(socket: WebSocket): void {
    this.panels.add(socket);
    socket.on('close', () => this.panels.delete(socket));
    socket.on('message', (data: Buffer) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString('utf8')) as unknown;
      } catch {
        socket.close(1003, 'not JSON');
        return;
      }
      this.notice = this.apply(parsed);
      this.broadcast();
    });
    socket.send(JSON.stringify(this.status()));
  }

  /** Carries out one command; says what happened (or why not). */
  apply(value: unknown): string {
    const command = readCommand(value);
    if (typeof command === 'string') return `refused: ${command}`;
    const timeline = this.timeline;
    if (!timeline && command.t !== 'preset' && command.t !== 'display') return 'refused: replaying a log; the vehicle cannot be steered';
    switch (command.t) {
      case 'play':
        timeline?.play();
        return 'playing';
      case 'pause':
        timeline?.pause();
        return 'paused';
      case 'seek':
        timeline?.seek(command.seconds);
        return `at ${command.seconds.toFixed(0)} s`;
      case 'hold':
        timeline?.hold(command.inputs);
        return command.inputs === null ? 'released: the timeline drives' : `holding ${JSON.stringify(command.inputs)}`;
      case 'scenario': {
        const file = this.scenarios.get(command.name);
        if (!file) return `refused: no scenario ${command.name} (${[...this.scenarios.keys()].join(', ')})`;
        timeline?.load(loadTimeline(file).timeline);
        return `scenario ${command.name}`;
      }
      case 'display':
        this.services.setDisplay(command.display);
        return `the UI is the ${command.display}'s screen`;
      case 'preset': {
        const policy = PRESETS[command.name];
        if (!policy) return `refused: no preset ${command.name} (${Object.keys(PRESETS).join(', ')})`;
        // As in the car: a new policy applies when parked, not mid-drive.
        const outcome = this.services.engine.propose(policy, this.now(), 'chosen by the tester');
        return outcome === 'applied' ? `${command.name} active` : `${command.name} waits until parked`;
      }
    }
  }

  status(): ControlStatus {
    const state = this.timeline?.state ?? { description: 'log replay', duration: 0, position: 0, playing: true, override: {} };
    const speed = this.services.bus.state.get('Vehicle.Speed');
    const driving = this.services.engine.status;
    return {
      t: 'status',
      description: state.description,
      duration: state.duration,
      position: state.position,
      playing: state.playing,
      held: state.override,
      scenarios: [...this.scenarios.keys()],
      presets: Object.keys(PRESETS),
      preset: this.services.engine.policy?.name ?? null,
      display: this.services.displayMode,
      driving: driving.band ? `${driving.state} · ${driving.band}` : driving.state,
      speedKmh: speed?.valid && typeof speed.value === 'number' ? speed.value : null,
      notice: this.notice,
      log: this.services.audit.recent({ limit: 12 }).map((row) => ({
        at: row.source_time,
        kind: row.kind,
        text:
          row.kind === 'transition'
            ? `${row.from_state ?? '?'} → ${row.driving_state ?? '?'}: ${row.reason}`
            : row.kind === 'blocked'
              ? `${row.app_id ?? '?'} ${row.action ?? ''}: ${row.modality ?? ''} (${row.reason})`
              : row.reason,
      })),
    };
  }

  private broadcast(): void {
    if (this.panels.size === 0) return;
    const text = JSON.stringify(this.status());
    for (const panel of this.panels) panel.send(text);
  }

  close(): void {
    clearInterval(this.timer);
    for (const panel of this.panels) panel.terminate();
  }
}
