/**
 * Drive cycles through the simulator with an app open, in Debian Chromium: the restrictions
 * follow the drive as the policy says. Under EU_ESOP the keyboard goes while MOVING and comes
 * back at every stop (IDLING allows it; only video stays off). The project's own short cycle
 * always runs; the four shared cycles (HWFET, UDDS, US06, WLTC 3b) where the data is present.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { EU_ESOP } from '../../safety/common/presets.js';
import { startSimulator } from '../../sim/node/server.js';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { fixturePath } from '../support/fixtures.js';
import { dataDirWithApps } from '../support/headUnit.js';
import { NO_VEHICLE_DATA, repoPath, vehicleData } from '../support/paths.js';

/** Simulated seconds per real second, and how long each cycle is watched (real seconds). */
const SPEED = 50;
const WATCH_MS = 12_000;

describe('drive cycles with an app open', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;

  before(async () => {
    data = dataDirWithApps(['driving-ui']);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(data, { recursive: true, force: true });
  });

  /** Name, file, skip reason, and whether the watched stretch has stops (HWFET is highway to its end). */
  const cycles: Array<[string, () => string, string | false, boolean]> = [
    ['the project’s short cycle', () => fixturePath('vehicle-bus', 'short-cycle.csv'), false, true],
    ...(['hwfet', 'udds', 'us06', 'wltc_3b'] as const).map((name): [string, () => string, string | false, boolean] => [name.toUpperCase(), () => vehicleData('drive_cycles', `${name}.csv`), NO_VEHICLE_DATA, name !== 'hwfet']),
  ];

  for (const [name, cycle, skip, stops] of cycles) {
    test(`${name}: no keyboard while moving, the keyboard back at each stop, never video`, { skip }, async () => {
      const simulator = await startSimulator({ port: 0, dataDir: data, timeline: cycle(), speed: SPEED, policy: EU_ESOP, rendererDir: repoPath('build', 'renderer') });
      try {
        const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
        await page.goto(simulator.url);
        await page.locator('[data-testid=app-tile][data-app-id="com.example.order"]').click();
        await page.getByTestId('app-view').locator('[data-live=true]').waitFor();
        const samples = new Map<string, number>();
        const deadline = Date.now() + WATCH_MS;
        while (Date.now() < deadline) {
          // One read of the status bar and the app together: they change in the same commit.
          const sample = await page.evaluate(() => {
            const state = document.querySelector('[data-testid=driving-state]')?.textContent ?? '';
            const root = document.querySelector('[data-testid=app-view]')?.shadowRoot;
            const input = root?.querySelector('[data-wx=input]') as HTMLInputElement | null;
            const video = root?.querySelector('[data-testid=video-blocked]') !== null;
            return `${state.split(' ')[0]} keyboard:${input ? (input.disabled ? 'off' : 'on') : 'none'} video:${video ? 'blocked' : 'shown'}`;
          });
          samples.set(sample, (samples.get(sample) ?? 0) + 1);
          await page.waitForTimeout(50);
        }
        const seen = [...samples.keys()].filter((sample) => !sample.startsWith('PARKED') && !sample.startsWith('UNKNOWN')).sort();
        const expected = stops ? ['IDLING keyboard:on video:blocked', 'MOVING keyboard:off video:blocked'] : ['MOVING keyboard:off video:blocked'];
        assert.deepStrictEqual(seen, expected, JSON.stringify(Object.fromEntries(samples)));
        await page.close();
      } finally {
        await simulator.close();
      }
    });
  }
});
