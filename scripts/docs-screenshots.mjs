// Writes the screenshots in docs/screenshots from the fixture apps on the simulator (run after
// `npm run build`): the home screen, an app parked, the same app moving, a payment confirmation,
// and the simulator's control panel moving and parked.
import { rmSync } from 'node:fs';
import { launchChromium } from '../build/tests/support/browser.js';
import { dataDirWithApps, onMovingPage, onParkedPage, simulatorOn } from '../build/tests/support/headUnit.js';

const data = dataDirWithApps(['components', 'services-probe', 'pages-tabs', 'driving-ui']);
const browser = await launchChromium();
const shot = (page, name) => page.screenshot({ path: `docs/screenshots/${name}.png` });
try {
  await onParkedPage(browser, data, async (page) => {
    await shot(page, 'home-parked');
    await page.locator('[data-testid=app-tile][data-app-id="com.example.components"]').click();
    await page.getByTestId('app-view').locator('[data-live=true]').waitFor();
    await shot(page, 'components-parked');
    await page.getByTestId('home').click();
    await page.locator('[data-testid=app-tile][data-app-id="com.example.services"]').click();
    await page.getByTestId('app-view').locator('button.pay').click();
    await page.getByTestId('system-dialog').waitFor();
    await shot(page, 'payment-parked');
  });
  await onMovingPage(
    browser,
    data,
    async (page) => {
      await page.locator('[data-testid=app-tile][data-app-id="com.example.components"]').click();
      await page.getByTestId('app-view').locator('[data-live=true]').waitFor();
      // The lower half: the host-drawn map and the picture that waits until parked.
      await page.getByTestId('app-view').locator('[data-wx=map]').scrollIntoViewIfNeeded();
      await shot(page, 'components-moving');
      await page.getByTestId('home').click();
      await page.locator('[data-testid=app-tile][data-app-id="com.example.services"]').click();
      await page.getByTestId('app-view').locator('button.pay').click();
      await page.getByTestId('system-dialog').waitFor();
      await shot(page, 'payment-moving');
    },
    { speedKmh: 60 },
  );
  // The panel: drive off with an app open (the strip, the flags, the log fill), then park.
  const simulator = await simulatorOn(data, 'panel', [{ durationS: 6, gear: 'P' }, { durationS: 8, gear: 'D', speedKmh: [0, 50] }, { durationS: 3600, gear: 'D', speedKmh: 50 }], 1);
  try {
    const page = await browser.newPage({ viewport: { width: 1800, height: 1000 } });
    await page.goto(`${simulator.url}panel`);
    const unit = page.frameLocator('[data-testid=head-unit]');
    await unit.locator('[data-testid=app-tile][data-app-id="com.example.order"]').click();
    await unit.getByTestId('driving-state').getByText('MOVING', { exact: false }).waitFor({ timeout: 30_000 });
    await page.getByTestId('preset').selectOption('JP_JAMA');
    await page.waitForTimeout(4000);
    await shot(page, 'simulator-moving');
    await page.getByTestId('gear-P').click();
    await unit.getByTestId('driving-state').getByText('PARKED').waitFor({ timeout: 30_000 });
    await page.getByTestId('readout').getByText(/JP_JAMA/).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(2000);
    await shot(page, 'simulator-parked');
    await page.close();
  } finally {
    await simulator.close();
  }
} finally {
  await browser.close();
  rmSync(data, { recursive: true, force: true });
}
