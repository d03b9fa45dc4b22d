/**
 * The head unit in Debian Chromium: the simulator serves services and the system UI; the
 * status bar follows the simulated drive and the launcher shows the installed apps.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { WebSocket } from 'ws';
import type { RunningSimulator } from '../../sim/node/server.js';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { holdMoving, holdParked } from '../support/control.js';
import { containerOf, dataDirWithApps, onParkedPage, simulatorOn } from '../support/headUnit.js';
import { repoPath } from '../support/paths.js';

describe('head unit in Chromium', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let simulator: RunningSimulator;
  let browser: Browser;

  before(async () => {
    data = dataDirWithApps(['probe', 'looper', 'driving-ui']);
    browser = await launchChromium();
    // Parked until a test holds it moving (and parks it again): no test waits on a scenario's clock.
    simulator = await simulatorOn(data, 'parked', [{ durationS: 3600, gear: 'P' }]);
  });

  after(async () => {
    await browser?.close();
    await simulator?.close();
    rmSync(data, { recursive: true, force: true });
  });

  const onParked = (use: (page: Page) => Promise<void>): Promise<void> => onParkedPage(browser, data, use);

  test('the launcher shows each installed app by its title; the status bar follows the drive from parked to moving', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(simulator.url);
    await page.getByTestId('app-tile').nth(3).waitFor();
    assert.deepStrictEqual(await page.getByTestId('app-tile').allInnerTexts(), ['CF\nCharge Finder\nCharging', 'L\nLooper\nUtilities', 'QO\nQuick Order\nFood', 'SP\nSandbox Probe\nUtilities']);
    await page.getByTestId('driving-state').getByText('PARKED').waitFor();
    await holdMoving(simulator, 50);
    await page.getByTestId('driving-state').getByText('MOVING', { exact: false }).waitFor();
    await page.getByTestId('speed').getByText(/^[1-9]\d* km\/h$/).waitFor();
    mkdirSync(repoPath('build', 'e2e'), { recursive: true });
    await page.screenshot({ path: repoPath('build', 'e2e', 'home.png') });
    await holdParked(simulator);
    await page.getByTestId('driving-state').getByText('PARKED').waitFor();
    assert.deepStrictEqual(errors, []);
    await page.close();
  });

  test('an app opens from the launcher; a tap goes to its logic in the container and setData comes back', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(simulator.url);
    await page.locator('[data-testid=app-tile][data-app-id="com.example.charging"]').click();
    const view = page.getByTestId('app-view');
    await view.getByText('No chargers nearby').waitFor();
    assert.deepStrictEqual(await view.locator('span.chip.on').allInnerTexts(), ['CCS']);
    await view.locator('span.chip', { hasText: 'Type 2' }).click();
    await view.locator('span.chip.on', { hasText: 'Type 2' }).waitFor();
    const frame = await containerOf(page, 'com.example.charging').evaluate((element) => ({ sandbox: element.getAttribute('sandbox'), src: element.getAttribute('src') }));
    assert.deepStrictEqual([frame, errors], [{ sandbox: 'allow-scripts', src: '/container.html' }, []]);
    await page.getByTestId('home').click();
    await page.getByTestId('launcher').waitFor();
    assert.equal(await containerOf(page, 'com.example.charging').getAttribute('data-lifecycle'), 'background', 'going home keeps the app in the background');
    await page.close();
  });

  test('an app cannot reach the network, eval, a DOM or storage from its logic', async () => {
    await onParked(async (page) => {
      await page.locator('[data-testid=app-tile][data-app-id="com.example.probe"]').click();
      const results = page.getByTestId('app-view').locator('.result');
      await results.nth(14).waitFor();
      const outcomes = Object.fromEntries((await results.allInnerTexts()).map((line) => line.split(/: (.*)/s)).map(([name, outcome]) => [name, (outcome ?? '').startsWith('blocked') ? 'blocked' : outcome]));
      assert.deepStrictEqual(outcomes, {
        fetch: 'blocked',
        xhr: 'blocked',
        websocket: 'blocked',
        eval: 'blocked',
        function: 'blocked',
        importScripts: 'blocked',
        worker: 'blocked',
        blobUrl: 'blocked',
        top: 'blocked',
        open: 'blocked',
        dom: 'blocked',
        indexedDB: 'blocked',
        caches: 'blocked',
        'wx.storage': 'stored 1',
        'wx.request': 'request:fail url not in domain list: https://api.example.com is not in app.json car.requestDomains (none)',
      });
      // Parked: nothing is truncated or capped.
      assert.equal(await page.getByTestId('app-view').locator('.item').count(), 10);
    });
  });

  test('parked, typing reaches the logic and comes back as data; moving, voice replaces the keyboard and video waits', async () => {
    await onParked(async (page) => {
      await page.locator('[data-testid=app-tile][data-app-id="com.example.order"]').click();
      const view = page.getByTestId('app-view');
      await view.locator('input.note').fill('no onions');
      await view.locator('.echo', { hasText: 'no onions' }).waitFor();
      assert.deepStrictEqual([await view.getByTestId('voice-instead').count(), await view.locator('video').count()], [0, 1]);
    });
    const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
    await page.goto(simulator.url);
    await holdMoving(simulator, 50);
    await page.getByTestId('driving-state').getByText('MOVING', { exact: false }).waitFor();
    await page.locator('[data-testid=app-tile][data-app-id="com.example.order"]').click();
    const view = page.getByTestId('app-view');
    await view.getByTestId('voice-instead').waitFor();
    assert.deepStrictEqual(
      [await view.locator('input.note').isDisabled(), await view.locator('input.note').getAttribute('placeholder'), await view.getByTestId('video-blocked').innerText(), await view.locator('video').count()],
      [true, 'Use voice while driving', 'Video is available when parked', 0],
    );
    // This simulator runs without voice: the microphone says so instead of doing nothing.
    await view.getByTestId('voice-instead').click();
    await page.getByTestId('voice-reply').getByText('Voice is not available right now').waitFor();
    await page.screenshot({ path: repoPath('build', 'e2e', 'order-moving.png') });
    await page.close();
    await holdParked(simulator);
  });

  test('the kiosk has no keys: a touched field brings up the system keyboard, whose keys type into the app', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
    await page.goto(`${simulator.url}?keyboard=1`);
    await page.getByTestId('driving-state').getByText('PARKED').waitFor();
    await page.locator('[data-testid=app-tile][data-app-id="com.example.order"]').click();
    const view = page.getByTestId('app-view');
    await view.locator('input.note').click();
    const keyboard = page.getByTestId('keyboard');
    await keyboard.waitFor();
    for (const key of ['n', 'o', 'Space', 'x', '⌫']) await keyboard.locator(`[data-key="${key}"]`).click();
    await view.locator('.echo', { hasText: 'no' }).waitFor();
    // The echo shows "no" as soon as two keys are in; the last key (⌫) may land a frame later on a busy machine.
    const settled = await view.locator('input.note').evaluate(
      (input) =>
        new Promise<string>((resolve) => {
          let frames = 0;
          const check = (): void => {
            frames += 1;
            if ((input as HTMLInputElement).value === 'no ' || frames > 300) resolve((input as HTMLInputElement).value);
            else requestAnimationFrame(check);
          };
          check();
        }),
    );
    assert.equal(settled, 'no ');
    const sizes = await keyboard.locator('button').evaluateAll((keys) => keys.map((key) => Math.min(key.getBoundingClientRect().width, key.getBoundingClientRect().height)));
    assert.ok(Math.min(...sizes) >= 76, `every key at least 76 px: ${Math.min(...sizes)}`);
    await keyboard.locator('[data-key=Done]').click();
    await keyboard.waitFor({ state: 'detached' });
    await page.close();
  });

  test('night reaches an app without night styles: the host darkens its page (pictures turned back), and not by day', async () => {
    await onParked(async (page) => {
      await page.locator('[data-testid=app-tile][data-app-id="com.example.order"]').click();
      const view = page.getByTestId('app-view');
      await view.locator('input.note').waitFor();
      const look = () => view.evaluate((element) => ({ darkened: element.getAttribute('data-darkened'), filter: getComputedStyle(element).filter, scheme: getComputedStyle(element).getPropertyValue('--gb-color-scheme').trim() }));
      assert.deepStrictEqual(await look(), { darkened: 'true', filter: 'invert(1) hue-rotate(180deg)', scheme: 'light' });
      const video = await view.locator('video').evaluate((element) => getComputedStyle(element.closest('[data-wx]') ?? element).filter);
      assert.equal(video, 'invert(1) hue-rotate(180deg)', 'a picture or video is turned back, so it shows as it is');
      // The light sensor says day: the page is the app's own.
      await page.evaluate(() => {
        document.documentElement.dataset['theme'] = 'day';
      });
      await page.waitForFunction(() => document.querySelector('[data-testid=app-view]')?.getAttribute('data-darkened') === 'false');
      assert.deepStrictEqual(await look(), { darkened: 'false', filter: 'none', scheme: 'light' });
    });
  });

  test('moving: a page not declared driving-optimised is covered by the lockout card', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
    await page.goto(simulator.url);
    await holdMoving(simulator, 50);
    await page.getByTestId('driving-state').getByText('MOVING', { exact: false }).waitFor();
    await page.locator('[data-testid=app-tile][data-app-id="com.example.probe"]').click();
    const lockout = page.getByTestId('lockout');
    await lockout.waitFor();
    assert.equal(await lockout.innerText(), 'Sandbox Probe is available when parked');
    await page.screenshot({ path: repoPath('build', 'e2e', 'probe-moving.png') });
    await page.close();
    await holdParked(simulator);
  });

  test('an app\'s uncaught error reaches its developer: the panel shows it at the app\'s file and line', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
    await page.goto(simulator.url);
    await page.locator('[data-testid=app-tile][data-app-id="com.example.looper"]').click();
    await page.getByTestId('app-view').locator('button.fail').click();
    const panel = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await panel.goto(`${simulator.url}panel`);
    const problem = panel.getByTestId('app-problems').locator('li', { hasText: 'com.example.looper' });
    await problem.first().waitFor({ timeout: 10_000 });
    assert.match(await problem.first().innerText(), /error: .*total.*\(pages\/loop\/loop\.js:20\)/);
    // The app runs on after an error in one handler, as on a phone.
    assert.equal(await page.getByTestId('app-stopped').count(), 0);
    await panel.close();
    await page.close();
  });

  for (const [button, what] of [['spin', 'a handler that never returns'], ['flood', 'a flood of setData']] as const) {
    test(`the watchdog stops ${what}; the system UI keeps running`, async () => {
      const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
      await page.goto(simulator.url);
      await page.locator('[data-testid=app-tile][data-app-id="com.example.looper"]').click();
      const view = page.getByTestId('app-view');
      await view.locator(`button.${button}`).click();
      await page.getByTestId('app-stopped').waitFor({ timeout: 10_000 });
      assert.equal(await containerOf(page, 'com.example.looper').count(), 0, 'the container (and its worker) is gone');
      // The system UI still answers the driver: home, and the launcher is back.
      await page.getByTestId('home').click();
      await page.getByTestId('launcher').waitFor();
      await page.close();
    });
  }

  test('the system UI and the logic container are served with CSPs that allow only their own code', async () => {
    const response = await fetch(simulator.url);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'; script-src 'self';/);
    assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+; frame-src 'self';/);
    const container = (await fetch(`${simulator.url}container.html`)).headers.get('content-security-policy');
    assert.equal(container, "sandbox allow-scripts; default-src 'none'; script-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'");
  });

  test('a page of another origin cannot open the services protocol', async () => {
    const url = simulator.url.replace(/^http/, 'ws') + 'protocol';
    const outcome = await new Promise<string>((resolve) => {
      const socket = new WebSocket(url, { headers: { origin: 'http://evil.example' } });
      socket.on('open', () => resolve('opened'));
      socket.on('unexpected-response', (_request, response) => resolve(`refused ${response.statusCode}`));
      socket.on('error', () => resolve('refused'));
    });
    assert.match(outcome, /^refused/);
  });
});
