/**
 * WXS modules in Chromium (issue 18, ADR 0009): a template calls its modules' functions (from a
 * file, inline, and one module requiring another), drawn by the host's interpreter; a module
 * that loops stops its app, and the system UI carries on.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { onParkedPage } from '../support/headUnit.js';
import type { PageApp } from '../support/pageApps.js';
import { dataDirWithPageApps } from '../support/pageApps.js';

const FORMAT = `var money = require('./money.wxs');
module.exports = {
  price: function (cents) { return money.euro(cents); },
  tags: function (list) { return list.filter(function (tag) { return tag.length > 1; }).join(' · '); },
  spin: function () { var n = 0; while (true) { n++; } },
};`;

const WXS_APP: PageApp = {
  id: 'com.test.wxs',
  name: 'Modules',
  page: {
    wxml: `<wxs module="fmt" src="./format.wxs" />
<wxs module="text">
  module.exports = { shout: function (s) { return s.length < 40 ? s.toUpperCase() + '!' : s; } };
</wxs>
<view class="price">{{fmt.price(cents)}}</view>
<view class="name">{{text.shout(name)}}</view>
<view class="tags" wx:for="{{[tags]}}">{{fmt.tags(item)}}</view>
<button class="loop" bindtap="loop">Loop</button>
<view wx:if="{{spin}}">{{fmt.spin()}}</view>`,
    js: "Page({ data: { cents: 1650, name: 'falafel', tags: ['ccs', 'x', 'type2'], spin: false }, loop() { this.setData({ spin: true }); } });",
    files: { 'format.wxs': FORMAT, 'money.wxs': "module.exports = { euro: function (cents) { return '€' + (cents / 100).toFixed(2); } };" },
  },
};

describe('WXS modules', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;
  before(async () => {
    data = dataDirWithPageApps([WXS_APP]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(data, { recursive: true, force: true });
  });

  test('a template calls its modules; a module that loops stops its app, not the screen', async () => {
    await onParkedPage(browser, data, async (page) => {
      await page.locator(`[data-testid=app-tile][data-app-id="${WXS_APP.id}"]`).click();
      const view = page.getByTestId('app-view');
      await view.locator('.price').waitFor();
      assert.deepStrictEqual(await Promise.all(['.price', '.name', '.tags'].map((selector) => view.locator(selector).innerText())), ['€16.50', 'FALAFEL!', 'ccs · type2']);
      await view.locator('button.loop').click();
      const stopped = page.getByTestId('app-stopped');
      await stopped.waitFor({ timeout: 10_000 });
      assert.match(await stopped.innerText(), /WXS ran more than 200000 steps/);
      // The system UI still answers.
      await page.getByTestId('home').click();
      await page.getByTestId('launcher').waitFor();
    });
  });
});
