/**
 * The config's vehicle section made real: the DBC parsed, the mapping fitted to it. Used when
 * checking a config (a broken DBC line or a mapping that does not fit is a config problem, with
 * the file and line the loader names) and when starting the head unit from it.
 */
import type { DatabaseCodec } from '../../../vehicle-bus/common/dbc/codec.js';
import type { CanFrame } from '../../../vehicle-bus/common/frame.js';
import { ControlledTimeline } from '../../../vehicle-bus/common/sim/controlledTimeline.js';
import { DEFAULT_ROUTE, Route } from '../../../vehicle-bus/common/sim/route.js';
import { loopedReplay } from '../../../vehicle-bus/node/replaySource.js';
import { SimulatorSource } from '../../../vehicle-bus/node/simulatorSource.js';
import { SocketCanSource, socketCanProblem } from '../../../vehicle-bus/node/socketcanSource.js';
import { loadTimeline, shippedScenarios } from '../../../vehicle-bus/node/timelineFiles.js';
import type { CompiledMapping } from '../../../vehicle-bus/common/vss/mapping.js';
import { loadDbcCodec } from '../../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping, loadMapping } from '../../../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../../../vehicle-bus/node/projectFiles.js';
import type { OemConfig } from '../../common/config/oemConfig.js';
import type { ConfigProblem } from './configSchema.js';

export interface OpenedVehicle {
  readonly codec: DatabaseCodec;
  readonly mapping: CompiledMapping;
}

/** The codec and mapping, or the problem with each (paths in `config` are absolute). */
export function openVehicle(config: OemConfig): { readonly vehicle?: OpenedVehicle; readonly problems: readonly ConfigProblem[] } {
  let codec: DatabaseCodec;
  try {
    codec = loadDbcCodec(config.vehicle.dbc ?? SIMULATOR_DBC);
  } catch (error) {
    return { problems: [{ path: '/vehicle/dbc', found: `a DBC that does not parse (${error instanceof Error ? error.message : String(error)})`, expected: 'a DBC file that parses' }] };
  }
  try {
    const mapping = config.vehicle.mapping === null ? findShippedMapping(codec.database) : loadMapping(config.vehicle.mapping, codec.database);
    return { vehicle: { codec, mapping }, problems: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { problems: [{ path: '/vehicle/mapping', found: `a mapping that does not fit (${message})`, expected: config.vehicle.mapping === null ? 'a shipped mapping that fits the DBC (or give vehicle.mapping)' : 'a mapping whose signals the DBC has' }] };
  }
}

/**
 * The frames the config's source gives, until `signal` aborts: the simulator on its scenario,
 * a log replayed in a loop, or every named SocketCAN interface merged (candump -L per interface).
 * Where the source cannot start (no such interface) it throws, naming it.
 */
export async function* configuredFrames(config: OemConfig, vehicle: OpenedVehicle, signal: AbortSignal): AsyncGenerator<CanFrame> {
  const source = config.vehicle.source;
  if (source.kind === 'replay') {
    yield* loopedReplay(source.log, 1, signal, source.channel);
    return;
  }
  if (source.kind === 'socketcan') {
    for (const name of source.interfaces) {
      const problem = socketCanProblem(name);
      if (problem) throw new Error(`/vehicle/source/interfaces: ${problem}`);
    }
    yield* merged(source.interfaces.map((name) => new SocketCanSource(name).frames(signal)));
    return;
  }
  const scenario = source.scenario ?? 'city-loop';
  const file = shippedScenarios().get(scenario) ?? scenario;
  const { timeline, startSocPercent } = loadTimeline(file);
  const simulator = new SimulatorSource({ timeline: new ControlledTimeline(timeline), codec: vehicle.codec, mapping: vehicle.mapping, route: new Route(DEFAULT_ROUTE), startSocPercent }, 1);
  yield* simulator.frames(signal);
}

/** Frames from several buses as they come. */
async function* merged(sources: ReadonlyArray<AsyncGenerator<CanFrame>>): AsyncGenerator<CanFrame> {
  const pending = new Map(sources.map((source, index) => [index, source.next().then((result) => ({ index, result }))]));
  while (pending.size > 0) {
    const { index, result } = await Promise.race(pending.values());
    if (result.done) {
      pending.delete(index);
      continue;
    }
    const source = sources[index] as AsyncGenerator<CanFrame>;
    pending.set(index, source.next().then((next) => ({ index, result: next })));
    yield result.value;
  }
}
