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
<view class="seen">{{seen}}</view>
<view class="pad" style="width: 200px; height: 120px; background: #ddd" bindtouchstart="touch" bindtouchmove="touch" bindtouchend="touch" bindlongpress="touch">pad</view>
<view class="touches">{{touches}}</view>`,
    js: `Page({ data: { seen: '', touches: '' }, touch(e) { const last = this.data.touches.split(' ').pop(); if (last !== e.type) this.setData({ touches: (this.data.touches + ' ' + e.type).trim() + (e.touches.length === 1 && typeof e.detail.x === 'number' ? '' : ' bad') }); }, tap(e) { this.setData({ seen: [e.type, e.target.id, e.currentTarget.id, typeof e.target.dataset.cents, e.target.dataset.cents, e.currentTarget.dataset.kind, typeof e.detail.x, e.touches.length].join(' ') }); } });`,
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
      // Touch events from the pointer: start, a held press is a longpress, a move, the end.
      const pad = await view.locator('.pad').boundingBox();
      if (!pad) throw new Error('the pad is not drawn');
      await page.mouse.move(pad.x + 20, pad.y + 20);
      await page.mouse.down();
      await view.locator('.touches', { hasText: 'touchstart longpress' }).waitFor();
      await page.mouse.move(pad.x + 80, pad.y + 60, { steps: 4 });
      await view.locator('.touches', { hasText: 'touchmove' }).waitFor();
      await page.mouse.up();
      await view.locator('.touches', { hasText: 'touchend' }).waitFor();
      assert.equal(await view.locator('.touches').innerText(), 'touchstart longpress touchmove touchend');
    });
  });
});
