/**
 * One run of the head unit's services on one vehicle source: the simulated EV (steered by the
 * tester) or a candump log replayed with a chosen DBC and mapping. Switching source is what
 * reconfiguring the car's bus would be: services stop and start again on the same data
 * directory, keeping the policy and the display; installed apps, storage and permissions stay.
 */
import { SimulatedMicrophone } from '../../voice/node/audioSources.js';
import { SynthesizingSpeaker } from '../../voice/node/speaker.js';
import { createReadStream, statSync } from 'node:fs';
import type { Policy } from '../../safety/common/policy.js';
import type { Display } from '../../safety/common/policy.js';
import type { HeadUnitServices } from '../../services/node/headUnit.js';
import type { LoadedConfig } from '../../services/node/config/configFile.js';
import { defaultConfig } from '../../services/node/config/configFile.js';
import { configuredHeadUnit, replyVoice, wakeSettings } from '../../services/node/config/configuredHeadUnit.js';
import { formatAppProblem } from '../../services/node/apps/appProblems.js';
import type { UiSettings } from '../../services/common/uiSettings.js';
import { CandumpReader, MAX_LINE_LENGTH } from '../../vehicle-bus/common/candump.js';
import type { CanFrame } from '../../vehicle-bus/common/frame.js';
import { ControlledTimeline } from '../../vehicle-bus/common/sim/controlledTimeline.js';
import { DEFAULT_ROUTE, Route } from '../../vehicle-bus/common/sim/route.js';
import type { VehicleModel } from '../../vehicle-bus/common/sim/vehicleModel.js';
import { loadDbcCodec } from '../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping, loadMapping } from '../../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../../vehicle-bus/node/projectFiles.js';
import { boundedLines, loopedReplay } from '../../vehicle-bus/node/replaySource.js';
import { SimulatorSource } from '../../vehicle-bus/node/simulatorSource.js';
import { loadTimeline } from '../../vehicle-bus/node/timelineFiles.js';
import type { ReplayChoice, SourceChoice } from '../common/controlProtocol.js';

export interface SessionOptions {
  readonly dataDir: string;
  /** What the simulated EV drives (a scenario or drive cycle, looped). */
  readonly timeline: string;
  /** Simulated seconds per real second. */
  readonly speed: number;
  readonly policy: Policy | undefined;
  readonly display?: Display;
  readonly localBackends?: ReadonlyMap<string, string>;
  /** Listen: the offline wake word and recogniser on audio the tester pushes (typed text spoken by espeak-ng, a WAV). */
  readonly voice?: boolean;
  /** The OEM config (default: the built-in one, without Glovebox's apps). Its policy is `policy`'s. */
  readonly config?: LoadedConfig;
}

/** The simulated EV's controls: what it is told to do, and the car itself. */
export interface SimulatedVehicle {
  readonly timeline: ControlledTimeline;
  readonly model: VehicleModel;
  /** Whether the car drives the route the navigation app sets (else its own loop). */
  following: boolean;
}

export interface VehicleSession {
  readonly choice: SourceChoice;
  readonly services: HeadUnitServices;
  /** Null while replaying a log: the vehicle is what the log says. */
  readonly vehicle: SimulatedVehicle | null;
  /** Where the tester's speech goes in (null when the simulator does not listen). */
  readonly microphone: SimulatedMicrophone | null;
  /** What the system UI takes from the config (its look, sizes, notices). */
  readonly ui: UiSettings;
  /** The vehicle's clock (s): the newest frame's time. */
  now(): number;
  close(): Promise<void>;
}

/** No config file: the built-in defaults, without installing Glovebox's apps (a test's data dir has its own). */
export function builtInConfig(): LoadedConfig {
  const config = defaultConfig();
  return { file: null, config: { ...config, apps: { ...config.apps, bundled: false } }, policy: undefined, problems: [] };
}

/** How far into a log to look for a first frame before calling it not a candump log. */
const PROBE_LINES = 500;

/** Refuses a log with no frame near its start, naming the first bad line. */
async function probeLog(path: string): Promise<void> {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch (error) {
    throw new Error(`${path}: expected a candump log file, found ${error instanceof Error && 'code' in error ? String(error.code) : String(error)}`, { cause: error });
  }
  if (size === 0) throw new Error(`${path}: expected candump lines, found an empty file`);
  const reader = new CandumpReader();
  const input = createReadStream(path);
  const lines = boundedLines(input, MAX_LINE_LENGTH);
  let first: string | undefined;
  let count = 0;
  try {
    for await (const text of lines) {
      count += 1;
      for (const parsed of reader.next(text)) {
        if ('frame' in parsed) return;
        first ??= `line ${parsed.problem.line}: ${parsed.problem.message}`;
      }
      if (count >= PROBE_LINES) break;
    }
  } finally {
    input.destroy();
  }
  throw new Error(`${path}: expected candump lines "(time) channel id#data", found no frame in the first ${count} lines${first ? ` (${first})` : ''}`);
}

/**
 * Starts services on a source. Everything that can be wrong with the choice (a missing file,
 * a broken DBC line, a mapping that does not fit, a log with no frames) throws here, before
 * anything runs, so the caller can keep the session it has.
 */
export async function openSession(choice: SourceChoice, options: SessionOptions): Promise<VehicleSession> {
  const replay = choice.kind === 'replay' ? choice : undefined;
  // The tester's log and DBC, else the config's bus (a car's DBC, simulated), else the simulated EV's.
  const bus = options.config?.config.vehicle;
  const dbc = replay ? replay.dbc : (bus?.dbc ?? SIMULATOR_DBC);
  const mappingFile = replay ? replay.mapping : (bus?.mapping ?? undefined);
  const codec = loadDbcCodec(dbc);
  const mapping = mappingFile ? loadMapping(mappingFile, codec.database) : findShippedMapping(codec.database);
  if (replay) await probeLog(replay.log);
  const loaded = choice.kind === 'simulator' ? loadTimeline(options.timeline) : undefined;

  const config = options.config ?? builtInConfig();
  const configured = configuredHeadUnit(
    // The policy is the caller's (the config's, or the tester's choice); a config with problems runs none.
    { ...config, policy: options.policy },
    { dataDir: options.dataDir, vehicle: { codec, mapping }, ...(options.localBackends ? { localBackends: options.localBackends } : {}), ...(options.display ? { display: options.display } : {}) },
  );
  const services = configured.services;
  for (const notice of configured.notices) console.error(`simulator: ${notice}`);
  // An app's errors reach its developer on this terminal (glovebox start, glovebox app dev) with file and line.
  services.appProblems.onProblem((problem) => console.error(`app ${formatAppProblem(problem)}`));
  // The simulator's microphone: what the tester types or uploads, as audio, through the real pipeline.
  const microphone = options.voice && config.config.voice.enabled ? new SimulatedMicrophone() : null;
  if (microphone) {
    services.startVoice({
      wake: wakeSettings(config.config),
      source: microphone,
      speaker: new SynthesizingSpeaker((text, wav) => services.speak(text, wav ? Buffer.from(wav).toString('base64') : null), replyVoice(config.config)),
    });
  }
  const stop = new AbortController();
  let clock = 0;
  let vehicle: SimulatedVehicle | null = null;
  let stopFollowing = (): void => undefined;
  let frames: AsyncGenerator<CanFrame>;
  if (loaded) {
    // One simulation for the whole session (its battery carries on), steered by the tester.
    const timeline = new ControlledTimeline(loaded.timeline);
    const source = new SimulatorSource({ timeline, codec, mapping, route: new Route(DEFAULT_ROUTE), startSocPercent: loaded.startSocPercent }, options.speed);
    const steered: SimulatedVehicle = { timeline, model: source.simulation.model, following: true };
    vehicle = steered;
    frames = source.frames(stop.signal);
    // The navigation app's route, driven: so the map, the ETA and re-routing can be seen working.
    let followed = '';
    stopFollowing = services.navigation.onChange((state) => {
      const key = state ? JSON.stringify([state.polyline.length, state.polyline[0], state.polyline.at(-1)]) : '';
      if (!state || state.polyline.length < 2 || !steered.following || key === followed) return;
      followed = key;
      steered.model.follow(new Route(state.polyline, false));
    });
  } else {
    const log = replay as ReplayChoice;
    frames = loopedReplay(log.log, options.speed, stop.signal, log.channel);
  }
  const driving = (async () => {
    for await (const frame of frames) {
      clock = frame.timestamp;
      services.ingest(frame);
    }
  })().catch((error: unknown) => {
    if (!stop.signal.aborted) console.error('simulator: the vehicle source stopped:', error);
  });
  return {
    choice,
    services,
    vehicle,
    microphone,
    ui: configured.ui,
    now: () => clock,
    async close() {
      stopFollowing();
      stop.abort();
      await driving;
      services.close();
    },
  };
}
