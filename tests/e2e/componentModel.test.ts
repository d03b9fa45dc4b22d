/**
 * The component model as the host draws it (issue 18), in Chromium: named slots, external
 * classes given by the page, a virtual host that draws no box of its own, and relations between
 * a list and the items the page puts in its slot (linked in the composed tree). A component
 * whose template cannot be compiled is degraded at install: it draws nothing of its own, and
 * what the page put in its tag still shows.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { onParkedPage } from '../support/headUnit.js';
import type { PageApp } from '../support/pageApps.js';
import { dataDirWithPageApps } from '../support/pageApps.js';

const MODEL: PageApp = {
  id: 'com.test.model',
  name: 'Model',
  page: {
    wxml: `<card title-class="big-title">
  <view slot="header" class="head">Charging stations</view>
  <view class="body">Three near you</view>
  <view slot="footer" class="foot">Updated now</view>
</card>
<list><item label="A" /><item label="B" /></list>
<broken><view class="kept">kept</view></broken>`,
    js: 'Page({});',
    wxss: '.big-title { font-size: 40px; color: rgb(11, 110, 79); }',
    files: {
      'index.json': JSON.stringify({ usingComponents: { card: './card/card', list: './list/list', item: './item/item', broken: './broken/broken' } }),
      'card/card.json': JSON.stringify({ component: true }),
      'card/card.wxml': '<view class="frame"><view class="title-class top"><slot name="header" /></view><slot /><view class="bottom"><slot name="footer" /></view></view>',
      'card/card.js': "Component({ options: { multipleSlots: true }, externalClasses: ['title-class'] });",
      'list/list.json': JSON.stringify({ component: true }),
      'list/list.wxml': '<view class="list">{{count}} items<slot /></view>',
      'list/list.js': "Component({ options: { virtualHost: true }, data: { count: 0 }, relations: { '../item/item': { type: 'child', linked() { this.setData({ count: this.getRelationNodes('../item/item').length }); } } } });",
      'item/item.json': JSON.stringify({ component: true }),
      'item/item.wxml': '<view class="item">{{label}}</view>',
      'item/item.js': "Component({ properties: { label: String }, relations: { '../list/list': { type: 'parent' } } });",
      'broken/broken.json': JSON.stringify({ component: true }),
      'broken/broken.wxml': '<view class="inside">never closed',
      'broken/broken.js': 'Component({});',
    },
  },
};

describe('the component model in Chromium', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;
  before(async () => {
    data = dataDirWithPageApps([MODEL]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(data, { recursive: true, force: true });
  });

  test('named slots, external classes, a virtual host, relations, and a broken component degraded', async () => {
    await onParkedPage(browser, data, async (page) => {
      await page.locator(`[data-testid=app-tile][data-app-id="${MODEL.id}"]`).click();
      const view = page.getByTestId('app-view');
      await view.locator('.frame').waitFor();
      // Each child in its slot, in the card's order.
      assert.deepEqual(await view.locator('.frame > div').evaluateAll((boxes) => boxes.map((box) => box.textContent?.trim())), ['Charging stations', 'Three near you', 'Updated now']);
      assert.equal(await view.locator('.frame > .top > .head').innerText(), 'Charging stations');
      assert.equal(await view.locator('.frame > .bottom > .foot').innerText(), 'Updated now');
      assert.equal(await view.locator('.frame > .body').innerText(), 'Three near you');
      // The page's class in place of the card's external class name.
      await view.locator('.frame > .big-title.top').waitFor();
      assert.equal(await view.locator('.frame > .top').evaluate((element) => getComputedStyle(element).fontSize), '40px');
      // Relations: the list counts the items placed in its slot.
      await view.locator('.list', { hasText: '2 items' }).waitFor();
      assert.deepEqual(await view.locator('.list .item').allInnerTexts(), ['A', 'B']);
      // A virtual host draws no box: the list's wrapper takes no layout of its own.
      assert.equal(await view.locator('[data-wx="list"]').evaluate((element) => getComputedStyle(element).display), 'contents');
      // The broken component: nothing of its own, the page's content kept.
      assert.equal(await view.locator('.inside').count(), 0);
      assert.equal(await view.locator('.kept').innerText(), 'kept');
      assert.equal(await page.getByTestId('app-stopped').count(), 0);
    });
  });
});
