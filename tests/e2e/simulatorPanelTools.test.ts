/**
 * The rest of the tester's panel in Debian Chromium: the battery and the car's position, a
 * scenario file of the tester's own, the vehicle source switched to a candump log and back (a
 * bad choice refused while the head unit carries on), the strip of driving states and flags, and
 * the screenshot and record buttons.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningSimulator } from '../../sim/node/server.js';
import { formatCandumpLine } from '../../vehicle-bus/common/candump.js';
import { DEFAULT_ROUTE, Route } from '../../vehicle-bus/common/sim/route.js';
import { Simulation } from '../../vehicle-bus/common/sim/simulator.js';
import { scenarioTimeline } from '../../vehicle-bus/common/sim/timeline.js';
import { loadDbcCodec } from '../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping } from '../../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../../vehicle-bus/node/projectFiles.js';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { dataDirWithApps, simulatorOn } from '../support/headUnit.js';
import { NO_VEHICLE_DATA, vehicleData } from '../support/paths.js';

describe('simulator panel tools in Chromium', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;
  let simulator: RunningSimulator;
  let page: Page;

  before(async () => {
    data = dataDirWithApps([]);
    // Headless Chromium cannot capture a tab ("Could not start video source"); its fake capture
    // device stands in, so the capture test checks the flow, the crop and the files, not the pixels.
    browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
    simulator = await simulatorOn(data, 'parked', [{ durationS: 3600, gear: 'P' }], 2);
    page = await browser.newPage({ viewport: { width: 1800, height: 1000 }, acceptDownloads: true });
    await page.goto(`${simulator.url}panel`);
    await page.frameLocator('[data-testid=head-unit]').getByTestId('driving-state').getByText('PARKED').waitFor();
  });

  after(async () => {
    await browser?.close();
    await simulator?.close();
    rmSync(data, { recursive: true, force: true });
  });

  const unit = () => page.frameLocator('[data-testid=head-unit]');
  const notice = (text: string | RegExp) => page.getByTestId('notice').getByText(text).waitFor({ timeout: 15_000 });

  test('the battery set from the panel shows on the head unit; the car placed elsewhere reports its position', async () => {
    await page.getByTestId('soc').fill('15');
    await page.getByTestId('set-soc').click();
    await notice('state of charge 15 %');
    await unit().getByTestId('soc').getByText('15 %').waitFor({ timeout: 10_000 });
    await page.getByTestId('latitude').fill('48.14000');
    await page.getByTestId('longitude').fill('11.56000');
    await page.getByTestId('place').click();
    await notice(/^at 48\.14000, 11\.56000/);
    await page.getByTestId('position').getByText('48.14000, 11.56000').waitFor({ timeout: 10_000 });
    await page.getByTestId('latitude').fill('north');
    await page.getByTestId('place').click();
    await notice('refused: latitude must be a number from -90 to 90');
  });

  test('a YAML scenario of the tester’s own loads from its path; a broken one is refused at its line', async () => {
    const good = join(data, 'tester.yaml');
    writeFileSync(good, 'description: tester drives off\nstartSocPercent: 55\nsegments:\n  - { durationS: 3, gear: P }\n  - { durationS: 600, gear: D, speedKmh: 30 }\n');
    const bad = join(data, 'bad.yaml');
    writeFileSync(bad, 'description: bad\nsegments:\n  - { durationS: 3, gear: Q }\n');
    await page.getByTestId('scenario-file').fill(bad);
    await page.getByTestId('load-scenario').click();
    await notice(/^refused: .*bad\.yaml: line 3 \(segments\[0\]\.gear\): expected one of P, R, N, D, found "Q"$/);
    await page.getByTestId('scenario-file').fill(good);
    await page.getByTestId('load-scenario').click();
    await notice('scenario tester drives off');
    await unit().getByTestId('driving-state').getByText('MOVING', { exact: false }).waitFor({ timeout: 20_000 });
    // The strip shows the drive, and the flags in force while moving.
    await page.getByTestId('flags').getByText('NO_KEYBOARD').waitFor();
    assert.ok((await page.getByTestId('strip').locator('rect').count()) > 4);
    await page.getByTestId('gear-P').click();
    await unit().getByTestId('driving-state').getByText('PARKED').waitFor({ timeout: 20_000 });
    await page.getByTestId('flags').getByText('No restrictions').waitFor();
  });

  test('the vehicle source: a bad DBC is refused and the simulation carries on; a log replays, then back to the simulated EV', async () => {
    const codec = loadDbcCodec(SIMULATOR_DBC);
    const simulation = new Simulation({ timeline: scenarioTimeline({ description: 'parked', segments: [{ durationS: 4, gear: 'P' }] }), codec, mapping: findShippedMapping(codec.database), route: new Route(DEFAULT_ROUTE), startSocPercent: 71 });
    const log = join(data, 'own-ev.candump.log');
    writeFileSync(log, [...simulation.run()].map(({ frame }) => formatCandumpLine(frame)).join('\n') + '\n');
    const brokenDbc = join(data, 'broken.dbc');
    writeFileSync(brokenDbc, 'VERSION ""\nBO_ 100 Speed 8 ECU\n');
    await page.getByTestId('replay-log').fill(log);
    await page.getByTestId('replay-dbc').fill(brokenDbc);
    await page.getByTestId('replay').click();
    await notice(/^refused: .*broken\.dbc:2:\d+: expected/);
    assert.equal(await page.getByTestId('source').innerText(), 'The simulated EV');
    await page.getByTestId('replay-dbc').fill(SIMULATOR_DBC);
    await page.getByTestId('replay').click();
    await notice('now replaying own-ev.candump.log decoded with glovebox-sim-ev.dbc; the head unit restarted');
    await unit().getByTestId('soc').getByText(/^7[12] %$/).waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('gear-D').isDisabled(), true, 'a log cannot be steered');
    await page.getByTestId('simulate').click();
    await notice('now simulating the simulated EV; the head unit restarted');
    await unit().getByTestId('driving-state').getByText('PARKED').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('gear-D').isDisabled(), false);
  });

  test('the real Kona EV log, chosen from the panel', { skip: NO_VEHICLE_DATA }, async () => {
    await page.getByTestId('replay-log').fill(vehicleData('logs', 'kona_ev_2019_power_off_on_ready_off.candump.log'));
    await page.getByTestId('replay-dbc').fill(vehicleData('dbc', 'hyundai_kona_ev', 'pcan.dbc'));
    await page.getByTestId('replay-channel').fill('can0');
    await page.getByTestId('replay').click();
    await notice('now replaying kona_ev_2019_power_off_on_ready_off.candump.log decoded with pcan.dbc (can0); the head unit restarted');
    await unit().getByTestId('soc').getByText('37 %').waitFor({ timeout: 15_000 });
    await page.getByTestId('simulate').click();
    await notice('now simulating the simulated EV; the head unit restarted');
  });

  test('screenshot and record: a PNG and a WebM of the head unit frame, to the downloads', async () => {
    const shot = page.waitForEvent('download');
    await page.getByTestId('screenshot').click();
    const png = await shot;
    assert.match(png.suggestedFilename(), /^glovebox-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.png$/);
    const bytes = readFileSync(await png.path());
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
    const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    // The head unit's box (1152 × 432 at the panel's 60 %), in the captured video's pixels.
    assert.ok(Math.abs(width / height - 1152 / 432) < 0.05, `${width} × ${height}`);
    await page.getByTestId('record').click();
    await page.getByTestId('capture-said').getByText(/^recording the head unit/).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const clip = page.waitForEvent('download');
    await page.getByTestId('record').click();
    const webm = await clip;
    assert.match(webm.suggestedFilename(), /\.webm$/);
    const video = readFileSync(await webm.path());
    // EBML magic: a WebM file.
    assert.equal(video.readUInt32BE(0), 0x1a45dfa3);
    assert.ok(video.length > 1000, `${video.length} bytes`);
  });
});
