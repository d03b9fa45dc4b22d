/**
 * A candump log replayed through the simulator, in Debian Chromium: the head unit shows what
 * the log's car said. The real Kona EV log where the shared data is present; on a bare clone, a
 * log of the project's own simulated EV parked (written by the test from the simulator's DBC).
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { EU_ESOP } from '../../safety/common/presets.js';
import { startSimulator } from '../../sim/node/server.js';
import { formatCandumpLine } from '../../vehicle-bus/common/candump.js';
import { Route, DEFAULT_ROUTE } from '../../vehicle-bus/common/sim/route.js';
import { Simulation } from '../../vehicle-bus/common/sim/simulator.js';
import { scenarioTimeline } from '../../vehicle-bus/common/sim/timeline.js';
import { loadDbcCodec } from '../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping } from '../../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../../vehicle-bus/node/projectFiles.js';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { dataDirWithApps } from '../support/headUnit.js';
import { NO_VEHICLE_DATA, repoPath, vehicleData } from '../support/paths.js';

describe('log replay through the simulator', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;

  before(async () => {
    data = dataDirWithApps([]);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(data, { recursive: true, force: true });
  });

  async function statusBar(replay: { log: string; dbc: string; channel?: string }, until: RegExp): Promise<{ readonly gear: string; readonly soc: string; readonly driving: string }> {
    const simulator = await startSimulator({ port: 0, dataDir: data, timeline: repoPath('vehicle-bus', 'data', 'scenarios', 'city-loop.json'), speed: 1, policy: EU_ESOP, rendererDir: repoPath('build', 'renderer'), replay });
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
      await page.goto(simulator.url);
      await page.getByTestId('status-bar').getByText(until).waitFor({ timeout: 15_000 });
      const read = async (id: string): Promise<string> => (await page.getByTestId(id).count()) > 0 ? page.getByTestId(id).innerText() : '';
      const values = { gear: await read('gear'), soc: await read('soc'), driving: await read('driving-state') };
      await page.close();
      return values;
    } finally {
      await simulator.close();
    }
  }

  test('our own EV parked, as a log: the head unit shows P and PARKED', async () => {
    const codec = loadDbcCodec(SIMULATOR_DBC);
    const simulation = new Simulation({ timeline: scenarioTimeline({ description: 'parked', segments: [{ durationS: 4, gear: 'P' }] }), codec, mapping: findShippedMapping(codec.database), route: new Route(DEFAULT_ROUTE), startSocPercent: 64 });
    const log = join(data, 'parked.candump.log');
    writeFileSync(log, [...simulation.run()].map(({ frame }) => formatCandumpLine(frame)).join('\n') + '\n');
    const values = await statusBar({ log, dbc: SIMULATOR_DBC }, /PARKED/);
    assert.equal(values.gear, 'P');
    // The log's state of charge (the model's, from 64 % at the start, rounded).
    assert.match(values.soc, /^6[4-5] %$/);
    assert.equal(values.driving, 'PARKED');
  });

  test('the real Kona EV log (can0, its own DBC): gear P and SoC 36.5 % (shown as 37 %)', { skip: NO_VEHICLE_DATA }, async () => {
    const values = await statusBar({ log: vehicleData('logs', 'kona_ev_2019_power_off_on_ready_off.candump.log'), dbc: vehicleData('dbc', 'hyundai_kona_ev', 'pcan.dbc'), channel: 'can0' }, /37 %/);
    assert.equal(values.gear, 'P');
    assert.equal(values.soc, '37 %');
  });
});
