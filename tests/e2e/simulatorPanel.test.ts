/**
 * The tester's control panel in Debian Chromium: the real head unit in a frame beside the
 * controls; holding a gear and a speed drives it from parked to moving and back; a policy
 * chosen while moving waits until parked, as it would in the car; bad commands are refused.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { WebSocket } from 'ws';
import type { RunningSimulator } from '../../sim/node/server.js';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { dataDirWithApps, simulatorOn } from '../support/headUnit.js';
import { repoPath } from '../support/paths.js';

describe('simulator control panel in Chromium', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;
  let simulator: RunningSimulator;

  before(async () => {
    data = dataDirWithApps(['driving-ui']);
    browser = await launchChromium();
    simulator = await simulatorOn(data, 'parked', [{ durationS: 3600, gear: 'P' }]);
  });

  after(async () => {
    await browser?.close();
    await simulator?.close();
    rmSync(data, { recursive: true, force: true });
  });

  test('holding D and a speed moves the head unit; P parks it; a preset chosen while moving waits until parked', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 800 } });
    await page.goto(`${simulator.url}panel`);
    const unit = page.frameLocator('[data-testid=head-unit]');
    await unit.getByTestId('driving-state').getByText('PARKED').waitFor();
    await unit.locator('[data-testid=app-tile][data-app-id="com.example.order"]').click();
    const field = unit.getByTestId('app-view').locator('[data-wx=input]');
    await field.waitFor();
    await page.getByTestId('gear-D').click();
    await page.getByTestId('speed').fill('60');
    await page.getByTestId('hold-speed').click();
    await unit.getByTestId('driving-state').getByText('MOVING', { exact: false }).waitFor({ timeout: 20_000 });
    await page.getByTestId('readout').getByText(/MOVING/).waitFor();
    // The passenger's screen keeps its keyboard while moving; the driver's loses it again at once.
    assert.equal(await field.isDisabled(), true);
    await page.getByTestId('display-passenger').click();
    await page.getByTestId('notice').getByText("the UI is the passenger's screen").waitFor();
    await unit.getByTestId('app-view').locator('[data-wx=input]:not([disabled])').waitFor();
    await page.getByTestId('display-driver').click();
    await unit.getByTestId('app-view').locator('[data-wx=input][disabled]').waitFor();
    await page.screenshot({ path: repoPath('build', 'e2e', 'panel-moving.png') });
    await page.getByTestId('preset').selectOption('JP_JAMA');
    await page.getByTestId('notice').getByText('JP_JAMA waits until parked').waitFor();
    await page.getByTestId('gear-P').click();
    await unit.getByTestId('driving-state').getByText('PARKED').waitFor({ timeout: 20_000 });
    await page.getByTestId('readout').getByText(/JP_JAMA/).waitFor({ timeout: 10_000 });
    // The safety log shows the drive: the policy waiting, and the transitions (newest first).
    const log = await page.getByTestId('log').innerText();
    assert.match(log, /JP_JAMA waits until parked/);
    assert.match(log, /→ MOVING/);
    assert.match(log, /→ PARKED/);
    await page.screenshot({ path: repoPath('build', 'e2e', 'panel-parked.png') });
    // Impossible physics is refused in words: reverse at 60 km/h.
    await page.getByTestId('gear-R').click();
    await page.getByTestId('notice').getByText('holding R (reverse) at 0 km/h').waitFor();
    await page.getByTestId('hold-speed').click();
    await page.getByTestId('notice').getByText('refused: Reverse tops out at 20 km/h (asked 60 km/h in R)').waitFor();
    await page.getByTestId('release').click();
    await page.getByTestId('notice').getByText('released: the timeline drives').waitFor();
    await page.close();
  });

  test('the control socket refuses bad commands by name and pages of other origins entirely', async () => {
    const url = `${simulator.url.replace(/^http/, 'ws')}control`;
    const origin = simulator.url.replace(/\/$/, '');
    const socket = new WebSocket(url, { headers: { origin } });
    const notices: string[] = [];
    socket.on('message', (data: Buffer) => {
      const status = JSON.parse(data.toString()) as { notice: string | null };
      // The status repeats the last notice four times a second; each is taken once.
      if (status.notice?.startsWith('refused') && !notices.includes(status.notice)) notices.push(status.notice);
    });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ t: 'hold', inputs: { gear: 'X' } }));
    socket.send(JSON.stringify({ t: 'preset', name: 'MARS' }));
    const deadline = Date.now() + 5000;
    while (notices.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    socket.close();
    assert.deepStrictEqual(notices.slice(0, 2), ['refused: The gear is P, R, N or D (found "X")', 'refused: no preset MARS (US_NHTSA, EU_ESOP, JP_JAMA, GLOBAL_STRICT)']);
    const outsider = await new Promise<string>((resolve) => {
      const evil = new WebSocket(url, { headers: { origin: 'http://evil.example' } });
      evil.on('open', () => resolve('opened'));
      evil.on('error', () => resolve('refused'));
      evil.on('unexpected-response', () => resolve('refused'));
    });
    assert.equal(outsider, 'refused');
  });
});
