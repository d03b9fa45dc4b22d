/**
 * `npm run bench -- policy`: how long from a CAN frame entering the decoder until the
 * restriction set has changed, over thousands of driving-state and band crossings from the
 * drive cycles replayed as fast as possible; and what one decision costs.
 * Baseline in the same run: the same frames through the bus alone (decode, map, state).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyEngine } from '../safety/common/engine.js';
import { ACTIONS } from '../safety/common/decisions.js';
import type { Policy } from '../safety/common/policy.js';
import { PRESETS } from '../safety/common/presets.js';
import { SafetyAuditLog } from '../services/node/safetyAudit.js';
import { Storage } from '../services/node/storage/database.js';
import type { CanFrame } from '../vehicle-bus/common/frame.js';
import { DEFAULT_ROUTE, Route } from '../vehicle-bus/common/sim/route.js';
import { Simulation } from '../vehicle-bus/common/sim/simulator.js';
import type { Timeline } from '../vehicle-bus/common/sim/timeline.js';
import { driveCycleTimeline, parseDriveCycle } from '../vehicle-bus/common/sim/timeline.js';
import { VehicleBus } from '../vehicle-bus/common/vehicleBus.js';
import { loadDbcCodec } from '../vehicle-bus/node/loadDbc.js';
import { findShippedMapping } from '../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../vehicle-bus/node/projectFiles.js';
import { loadTimeline, shippedScenarios } from '../vehicle-bus/node/timelineFiles.js';
import { formatRate, measure, percentile } from './measure.js';

const VEHICLE_DATA = process.env['GLOVEBOX_VEHICLE_DATA'] ?? join(import.meta.dirname ?? '.', '..', '..', '..', 'shared', 'data', 'vehicle');
const MIN_CROSSINGS = 5000;

function timelines(): Array<{ name: string; timeline: Timeline }> {
  const result: Array<{ name: string; timeline: Timeline }> = [];
  for (const name of ['wltc_3b', 'udds', 'hwfet', 'us06']) {
    const path = join(VEHICLE_DATA, 'drive_cycles', `${name}.csv`);
    if (existsSync(path)) result.push({ name, timeline: driveCycleTimeline(parseDriveCycle(readFileSync(path, 'utf8'), path), name) });
  }
  if (result.length === 0) {
    console.log(`(drive cycles not found under ${VEHICLE_DATA}: using the shipped scenarios)`);
    for (const [name, path] of shippedScenarios()) result.push({ name, timeline: loadTimeline(path).timeline });
  }
  return result;
}

function microseconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1000;
}

export function runPolicyBenchmark(): void {
  const codec = loadDbcCodec(SIMULATOR_DBC);
  const mapping = findShippedMapping(codec.database);
  const drives = timelines().map(({ name, timeline }) => ({
    name,
    frames: [...new Simulation({ timeline, codec, mapping, route: new Route(DEFAULT_ROUTE) }).run()].map(({ frame }) => frame),
  }));
  const frameCount = drives.reduce((sum, drive) => sum + drive.frames.length, 0);
  console.log(`policy: frame → restriction change latency; ${drives.map((drive) => drive.name).join(', ')} (${frameCount.toLocaleString('en')} frames), replayed as fast as possible`);

  // Baseline: the bus alone, per frame.
  const busOnly = measure(() => {
    for (const drive of drives) {
      const bus = new VehicleBus(codec, mapping);
      for (const frame of drive.frames) bus.ingest(frame);
    }
  }, frameCount);

  const crossingLatencies: number[] = [];
  const otherFrames: number[] = [];
  const presets = Object.values(PRESETS) as Policy[];
  let rounds = 0;
  while (crossingLatencies.length < MIN_CROSSINGS && rounds < 50) {
    rounds += 1;
    for (const policy of presets) {
      for (const drive of drives) {
        const bus = new VehicleBus(codec, mapping);
        const engine = new PolicyEngine(policy, (path) => bus.state.get(path), drive.frames[0]?.timestamp ?? 0);
        let previous = engine.restrictions('driver');
        let previousLabel = '';
        for (const frame of drive.frames as CanFrame[]) {
          const start = process.hrtime.bigint();
          bus.ingest(frame);
          const status = engine.evaluate(frame.timestamp);
          const set = engine.restrictions('driver');
          const elapsed = microseconds(start);
          const label = `${status.state}${status.band ?? ''}`;
          if (set !== previous || label !== previousLabel) crossingLatencies.push(elapsed);
          else if (otherFrames.length < 200_000) otherFrames.push(elapsed);
          previous = set;
          previousLabel = label;
        }
      }
    }
  }
  console.log(`\nbaseline, bus only (decode, map, vehicle state): ${formatRate(busOnly.perSecond)} frames = ${(1e6 / busOnly.perSecond).toFixed(2)} µs/frame`);
  console.log(`frames that changed the state or the restrictions: ${crossingLatencies.length.toLocaleString('en')} crossings over ${rounds} rounds of 4 presets`);
  console.log(`  latency frame in → restriction set changed: p50 ${percentile(crossingLatencies, 50).toFixed(2)} µs, p95 ${percentile(crossingLatencies, 95).toFixed(2)} µs, p99 ${percentile(crossingLatencies, 99).toFixed(2)} µs`);
  console.log(`  every other frame through bus + policy:      p50 ${percentile(otherFrames, 50).toFixed(2)} µs, p95 ${percentile(otherFrames, 95).toFixed(2)} µs (${(percentile(otherFrames, 50) / (1e6 / busOnly.perSecond)).toFixed(2)}× the bus alone)`);
  console.log(`  a 10 ms frame cycle leaves ${(10_000 / percentile(crossingLatencies, 95)).toFixed(0)}× headroom over the p95 crossing`);

  // Decisions: an engine moving under EU_ESOP, every action in turn.
  const bus = new VehicleBus(codec, mapping);
  const engine = new PolicyEngine(PRESETS['EU_ESOP'] as Policy, (path) => bus.state.get(path), 0);
  // Drive until the car has been moving in a middle band for a while.
  for (const frame of drives[0]?.frames ?? []) {
    bus.ingest(frame);
    const status = engine.evaluate(frame.timestamp);
    if (status.state === 'MOVING' && status.band === 'MEDIUM' && frame.timestamp - status.since > 5) break;
  }
  const app = { id: 'com.example.bench', category: 'food_ordering' as const };
  const decisions = measure(() => {
    for (const action of ACTIONS) engine.decide(app, 'driver', action, { depth: 2, items: 12, characters: 80, readBack: 'Pay 12 euros?' }, 1);
  }, ACTIONS.length);
  const storage = new Storage(':memory:');
  const audit = new SafetyAuditLog(storage);
  const dispose = engine.onAudit((event) => audit.record(event));
  const audited = measure(() => {
    for (const action of ACTIONS) engine.decide(app, 'driver', action, { depth: 2, items: 12, characters: 80, readBack: 'Pay 12 euros?' }, 1);
  }, ACTIONS.length);
  dispose();
  storage.close();
  console.log(`\ndecisions (${engine.status.state}${engine.status.band ? `(${engine.status.band})` : ''}, EU_ESOP, every action in turn): ${formatRate(decisions.perSecond)} = ${(1e6 / decisions.perSecond).toFixed(2)} µs each`);
  console.log(`  with refusals written to the SQLite audit (in memory): ${formatRate(audited.perSecond)} = ${(1e6 / audited.perSecond).toFixed(2)} µs each, ${(decisions.perSecond / audited.perSecond).toFixed(1)}× the bare decision`);
}
