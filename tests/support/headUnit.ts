/**
 * A head unit for browser tests: a data dir with the fixture apps installed as signed
 * packages, and simulators on scenarios written into it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { readAppFolder } from '../../miniapps/runtime/node/appFiles.js';
import { pack, signPackage } from '../../miniapps/runtime/node/appPackage.js';
import { EU_ESOP } from '../../safety/common/presets.js';
import { AppInstaller } from '../../services/node/apps/installer.js';
import { Storage } from '../../services/node/storage/database.js';
import type { RunningSimulator } from '../../sim/node/server.js';
import { startSimulator } from '../../sim/node/server.js';
import { holdMoving } from './control.js';
import { OEM, signedFixture } from './packages.js';
import { repoPath } from './paths.js';

/** The fixture apps under tests/fixtures/miniapps, by folder, with the ids they install as. */
export const FIXTURE_APPS: Readonly<Record<string, string>> = {
  probe: 'com.example.probe',
  looper: 'com.example.looper',
  'driving-ui': 'com.example.order',
  'pages-tabs': 'com.example.tabs',
  'services-probe': 'com.example.services',
  components: 'com.example.components',
};

/** A fresh data dir with the charging app and the named fixture apps installed. */
export function dataDirWithApps(folders: readonly string[]): string {
  const data = mkdtempSync(join(tmpdir(), 'glovebox-e2e-'));
  const storage = new Storage(join(data, 'glovebox.sqlite'));
  const installer = new AppInstaller(storage, data);
  installer.install(signedFixture(), [OEM.publicKey]);
  for (const folder of folders) {
    const id = FIXTURE_APPS[folder];
    if (!id) throw new Error(`no fixture app ${folder}`);
    installer.install(signPackage(pack(readAppFolder(repoPath('tests', 'fixtures', 'miniapps', folder)), id, '1.0.0'), OEM.privateKey), [OEM.publicKey]);
  }
  storage.close();
  return data;
}

/** A simulator on `segments` (a scenario's), at `speed`× real time, under EU_ESOP. */
export function simulatorOn(data: string, name: string, segments: readonly object[], speed = 1, localBackends?: ReadonlyMap<string, string>): Promise<RunningSimulator> {
  const scenario = join(data, `${name}.json`);
  writeFileSync(scenario, JSON.stringify({ description: name, segments }));
  return startSimulator({ port: 0, dataDir: data, timeline: scenario, speed, policy: EU_ESOP, rendererDir: repoPath('build', 'renderer'), localBackends });
}

/** A page on a simulator of its own that stays parked (so no page is locked out), closed after `use`. */
export async function onParkedPage(browser: Browser, data: string, use: (page: Page, url: string) => Promise<void>, query = '', localBackends?: ReadonlyMap<string, string>): Promise<void> {
  const parked = await simulatorOn(data, 'parked', [{ durationS: 3600, gear: 'P' }], 1, localBackends);
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
    await page.goto(`${parked.url}${query}`);
    await page.getByTestId('driving-state').getByText('PARKED').waitFor();
    await use(page, `${parked.url}${query}`);
    await page.close();
  } finally {
    await parked.close();
  }
}

/**
 * A page on a simulator of its own that is parked, then held in D at `speedKmh` through the
 * control socket; `use` runs once MOVING shows, or at once with `waitUntilMoving` false (to see
 * the change arrive). No scenario clock: the state changes when the test says. Closed after `use`.
 */
export async function onMovingPage(browser: Browser, data: string, use: (page: Page) => Promise<void>, options: { readonly speedKmh?: number; readonly waitUntilMoving?: boolean } = {}): Promise<void> {
  const moving = await simulatorOn(data, 'moving', [{ durationS: 3600, gear: 'P' }]);
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
    await page.goto(moving.url);
    await page.getByTestId('driving-state').getByText('PARKED').waitFor();
    const held = holdMoving(moving, options.speedKmh ?? 50);
    if (options.waitUntilMoving ?? true) {
      await held;
      await page.getByTestId('driving-state').getByText('MOVING', { exact: false }).waitFor();
    }
    await use(page);
    await held;
    await page.close();
  } finally {
    await moving.close();
  }
}

/** The running app's container frame, by app id. */
export function containerOf(page: Page, appId: string) {
  return page.locator(`iframe.logic-container[data-app-id="${appId}"]`);
}
