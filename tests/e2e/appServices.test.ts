/**
 * The services-side APIs through the real UI in Debian Chromium: the location permission
 * prompt, a payment confirmed by the driver (and not twice), a request to the app's listed
 * backend (here a local stand-in), and the vehicle's change events.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { dataDirWithApps, onMovingPage, onParkedPage } from '../support/headUnit.js';

const APP = '[data-testid=app-tile][data-app-id="com.example.services"]';

describe('services APIs in Chromium', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;
  let backend: ReturnType<typeof createServer>;
  let backends: Map<string, string>;

  before(async () => {
    data = dataDirWithApps(['services-probe']);
    browser = await launchChromium();
    backend = createServer((request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: `ok ${request.url}` })));
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    backends = new Map([['https://api.probe.example', `http://127.0.0.1:${(backend.address() as AddressInfo).port}`]]);
  });

  after(async () => {
    await browser?.close();
    backend?.close();
    rmSync(data, { recursive: true, force: true });
  });

  test('parked: location asks once and is remembered; a payment is confirmed by touch and paid once; a request reaches the backend', async () => {
    await onParkedPage(
      browser,
      data,
      async (page) => {
        await page.locator(APP).click();
        const view = page.getByTestId('app-view');
        await view.getByText('driving PARKED').waitFor();
        await view.getByText(/^speed 0$/).waitFor();

        await view.locator('button.locate').click();
        const dialog = page.getByTestId('system-dialog');
        await dialog.waitFor();
        assert.equal(await dialog.getAttribute('data-kind'), 'permission');
        assert.match(await dialog.innerText(), /Allow Services Probe to use your location\?\s+to show chargers near you\s+Don't allow\s+Allow/);
        await dialog.getByText('Allow', { exact: true }).click();
        await view.getByText(/^at -?\d+\.\d{3},-?\d+\.\d{3}$/).waitFor();
        await view.locator('button.locate').click();
        await page.waitForTimeout(300);
        assert.equal(await dialog.count(), 0, 'remembered: not asked again');

        await view.locator('button.pay').click();
        await dialog.waitFor();
        assert.match(await dialog.innerText(), /Pay €12\.50 to Services Probe\?\s+€12\.50, Charging session\s+Cancel\s+Pay/);
        await dialog.getByText('Pay', { exact: true }).click();
        await view.getByText('paid 1250').waitFor();
        await view.locator('button.pay').click();
        await page.waitForTimeout(300);
        assert.equal(await dialog.count(), 0, 'the same order is paid already: no second confirmation');

        await view.locator('button.fetch').click();
        await view.getByText('200 ok /status?q=1').waitFor();
      },
      '',
      backends,
    );
  });

  test('moving: a payment needs a spoken yes (touch can only cancel) and times out as a no; driving changes reach the app', async () => {
    // A data dir of its own: the parked test has paid this order already (and a paid order is not asked again).
    const fresh = dataDirWithApps(['services-probe']);
    try {
      await onMovingPage(
        browser,
        fresh,
        async (page) => {
          await page.locator(APP).click();
          const view = page.getByTestId('app-view');
          await view.getByText('driving MOVING').waitFor({ timeout: 15_000 });
          // The speed comes in its own push, a frame or so after the driving state.
          await view.locator('.speed').filter({ hasNotText: /^speed 0$/ }).waitFor({ timeout: 15_000 });
          await view.locator('button.pay').click();
          const dialog = page.getByTestId('system-dialog');
          await dialog.waitFor();
          assert.equal(await dialog.getAttribute('data-voice-only'), 'true');
          assert.deepStrictEqual(await dialog.getByTestId('dialog-choice').allInnerTexts(), ['Cancel']);
          // EU_ESOP waits 8 s for the yes; no voice engine answers here, so it is a no.
          await view.getByText('requestPayment:fail cancel').waitFor({ timeout: 30_000 });
        },
        { speedKmh: 40, waitUntilMoving: false },
      );
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
