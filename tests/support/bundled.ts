/**
 * The bundled apps in the simulator, for browser tests: a data dir with them installed from the
 * build's signed packages (the driver's location permission given, as if answered earlier), a
 * simulator on a scenario with the sample backends, and the tester's control socket.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningBackends } from '../../miniapps/backends/node/backends.js';
import { EU_ESOP } from '../../safety/common/presets.js';
import { installBundledApps } from '../../services/node/apps/bundled.js';
import { Consent } from '../../services/node/apps/consent.js';
import { AppInstaller } from '../../services/node/apps/installer.js';
import { Storage } from '../../services/node/storage/database.js';
import type { RunningSimulator } from '../../sim/node/server.js';
import { startSimulator } from '../../sim/node/server.js';
import { repoPath } from './paths.js';

export const NAVIGATION = 'com.glovebox.navigation';
export const CHARGING = 'com.glovebox.charging';
export const FOOD = 'com.glovebox.food';

export function bundledDataDir(): string {
  const data = mkdtempSync(join(tmpdir(), 'glovebox-bundled-'));
  const storage = new Storage(join(data, 'glovebox.sqlite'));
  const outcome = installBundledApps(new AppInstaller(storage, data));
  if (outcome.installed.length !== 3) throw new Error(`the bundled apps did not install: ${outcome.skipped.join('; ')}`);
  const consent = new Consent(storage, Date.now);
  for (const app of [NAVIGATION, CHARGING, FOOD]) consent.decide(app, 'scope.userLocation', true);
  storage.close();
  return data;
}

/** Parked for an hour (the tester's panel drives it off when a test wants). */
export const PARKED = [{ durationS: 3600, gear: 'P' }];

/** A simulator on `segments` with the bundled apps; the sample backends its own unless given. */
export function bundledSimulator(data: string, segments: readonly object[] = PARKED, backends?: RunningBackends, voice = false): Promise<RunningSimulator> {
  const scenario = join(data, 'scenario.json');
  writeFileSync(scenario, JSON.stringify({ description: 'bundled apps', segments }));
  return startSimulator({ port: 0, dataDir: data, timeline: scenario, speed: 1, policy: EU_ESOP, rendererDir: repoPath('build', 'renderer'), sampleBackends: backends === undefined, localBackends: backends?.origins, voice });
}

/**
 * A page on a fresh simulator with the bundled apps (parked), closed after `use`; its data dir
 * is added to `folders` for the suite to remove.
 */
export async function onBundledSimulator(browser: Browser, keep: (folder: string) => string, use: (page: Page, simulator: RunningSimulator) => Promise<void>, voice = false): Promise<void> {
  const data = keep(bundledDataDir());
  const simulator = await bundledSimulator(data, undefined, undefined, voice);
  try {
    await onPage(browser, simulator.url, { width: 1920, height: 720 }, (page) => use(page, simulator));
  } finally {
    await simulator.close();
  }
}

/** A page on a head unit's URL, once it shows PARKED; closed after `use` (left open for the browser to close if `use` throws). */
export async function onPage(browser: Browser, url: string, viewport: { readonly width: number; readonly height: number }, use: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  await page.getByTestId('driving-state').getByText('PARKED').waitFor();
  await use(page);
  await page.close();
}

/** Parked, in Food: an order placed and paid, then starred in the history as the usual; back on Food's first page. */
export async function orderAndMakeUsual(page: Page): Promise<void> {
  await openApp(page, FOOD);
  await appView(page).locator('.restaurant-card', { hasNotText: 'Morning Gear' }).first().click();
  await appView(page).locator('button.more').first().click();
  await appView(page).locator('button.checkout').click();
  await appView(page).locator('button.place').click();
  await acceptDialog(page, /Pay €\d+\.\d\d to Food\?/);
  await appView(page).locator('.status', { hasText: 'The restaurant has your order' }).waitFor();
  // Back past the menu to the first page.
  await page.getByTestId('back').click();
  await page.getByTestId('back').click();
  await appView(page).locator('button.history').click();
  await appView(page).locator('button.star').first().click();
  await appView(page).locator('button.star.on').waitFor();
  await page.getByTestId('back').click();
}

/** The tester drives off at 40 km/h; resolves once the head unit shows MOVING. */
export async function driveOff(page: Page, simulator: RunningSimulator): Promise<void> {
  await control(simulator, { t: 'hold', inputs: { gear: 'D', parkingBrake: false, speedKmh: 40 } });
  await page.getByTestId('driving-state').getByText('MOVING', { exact: false }).waitFor({ timeout: 20_000 });
}

import { control } from './control.js';

export { control, controlStatus } from './control.js';

export function appView(page: Page) {
  return page.getByTestId('app-view');
}

export async function openApp(page: Page, id: string): Promise<void> {
  await page.locator(`[data-testid=app-tile][data-app-id="${id}"]`).click();
  await appView(page).locator('[data-live=true]').first().waitFor();
}

/** Answers the open system dialog with its last choice (Allow, Pay). */
export async function acceptDialog(page: Page, expect: RegExp): Promise<void> {
  const dialog = page.getByTestId('system-dialog');
  await dialog.waitFor();
  const text = await dialog.innerText();
  if (!expect.test(text)) throw new Error(`the dialog says ${JSON.stringify(text)}, expected ${expect}`);
  await dialog.getByTestId('dialog-choice').last().click();
}
