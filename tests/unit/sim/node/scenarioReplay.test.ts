/**
 * A scenario file is a test a tester can rerun: the same file through the same simulated
 * vehicle and policy gives the same timeline of driving states, frame for frame.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EU_ESOP } from '../../../../safety/common/presets.js';
import { HeadUnitServices } from '../../../../services/node/headUnit.js';
import { ControlledTimeline } from '../../../../vehicle-bus/common/sim/controlledTimeline.js';
import { DEFAULT_ROUTE, Route } from '../../../../vehicle-bus/common/sim/route.js';
import { loadDbcCodec } from '../../../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping } from '../../../../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../../../../vehicle-bus/node/projectFiles.js';
import { SimulatorSource } from '../../../../vehicle-bus/node/simulatorSource.js';
import { loadTimeline, shippedScenarios } from '../../../../vehicle-bus/node/timelineFiles.js';

async function transitions(scenario: string, seconds: number): Promise<string[]> {
  const data = mkdtempSync(join(tmpdir(), 'glovebox-replay-'));
  const codec = loadDbcCodec(SIMULATOR_DBC);
  const mapping = findShippedMapping(codec.database);
  const services = new HeadUnitServices({ dataDir: data, policy: EU_ESOP, codec, mapping, screen: { width: 1920, height: 720 } });
  const seen: string[] = [];
  const stop = services.engine.onAudit((event) => {
    if (event.kind === 'transition') seen.push(`${event.at.toFixed(2)} ${event.from} → ${event.to}`);
  });
  try {
    const { timeline, startSocPercent } = loadTimeline(scenario);
    const source = new SimulatorSource({ timeline: new ControlledTimeline(timeline), codec, mapping, route: new Route(DEFAULT_ROUTE), startSocPercent }, Number.POSITIVE_INFINITY);
    for await (const frame of source.frames()) {
      if (frame.timestamp > seconds) break;
      services.ingest(frame);
    }
  } finally {
    stop();
    services.close();
    rmSync(data, { recursive: true, force: true });
  }
  return seen;
}

test('the same scenario twice gives the same timeline of driving states', async () => {
  const cityLoop = shippedScenarios().get('city-loop');
  assert.ok(cityLoop, 'the city-loop scenario ships');
  const [first, second] = [await transitions(cityLoop, 300), await transitions(cityLoop, 300)];
  assert.ok(first.length >= 4, `a drive with stops: ${first.join('; ')}`);
  assert.ok(first.some((line) => line.includes('→ MOVING')) && first.some((line) => line.endsWith('→ PARKED')), first.join('; '));
  assert.deepStrictEqual(second, first);
});
