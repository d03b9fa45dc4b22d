/**
 * The kiosk's path in Chromium: the real shell, its scheme handlers and CSP, its IPC handler and
 * the built preload, with real services on the simulated EV (tests/support/kiosk.ts says what is
 * stood in for). The simulator's WebSocket path is tested everywhere else; this is the other
 * transport, and what an Electron binary would run.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { EU_ESOP } from '../../safety/common/presets.js';
import type { VehicleSession } from '../../sim/node/session.js';
import { openSession } from '../../sim/node/session.js';
import { wavBytes } from '../../voice/node/wav.js';
import { NO_CHROMIUM } from '../support/browser.js';
import { dataDirWithApps } from '../support/headUnit.js';
import type { Kiosk } from '../support/kiosk.js';
import { launchKioskChromium, startKiosk } from '../support/kiosk.js';

describe('the kiosk path (shell, schemes, IPC and preload) in Chromium', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let session: VehicleSession;
  let browser: Browser;
  let kiosk: Kiosk;
  const problems: string[] = [];

  before(async () => {
    data = dataDirWithApps(['probe']);
    const timeline = join(data, 'parked.json');
    writeFileSync(timeline, JSON.stringify({ description: 'parked', segments: [{ durationS: 3600, gear: 'P' }] }));
    session = await openSession({ kind: 'simulator' }, { dataDir: data, timeline, speed: 1, policy: EU_ESOP });
    browser = await launchKioskChromium();
    kiosk = await startKiosk(browser, { services: () => session.services, settings: () => session.ui });
    kiosk.page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    kiosk.page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    kiosk.page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} for ${kiosk.schemeUrl(response.url())}`);
    });
  });

  after(async () => {
    await kiosk?.close();
    await browser?.close();
    await session?.close();
    rmSync(data, { recursive: true, force: true });
  });

  test('the system UI boots from app://ui through the preload: the launcher lists the apps, the status bar has the car', async () => {
    const { page } = kiosk;
    await page.getByTestId('launcher').waitFor();
    assert.equal(new URL(kiosk.schemeUrl(page.url())).protocol, 'app:');
    assert.deepStrictEqual(await page.getByTestId('app-tile').evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute('data-app-id'))), ['com.example.charging', 'com.example.probe']);
    await page.getByTestId('driving-state').getByText('PARKED').waitFor();
    // The page has the preload's bridge and nothing else: no require, and not the raw IPC the stand-in uses.
    assert.deepStrictEqual(
      await page.evaluate(() => [typeof (window as unknown as { require?: unknown }).require, typeof (window as unknown as { __gloveboxIpcInvoke?: unknown }).__gloveboxIpcInvoke, Object.keys((window as unknown as { glovebox: object }).glovebox).sort()]),
      ['undefined', 'undefined', ['logicBase', 'onEvent', 'request']],
    );
    assert.deepStrictEqual(problems, []);
  });

  test('an app opens with its logic bundle from miniapp://, and a tap round-trips through its container', async () => {
    const { page } = kiosk;
    await page.locator('[data-testid=app-tile][data-app-id="com.example.charging"]').click();
    const view = page.getByTestId('app-view');
    await view.getByText('No chargers nearby').waitFor();
    await view.locator('span.chip', { hasText: 'Type 2' }).click();
    await view.locator('span.chip.on', { hasText: 'Type 2' }).waitFor();
    await page.getByTestId('home').click();
    await page.getByTestId('launcher').waitFor();
    assert.deepStrictEqual(problems, []);
  });

  test('the driving state reaches the UI as IPC events: held at 50 km/h it shows MOVING', async () => {
    const { page } = kiosk;
    session.vehicle?.timeline.hold({ gear: 'D', speedKmh: 50 });
    await page.getByTestId('driving-state').getByText('MOVING', { exact: false }).waitFor();
    session.vehicle?.timeline.hold({ gear: 'P', speedKmh: 0 });
    await page.getByTestId('driving-state').getByText('PARKED').waitFor();
  });

  test('a spoken reply plays through the kiosk\'s CSP: every sample of the WAV reaches the audio context', async () => {
    const { page } = kiosk;
    // 0.3 s of a 440 Hz tone at 16 kHz, as the speaker sends a synthesised reply.
    const samples = Int16Array.from({ length: 4800 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 16_000)));
    session.services.speak('A test reply.', Buffer.from(wavBytes(samples)).toString('base64'));
    const played = () => page.evaluate(() => performance.getEntriesByName('gb:voice-audio').map((entry) => (entry as PerformanceMark).detail as { what: string; phase: string; samples: number; context: string }));
    await page.waitForFunction(() => performance.getEntriesByName('gb:voice-audio').some((entry) => ((entry as PerformanceMark).detail as { phase: string }).phase === 'played'));
    assert.deepStrictEqual(
      (await played()).filter((entry) => entry.what === 'reply'),
      [
        { what: 'reply', phase: 'start', samples: 4800, context: 'running' },
        { what: 'reply', phase: 'played', samples: 4800, context: 'running' },
      ],
    );
    assert.deepStrictEqual(problems, [], 'no CSP refusal');
  });

  test("a logic container's frame that reaches the IPC binding is refused by the shell's handler", async () => {
    const { page } = kiosk;
    await page.locator('[data-testid=app-tile][data-app-id="com.example.probe"]').click();
    await page.getByTestId('app-view').waitFor();
    const container = page.frames().find((frame) => frame !== page.mainFrame() && kiosk.schemeUrl(frame.url()).startsWith('app://ui/container.html'));
    assert.ok(container, `a logic container frame (frames: ${page.frames().map((frame) => frame.url()).join(', ')})`);
    const answer = await container.evaluate(async () => {
      const invoke = (window as unknown as { __gloveboxIpcInvoke: (channel: string, message: unknown) => Promise<unknown> }).__gloveboxIpcInvoke;
      return invoke('glovebox:request', { id: 1, channel: 'app:list', params: {} }).then(
        () => 'answered',
        (error: unknown) => String(error),
      );
    });
    assert.match(answer, /refused: glovebox:request from app:\/\/ui\/container\.html/);
    await page.getByTestId('home').click();
  });
});
