// Writes the screenshots in docs/screenshots from the fixture apps on the simulator (run after
// `npm run build`): the home screen, an app parked, the same app moving, a payment confirmation.
import { rmSync } from 'node:fs';
import { launchChromium } from '../build/tests/support/browser.js';
import { dataDirWithApps, onMovingPage, onParkedPage } from '../build/tests/support/headUnit.js';

const data = dataDirWithApps(['components', 'services-probe', 'pages-tabs']);
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
} finally {
  await browser.close();
  rmSync(data, { recursive: true, force: true });
}
