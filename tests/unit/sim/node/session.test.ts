/**
 * Opening a vehicle source for the simulator: everything wrong with a tester's choice is said
 * before anything starts (so the running head unit carries on); a good log replays.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EU_ESOP } from '../../../../safety/common/presets.js';
import { openSession } from '../../../../sim/node/session.js';
import { formatCandumpLine } from '../../../../vehicle-bus/common/candump.js';
import { DEFAULT_ROUTE, Route } from '../../../../vehicle-bus/common/sim/route.js';
import { Simulation } from '../../../../vehicle-bus/common/sim/simulator.js';
import { scenarioTimeline } from '../../../../vehicle-bus/common/sim/timeline.js';
import { loadDbcCodec } from '../../../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping } from '../../../../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../../../../vehicle-bus/node/projectFiles.js';
import { shippedScenarios } from '../../../../vehicle-bus/node/timelineFiles.js';

const folder = mkdtempSync(join(tmpdir(), 'glovebox-session-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const options = { dataDir: folder, timeline: shippedScenarios().get('city-loop') as string, speed: 50, policy: EU_ESOP };

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

test('a bad choice of log, DBC or mapping is refused with the file, place and what was found', async () => {
  const goodLog = file('good.log', '(1.000000) can0 123#00\n');
  const brokenDbc = file('broken.dbc', 'VERSION ""\n\nBO_ 100 Speed: 8 ECU\n SG_ Speed : 0|16@1+ (0.01,0) [0|250] "km/h" ECU\n SG_ broken\n');
  const cases: Array<[Parameters<typeof openSession>[0], RegExp]> = [
    [{ kind: 'replay', log: join(folder, 'missing.log'), dbc: SIMULATOR_DBC }, /missing\.log: expected a candump log file, found ENOENT/],
    [{ kind: 'replay', log: folder, dbc: SIMULATOR_DBC }, /expected a candump log file, found Error: not a file/],
    [{ kind: 'replay', log: file('empty.log', ''), dbc: SIMULATOR_DBC }, /empty\.log: expected candump lines, found an empty file/],
    [{ kind: 'replay', log: file('prose.log', 'Dear tester,\nthis is not a log.\n'), dbc: SIMULATOR_DBC }, /prose\.log: expected candump lines "\(time\) channel id#data", found no frame in the first 2 lines \(line 1: /],
    [{ kind: 'replay', log: goodLog, dbc: brokenDbc }, /broken\.dbc:6:1: expected `:`, found the end of the file/],
    [{ kind: 'replay', log: goodLog, dbc: SIMULATOR_DBC, mapping: file('mapping.json', '{"nope": 1}') }, /mapping\.json/],
  ];
  for (const [choice, message] of cases) await assert.rejects(openSession(choice, options), message);
});

test('a log of our own EV replays: its state of charge reaches the services', async () => {
  const codec = loadDbcCodec(SIMULATOR_DBC);
  const simulation = new Simulation({ timeline: scenarioTimeline({ description: 'parked', segments: [{ durationS: 3, gear: 'P' }] }), codec, mapping: findShippedMapping(codec.database), route: new Route(DEFAULT_ROUTE), startSocPercent: 40 });
  const log = file('parked.log', [...simulation.run()].map(({ frame }) => formatCandumpLine(frame)).join('\n') + '\n');
  const session = await openSession({ kind: 'replay', log, dbc: SIMULATOR_DBC }, options);
  try {
    assert.equal(session.vehicle, null);
    for (let tries = 0; tries < 100 && !session.services.bus.state.get('Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed')?.valid; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const soc = session.services.bus.state.get('Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed');
    assert.ok(soc?.valid && typeof soc.value === 'number' && Math.abs(soc.value - 39.5) < 1, JSON.stringify(soc));
  } finally {
    await session.close();
  }
});

test('the simulated EV: steerable, and the state of charge set from outside reaches the bus', async () => {
  const session = await openSession({ kind: 'simulator' }, options);
  try {
    assert.ok(session.vehicle);
    session.vehicle.model.setDisplayedSoc(11);
    const read = () => session.services.bus.state.get('Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed');
    for (let tries = 0; tries < 200; tries += 1) {
      const soc = read();
      if (soc?.valid && typeof soc.value === 'number' && soc.value < 12) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const soc = read();
    assert.ok(soc?.valid && typeof soc.value === 'number' && Math.abs(soc.value - 11) < 0.5, JSON.stringify(soc));
  } finally {
    await session.close();
  }
});
