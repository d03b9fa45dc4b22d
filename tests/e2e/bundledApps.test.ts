/**
 * The three bundled apps in the simulator, in Debian Chromium, on their sample backends: the
 * main flows parked and moving (what changes, what is refused, what goes to voice), backend
 * errors handled visibly, the driving tasks walked while moving, and an order that survives a
 * power cut without being placed twice.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startBackends } from '../../miniapps/backends/node/backends.js';
import { AppStorage } from '../../services/node/apps/appStorage.js';
import { Storage } from '../../services/node/storage/database.js';
import type { RunningSimulator } from '../../sim/node/server.js';
import { chromiumSuite, NO_CHROMIUM } from '../support/browser.js';
import { acceptDialog, appView, bundledDataDir, bundledSimulator, CHARGING, control, driveOff, FOOD, NAVIGATION, onBundledSimulator, openApp, orderAndMakeUsual } from '../support/bundled.js';
import { repoPath } from '../support/paths.js';

/**
 * Where the screenshots go: build/e2e, or docs/screenshots with GLOVEBOX_DOCS_SCREENSHOTS=1 (to
 * refresh docs/apps.md's pictures), so a test run never changes the checkout.
 */
function shot(name: string): string {
  return process.env['GLOVEBOX_DOCS_SCREENSHOTS'] === '1' ? repoPath('docs', 'screenshots', name) : repoPath('build', 'e2e', name);
}

describe('bundled apps in Chromium', { skip: NO_CHROMIUM }, () => {
  const chromium = chromiumSuite();

  /** A page on a fresh simulator with the bundled apps; closed after `use`. */
  const onSimulator = (use: (page: Page, simulator: RunningSimulator) => Promise<void>): Promise<void> => onBundledSimulator(chromium.browser, (folder) => chromium.keep(folder), use);


  const home = (page: Page) => page.getByTestId('home').click();
  // The sample city's one breakfast place closes at 11:00; the others never close, so a test at any hour can order.
  const openableRestaurant = (page: Page) => appView(page).locator('.restaurant-card', { hasNotText: 'Morning Gear' }).first();
  const drive = driveOff;


  test('navigation: a favourite routes from the car, re-routes off the route, stops to charge when low; the destination reaches other apps; a charger opens in it', async () => {
    await onSimulator(async (page, simulator) => {
      await openApp(page, NAVIGATION);
      await appView(page).locator('button.favourite', { hasText: 'Home' }).click();
      await appView(page).locator('.destination', { hasText: 'To Home' }).waitFor();
      assert.match(await appView(page).locator('.remaining').innerText(), /km · \d+ min · arrive \d\d:\d\d/);
      // A street map with the route fitted: the car and the destination both inside the map, named streets drawn.
      const map = appView(page).locator('[data-wx=map]');
      await map.locator('.gb-map[data-gb-map=ready]').waitFor();
      assert.ok(Number(await map.locator('.gb-map').getAttribute('data-gb-route')) > 1, 'the route is drawn on the map');
      assert.ok(Number(await map.locator('.gb-map').getAttribute('data-gb-streets')) >= 10, 'the city\'s streets are drawn');
      // The pin names the destination; the city's own label for the same place is not drawn again.
      const places = (await map.locator('.gb-map').getAttribute('data-gb-places'))?.split('|') ?? [];
      assert.ok(places.length > 0 && !places.includes('Home'), `place labels drawn: ${places.join(', ')}`);
      const frame = await map.boundingBox();
      for (const mark of [map.locator('[data-gb-marker=destination]'), map.locator('[data-gb-vehicle]')]) {
        const box = await mark.boundingBox();
        assert.ok(frame && box && box.x >= frame.x && box.y >= frame.y && box.x + box.width <= frame.x + frame.width && box.y + box.height <= frame.y + frame.height, `fitted: ${JSON.stringify(box)} inside ${JSON.stringify(frame)}`);
      }
      await page.screenshot({ path: shot('navigation-parked.png') });
      // The car leaves the route (the tester puts it elsewhere): the app re-routes from where it is.
      const kilometres = async (): Promise<number> => {
        const [, value = '0', unit] = /^([\d.]+) (km|m)/.exec(await appView(page).locator('.remaining').innerText({ timeout: 1000 })) ?? [];
        return unit === 'm' ? Number(value) / 1000 : Number(value);
      };
      const before = await kilometres();
      assert.match(await control(simulator, { t: 'vehicle', latitude: 48.1302, longitude: 11.5921 }), /^at 48\.13020, 11\.59210/);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && Math.abs((await kilometres()) - before) < 0.5) await page.waitForTimeout(100);
      assert.ok(Math.abs((await kilometres()) - before) >= 0.5, `re-routed from the new place: ${before} km before, ${await kilometres()} km after`);
      // Too little battery to arrive with the car maker's minimum: a charging stop on the way.
      // (The sample city is fixed: from here to the stadium is about 4 km, 1 % of this battery.)
      await control(simulator, { t: 'vehicle', socPercent: 10.5 });
      // The battery message comes round once a second: the head unit (and the app) hear it together.
      await page.getByTestId('soc').getByText(/^1[01] %$/).waitFor();
      await appView(page).locator('button.end').click();
      await appView(page).locator('input.query').fill('stadium');
      await appView(page).locator('button.go').click();
      await appView(page).locator('button.result', { hasText: 'Lindenfeld Stadium' }).click();
      await appView(page).locator('.stop, .message').first().waitFor({ timeout: 15_000 });
      assert.match(await appView(page).locator('.stop, .message').first().innerText(), /^Charging stop: .+, \d+ min to \d+ %$/);
      await control(simulator, { t: 'vehicle', socPercent: 80 });
      // The food app reads the route through the platform (car.getNavigationState), not from the navigation app.
      await home(page);
      await openApp(page, FOOD);
      await appView(page).locator('.title', { hasText: 'On your way to Lindenfeld Stadium' }).waitFor();
      await appView(page).locator('.restaurant-card').first().waitFor();
      await page.screenshot({ path: shot('food-parked.png') });
      // The head unit's screen reloads (a renderer restart): Navigation carries on with the route
      // the platform still holds, as the panel and Food do, instead of an empty search.
      await page.reload();
      await openApp(page, NAVIGATION);
      await appView(page).locator('.destination', { hasText: 'To Lindenfeld Stadium' }).waitFor({ timeout: 15_000 });
      // wx.openLocation from the charging app opens the navigation app on the charger.
      await home(page);
      await openApp(page, CHARGING);
      const first = appView(page).locator('.row').first();
      const name = await first.locator('.name').innerText();
      await first.locator('button.go').click();
      await appView(page).locator('.destination', { hasText: `To ${name}` }).waitFor();
    });
  });

  test('navigation moving: no keyboard, voice routes instead; the turn list is one level down; a busy service is said', async () => {
    await onSimulator(async (page, simulator) => {
      await openApp(page, NAVIGATION);
      await drive(page, simulator);
      await appView(page).locator('input.query[disabled]').waitFor();
      assert.equal(await control(simulator, { t: 'say', text: 'Hey Glovebox, navigate to the station' }), 'heard "Hey Glovebox, navigate to the station": Navigation: navigateTo {"place":"the station"}');
      await appView(page).locator('.destination', { hasText: 'To Central Station' }).waitFor();
      await page.screenshot({ path: shot('navigation-moving.png') });
      // The driving task "see the turns ahead": one level below the first page, allowed while moving.
      await appView(page).locator('button.turns').click();
      await appView(page).locator('.turn').first().waitFor();
      await page.getByTestId('back').click();
      // The route service fails twice (the app retries once): the driver is told, not left waiting.
      const backends = simulator.backends;
      assert.ok(backends);
      await fetch(`${backends.local.routing}/_sim/fail`, { method: 'POST', body: JSON.stringify({ count: 2 }) });
      await appView(page).locator('button.add-stop').click();
      await appView(page).locator('.message', { hasText: 'The route service is busy.' }).waitFor({ timeout: 15_000 });
      // Retry does what failed again (the service is back): the charging stop is added.
      await appView(page).locator('button.retry').click();
      await appView(page).locator('.stop', { hasText: 'Charging stop:' }).waitFor({ timeout: 15_000 });
      assert.equal(await appView(page).locator('.message').count(), 0);
    });
  });

  test('charging: reachable chargers, a session started with the stored payment method, live with the car’s own IsCharging, a second start shows the running one, stopped', async () => {
    await onSimulator(async (page) => {
      await openApp(page, CHARGING);
      await appView(page).locator('.row').first().waitFor();
      assert.ok((await appView(page).locator('.row').count()) > 3, 'parked: every reachable charger');
      await appView(page).locator('button.filter').waitFor();
      await page.screenshot({ path: shot('charging-parked.png') });
      // Other drivers come and go every five minutes: chargers with a free charge point now.
      const free = () => appView(page).locator('.row .summary', { hasText: /[1-9]\d* of \d+ free/ });
      await free().first().click();
      // What the start does to the card is said before the dialog asks: a hold, released after.
      await appView(page).locator('.hold', { hasText: 'Starting holds €30.00 on your card. You pay only for what you charge; the rest is released when you stop.' }).waitFor();
      await appView(page).locator('button.start').first().click();
      await acceptDialog(page, /Pay €30\.00 to Charging\?/);
      await appView(page).locator('.car-says', { hasText: 'The car is charging' }).waitFor({ timeout: 15_000 });
      assert.match(await appView(page).locator('.figure .value').first().innerText(), /^\d+ kW$/);
      await page.screenshot({ path: shot('charging-session.png') });
      // Another charger while this session runs: the app finds the running session and shows it,
      // without holding the card a second time.
      await page.getByTestId('back').click();
      await free().nth(1).click();
      await appView(page).locator('button.start').first().click();
      await appView(page).locator('button.stop').waitFor();
      assert.equal(await page.getByTestId('system-dialog').isVisible(), false, 'no second payment is asked for');
      await appView(page).locator('button.stop').click();
      await appView(page).locator('.summary', { hasText: /^Charged \d+\.\d kWh for €\d+\.\d\d\. The €30\.00 hold on your card is released; you pay €\d+\.\d\d\.$/ }).waitFor();
    });
  });

  test('charging moving: the nearest three, no filters, no starting; "find a charger" by voice', async () => {
    await onSimulator(async (page, simulator) => {
      await openApp(page, CHARGING);
      await appView(page).locator('.row').first().waitFor();
      await drive(page, simulator);
      await appView(page).locator('.notice', { hasText: 'The nearest chargers you can reach' }).waitFor();
      assert.equal(await appView(page).locator('.row').count(), 3);
      assert.equal(await appView(page).locator('button.filter').count(), 0);
      await page.screenshot({ path: shot('charging-moving.png') });
      await appView(page).locator('.row .summary').first().click();
      await appView(page).locator('.notice', { hasText: 'Start charging when parked at the charger.' }).waitFor();
      assert.equal(await appView(page).locator('button.start').count(), 0);
      assert.match(await control(simulator, { t: 'say', text: 'find a charger' }), /Charging: findCharger$/);
      await appView(page).locator('.notice', { hasText: 'The nearest chargers you can reach' }).waitFor();
    });
  });

  test('food: an order from the menu parked, made the usual, then reordered while moving with a spoken yes only', async () => {
    await onSimulator(async (page, simulator) => {
      await orderAndMakeUsual(page);
      await appView(page).locator('.usual .restaurant', { hasText: '★' }).waitFor();
      await drive(page, simulator);
      // Moving: the usual only; menus and the cart are gone.
      await appView(page).locator('.restaurant-card').first().waitFor({ state: 'detached' });
      await page.screenshot({ path: shot('food-moving.png') });
      assert.match(await control(simulator, { t: 'say', text: 'reorder my usual' }), /Food: reorderUsual$/);
      const dialog = page.getByTestId('system-dialog');
      await dialog.waitFor();
      assert.equal(await dialog.getAttribute('data-voice-only'), 'true');
      assert.match(await dialog.innerText(), /Say "yes" to pay/);
      assert.equal(await control(simulator, { t: 'say', text: 'yes' }), 'heard "yes": yes');
      await appView(page).locator('.status', { hasText: 'The restaurant has your order' }).waitFor();
    });
  });

  test('food: when the service does not answer, History shows the orders kept on the car, the reason and a Retry, never "No orders yet"', async () => {
    await onSimulator(async (page, simulator) => {
      await orderAndMakeUsual(page);
      // Back on the first page, its own reload (with the new favourite) done before the service fails.
      await appView(page).locator('.usual .restaurant', { hasText: '★' }).waitFor();
      const backends = simulator.backends;
      assert.ok(backends);
      await fetch(`${backends.local.ordering}/_sim/fail`, { method: 'POST', body: JSON.stringify({ count: 1 }) });
      await appView(page).locator('button.history').click();
      await appView(page).locator('.message', { hasText: 'The restaurant service is busy. Showing the orders saved on this car.' }).waitFor({ timeout: 15_000 });
      assert.ok((await appView(page).locator('.past').count()) >= 1, 'the kept orders are listed');
      assert.equal(await appView(page).getByText('No orders yet').count(), 0);
      await appView(page).locator('button.retry').click();
      await appView(page).locator('.message').waitFor({ state: 'detached' });
      assert.ok((await appView(page).locator('.past').count()) >= 1);
    });
  });

  test('food: a power cut while the order is on its way; after the restart it is sent again and placed once', async () => {
    const data = bundledDataDir();
    chromium.keep(data);
    // The restaurant's service is not in the car: it keeps running while the car loses power.
    const backends = await startBackends({ stateDir: join(data, 'restaurant') });
    try {
      let simulator = await bundledSimulator(data, undefined, backends);
      let page = await chromium.browser.newPage({ viewport: { width: 1920, height: 720 } });
      await page.goto(simulator.url);
      await openApp(page, FOOD);
      await openableRestaurant(page).click();
      await appView(page).locator('button.more').first().click();
      await appView(page).locator('button.checkout').click();
      // The order will be held at the restaurant's service for 3 s; the car dies meanwhile.
      await fetch(`${backends.local.ordering}/_sim/delay`, { method: 'POST', body: JSON.stringify({ count: 1, ms: 3000 }) });
      await appView(page).locator('button.place').click();
      await acceptDialog(page, /Pay/);
      await page.waitForTimeout(500);
      await page.close();
      await simulator.close();
      await new Promise((resolve) => setTimeout(resolve, 3500));
      // Power back: the app starts, finds its unsent order and sends it again with the same key.
      simulator = await bundledSimulator(data, undefined, backends);
      page = await chromium.browser.newPage({ viewport: { width: 1920, height: 720 } });
      await page.goto(simulator.url);
      await openApp(page, FOOD);
      await appView(page).locator('.status', { hasText: 'The restaurant has your order' }).waitFor({ timeout: 15_000 });
      await page.close();
      await simulator.close();
      // The driver's customer token, from the app's own storage: their orders at the restaurant's service.
      const storage = new Storage(join(data, 'glovebox.sqlite'));
      const customer = String((new AppStorage(storage).get(FOOD, 'customer') as { data: unknown }).data);
      storage.close();
      const history = (await (await fetch(`${backends.local.ordering}/v1/orders?customer=${encodeURIComponent(customer)}`)).json()) as { orders: unknown[] };
      assert.equal(history.orders.length, 1, 'placed once');
    } finally {
      await backends.close();
    }
  });
});
