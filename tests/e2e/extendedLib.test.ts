/**
 * WeChat's extended library WeUI (app.json useExtendedLib), as an app written for it uses it:
 * the components come from the platform (the weui-miniprogram package Glovebox supplies), not the
 * app's package. A dialog opened by a property and closed by its button, and a list of cells.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { repoPath } from '../support/paths.js';
import { onParkedPage } from '../support/headUnit.js';
import type { PageApp } from '../support/pageApps.js';
import { dataDirWithPageApps } from '../support/pageApps.js';

const WEUI: PageApp = {
  id: 'com.test.weui',
  name: 'WeUI',
  app: { extra: { useExtendedLib: { weui: true } } },
  page: {
    wxml: `<mp-cells title="Charging">
  <mp-cell title="Station" value="{{station}}" />
  <mp-cell title="Power" value="50 kW" />
</mp-cells>
<button class="open" bindtap="open">Open</button>
<mp-dialog title="Start charging?" show="{{show}}" buttons="{{buttons}}" bindbuttontap="answer">
  <view class="question">At {{station}}</view>
</mp-dialog>
<view class="answer">{{answer}}</view>
<view class="settled">{{settled}}</view>`,
    js: `Page({
  data: { station: 'Harbour', show: false, answer: '', settled: '', buttons: [{ text: 'Cancel' }, { text: 'Start' }] },
  onReady() { setTimeout(() => this.setData({ settled: 'settled' }), 1000); },
  open() { this.setData({ show: true }); },
  answer(event) { this.setData({ show: false, answer: 'chose ' + event.detail.index }); },
});`,
    files: { 'index.json': JSON.stringify({ usingComponents: { 'mp-cells': 'weui-miniprogram/cells/cells', 'mp-cell': 'weui-miniprogram/cell/cell', 'mp-dialog': 'weui-miniprogram/dialog/dialog' } }) },
  },
};

describe('WeUI, the extended library', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;
  before(async () => {
    data = dataDirWithPageApps([WEUI]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(data, { recursive: true, force: true });
  });

  test('cells and a dialog from the platform’s WeUI, without the app shipping them', async () => {
    await onParkedPage(browser, data, async (page) => {
      await page.locator(`[data-testid=app-tile][data-app-id="${WEUI.id}"]`).click();
      const view = page.getByTestId('app-view');
      await view.locator('.weui-cells__title', { hasText: 'Charging' }).waitFor();
      // The cells are components of their own, drawn in a later frame than the list's title.
      await view.locator('.weui-cell__bd', { hasText: '50 kW' }).waitFor();
      assert.deepEqual(await view.locator('.weui-cell__bd').allInnerTexts(), ['Harbour', '50 kW']);
      assert.match(await view.locator('.weui-cell').first().innerText(), /Station\s+Harbour/);
      assert.equal(await view.locator('.question').count(), 0);
      // WeUI's dialog starts a 300 ms timer when it is made that closes it (its own start-up race,
      // the same on a phone): the page says it has settled from a later timer (timers fire in order).
      await view.locator('.settled', { hasText: 'settled' }).waitFor();
      await view.locator('.open').click();
      await view.locator('.weui-dialog__title', { hasText: 'Start charging?' }).waitFor();
      assert.equal(await view.locator('.question').innerText(), 'At Harbour');
      await page.screenshot({ path: repoPath('build', 'e2e', 'weui-dialog.png') });
      await view.locator('.weui-dialog__btn', { hasText: 'Start' }).click();
      await view.locator('.answer', { hasText: 'chose 1' }).waitFor();
      assert.equal(await page.getByTestId('app-stopped').count(), 0);
    });
  });
});
