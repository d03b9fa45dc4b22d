/**
 * The host components in Debian Chromium: each reports its bound event with the platforms'
 * detail, a form gathers its named controls, rich text is sanitised, the map is drawn by the
 * host, and while driving the swiper stops turning by itself and pictures not needed for
 * driving wait.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { dataDirWithApps, onMovingPage, onParkedPage } from '../support/headUnit.js';

const APP = '[data-testid=app-tile][data-app-id="com.example.components"]';

describe('host components in Chromium', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;

  before(async () => {
    data = dataDirWithApps(['components']);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(data, { recursive: true, force: true });
  });

  const log = (page: Page) => page.getByTestId('app-view').locator('.log');

  test('parked: controls report their detail, the form gathers them, rich text is sanitised, the map is host-drawn, a component runs its logic', async () => {
    await onParkedPage(browser, data, async (page) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.locator(APP).click();
      const view = page.getByTestId('app-view');
      await view.locator('[data-live=true]').waitFor();

      await view.locator('[data-wx=switch]').click();
      await log(page).getByText('switch {"value":false}').waitFor();
      await view.locator('[data-wx=checkbox]', { hasText: 'Type 2' }).locator('input').click();
      await log(page).getByText('checkbox {"value":["ccs","type2"]}').waitFor();
      await view.locator('[data-wx=radio]', { hasText: 'Fast' }).locator('input').click();
      await log(page).getByText('radio {"value":"fast"}').waitFor();
      // The host's own list, not the browser's menu: drawn over the app's box and no further.
      await view.locator('[data-wx=picker] .gb-picker-value').click();
      const sheet = view.getByTestId('picker-sheet');
      const [sheetBox, appBox] = [await sheet.boundingBox(), await page.locator('.app-frame').boundingBox()];
      assert.deepStrictEqual(sheetBox, appBox, 'the list covers the app, never the system bars');
      await sheet.getByRole('option').nth(2).click();
      await log(page).getByText('picker {"value":2}').waitFor();
      await sheet.waitFor({ state: 'detached' });
      await view.locator('[data-wx=slider] input').fill('90');
      await log(page).getByText('slider {"value":90}').waitFor();
      await view.locator('button.submit').click();
      await log(page).getByText('submit {"notify":false,"connectors":["ccs","type2"],"speed":"fast","target":90,"network":2}').waitFor();

      // Autoplay turns the swiper while parked.
      await log(page).getByText(/^swiper \{"current":\d,"source":"autoplay"\}$/).first().waitFor({ timeout: 5000 });

      const rich = view.locator('[data-wx=rich-text]');
      assert.equal(await rich.innerText(), 'Open 24/7here');
      assert.equal(await rich.locator('script, img, a, [onerror]').count(), 0);
      assert.equal(await rich.locator('p.lead b').innerText(), '24/7');
      assert.equal(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked), undefined);

      // The host draws the map (a street map of the city under the page's line and pins).
      const map = view.locator('[data-wx=map]');
      await map.locator('.gb-map[data-gb-map=ready]').waitFor();
      assert.equal(await map.locator('[data-gb-marker="7"]').count(), 1);
      assert.ok(Number(await map.locator('.gb-map').getAttribute('data-gb-route')) > 1, 'the line is drawn');
      await map.locator('[data-gb-marker="7"]').click();
      await log(page).getByText('map {"markerId":7}').waitFor();
      assert.equal(await view.locator('[data-wx=progress] progress').getAttribute('value'), '64');
      assert.equal(await view.getByTestId('image-hidden').count(), 0, 'parked: every picture shows');

      // A component with logic: its own data and lifetimes, its event to the page, its property observed.
      const counter = view.locator('[data-component="components/counter/counter"]');
      await counter.getByText('count 5 from 5 (attached)').waitFor();
      await counter.locator('button.increment').click();
      await counter.getByText('count 6 from 5 (attached)').waitFor();
      await log(page).getByText('counter {"count":6}').waitFor();
      await view.locator('button.restart').click();
      await counter.getByText('count 10 from 10 (attached)').waitFor();
      assert.deepStrictEqual(errors, []);
    });
  });

  test('moving: the swiper stops turning by itself, pictures not needed for driving wait', async () => {
    await onMovingPage(
      browser,
      data,
      async (page) => {
        await page.locator(APP).click();
        const view = page.getByTestId('app-view');
        await view.locator('[data-live=true]').waitFor();
        assert.equal(await view.locator('[data-wx=swiper]').getAttribute('data-autoplay'), 'false');
        assert.equal(await view.getByTestId('image-hidden').count(), 1, 'the promo picture waits');
        assert.equal(await view.locator('img.connector-picture').count(), 1, 'the picture marked car-driving stays');
        await page.screenshot({ path: 'build/e2e/components-moving.png' });
      },
      { speedKmh: 60 },
    );
  });
});
