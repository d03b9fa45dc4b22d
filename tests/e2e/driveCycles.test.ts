/**
 * Drive cycles through the simulator with an app open, in Debian Chromium: the restrictions
 * follow the drive as the policy says. Under EU_ESOP the keyboard goes while MOVING and comes
 * back at every stop (IDLING allows it; only video stays off). The project's own short cycle
 * always runs; the four shared cycles (HWFET, UDDS, US06, WLTC 3b) where the data is present.
 * The test steers the cycle as a tester does: paused, then sought to the cycle's longest moving
 * stretches and stops (read from the cycle itself), so no sample depends on the machine's speed.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { EU_ESOP } from '../../safety/common/presets.js';
import { startSimulator } from '../../sim/node/server.js';
import type { DriverInput, Timeline } from '../../vehicle-bus/common/sim/timeline.js';
import { loadTimeline } from '../../vehicle-bus/node/timelineFiles.js';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { fixturePath } from '../support/fixtures.js';
import { control } from '../support/control.js';
import { dataDirWithApps } from '../support/headUnit.js';
import { NO_VEHICLE_DATA, repoPath, vehicleData } from '../support/paths.js';

/** How many moving stretches and stops of each cycle are visited. */
const VISITS = 3;

/**
 * The middle of the cycle's longest stretches where `when` holds for every second (at most
 * VISITS, in time order).
 */
function middles(timeline: Timeline, when: (input: DriverInput) => boolean): number[] {
  const stretches: Array<[number, number]> = [];
  let start: number | undefined;
  for (let t = 0; t <= Math.floor(timeline.duration); t += 1) {
    const holds = when(timeline.at(t));
    if (holds && start === undefined) start = t;
    if (!holds && start !== undefined) {
      stretches.push([start, t - 1]);
      start = undefined;
    }
  }
  if (start !== undefined) stretches.push([start, Math.floor(timeline.duration)]);
  return stretches
    .filter(([from, to]) => to - from >= 4)
    .sort((a, b) => b[1] - b[0] - (a[1] - a[0]))
    .slice(0, VISITS)
    .map(([from, to]) => Math.round((from + to) / 2))
    .sort((a, b) => a - b);
}

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
      const { timeline } = loadTimeline(cycle());
      const moving = middles(timeline, (input) => input.gear === 'D' && input.speedKmh >= 20);
      const stopped = middles(timeline, (input) => input.gear === 'D' && input.speedKmh === 0);
      assert.ok(moving.length > 0, 'the cycle moves');
      assert.equal(stopped.length > 0, stops, `stops in the cycle: ${stopped.join(', ')}`);
      const simulator = await startSimulator({ port: 0, dataDir: data, timeline: cycle(), speed: 1, policy: EU_ESOP, rendererDir: repoPath('build', 'renderer') });
      try {
        await control(simulator, { t: 'pause' });
        const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
        await page.goto(simulator.url);
        await page.locator('[data-testid=app-tile][data-app-id="com.example.order"]').click();
        await page.getByTestId('app-view').locator('[data-live=true]').waitFor();
        const visits = [...moving.map((t) => [t, 'MOVING'] as const), ...stopped.map((t) => [t, 'IDLING'] as const)].sort((a, b) => a[0] - b[0]);
        const seen: string[] = [];
        for (const [t, state] of visits) {
          await control(simulator, { t: 'seek', seconds: t });
          await page.getByTestId('driving-state').getByText(state, { exact: false }).waitFor();
          // One read of the status bar and the app together: they change in the same commit.
          const sample = await page.evaluate(() => {
            const shown = document.querySelector('[data-testid=driving-state]')?.textContent ?? '';
            const root = document.querySelector('[data-testid=app-view]')?.shadowRoot;
            const input = root?.querySelector('[data-wx=input]') as HTMLInputElement | null;
            const video = root?.querySelector('[data-testid=video-blocked]') !== null;
            return `${shown.split(' ')[0]} keyboard:${input ? (input.disabled ? 'off' : 'on') : 'none'} video:${video ? 'blocked' : 'shown'}`;
          });
          seen.push(`${t} s ${sample}`);
        }
        const expected = visits.map(([t, state]) => `${t} s ${state} keyboard:${state === 'MOVING' ? 'off' : 'on'} video:blocked`);
        assert.deepStrictEqual(seen, expected);
        await page.close();
      } finally {
        await simulator.close();
      }
    });
  }
});
