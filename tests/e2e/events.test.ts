/**
 * Event objects as WeChat documents them (issue 18: the tapped element's id was always ""): a tap
 * on a child of the bound element names the child as target and the bound one as
 * currentTarget, each with its dataset (typed, from bindings), with where it landed.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../support/browser.js';
import { onParkedPage } from '../support/headUnit.js';
import type { PageApp } from '../support/pageApps.js';
import { dataDirWithPageApps } from '../support/pageApps.js';

const EVENTS: PageApp = {
  id: 'com.test.events',
  name: 'Events',
  page: {
    wxml: `<view class="row" id="row" data-kind="station" bindtap="tap" style="padding: 40px"><text class="inner" id="price" data-cents="{{1650}}">€16.50</text></view>
<view class="seen">{{seen}}</view>`,
    js: `Page({ data: { seen: '' }, tap(e) { this.setData({ seen: [e.type, e.target.id, e.currentTarget.id, typeof e.target.dataset.cents, e.target.dataset.cents, e.currentTarget.dataset.kind, typeof e.detail.x, e.touches.length].join(' ') }); } });`,
  },
};

describe('event objects', { skip: NO_CHROMIUM }, () => {
  let data: string;
  let browser: Browser;
  before(async () => {
    data = dataDirWithPageApps([EVENTS]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(data, { recursive: true, force: true });
  });

  test('target is the element tapped, currentTarget the bound one, datasets typed, with where and a touch', async () => {
    await onParkedPage(browser, data, async (page) => {
      await page.locator(`[data-testid=app-tile][data-app-id="${EVENTS.id}"]`).click();
      const view = page.getByTestId('app-view');
      await view.locator('.inner').click();
      await view.locator('.seen', { hasText: 'tap' }).waitFor();
      assert.equal(await view.locator('.seen').innerText(), 'tap price row number 1650 station number 1');
      // A tap on the bound element itself names it both ways.
      await view.locator('.row').click({ position: { x: 5, y: 5 } });
      await view.locator('.seen', { hasText: 'tap row row' }).waitFor();
    });
  });
});
