/** `glovebox bus decode` and `glovebox bus state`. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { FrameDecoder } from '../../vehicle-bus/common/decoder.js';
import type { CanFrame } from '../../vehicle-bus/common/frame.js';
import { ProblemTally } from '../../vehicle-bus/common/problems.js';
import { VehicleBus } from '../../vehicle-bus/common/vehicleBus.js';
import type { SignalState } from '../../vehicle-bus/common/vss/vehicleState.js';
import { loadDbcCodec } from '../../vehicle-bus/node/loadDbc.js';
import { paced } from '../../vehicle-bus/node/pacing.js';
import type { LoggedFrame } from '../../vehicle-bus/node/replaySource.js';
import { readCandump } from '../../vehicle-bus/node/replaySource.js';
import { openFrameInput } from './frameInput.js';
import type { CommandIo } from './usage.js';
import { drained, EXIT_INPUT_PROBLEMS, EXIT_OK, parseOptions, UsageError, writeJsonLine } from './usage.js';

export const DECODE_HELP = `Usage: glovebox bus decode --dbc FILE [--log FILE] [--channel NAME]

Decodes CAN frames with a DBC file and writes one JSON line per frame:
  {"id":291,"message":"Name","signals":{"Signal":12.5,"Gear":"P"}}
or {"id":291,"error":"…"} for a frame it cannot decode (unknown ID, too short, bad multiplexer).
Signals are physical values, or the DBC's label where it has one; numbers JSON cannot hold
exactly are strings. A line that is not a frame gives {"line":N,"error":"…"}.

  --dbc FILE       the DBC file (required)
  --log FILE       a candump log (candump -l / -L format); without it, JSON lines on stdin:
                   {"id":291,"data":"DEADBEEF","extended":false}
  --channel NAME   decode only frames from this channel (a log may hold several buses)

Exit status: 0 all frames decoded, 1 some input could not be decoded (summary on stderr),
2 usage error or unreadable DBC.`;

export const STATE_HELP = `Usage: glovebox bus state --dbc FILE [--mapping FILE] (--log FILE | --cycle FILE) [options]

Streams VSS vehicle-state changes as JSON lines:
  {"t":1.25,"path":"Vehicle.Speed","value":42.5,"valid":true}
  {"t":3.5,"path":"Vehicle.Speed","value":42.5,"valid":false,"stale":true,"reason":"…"}
t is in seconds since the first frame. A signal that goes quiet past its max age turns stale.

  --dbc FILE       the DBC file (required)
  --mapping FILE   the DBC→VSS mapping; may be left out for the DBCs whose mappings ship with
                   Glovebox (the simulator's own, Tesla Model3CAN, Hyundai Kona pcan), which are
                   recognised by the DBC's content
  --log FILE       replay a candump log
  --cycle FILE     simulate a drive cycle (.csv with cycSecs, cycMps) or a scenario (.json),
                   encoded with --dbc through the mapping
  --channel NAME   read only frames from this channel
  --speed N        replay pace: 1 is real time; default as fast as possible

Exit status: 0, 1 some input could not be decoded (summary on stderr), 2 usage error.`;

function frameFromJson(text: string, line: number): { frame: CanFrame } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: `line ${line}: expected a JSON object like {"id":291,"data":"DEADBEEF"}, found ${text.slice(0, 60)}` };
  }
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const { id, data, extended = false, channel = 'stdin', timestamp = line } = record;
  const limit = extended === true ? 0x1fffffff : 0x7ff;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > limit) {
    return { error: `line ${line}: "id" must be an integer from 0 to ${limit}, found ${JSON.stringify(id)}` };
  }
  if (typeof data !== 'string' || !/^([0-9A-Fa-f]{2}){0,64}$/.test(data)) {
    return { error: `line ${line}: "data" must be hex bytes (up to 64), found ${JSON.stringify(data)}` };
  }
  if (typeof extended !== 'boolean') return { error: `line ${line}: "extended" must be true or false, found ${JSON.stringify(extended)}` };
  const bytes = Uint8Array.from(Buffer.from(data, 'hex'));
  return {
    frame: { timestamp: Number(timestamp), channel: String(channel), id, extended, data: bytes, fd: bytes.length > 8, remote: false },
  };
}

/**
 * Reports what a streamed run could not read or decode, and says whether the input was broken.
 * A real bus carries messages its DBC does not describe: unknown IDs are reported, not failures.
 */
export function reportStreamProblems(io: CommandIo, lineProblems: ProblemTally, decoder: FrameDecoder): boolean {
  reportProblems(io, `${decoder.framesDecoded} of ${decoder.framesSeen} frames decoded; problems`, lineProblems, decoder.problems);
  return lineProblems.total + decoder.problems.total - decoder.problems.count('unknown-id') > 0;
}

export function reportProblems(io: CommandIo, label: string, ...tallies: ProblemTally[]): boolean {
  const lines = tallies.flatMap((tally) => tally.describe());
  if (lines.length === 0) return false;
  io.stderr.write(`${label}:\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
  return true;
}

export async function busDecode(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(args, { dbc: { type: 'string' }, log: { type: 'string' }, channel: { type: 'string' } }, DECODE_HELP);
  if (values.help) {
    io.stdout.write(`${DECODE_HELP}\n`);
    return EXIT_OK;
  }
  if (!values.dbc) throw new UsageError('--dbc is required', DECODE_HELP);
  const codec = loadDbcCodec(values.dbc);
  for (const warning of codec.database.warnings) io.stderr.write(`warning: ${warning.file}:${warning.line}:${warning.column}: ${warning.message}\n`);
  const decoder = new FrameDecoder(codec, values.channel ? { channels: [values.channel] } : {});
  const inputProblems = new ProblemTally();

  const emit = async (value: object): Promise<void> => {
    if (!writeJsonLine(io.stdout, value)) await drained(io.stdout);
  };
  const decodeOne = async ({ frame, line }: LoggedFrame): Promise<void> => {
    if (!decoder.accepts(frame)) return;
    const outcome = decoder.decode(frame, line);
    if (!outcome.ok) {
      await emit({ id: frame.id, error: outcome.error.message });
      return;
    }
    const signals: Record<string, unknown> = {};
    for (const [name, signal] of outcome.value.signals) signals[name] = signal.label ?? signal.physical;
    await emit({ id: frame.id, message: outcome.value.message.message.name, signals });
  };

  if (values.log) {
    for await (const logged of readCandump(createReadStream(values.log), inputProblems, io.signal, (problem) => {
      void emit({ line: problem.line, error: `${problem.kind}: ${problem.message}` });
    })) {
      await decodeOne(logged);
    }
  } else {
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const text of lines) {
      lineNumber += 1;
      if (text.trim() === '') continue;
      const parsed = frameFromJson(text, lineNumber);
      if ('error' in parsed) {
        inputProblems.add('bad-input-line', parsed.error, lineNumber);
        await emit({ line: lineNumber, error: parsed.error });
        continue;
      }
      await decodeOne({ frame: parsed.frame, line: lineNumber });
    }
  }
  const hadProblems = reportProblems(io, `${decoder.framesDecoded} of ${decoder.framesSeen} frames decoded; problems`, inputProblems, decoder.problems);
  reportProblems(io, 'frames decoded although their length differs from the DBC', decoder.lengthMismatches);
  return hadProblems ? EXIT_INPUT_PROBLEMS : EXIT_OK;
}

/** A state change as a JSON line; a signal that went stale is stamped with when that was noticed. */
function stateLine(state: SignalState, origin: number, now: number): object {
  const line: Record<string, unknown> = {
    t: Math.round(((state.stale ? now : state.timestamp) - origin) * 1e6) / 1e6,
    path: state.path,
    value: state.value ?? null,
    valid: state.valid,
  };
  if (state.stale) line['stale'] = true;
  if (state.reason !== undefined) line['reason'] = state.reason;
  return line;
}

export async function busState(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(
    args,
    { dbc: { type: 'string' }, mapping: { type: 'string' }, log: { type: 'string' }, cycle: { type: 'string' }, channel: { type: 'string' }, speed: { type: 'string' } },
    STATE_HELP,
  );
  if (values.help) {
    io.stdout.write(`${STATE_HELP}\n`);
    return EXIT_OK;
  }
  if (!values.dbc) throw new UsageError('--dbc is required', STATE_HELP);
  if ((values.log === undefined) === (values.cycle === undefined)) throw new UsageError('give exactly one of --log and --cycle', STATE_HELP);
  const speed = values.speed === undefined ? Infinity : Number(values.speed);
  if (!(speed > 0)) throw new UsageError(`--speed must be a number above 0, found ${values.speed}`, STATE_HELP);

  const { codec, mapping, frames, lineProblems: inputProblems } = openFrameInput({ ...values, dbc: values.dbc, signal: io.signal });
  const bus = new VehicleBus(codec, mapping, values.channel ? { channels: [values.channel] } : {});
  let origin: number | undefined;
  const pending: object[] = [];
  bus.state.subscribe((changes) => {
    for (const change of changes) pending.push(stateLine(change, origin ?? 0, bus.state.now));
  });

  for await (const { frame, line } of paced(frames, { speed, ...(io.signal ? { signal: io.signal } : {}) })) {
    origin ??= frame.timestamp;
    bus.ingest(frame, line || undefined);
    for (const entry of pending.splice(0)) if (!writeJsonLine(io.stdout, entry)) await drained(io.stdout);
  }
  bus.state.drain();
  for (const entry of pending.splice(0)) writeJsonLine(io.stdout, entry);
  return reportStreamProblems(io, inputProblems, bus.decoder) ? EXIT_INPUT_PROBLEMS : EXIT_OK;
}
