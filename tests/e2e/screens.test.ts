/**
 * Screenshot regression: screens whose content does not change from run to run (the launcher
 * night and day, the host's components and a payment dialog from the fixture apps) are
 * compared, pixel by pixel, with the pictures kept in tests/fixtures/screens. What moves by itself
 * (the clock, the swiper, the map's tiles) is masked. A layout break (a bar that moved, a control
 * that lost its size, a page that went light at night) changes far more than the tolerance
 * allows. After an intended change: `GLOVEBOX_UPDATE_SCREENS=1 node --test build/tests/e2e/screens.test.js`,
 * then look at the new pictures before committing them.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { dataDirWithApps, onParkedPage } from '../support/headUnit.js';
import { repoPath } from '../support/paths.js';

const BASELINES = repoPath('tests', 'fixtures', 'screens');
const UPDATE = process.env['GLOVEBOX_UPDATE_SCREENS'] === '1';
/** A pixel differs when a channel is off by more than this (anti-aliasing moves by less). */
const CHANNEL = 48;
/** At most this share of the pixels may differ. */
const TOLERANCE = 0.005;

describe('screens against their pictures', { skip: NO_CHROMIUM }, () => {
  let browser: Browser;
  let diffPage: Page;
  const data = dataDirWithApps(['components', 'services-probe']);
  before(async () => {
    browser = await launchChromium();
    diffPage = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    rmSync(data, { recursive: true, force: true });
  });

  /** The share of pixels that differ between two PNGs of the same size (decoded by Chromium). */
  const difference = (a: Buffer, b: Buffer): Promise<{ readonly share: number; readonly size: string }> =>
    diffPage.evaluate(
      async ([first, second, limit]) => {
        const decode = async (base64: string): Promise<ImageData> => {
          const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], { type: 'image/png' }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d')!;
          context.drawImage(bitmap, 0, 0);
          return context.getImageData(0, 0, bitmap.width, bitmap.height);
        };
        const [x, y] = [await decode(first!), await decode(second!)];
        if (x.width !== y.width || x.height !== y.height) return { share: 1, size: `${x.width}×${x.height} against ${y.width}×${y.height}` };
        let differing = 0;
        for (let index = 0; index < x.data.length; index += 4) {
          for (let channel = 0; channel < 3; channel += 1) {
            if (Math.abs(x.data[index + channel]! - y.data[index + channel]!) > limit) {
              differing += 1;
              break;
            }
          }
        }
        return { share: differing / (x.width * x.height), size: `${x.width}×${x.height}` };
      },
      [a.toString('base64'), b.toString('base64'), CHANNEL] as const,
    );

  /** Compares the page with its picture; writes the picture when asked to (or the new one beside it for a look). */
  async function compare(page: Page, name: string, mask: Locator[]): Promise<void> {
    const shot = await page.screenshot({ mask, maskColor: '#ff00ff', animations: 'disabled', caret: 'hide' });
    const file = `${BASELINES}/${name}.png`;
    if (UPDATE) {
      mkdirSync(BASELINES, { recursive: true });
      writeFileSync(file, shot);
      return;
    }
    assert.ok(existsSync(file), `${file} is missing: make it with GLOVEBOX_UPDATE_SCREENS=1 and look at it`);
    const { share, size } = await difference(shot, readFileSync(file));
    if (share > TOLERANCE) {
      mkdirSync(repoPath('build', 'e2e'), { recursive: true });
      writeFileSync(repoPath('build', 'e2e', `${name}-now.png`), shot);
    }
    assert.ok(share <= TOLERANCE, `${name} (${size}): ${(share * 100).toFixed(2)} % of pixels differ (at most ${TOLERANCE * 100} %); this run's picture is build/e2e/${name}-now.png`);
  }

  test('the launcher, night and day; the host components and a payment dialog', async () => {
    for (const theme of ['night', 'day'] as const) {
      await onParkedPage(
        browser,
        data,
        async (page) => {
          await page.getByTestId('app-tile').first().waitFor();
          await compare(page, `launcher-${theme}`, [page.locator('.clock')]);
          if (theme === 'day') return;
          await page.locator('[data-testid=app-tile][data-app-id="com.example.components"]').click();
          const view = page.getByTestId('app-view');
          await view.locator('[data-live=true]').waitFor();
          await compare(page, 'components-night', [page.locator('.clock'), view.locator('[data-wx=swiper]'), view.locator('[data-wx=map]')]);
          await page.getByTestId('home').click();
          await page.locator('[data-testid=app-tile][data-app-id="com.example.services"]').click();
          await view.locator('button.pay').click();
          await page.getByTestId('system-dialog').waitFor();
          await compare(page, 'payment-night', [page.locator('.clock')]);
        },
        `?theme=${theme}`,
      );
    }
  });
});
