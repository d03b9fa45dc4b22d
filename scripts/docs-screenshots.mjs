// Writes docs/screenshots (run after `npm run build`; `npm run screenshots`): the shipped apps
// (Navigation, Charging, Food) on their sample backends, parked and moving, the home screen, and
// the tester's panel; then the runtime's own pictures from the fixture apps (components and a
// payment dialog, parked and moving) that docs/runtime.md shows. The README's pictures are these.
// Driving is held through the simulator's control socket, so each picture waits on what it shows.
import { rmSync } from 'node:fs';
import { launchChromium } from '../build/tests/support/browser.js';
import { appView, bundledDataDir, bundledSimulator, CHARGING, control, driveOff, FOOD, NAVIGATION, onPage, openApp } from '../build/tests/support/bundled.js';
import { dataDirWithApps, onMovingPage, onParkedPage } from '../build/tests/support/headUnit.js';

const browser = await launchChromium();
// A map on the screen is drawn after the app's frame: the shot waits for it (or for its fallback).
const shotOf = async (page, name) => {
  const maps = page.getByTestId('app-view').locator('.gb-map');
  if ((await maps.count()) > 0) await page.getByTestId('app-view').locator('.gb-map:is([data-gb-map=ready], [data-gb-map=failed])').first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
};
const folders = [];
const park = async (page, simulator) => {
  await control(simulator, { t: 'hold', inputs: { gear: 'P', speedKmh: 0 } });
  await page.getByTestId('driving-state').getByText('PARKED').waitFor({ timeout: 20_000 });
};
const home = async (page) => {
  await page.getByTestId('home').click();
  await page.getByTestId('launcher').waitFor();
};

const shot = shotOf;
try {
  // The shipped apps, each parked and then moving, on one simulator.
  const data = bundledDataDir();
  folders.push(data);
  const simulator = await bundledSimulator(data);
  try {
    // Night (the default) and day, as the light sensor would switch them: each app parked and moving.
    for (const theme of ['night', 'day']) {
      const shot = (page, name) => shotOf(page, theme === 'night' ? name : `${name}-day`);
      await onPage(browser, `${simulator.url}?theme=${theme}&keyboard=1`, { width: 1920, height: 720 }, async (page) => {
        await shot(page, 'home-parked');
        await openApp(page, NAVIGATION);
        await appView(page).locator('button.favourite', { hasText: 'Home' }).click();
        await appView(page).locator('.destination', { hasText: 'To Home' }).waitFor();
        await shot(page, 'navigation-parked');
        await home(page);
        await openApp(page, CHARGING);
        await appView(page).locator('[data-live=true]').first().waitFor();
        await shot(page, 'charging-parked');
        await home(page);
        await openApp(page, FOOD);
        await appView(page).locator('.restaurant-card').first().waitFor();
        await shot(page, 'food-parked');
        await appView(page).locator('button.history').click();
        await appView(page).locator('.loading').waitFor({ state: 'detached' });
        await shot(page, 'food-history-parked');
        await page.getByTestId('back').click();
        // The checkout's pickup time: the host's own list over the app, not the browser's menu.
        await appView(page).locator('.restaurant-card').first().click();
        await appView(page).locator('button.more').first().click();
        await appView(page).locator('button.checkout').click();
        await appView(page).locator('.gb-picker-value').click();
        await appView(page).getByTestId('picker-sheet').waitFor();
        await shot(page, 'food-checkout-picker');
        await appView(page).getByTestId('picker-sheet').click({ position: { x: 10, y: 10 } });
        await page.getByTestId('back').click();
        await page.getByTestId('back').click();
        await home(page);
        await driveOff(page, simulator);
        await page.getByTestId('speed').getByText(/^[1-9]\d* km\/h$/).waitFor();
        // The gear's frame comes at its own cycle, after the speed's: shoot once both say driving.
        await page.getByTestId('gear').getByText('D', { exact: true }).waitFor();
        await shot(page, 'home-moving');
        for (const [id, name] of [
          [NAVIGATION, 'navigation-moving'],
          [CHARGING, 'charging-moving'],
          [FOOD, 'food-moving'],
        ]) {
          await openApp(page, id);
          await appView(page).locator('[data-live=true]').first().waitFor();
          await shot(page, name);
          await home(page);
        }
        // The route ends, so the next round starts from the search page again.
        await openApp(page, NAVIGATION);
        await appView(page).locator('button.end').click();
        // Parked again: the kiosk's own keyboard types a search.
        await park(page, simulator);
        await appView(page).locator('input.query').click();
        for (const key of ['s', 't', 'a']) await page.getByTestId('keyboard').locator(`[data-key="${key}"]`).click();
        await shot(page, 'navigation-keyboard-parked');
        await page.getByTestId('keyboard').locator('[data-key=Done]').click();
        await home(page);
        await park(page, simulator);
      });
    }
    // The panel with the head unit beside it: Food open, moving, then parked again.
    const page = await browser.newPage({ viewport: { width: 1800, height: 1000 } });
    await page.goto(`${simulator.url}panel`);
    const unit = page.frameLocator('[data-testid=head-unit]');
    await unit.locator(`[data-testid=app-tile][data-app-id="${FOOD}"]`).click();
    await control(simulator, { t: 'hold', inputs: { gear: 'D', parkingBrake: false, speedKmh: 50 } });
    await unit.getByTestId('driving-state').getByText('MOVING', { exact: false }).waitFor({ timeout: 30_000 });
    // The panel's strip and log follow once a second.
    await page.waitForTimeout(2000);
    await shot(page, 'simulator-moving');
    await page.getByTestId('gear-P').click();
    await unit.getByTestId('driving-state').getByText('PARKED').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2000);
    await shot(page, 'simulator-parked');
    await page.close();
  } finally {
    await simulator.close();
  }

  // The runtime's pictures (docs/runtime.md): host components and a payment dialog, from the fixture apps.
  const fixtures = dataDirWithApps(['components', 'services-probe']);
  folders.push(fixtures);
  await onParkedPage(browser, fixtures, async (page) => {
    await page.locator('[data-testid=app-tile][data-app-id="com.example.components"]').click();
    await page.getByTestId('app-view').locator('[data-live=true]').waitFor();
    await shot(page, 'components-parked');
    await home(page);
    await page.locator('[data-testid=app-tile][data-app-id="com.example.services"]').click();
    await page.getByTestId('app-view').locator('button.pay').click();
    await page.getByTestId('system-dialog').waitFor();
    await shot(page, 'payment-parked');
  });
  await onMovingPage(
    browser,
    fixtures,
    async (page) => {
      await page.getByTestId('gear').getByText('D', { exact: true }).waitFor();
      await page.locator('[data-testid=app-tile][data-app-id="com.example.components"]').click();
      await page.getByTestId('app-view').locator('[data-live=true]').waitFor();
      // The lower half: the host-drawn map and the picture that waits until parked.
      await page.getByTestId('app-view').locator('[data-wx=map]').scrollIntoViewIfNeeded();
      await shot(page, 'components-moving');
      await home(page);
      await page.locator('[data-testid=app-tile][data-app-id="com.example.services"]').click();
      await page.getByTestId('app-view').locator('button.pay').click();
      await page.getByTestId('system-dialog').waitFor();
      await shot(page, 'payment-moving');
    },
    { speedKmh: 60 },
  );
} finally {
  await browser.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
