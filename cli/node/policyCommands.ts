/** `glovebox policy validate` and `glovebox policy simulate`. */
import { readFileSync } from 'node:fs';
import { PolicyEngine } from '../../safety/common/engine.js';
import type { Category, Display, Policy } from '../../safety/common/policy.js';
import { CATEGORIES, DISPLAYS } from '../../safety/common/policy.js';
import { PRESETS } from '../../safety/common/presets.js';
import type { RestrictionSet } from '../../safety/common/restrictions.js';
import { flagList, sameRestrictions } from '../../safety/common/restrictions.js';
import { loadPolicy, PolicyLoadError, policyFromDocument } from '../../safety/node/policyFiles.js';
import { join } from 'node:path';
import { SafetyAuditLog } from '../../services/node/safetyAudit.js';
import { dataDirectory, Storage } from '../../services/node/storage/database.js';
import { VehicleBus } from '../../vehicle-bus/common/vehicleBus.js';
import { SIMULATOR_DBC } from '../../vehicle-bus/node/projectFiles.js';
import { reportStreamProblems } from './busCommands.js';
import { openFrameInput } from './frameInput.js';
import type { CommandIo } from './usage.js';
import { drained, EXIT_INPUT_PROBLEMS, EXIT_OK, parseOptions, UsageError, writeJsonLine } from './usage.js';

export const VALIDATE_HELP = `Usage: glovebox policy validate FILE

Checks an OEM policy file against the schema (safety/data/policy.schema.json) and the rules a
schema cannot state (bands ascending, a MOVING rule for every band). Prints each problem with
its path, the value found and what is allowed.

Exit status: 0 valid, 1 invalid (the head unit would run fully restricted), 2 usage error.`;

export const SIMULATE_HELP = `Usage: glovebox policy simulate --policy FILE|PRESET (--cycle FILE | --log FILE --dbc FILE) [options]

Runs the driving-safety policy over a simulated drive or a CAN log and writes a JSON line for
each change of the restrictions in force:
  {"t":12.34,"drivingState":"MOVING","band":"MEDIUM","flags":["NO_KEYBOARD",…],"params":{…}}
t is in seconds since the first input sample. A summary of the time spent in each state goes
to stderr. A policy that cannot be read is reported and the run is fully restricted.

  --policy FILE|PRESET  a policy file, or a preset: ${Object.keys(PRESETS).join(', ')}
  --cycle FILE          a drive cycle CSV or scenario JSON, driven through the bus (with --dbc, or
                        the simulated EV's own DBC)
  --log FILE            a candump log, decoded with --dbc
  --dbc FILE            the DBC; --mapping FILE its VSS mapping (default: the shipped one that fits)
  --channel NAME        read only this channel of the log
  --display NAME        ${DISPLAYS.join(' or ')} (default driver)
  --category NAME       the app category whose overrides apply (${CATEGORIES.join(', ')})
  --audit               also record transitions in the safety audit, the SQLite database in
                        GLOVEBOX_DATA_DIR (default $XDG_DATA_HOME/glovebox), and say where

Exit status: 0, 1 the policy could not be read or the input had problems, 2 usage error.`;

export async function policyValidate(args: readonly string[], io: CommandIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${VALIDATE_HELP}\n`);
    return EXIT_OK;
  }
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0 || file.startsWith('-')) throw new UsageError('give exactly one policy file', VALIDATE_HELP);
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) {
      io.stderr.write(`${file}: not JSON: ${error.message}\n`);
      return EXIT_INPUT_PROBLEMS;
    }
    throw error;
  }
  try {
    const policy = policyFromDocument(document, file);
    io.stdout.write(`${file}: valid (${policy.name}, bands ${policy.estimator.bands.map((band) => `${band.name}≥${band.fromKmh}`).join(' ')} km/h)\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof PolicyLoadError)) throw error;
    for (const issue of error.issues) io.stderr.write(`${file}: ${issue.path}: expected ${issue.expected}, found ${issue.found}\n`);
    io.stderr.write(`${file}: invalid; a head unit given this file runs fully restricted\n`);
    return EXIT_INPUT_PROBLEMS;
  }
}

interface StateTime {
  state: string;
  seconds: number;
}

export async function policySimulate(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      policy: { type: 'string' },
      cycle: { type: 'string' },
      log: { type: 'string' },
      dbc: { type: 'string' },
      mapping: { type: 'string' },
      channel: { type: 'string' },
      display: { type: 'string' },
      category: { type: 'string' },
      audit: { type: 'boolean' },
    },
    SIMULATE_HELP,
  );
  if (values.help) {
    io.stdout.write(`${SIMULATE_HELP}\n`);
    return EXIT_OK;
  }
  if (!values.policy) throw new UsageError('--policy is required', SIMULATE_HELP);
  if ((values.log === undefined) === (values.cycle === undefined)) throw new UsageError('give exactly one of --log and --cycle', SIMULATE_HELP);
  if (values.log !== undefined && values.dbc === undefined) throw new UsageError('--log needs --dbc', SIMULATE_HELP);
  const display = (values.display ?? 'driver') as Display;
  if (!DISPLAYS.includes(display)) throw new UsageError(`--display: expected ${DISPLAYS.join(' or ')}, found "${values.display}"`, SIMULATE_HELP);
  const category = values.category as Category | undefined;
  if (category !== undefined && !CATEGORIES.includes(category)) throw new UsageError(`--category: expected one of ${CATEGORIES.join(', ')}, found "${category}"`, SIMULATE_HELP);

  let policy: Policy | undefined;
  let policyFailed = false;
  try {
    policy = loadPolicy(values.policy);
  } catch (error) {
    if (!(error instanceof PolicyLoadError)) throw error;
    io.stderr.write(`glovebox: ${error.message}\nglovebox: running fully restricted\n`);
    policyFailed = true;
  }

  const input = openFrameInput({ ...values, dbc: values.dbc ?? SIMULATOR_DBC, signal: io.signal });
  const bus = new VehicleBus(input.codec, input.mapping, values.channel ? { channels: [values.channel] } : {});
  let origin: number | undefined;
  let engine: PolicyEngine | undefined;
  let last: RestrictionSet | undefined;
  let lastState = '';
  let lastPrinted = '';
  let lastTime = 0;
  const times: StateTime[] = [];
  const account = (now: number): void => {
    const entry = times.find((time) => time.state === lastState);
    if (entry) entry.seconds += now - lastTime;
    else if (lastState) times.push({ state: lastState, seconds: now - lastTime });
    lastTime = now;
  };

  const storage = values.audit ? new Storage(join(dataDirectory(), 'glovebox.sqlite')) : undefined;
  const audit = storage ? new SafetyAuditLog(storage) : undefined;
  for await (const { frame, line } of input.frames) {
    origin ??= frame.timestamp;
    if (!engine) {
      engine = new PolicyEngine(policy, (path) => bus.state.get(path), frame.timestamp);
      if (audit) engine.onAudit((event) => audit.record(event));
    }
    bus.ingest(frame, line || undefined);
    const status = engine.evaluate(frame.timestamp);
    const label = status.band ? `${status.state}(${status.band})` : status.state;
    if (label !== lastState) {
      account(frame.timestamp);
      lastState = label;
    }
    const set = engine.restrictions(display, category);
    if (last && sameRestrictions(set, last) && label === lastPrinted) continue;
    last = set;
    lastPrinted = label;
    const written = writeJsonLine(io.stdout, {
      t: Math.round((frame.timestamp - origin) * 1e6) / 1e6,
      drivingState: status.state,
      band: status.band,
      flags: flagList(set),
      params: set.params,
    });
    if (!written) await drained(io.stdout);
  }
  account(lastTime > 0 || origin === undefined ? lastTime : origin);
  if (engine) account(bus.state.now);
  if (storage) {
    io.stderr.write(`audit: ${audit?.count()} rows in ${storage.database.name}\n`);
    storage.close();
  }
  const total = times.reduce((sum, time) => sum + time.seconds, 0);
  io.stderr.write(`time in each state (${total.toFixed(1)} s): ${times.map((time) => `${time.state} ${time.seconds.toFixed(1)} s`).join(', ')}\n`);
  const broken = reportStreamProblems(io, input.lineProblems, bus.decoder);
  return policyFailed || broken ? EXIT_INPUT_PROBLEMS : EXIT_OK;
}
