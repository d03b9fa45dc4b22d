/** The frame input shared by commands that take `--log FILE` or `--cycle FILE` with a DBC. */
import { createReadStream } from 'node:fs';
import type { DatabaseCodec } from '../../vehicle-bus/common/dbc/codec.js';
import { ProblemTally } from '../../vehicle-bus/common/problems.js';
import { DEFAULT_ROUTE, Route } from '../../vehicle-bus/common/sim/route.js';
import { Simulation } from '../../vehicle-bus/common/sim/simulator.js';
import type { CompiledMapping } from '../../vehicle-bus/common/vss/mapping.js';
import { loadDbcCodec } from '../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping, loadMapping } from '../../vehicle-bus/node/mappingFiles.js';
import type { LoggedFrame } from '../../vehicle-bus/node/replaySource.js';
import { readCandump } from '../../vehicle-bus/node/replaySource.js';
import { loadTimeline } from '../../vehicle-bus/node/timelineFiles.js';

export interface FrameInputOptions {
  readonly dbc: string;
  readonly mapping?: string | undefined;
  readonly log?: string | undefined;
  readonly cycle?: string | undefined;
  readonly channel?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface FrameInput {
  readonly codec: DatabaseCodec;
  readonly mapping: CompiledMapping;
  readonly frames: AsyncIterable<LoggedFrame> | Iterable<LoggedFrame>;
  /** Lines of the log that were not frames. */
  readonly lineProblems: ProblemTally;
}

/** The mapping given, or the shipped one that fits the DBC. */
export function mappingFor(codec: DatabaseCodec, mappingPath: string | undefined): CompiledMapping {
  return mappingPath ? loadMapping(mappingPath, codec.database) : findShippedMapping(codec.database);
}

/** Opens the DBC and mapping, and the frames of a candump log or of a simulated drive. */
export function openFrameInput(options: FrameInputOptions): FrameInput {
  const codec = loadDbcCodec(options.dbc);
  const mapping = mappingFor(codec, options.mapping);
  const lineProblems = new ProblemTally();
  if (options.log !== undefined) {
    return { codec, mapping, lineProblems, frames: readCandump(createReadStream(options.log), lineProblems, options.signal) };
  }
  const { timeline, startSocPercent } = loadTimeline(options.cycle as string);
  const simulation = new Simulation({ timeline, codec, mapping, route: new Route(DEFAULT_ROUTE), startSocPercent, channel: options.channel ?? 'can0' });
  const frames = (function* (): Generator<LoggedFrame> {
    for (const { frame } of simulation.run()) yield { frame, line: 0 };
  })();
  return { codec, mapping, lineProblems, frames };
}
