/**
 * The simulator's side of the tester's control panel: commands steer the simulated vehicle,
 * the policy and the vehicle source; the status (timeline position, held inputs, the car's
 * state, driving state, restrictions, the safety log) goes to every panel four times a second.
 * The head unit itself never hears of any of it: it only sees the frames the vehicle sends.
 */
import { checkDrive, describeHeld } from '../common/driveRules.js';
import { VSS } from '../../vehicle-bus/common/vss/catalog.js';
import { concat, silence, synthesize } from '../../voice/node/speech.js';
import type { Voice } from '../../voice/node/speech.js';
import { parseWav } from '../../voice/node/wav.js';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { WebSocket } from 'ws';
import { PRESETS } from '../../safety/common/presets.js';
import { flagList } from '../../safety/common/restrictions.js';
import { loadTimeline } from '../../vehicle-bus/node/timelineFiles.js';
import type { ControlCommand, ControlStatus, SourceChoice } from '../common/controlProtocol.js';
import { readCommand } from '../common/controlProtocol.js';
import type { VehicleSession } from './session.js';

const STATUS_INTERVAL_MS = 250;
const TIMELINE_FILE = /\.(json|ya?ml|csv)$/;

/** Whoever runs the sessions (the simulator's server): the one running now, and switching. */
export interface SessionHost {
  current(): { readonly session: VehicleSession; readonly number: number };
  /** Starts services on another source; throws (keeping the running one) when it cannot. */
  switchTo(choice: SourceChoice): Promise<void>;
}

function numberOf(session: VehicleSession, path: string): number | null {
  const state = session.services.bus.state.get(path);
  return state?.valid && typeof state.value === 'number' ? state.value : null;
}

function describeSource(choice: SourceChoice): string {
  return choice.kind === 'simulator' ? 'the simulated EV' : `${basename(choice.log)} decoded with ${basename(choice.dbc)}${choice.channel ? ` (${choice.channel})` : ''}`;
}

/** The voice typed utterances are spoken in (espeak-ng; see bench/voice.ts for how each voice fares). */
const SIMULATOR_VOICE: Voice = { engine: 'espeak-ng', name: 'en+robosoft' };
const WAKE_PREFIX = /^(hey|ok) glovebox\b/i;

export class SimulatorControl {
  private readonly panels = new Set<WebSocket>();
  private readonly timer: ReturnType<typeof setInterval>;
  private notice: string | null = null;
  private applied = 0;

  constructor(
    private readonly host: SessionHost,
    private readonly scenarios: ReadonlyMap<string, string>,
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
      void Promise.resolve(this.apply(parsed)).then((notice) => {
        this.notice = notice;
        this.applied += 1;
        this.broadcast();
      });
    });
    socket.send(JSON.stringify(this.status()));
  }

  /** Carries out one command; says what happened (or why not). */
  apply(value: unknown): string | Promise<string> {
    const command = readCommand(value);
    if (typeof command === 'string') return `refused: ${command}`;
    if (command.t === 'source') {
      return this.host.switchTo(command.source).then(
        () => `now ${command.source.kind === 'simulator' ? 'simulating' : 'replaying'} ${describeSource(command.source)}; the head unit restarted`,
        (error: unknown) => `refused: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    try {
      return this.steer(command);
    } catch (error) {
      // A scenario file with a mistake, a position out of range: said, and nothing changed.
      return `refused: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private steer(command: Exclude<ControlCommand, { readonly t: 'source' }>): string {
    const { session } = this.host.current();
    const services = session.services;
    switch (command.t) {
      case 'display':
        services.setDisplay(command.display);
        return `the UI is the ${command.display}'s screen`;
      case 'say': {
        if (!session.microphone) {
          const outcome = services.hear(command.text);
          return `heard "${command.text}": ${outcome.result}`;
        }
        // Spoken by espeak-ng into the microphone: the real pipeline hears it. Without the wake
        // phrase it is said after a press of the push-to-talk button.
        const wake = WAKE_PREFIX.test(command.text.trim());
        const audio = concat(silence(0.3), synthesize(command.text, SIMULATOR_VOICE), silence(0.3));
        if (!wake) services.pushToTalk();
        session.microphone.say(audio);
        return `saying "${command.text}"${wake ? '' : ' (push-to-talk)'}: see the voice timeline`;
      }
      case 'wav': {
        if (!session.microphone) return 'refused: this simulator does not listen (start it with voice)';
        const samples = parseWav(Buffer.from(command.data, 'base64'), 'the uploaded recording');
        session.microphone.say(samples);
        return `playing the recording (${(samples.length / 16_000).toFixed(1)} s) into the microphone`;
      }
      case 'preset': {
        const policy = PRESETS[command.name];
        if (!policy) return `refused: no preset ${command.name} (${Object.keys(PRESETS).join(', ')})`;
        // As in the car: a new policy applies when parked, not mid-drive.
        const outcome = services.engine.propose(policy, session.now(), 'chosen by the tester');
        return outcome === 'applied' ? `${command.name} active` : `${command.name} waits until parked`;
      }
      default:
        break;
    }
    const vehicle = session.vehicle;
    if (!vehicle) return 'refused: replaying a log; the vehicle cannot be steered';
    const { timeline, model } = vehicle;
    switch (command.t) {
      case 'play':
        timeline.play();
        return 'playing';
      case 'pause':
        timeline.pause();
        return 'paused';
      case 'seek':
        timeline.seek(command.seconds);
        return `at ${command.seconds.toFixed(0)} s`;
      case 'hold': {
        if (command.inputs === null) {
          timeline.hold(null);
          return 'released: the timeline drives';
        }
        const held = checkDrive(timeline.peek(), command.inputs);
        if (typeof held === 'string') return `refused: ${held}`;
        timeline.hold(held);
        return describeHeld(timeline.state.override);
      }
      case 'scenario': {
        const file = this.scenarios.get(command.name) ?? (TIMELINE_FILE.test(command.name) ? command.name : undefined);
        if (!file) return `refused: no scenario ${command.name} (${[...this.scenarios.keys()].join(', ')}; or a .json, .yaml or .csv file's path)`;
        if (!existsSync(file)) return `refused: there is no scenario file at ${file}`;
        const loaded = loadTimeline(file);
        timeline.load(loaded.timeline);
        if (loaded.startSocPercent !== undefined) model.setDisplayedSoc(loaded.startSocPercent);
        return `scenario ${loaded.timeline.description}`;
      }
      case 'follow':
        vehicle.following = command.on;
        return command.on ? 'the car drives the navigation route when one is set' : 'the car drives its own loop';
      case 'vehicle': {
        const done: string[] = [];
        if (command.socPercent !== undefined) {
          model.setDisplayedSoc(command.socPercent);
          done.push(`state of charge ${command.socPercent} %`);
        }
        if (command.latitude !== undefined && command.longitude !== undefined) {
          const off = model.placeAt([command.latitude, command.longitude]);
          done.push(`at ${command.latitude.toFixed(5)}, ${command.longitude.toFixed(5)}${off > 25 ? ` (${off.toFixed(0)} m off the simulated route; it drives the route's shape from there)` : ''}`);
        }
        return done.join('; ');
      }
    }
  }

  status(): ControlStatus {
    const { session, number } = this.host.current();
    const services = session.services;
    const state = session.vehicle?.timeline.state ?? { description: 'log replay', duration: 0, position: 0, playing: true, override: {} };
    const driving = services.engine.status;
    const navigation = services.navigation.state;
    return {
      t: 'status',
      session: number,
      source: session.choice,
      description: state.description,
      duration: state.duration,
      position: state.position,
      playing: state.playing,
      held: state.override,
      scenarios: [...this.scenarios.keys()],
      presets: Object.keys(PRESETS),
      preset: services.engine.policy?.name ?? null,
      display: services.displayMode,
      driving: driving.band ? `${driving.state} · ${driving.band}` : driving.state,
      speedKmh: numberOf(session, VSS.speed),
      socPercent: numberOf(session, VSS.stateOfCharge),
      latitude: numberOf(session, VSS.latitude),
      longitude: numberOf(session, VSS.longitude),
      flags: flagList(services.engine.restrictions(services.displayMode)),
      following: session.vehicle?.following ?? null,
      navigation: navigation ? { destination: navigation.destination.name, arrival: navigation.arrivalMs, remainingMeters: navigation.remainingMeters } : null,
      notice: this.notice,
      applied: this.applied,
      voice: services.voiceTimeline().slice(-20),
      appProblems: services.appProblems.recent().slice(-12),
      log: services.audit.recent({ limit: 12, sinceOpened: true }).map((row) => ({
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

  /** Sends the status to every panel now (also after a switch of source). */
  broadcast(): void {
    if (this.panels.size === 0) return;
    const text = JSON.stringify(this.status());
    for (const panel of this.panels) panel.send(text);
  }

  close(): void {
    clearInterval(this.timer);
    for (const panel of this.panels) panel.terminate();
  }
}
