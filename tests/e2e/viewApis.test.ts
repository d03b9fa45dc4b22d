/**
 * The calls about what a page shows, in Chromium (issue 18): selector queries measured in the
 * app's px (a phone design is drawn 1.75× and measured back), the legacy and 2d canvases drawn
 * by the host from checked commands, a picture of the package drawn on a canvas, an animation
 * played from createAnimation's data, an intersection observer that hears a scroll made with
 * pageScrollTo; and the attacks: a selector that is not one WeChat has, a canvas command that
 * is not in the contract. Each is refused as the app's problem while the app runs on.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { repoPath } from '../support/paths.js';
import { onParkedPage } from '../support/headUnit.js';
import type { PageApp } from '../support/pageApps.js';
import { dataDirWithPageApps } from '../support/pageApps.js';

const PICTURE = `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="#ff00ff"/></svg>`;

const VIEW: PageApp = {
  id: 'com.test.view',
  name: 'View calls',
  design: 'phone',
  // One page under two tabs, as published apps list placeholders: only the first is selected.
  app: { extra: { tabBar: { list: [{ pagePath: 'pages/index/index', text: 'Calls' }, { pagePath: 'pages/index/index', text: 'Again' }] } } },
  page: {
    wxml: `<view id="box" class="box" data-kind="probe" style="width: 100px; height: 50px; background: #eee">box</view>
<canvas canvas-id="legacy" style="width: 100px; height: 100px"></canvas>
<canvas type="2d" id="c2d" style="width: 100px; height: 100px"></canvas>
<view class="anim" animation="{{anim}}" style="width: 40px; height: 40px; background: #00f"></view>
<view class="seen">{{seen}}</view>
<view class="io">{{io}}</view>
<button class="scroll" bindtap="scroll">Scroll</button>
<button class="attack" bindtap="attack">Attack</button>
<view class="refused">{{refused}}</view>
<view style="height: 2000px"></view>
<view id="far" class="far">far</view>`,
    js: `Page({
  data: { seen: '', io: 'far out', refused: '', anim: {} },
  onReady() {
    wx.createSelectorQuery().select('#box').boundingClientRect().selectViewport().scrollOffset().exec((res) => {
      this.setData({ seen: [res[0].id, res[0].dataset.kind, res[0].width, res[0].height, typeof res[1].scrollTop].join(' ') });
    });
    const legacy = wx.createCanvasContext('legacy');
    legacy.setFillStyle('#00ff00');
    legacy.fillRect(0, 0, 100, 100);
    legacy.drawImage('/pages/index/picture.svg', 0, 0, 20, 10);
    legacy.draw();
    this.createSelectorQuery().select('#c2d').fields({ node: true, size: true }).exec((res) => {
      const canvas = res[0].node;
      canvas.width = res[0].width * 2;
      canvas.height = res[0].height * 2;
      const c = canvas.getContext('2d');
      c.scale(2, 2);
      const gradient = c.createLinearGradient(0, 0, 100, 0);
      gradient.addColorStop(0, '#0000ff');
      gradient.addColorStop(1, '#0000ff');
      c.fillStyle = gradient;
      c.fillRect(0, 0, 100, 100);
    });
    wx.setTabBarBadge({ index: 1, text: '3' });
    const animation = wx.createAnimation({ duration: 0 });
    animation.translateX(50).opacity(0.5).step();
    this.setData({ anim: animation.export() });
    wx.createIntersectionObserver(this).relativeToViewport().observe('#far', (result) => {
      this.setData({ io: 'far ' + (result.intersectionRatio > 0 ? 'in' : 'out') + ' ' + result.id });
    });
  },
  scroll() { wx.pageScrollTo({ selector: '#far', duration: 0 }); },
  attack() {
    wx.createSelectorQuery().select('[onclick], .gb-voice-instead').boundingClientRect().exec(() => {});
    wx.drawCanvas({ canvasId: 'legacy', actions: [['getImageData', 0, 0, 1, 1]] });
    wx.pageScrollTo({ selector: 'div', fail: (error) => this.setData({ refused: error.errMsg }) });
  },
});`,
    files: { 'picture.svg': PICTURE },
  },
};

/** The colour at (x, y) of a canvas in the app's shadow root, in percent of its bitmap. */
async function pixel(view: Locator, selector: string, x: number, y: number): Promise<number[]> {
  return view.evaluate(
    (host, [css, px, py]) => {
      const canvas = host.shadowRoot?.querySelector(css as string) as HTMLCanvasElement | null;
      if (!canvas) return [];
      const data = canvas.getContext('2d')?.getImageData(Math.floor(((px as number) / 100) * canvas.width), Math.floor(((py as number) / 100) * canvas.height), 1, 1).data;
      return data ? [...data] : [];
    },
    [selector, x, y] as const,
  );
}

describe('the calls about what a page shows', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;
  before(async () => {
    data = dataDirWithPageApps([VIEW]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(data, { recursive: true, force: true });
  });

  test('queries, canvases, a picture, an animation and an observer, as a phone app uses them', async () => {
    await onParkedPage(browser, data, async (page) => {
      await page.locator(`[data-testid=app-tile][data-app-id="${VIEW.id}"]`).click();
      const view = page.getByTestId('app-view');
      // Measured in the app's px, though drawn 1.75× (ADR 0008).
      await view.locator('.seen', { hasText: 'box' }).waitFor();
      assert.equal(await view.locator('.seen').innerText(), 'box probe 100 50 number');
      // The tab bar: the app's badge on its second tab, and one tab selected though both name the page.
      await page.getByTestId('tab-badge').filter({ hasText: '3' }).waitFor();
      assert.deepEqual(await page.getByTestId('tab').evaluateAll((tabs) => tabs.map((tab) => `${tab.className}:${tab.textContent ?? ''}`)), ['tab selected:Calls', 'tab:Again3']);
      // The legacy canvas: green, with the package's magenta picture in its corner.
      await page.waitForFunction(() => {
        const canvas = document.querySelector('[data-testid=app-view]')?.shadowRoot?.querySelector('canvas[data-canvas-id=legacy]') as HTMLCanvasElement | null;
        const pixel = canvas?.getContext('2d')?.getImageData(canvas.width - 2, canvas.height - 2, 1, 1).data;
        return pixel !== undefined && pixel[1] === 255;
      });
      assert.deepEqual(await pixel(view, 'canvas[data-canvas-id=legacy]', 50, 50), [0, 255, 0, 255]);
      assert.deepEqual(await pixel(view, 'canvas[data-canvas-id=legacy]', 2, 2), [255, 0, 255, 255]);
      // The 2d canvas: its bitmap as the app sized it, blue from the gradient.
      await page.waitForFunction(() => (document.querySelector('[data-testid=app-view]')?.shadowRoot?.querySelector('canvas[data-type="2d"]') as HTMLCanvasElement | null)?.width === 200);
      assert.deepEqual(await pixel(view, 'canvas[data-type="2d"]', 50, 50), [0, 0, 255, 255]);
      // The animation, played (duration 0: at its end at once).
      await page.waitForFunction(() => {
        const element = document.querySelector('[data-testid=app-view]')?.shadowRoot?.querySelector('.anim');
        return element !== null && element !== undefined && getComputedStyle(element).opacity === '0.5';
      });
      assert.equal(await view.evaluate((host) => getComputedStyle(host.shadowRoot?.querySelector('.anim') as Element).transform), 'matrix(1, 0, 0, 1, 50, 0)');
      await page.screenshot({ path: repoPath('build', 'e2e', 'view-calls.png') });
      // The observer hears the scroll pageScrollTo makes.
      assert.equal(await view.locator('.io').innerText(), 'far out');
      await view.locator('.scroll').click();
      await view.locator('.io', { hasText: 'far in far' }).waitFor();
      await view.locator('.io').scrollIntoViewIfNeeded();
      // The attacks: refused, reported, and the app runs on.
      await page.evaluate(() => window.scrollTo(0, 0));
      await view.locator('.attack').click();
      await view.locator('.refused', { hasText: 'pageScrollTo:fail' }).waitFor();
      assert.match(await view.locator('.refused').innerText(), /"div" is not supported; use #id or \.class/);
      assert.equal(await page.getByTestId('app-stopped').count(), 0);
      assert.equal(await view.locator('.seen').innerText(), 'box probe 100 50 number');
    });
  });
});
