/**
 * The mini-app runtime's page stack, system dialogs, lifecycle and cold-start path, in Debian
 * Chromium through the simulator: what a driver sees and what the app's logic is told.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { containerOf, dataDirWithApps, onMovingPage, onParkedPage } from '../support/headUnit.js';

const TABS = '[data-testid=app-tile][data-app-id="com.example.tabs"]';

describe('mini-app pages, dialogs and lifecycle in Chromium', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;

  before(async () => {
    data = dataDirWithApps(['pages-tabs', 'probe']);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(data, { recursive: true, force: true });
  });

  const inApp = (page: Page) => page.getByTestId('app-view');

  test('the page stack: navigateTo with a query, the title, back, a navigator to a tab, tabs kept alive', async () => {
    await onParkedPage(browser, data, async (page) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.locator(TABS).click();
      await inApp(page).getByText('Welcome back').waitFor();
      assert.equal(await page.getByTestId('app-title').innerText(), 'Tabs');
      assert.deepStrictEqual(await page.getByTestId('tab').allInnerTexts(), ['Home', 'Orders']);
      assert.equal(await page.getByTestId('back').count(), 0, 'no back button on the first page');

      await inApp(page).locator('button.open-detail').click();
      await inApp(page).getByText('7 Falafel wrap').waitFor();
      await page.getByTestId('app-title').getByText('Order 7').waitFor();
      await inApp(page).locator('button.deeper').click();
      await inApp(page).getByText('two levels down').waitFor();
      await page.getByTestId('back').click();
      await inApp(page).getByText('7 Falafel wrap').waitFor();

      await inApp(page).locator('[data-wx=navigator]').click();
      await inApp(page).getByText('visits 1').waitFor();
      assert.equal(await page.getByTestId('back').count(), 0, 'switchTab leaves only the tab page');
      await page.getByTestId('tab').getByText('Home').click();
      await inApp(page).getByText('Welcome back').waitFor();
      await page.getByTestId('tab').getByText('Orders').click();
      await inApp(page).getByText('visits 2').waitFor();
      assert.deepStrictEqual(errors, []);
    });
  });

  test('system dialogs: a modal answers confirm, an action sheet its index or cancel, a toast shows and goes', async () => {
    await onParkedPage(browser, data, async (page) => {
      await page.locator(TABS).click();
      await inApp(page).locator('button.open-detail').click();
      await inApp(page).locator('button.ask').click();
      const dialog = page.getByTestId('system-dialog');
      await dialog.waitFor();
      assert.equal(await dialog.getAttribute('data-kind'), 'modal');
      assert.match(await dialog.innerText(), /Reorder\?\s+Falafel wrap, pickup in 15 minutes\s+Cancel\s+Reorder/);
      await dialog.getByTestId('dialog-choice').getByText('Reorder').click();
      await inApp(page).getByText('confirmed').waitFor();

      await inApp(page).locator('button.choose').click();
      // The session's view reaches the screen on the next animation frame: wait for the sheet, then read it.
      await page.getByTestId('dialog-choice').getByText('Small').waitFor();
      assert.deepStrictEqual(await page.getByTestId('dialog-choice').allInnerTexts(), ['Small', 'Medium', 'Large', 'Family', 'Party']);
      await page.getByTestId('dialog-choice').getByText('Large').click();
      await inApp(page).getByText('size 2').waitFor();
      await inApp(page).locator('button.choose').click();
      await page.getByTestId('dialog-cancel').click();
      await inApp(page).getByText('showActionSheet:fail cancel').waitFor();

      await inApp(page).locator('button.toast').click();
      await page.getByTestId('toast').getByText('Added to cart').waitFor();
      await inApp(page).getByText('showToast:ok').waitFor();
      await page.getByTestId('toast').waitFor({ state: 'detached', timeout: 5000 });
    });
  });

  test('lifecycle: home puts the app in the background, then suspended with its timers held; reopening is a hot start', async () => {
    await onParkedPage(
      browser,
      data,
      async (page) => {
        await page.locator(TABS).click();
        await inApp(page).locator('[data-live=true]').getByText('Welcome back').waitFor();
        const ticksNow = async (): Promise<number> => Number((await inApp(page).locator('[data-live=true] .ticks').innerText()).replace('ticks ', ''));
        await containerOf(page, 'com.example.tabs').evaluate((element) => element.setAttribute('data-test-mark', 'first'));
        const ticksBefore = await ticksNow();
        await page.getByTestId('home').click();
        const container = containerOf(page, 'com.example.tabs');
        assert.equal(await container.getAttribute('data-lifecycle'), 'background');
        await page.locator('iframe.logic-container[data-app-id="com.example.tabs"][data-lifecycle="suspended"]').waitFor({ state: 'attached' });
        await page.waitForTimeout(2000);
        await page.locator(TABS).click();
        const ticksAfter = await ticksNow();
        await inApp(page).locator('button.refresh').click();
        await inApp(page).getByText('launch show hide show').waitFor();
        assert.equal(await container.getAttribute('data-lifecycle'), 'foreground');
        assert.equal(await container.getAttribute('data-test-mark'), 'first', 'the same container: no new one was started');
        assert.equal(await container.count(), 1);
        // Away 2.3 s or more: a 100 ms interval running all along would have ticked over 20 times.
        // Held, it ticks through the 300 ms in the background and once on resume.
        assert.ok(ticksAfter - ticksBefore <= 10, `${ticksAfter - ticksBefore} ticks while away: the timers ran while suspended`);
      },
      '?suspendAfterMs=300',
    );
  });

  test('past the running-app limit the least recently used app is destroyed; its container goes', async () => {
    await onParkedPage(
      browser,
      data,
      async (page) => {
        for (const id of ['com.example.tabs', 'com.example.charging', 'com.example.probe']) {
          await page.locator(`[data-testid=app-tile][data-app-id="${id}"]`).click();
          await page.getByTestId('app-surface').waitFor();
          await page.getByTestId('home').click();
          await page.getByTestId('launcher').waitFor();
        }
        // Destroyed a moment after the third app opens (off the tap's critical path).
        await containerOf(page, 'com.example.tabs').waitFor({ state: 'detached', timeout: 5000 });
        assert.equal(await containerOf(page, 'com.example.charging').getAttribute('data-lifecycle'), 'background');
        assert.equal(await containerOf(page, 'com.example.probe').getAttribute('data-lifecycle'), 'background');
      },
      '?maxRunning=2',
    );
  });

  test('cold start: the cached frame from the last run is painted before the live one; warm containers wait in the pool', async () => {
    await onParkedPage(browser, data, async (page, url) => {
      await page.locator(TABS).click();
      await inApp(page).getByText('Welcome back').waitFor();
      await page.getByTestId('home').click();
      // The data the app left behind is cached by services; a fresh UI starts the app cold.
      await page.waitForTimeout(300);
      await page.goto(url);
      const warm = page.locator('iframe.logic-container[data-state="warm"]');
      await warm.nth(1).waitFor({ state: 'attached' });
      assert.equal(await warm.count(), 2, 'two booted containers wait for an app');
      await page.locator(TABS).click();
      await page.waitForFunction(() => performance.getEntriesByName('gb:first-live-render').length > 0);
      const marks = await page.evaluate(() => Object.fromEntries(['gb:tap', 'gb:cached-frame', 'gb:first-live-render'].map((name) => [name, performance.getEntriesByName(name).length])));
      assert.deepStrictEqual(marks, { 'gb:tap': 1, 'gb:cached-frame': 1, 'gb:first-live-render': 1 });
      const order = await page.evaluate(() => performance.getEntriesByName('gb:cached-frame')[0]!.startTime <= performance.getEntriesByName('gb:first-live-render')[0]!.startTime);
      assert.ok(order, 'the cached frame comes first');
      assert.equal(await inApp(page).locator('[data-live=true]').count(), 1);
    });
  });

  test('moving: navigation deeper than the policy allows is refused with a reason', async () => {
    await onMovingPage(browser, data, async (page) => {
      await page.locator(TABS).click();
      await inApp(page).locator('button.open-detail').click();
      await inApp(page).locator('button.deeper').click();
      await inApp(page).getByText('two levels down').waitFor();
      await inApp(page).locator('button.deeper').click();
      await inApp(page).getByText('navigateTo:fail not while driving: at most 2 levels below the first page').waitFor();
    });
  });
});
