/**
 * `glovebox start`: the head unit where no Electron binary exists. Until the simulator's
 * screen lands, it runs the simulated vehicle through the real bus pipeline (encode with a
 * DBC, decode, map to VSS) and shows the live vehicle state in the terminal.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRESETS } from '../../safety/common/presets.js';
import { loadPolicy, PolicyLoadError } from '../../safety/node/policyFiles.js';
import type { LoadedConfig } from '../../services/node/config/configFile.js';
import { defaultConfig, formatProblem, loadConfigFile } from '../../services/node/config/configFile.js';
import { startSimulator } from '../../sim/node/server.js';
import { dataDirectory } from '../../services/node/storage/database.js';
import { findElectronBinary } from './electronBinary.js';
import type { DatabaseCodec } from '../../vehicle-bus/common/dbc/codec.js';
import { Route, DEFAULT_ROUTE } from '../../vehicle-bus/common/sim/route.js';
import { VehicleBus } from '../../vehicle-bus/common/vehicleBus.js';
import { VSS_CATALOG } from '../../vehicle-bus/common/vss/catalog.js';
import type { SignalState } from '../../vehicle-bus/common/vss/vehicleState.js';
import { loadDbcCodec } from '../../vehicle-bus/node/loadDbc.js';
import { SIMULATOR_DBC } from '../../vehicle-bus/node/projectFiles.js';
import { SimulatorSource } from '../../vehicle-bus/node/simulatorSource.js';
import { loadTimeline, shippedScenarios } from '../../vehicle-bus/node/timelineFiles.js';
import { mappingFor } from './frameInput.js';
import type { CommandIo } from './usage.js';
import { EXIT_OK, parseOptions, UsageError } from './usage.js';

const DEFAULT_SCENARIO = 'city-loop';

export const START_HELP = `Usage: glovebox start [--config FILE] [--headless] [--simulator] [--port N] [--policy FILE|PRESET] [--scenario NAME|FILE | --cycle FILE] [options]

Starts the head unit: the Electron kiosk where an Electron binary exists (node_modules/electron/dist
or GLOVEBOX_ELECTRON), else the simulator, saying which. The simulator serves services (the
simulated vehicle's bus, the safety policy, the installed apps in GLOVEBOX_DATA_DIR) with the
system UI to any Chromium; the URL is printed on a line of its own.
With --terminal it instead shows the simulated vehicle's live VSS state in the terminal.

  --config FILE         the OEM config (JSON or YAML; docs/config/): displays, look, policy, bus,
                        apps, trust, voice, performance. Default: the simulated EV's built-in
                        config (docs/config/simulated-ev.yaml). A config with problems starts
                        the head unit fully restricted and says why, in the log and on screen.
  --headless            the simulator, printing the URL only (for scripts and tests)
  --simulator           the simulator even where Electron could run
  --port N              listen on this port (default 8788; 0 picks a free one)
  --policy FILE|PRESET  the safety policy instead of the config's (default EU_ESOP)
  --terminal            the terminal view of the vehicle state instead of the server

  --scenario NAME|FILE  a shipped scenario (${[...shippedScenarios().keys()].join(', ')}) or a scenario file;
                        default ${DEFAULT_SCENARIO}, repeated until stopped
  --cycle FILE          a drive cycle CSV (cycSecs, cycMps), e.g. a WLTC or UDDS trace
  --replay LOG          instead of simulating, replay a candump log (looped) decoded with --dbc
                        (and --mapping, default the shipped one that fits the DBC; --channel NAME
                        keeps one bus's frames, e.g. can0)
  --dbc FILE            encode with this DBC (default: the simulated EV's own)
  --mapping FILE        its VSS mapping (default: the shipped one that fits the DBC)
  --speed N             simulated seconds per real second (default 1)
  --duration S          stop after S simulated seconds (default: run until Ctrl-C)

Exit status: 0, 2 usage error or unreadable input.`;

/** A value as a person reads it: units, and metres of range as kilometres. */
function formatValue(state: SignalState): string {
  if (state.value === undefined) return '—';
  if (typeof state.value !== 'number') return String(state.value);
  const unit = VSS_CATALOG[state.path]?.unit;
  if (unit === 'm') return `${(state.value / 1000).toFixed(1)} km`;
  const digits = unit === 'degrees' ? 6 : unit === 'km' ? 1 : Number.isInteger(state.value) && unit === undefined ? 0 : 1;
  return `${state.value.toFixed(digits)}${unit === undefined ? '' : unit === 'percent' ? ' %' : unit === 'degrees' ? '°' : ` ${unit}`}`;
}

function render(states: readonly SignalState[], header: string): string {
  const width = Math.max(...states.map((state) => state.path.length), 10);
  const rows = states.map((state) => {
    const status = state.valid ? 'ok' : state.stale ? 'STALE' : 'INVALID';
    return `  ${state.path.padEnd(width)}  ${formatValue(state).padStart(16)}  ${status}${state.reason && !state.valid ? ` (${state.reason})` : ''}`;
  });
  return `${header}\n${rows.join('\n')}\n`;
}

export async function start(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      scenario: { type: 'string' },
      cycle: { type: 'string' },
      dbc: { type: 'string' },
      mapping: { type: 'string' },
      replay: { type: 'string' },
      channel: { type: 'string' },
      speed: { type: 'string' },
      duration: { type: 'string' },
      headless: { type: 'boolean' },
      port: { type: 'string' },
      policy: { type: 'string' },
      terminal: { type: 'boolean' },
      simulator: { type: 'boolean' },
      config: { type: 'string' },
    },
    START_HELP,
  );
  if (values.help) {
    io.stdout.write(`${START_HELP}\n`);
    return EXIT_OK;
  }
  if (values.scenario && values.cycle) throw new UsageError('give --scenario or --cycle, not both', START_HELP);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0)) throw new UsageError(`--speed must be a number above 0, found ${values.speed}`, START_HELP);
  const duration = values.duration === undefined ? Infinity : Number(values.duration);
  if (!(duration > 0)) throw new UsageError(`--duration must be a number of seconds above 0, found ${values.duration}`, START_HELP);

  const loaded = values.config === undefined ? { file: null, config: defaultConfig(), policy: PRESETS['EU_ESOP'], problems: [] } : loadConfigFile(values.config);
  const source = loaded.config.vehicle.source;
  const configScenario = source.kind === 'simulator' ? source.scenario : undefined;
  const scenarios = shippedScenarios();
  const scenario = values.scenario ?? configScenario ?? DEFAULT_SCENARIO;
  const timelinePath = values.cycle ?? scenarios.get(scenario) ?? scenario;
  if (!timelinePath || !existsSync(timelinePath)) {
    throw new UsageError(`--scenario: expected one of ${[...scenarios.keys()].join(', ')} or a file, found "${values.scenario}"`, START_HELP);
  }
  if (!values.terminal && !values.headless && !values.simulator) {
    const electron = findElectronBinary();
    if ('path' in electron) return runKiosk(electron.path, values.policy, values.config, io);
    io.stderr.write(`glovebox: no Electron binary here (${electron.missing}); starting the simulator\n`);
  }
  if (!values.terminal) return serve(values, loaded, timelinePath, speed, io);
  const codec: DatabaseCodec = loadDbcCodec(values.dbc ?? SIMULATOR_DBC);
  const mapping = mappingFor(codec, values.mapping);
  const { timeline, startSocPercent } = loadTimeline(timelinePath);
  const bus = new VehicleBus(codec, mapping);
  const interactive = 'isTTY' in io.stdout && io.stdout.isTTY === true;

  let simulatedTime = 0;
  let lap = 0;
  let lastShown = -Infinity;
  const show = (): void => {
    const header = [
      `Glovebox simulator: ${timeline.description}`,
      `lap ${lap + 1}, t = ${simulatedTime.toFixed(1)} s, ${bus.decoder.framesDecoded} frames decoded with ${codec.database.file.split('/').pop()}, ${bus.decoder.problems.total} problems (Ctrl-C stops)`,
    ].join('\n');
    const text = render(bus.state.snapshot(), header);
    io.stdout.write(interactive ? `\x1b[H\x1b[2J${text}` : `${text}\n`);
  };

  while (simulatedTime < duration && !io.signal?.aborted) {
    const lapStart = simulatedTime;
    const source = new SimulatorSource(
      { timeline, codec, mapping, route: new Route(DEFAULT_ROUTE), startSocPercent, startTime: lapStart },
      speed,
    );
    for await (const frame of source.frames(io.signal)) {
      simulatedTime = frame.timestamp;
      if (simulatedTime > duration) break;
      bus.ingest(frame);
      // Four redraws a second on a terminal; one snapshot per simulated 10 s into a pipe or log.
      const every = interactive ? 0.25 * speed : 10;
      if (simulatedTime - lastShown >= every) {
        lastShown = simulatedTime;
        show();
      }
    }
    if (simulatedTime > duration || io.signal?.aborted || values.cycle || values.scenario) break;
    lap += 1;
  }
  show();
  return EXIT_OK;
}

/** The Electron kiosk: its main process from build/electron, until it exits or we are stopped. */
async function runKiosk(binary: string, policy: string | undefined, config: string | undefined, io: CommandIo): Promise<number> {
  const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'electron', 'node', 'main.js');
  io.stdout.write(`Glovebox: starting the Electron kiosk (${binary})\n`);
  const child = spawn(binary, [main], { stdio: 'inherit', env: { ...process.env, ...(policy ? { GLOVEBOX_POLICY: policy } : {}), ...(config ? { GLOVEBOX_CONFIG: resolve(config) } : {}) } });
  io.signal?.addEventListener('abort', () => child.kill('SIGTERM'), { once: true });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

/** The built system UI, beside this module in build/. */
export const RENDERER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'renderer');

async function serve(
  values: { headless?: boolean; port?: string; policy?: string; replay?: string; dbc?: string; mapping?: string; channel?: string },
  loaded: LoadedConfig,
  timeline: string,
  speed: number,
  io: CommandIo,
): Promise<number> {
  if (values.replay !== undefined && values.dbc === undefined) throw new UsageError('--replay needs --dbc: the DBC that decodes the log', START_HELP);
  for (const [flag, file] of [['--replay', values.replay], ['--dbc', values.dbc], ['--mapping', values.mapping]] as const) {
    if (file !== undefined && !existsSync(file)) throw new UsageError(`${flag}: no such file ${file}`, START_HELP);
  }
  const port = values.port === undefined ? 8788 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number, found "${values.port}"`, START_HELP);
  if (!existsSync(join(RENDERER_DIR, 'app.js'))) {
    io.stderr.write(`glovebox: the system UI is not built (${RENDERER_DIR}); run npm run build\n`);
    return 2;
  }
  for (const problem of loaded.problems) io.stderr.write(`glovebox: ${formatProblem(loaded.file ?? 'config', problem)}\n`);
  if (loaded.problems.length > 0) io.stderr.write(`glovebox: the OEM config has ${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}; running fully restricted\n`);
  let policy = loaded.problems.length === 0 ? loaded.policy : undefined;
  if (values.policy !== undefined) {
    try {
      policy = loadPolicy(values.policy);
    } catch (error) {
      if (!(error instanceof PolicyLoadError)) throw error;
      io.stderr.write(`glovebox: ${error.message}\nglovebox: running fully restricted\n`);
      policy = undefined;
    }
  }
  const config = loaded.config;
  const source = config.vehicle.source;
  if (source.kind === 'socketcan') io.stderr.write(`glovebox: the simulator cannot read SocketCAN (${source.interfaces.join(', ')}); it simulates the drive on the config's DBC instead (the Electron shell reads the interfaces)\n`);
  const fromConfig = source.kind === 'replay' && values.replay === undefined ? { log: source.log, dbc: config.vehicle.dbc ?? SIMULATOR_DBC, ...(config.vehicle.mapping ? { mapping: config.vehicle.mapping } : {}), ...(source.channel ? { channel: source.channel } : {}) } : undefined;
  const replay = values.replay !== undefined && values.dbc !== undefined ? { log: values.replay, dbc: values.dbc, mapping: values.mapping, channel: values.channel } : fromConfig;
  const simulator = await startSimulator({ port, dataDir: dataDirectory(), timeline, speed, policy, rendererDir: RENDERER_DIR, replay, sampleBackends: true, voice: true, config: loaded });
  io.stdout.write(values.headless ? `${simulator.url}\n` : `Glovebox simulator: open ${simulator.url} in Chromium; the tester's panel is ${simulator.url}panel (Ctrl-C stops)\n${simulator.url}\n`);
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await simulator.close();
  return EXIT_OK;
}
