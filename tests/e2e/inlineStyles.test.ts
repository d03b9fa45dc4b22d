/**
 * Inline styles as published mini-programs write them (issue 18: a 200×200 image was drawn 0×0):
 * drawn by the host, rpx against the app viewport, with what sheets may not do dropped here too.
 * And pictures in the package (issue 18: 12 of 14 real apps lost theirs), read against the page.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { onParkedPage } from '../support/headUnit.js';
import type { PageApp } from '../support/pageApps.js';
import { dataDirWithPageApps } from '../support/pageApps.js';

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const STYLED: PageApp = {
  id: 'com.test.inline',
  name: 'Inline',
  page: {
    wxml: `<image src="${PIXEL}" style="width: 200px; height: 200px"/><view style="width: {{w}}rpx; height: 40px; background: url(https://tracker.example/p.png); filter: blur(900px); --gb-rpx: 100px">box</view>`,
    js: 'Page({ data: { w: 375 } });',
  },
};

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0b6e4f"/></svg>';
const PICTURES: PageApp = {
  id: 'com.test.pictures',
  name: 'Pictures',
  page: {
    wxml: '<image class="own" src="logo.svg"/><image class="root" src="/pages/index/logo.svg"/><image class="out" src="../../../../secret.svg"/>',
    js: 'Page({});',
    files: { 'logo.svg': LOGO },
  },
};

describe('inline styles and package pictures', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;
  before(async () => {
    data = dataDirWithPageApps([STYLED, PICTURES]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(data, { recursive: true, force: true });
  });

  test('an image and a bound style are drawn at their size; url(), costly filters and host variables are not taken', async () => {
    await onParkedPage(browser, data, async (page) => {
      await page.locator(`[data-testid=app-tile][data-app-id="${STYLED.id}"]`).click();
      const view = page.getByTestId('app-view');
      await view.locator('[data-wx="view"]').waitFor();
      const drawn = await view.evaluate((host) => {
        const root = host.shadowRoot as ShadowRoot;
        const picture = root.querySelector('[data-wx="image"]') as HTMLElement;
        const box = root.querySelector('[data-wx="view"]');
        const style = getComputedStyle(box as HTMLElement);
        return { picture: [picture.getBoundingClientRect().width, picture.getBoundingClientRect().height], box: (box as HTMLElement).getBoundingClientRect().width, background: style.backgroundImage, filter: style.filter };
      });
      assert.deepStrictEqual(drawn.picture, [200, 200]);
      // 750rpx is the screen's width (1920 px here), so 375rpx is 960 px, whatever the page's own --gb-rpx says.
      assert.ok(Math.abs(drawn.box - 960) < 2, `375rpx drawn ${drawn.box} px wide`);
      assert.deepStrictEqual([drawn.background, drawn.filter], ['none', 'none']);
    });
  });

  test('pictures in the package are served to the page: relative to it or from the root; never from outside it', async () => {
    await onParkedPage(browser, data, async (page) => {
      await page.locator(`[data-testid=app-tile][data-app-id="${PICTURES.id}"]`).click();
      const view = page.getByTestId('app-view');
      await view.locator('img.own').waitFor();
      await page.waitForFunction(() => {
        const root = document.querySelector('[data-testid=app-view]')?.shadowRoot;
        return [...(root?.querySelectorAll('img.own, img.root') ?? [])].every((image) => (image as HTMLImageElement).complete);
      });
      const loaded = await view.evaluate((host) =>
        ['own', 'root', 'out'].map((name) => {
          const image = host.shadowRoot?.querySelector(`img.${name}`) as HTMLImageElement;
          return [image.naturalWidth, image.getAttribute('src') === null ? image.getAttribute('data-refused-src') : 'src'];
        }),
      );
      assert.deepStrictEqual(loaded, [
        [40, 'src'],
        [40, 'src'],
        [0, "../../../../secret.svg is outside the app's package"],
      ]);
    });
  });
});
