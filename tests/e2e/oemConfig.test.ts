/**
 * `npm start -- --config FILE` with each example OEM config in docs/config, and with a broken
 * one, in Debian Chromium: the real command in its own process (its own data dir), the head
 * unit's screen as the config describes it, and the tester's status.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { controlStatus, onPage } from '../support/bundled.js';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { NO_VEHICLE_DATA, repoPath } from '../support/paths.js';

interface Started {
  readonly url: string;
  readonly stderr: () => string;
  stop(): Promise<void>;
}

/** `glovebox start --headless --port 0 --config FILE` in a fresh data dir. */
async function start(config: string): Promise<Started> {
  const data = mkdtempSync(join(tmpdir(), 'glovebox-config-e2e-'));
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, [repoPath('build', 'cli', 'node', 'glovebox.js'), 'start', '--headless', '--port', '0', '--config', config], {
    env: { ...process.env, GLOVEBOX_DATA_DIR: data },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const found = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout)?.[1];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`glovebox start exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      rmSync(data, { recursive: true, force: true });
    },
  };
}

const status = (url: string): Promise<Record<string, unknown>> => controlStatus(url);

describe('the head unit from an OEM config', { skip: NO_CHROMIUM, timeout: 180_000 }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  const onConfig = async (config: string, use: (page: Page, started: Started) => Promise<void>): Promise<void> => {
    const started = await start(config);
    try {
      await onPage(browser, started.url, { width: 1920, height: 1200 }, (page) => use(page, started));
    } finally {
      await started.stop();
    }
  };

  test('docs/config/simulated-ev.yaml: the simulated EV, its three apps, km/h, night', async () => {
    await onConfig(repoPath('docs', 'config', 'simulated-ev.yaml'), async (page, started) => {
      await page.locator('[data-testid=app-tile]').nth(2).waitFor();
      assert.equal(await page.locator('[data-testid=app-tile]').count(), 3);
      assert.match(await page.getByTestId('speed').innerText(), /km\/h$/);
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'night');
      assert.equal(await page.getByTestId('system-notice').count(), 0, started.stderr());
      const tester = await status(started.url);
      assert.equal(tester['preset'], 'EU_ESOP');
      assert.equal(tester['display'], 'driver');
    });
  });

  test('docs/config/tesla-model3.yaml: the Model 3 bus, US units and policy, a 1920×1200 screen', { skip: NO_VEHICLE_DATA }, async () => {
    await onConfig(repoPath('docs', 'config', 'tesla-model3.yaml'), async (page, started) => {
      await page.getByTestId('speed').getByText('mph').waitFor();
      assert.match(await page.getByTestId('range').innerText(), /mi$/);
      const box = await page.locator('.screen').boundingBox();
      assert.equal(box?.height, 1200);
      const tester = await status(started.url);
      assert.equal(tester['preset'], 'US_NHTSA');
      assert.ok(typeof tester['socPercent'] === 'number', 'the state of charge decoded through Model3CAN.dbc');
    });
  });

  test('docs/config/passenger-screen.yaml: a passenger display, day theme, no driver-only restriction while moving', async () => {
    await onConfig(repoPath('docs', 'config', 'passenger-screen.yaml'), async (page, started) => {
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'day');
      const tester = await status(started.url);
      assert.equal(tester['display'], 'passenger');
      assert.equal(tester['preset'], 'EU_ESOP for a passenger screen');
      assert.ok(!(tester['flags'] as string[]).includes('NO_KEYBOARD'), JSON.stringify(tester['flags']));
    });
  });

  test('a broken config: fully restricted, and the screen and the log say why', async () => {
    await onConfig(repoPath('tests', 'fixtures', 'config', 'broken.yaml'), async (page, started) => {
      const notice = page.getByTestId('system-notice');
      await notice.getByText('The OEM config has 13 problems: running fully restricted.').waitFor();
      await notice.locator('.notice-summary').click();
      await page.getByTestId('system-notice-details').getByText('/voice/enigne', { exact: false }).waitFor();
      assert.match(started.stderr(), /broken\.yaml:5:25: \/displays\/0\/role: found "drivr"; .*did you mean "driver"/);
      assert.match(started.stderr(), /running fully restricted/);
      const tester = await status(started.url);
      assert.equal(tester['preset'], null);
      assert.ok((tester['flags'] as string[]).includes('NO_KEYBOARD'), 'parked, yet restricted');
    });
  });
});
