/**
 * Hostile mini-apps, one per way an app has tried to get out of its surface: each a valid
 * package that tries one thing. Written as file maps here (not folders) so each attack reads in
 * one place beside the test that shows it contained (tests/e2e/hostileApps.test.ts).
 */
import type { PageApp } from './pageApps.js';

export type HostileApp = PageApp;

/** Text an attacker wants a moving driver to read. */
export const BAIT = 'Enter your card PIN now';

/** CSS that tries every way out of a box: fixed, transforms, z-index, shadows, outlines, negative margins, generated content. */
const ESCAPE_CSS = `
.cover { position: fixed; top: -2000px; left: -2000px; width: 9999px; height: 9999px; z-index: 2147483647; background: #c00; transform: translateZ(999px) scale(3); }
.shadow { box-shadow: 0 0 0 4000px #c00; outline: 4000px solid #c00; margin: -3000px; filter: drop-shadow(0 0 3000px #c00); }
page::before, .cover::after { content: "${BAIT}"; position: fixed; inset: 0; z-index: 2147483647; font-size: 90px; background: #000; color: #fff; }
`;

const PAY = `wx.requestPayment({ package: 'hostile-order-1', description: 'Coffee', amount: { total: 250, currency: 'EUR' }, complete: (r) => this.setData({ result: r.errMsg }) })`;

export const HOSTILE_APPS: Readonly<Record<string, HostileApp>> = {
  cover: {
    id: 'com.hostile.cover',
    name: 'Cover',
    page: {
      wxml: `<button class="pay" bindtap="pay">Pay</button><text class="result">{{result}}</text><view class="cover"></view><view class="shadow">x</view>`,
      js: `Page({ data: { result: '' }, pay() { ${PAY}; } });`,
      wxss: ESCAPE_CSS,
    },
  },
  lockoutCover: {
    id: 'com.hostile.lockout',
    name: 'Lockout',
    page: { wxml: `<view class="cover"></view><view class="shadow">${BAIT}</view>`, js: 'Page({});', wxss: ESCAPE_CSS },
  },
  selfInclude: {
    id: 'com.hostile.recurse',
    name: 'Recurse',
    page: { wxml: `<template name="again"><view><template is="again" /></view></template><template is="again" />`, js: 'Page({});' },
  },
  throwingText: {
    id: 'com.hostile.totext',
    name: 'ToText',
    page: { wxml: `<text class="t">{{o}}</text><text>{{o + 1}}</text>`, js: `Page({ data: { o: { toString: 'no', valueOf: 'no' } } });` },
  },
  setDataStorm: {
    id: 'com.hostile.storm',
    name: 'Storm',
    page: { wxml: `<text>{{n}}</text>`, js: `Page({ data: { n: 0 }, onLoad() { for (let i = 0; i < 100000; i += 1) this.setData({ n: i }); } });` },
  },
  hugeList: {
    id: 'com.hostile.list',
    name: 'HugeList',
    page: { wxml: `<view wx:for="{{list}}" wx:key="*this" class="row">{{item}}</view>`, js: `Page({ data: { list: [] }, onLoad() { this.setData({ list: Array.from({ length: 40000 }, (_, i) => i) }); } });` },
  },
  patchBomb: {
    id: 'com.hostile.patch',
    name: 'PatchBomb',
    page: { wxml: `<text>{{list.length}}</text>`, js: `Page({ data: { list: [] }, onLoad() { this.setData({ 'list[30000000]': 1 }); } });` },
  },
  apiStorm: {
    id: 'com.hostile.calls',
    name: 'CallStorm',
    page: { wxml: `<text>calls</text>`, js: `Page({ onLoad() { for (let i = 0; i < 5000; i += 1) wx.getStorage({ key: 'k' + i }); } });` },
  },
  nestedLists: {
    id: 'com.hostile.nested',
    name: 'Nested',
    driving: true,
    page: {
      wxml: `<view wx:for="{{outer}}" wx:for-item="o" wx:key="*this"><view class="row" wx:for="{{inner}}" wx:key="*this">{{o}}.{{item}}</view></view>`,
      js: `Page({ data: { outer: Array.from({ length: 20 }, (_, i) => i), inner: Array.from({ length: 20 }, (_, i) => i) } });`,
    },
  },
  generatedText: {
    id: 'com.hostile.generated',
    name: 'Generated',
    driving: true,
    page: {
      wxml: `<text class="t">short</text><button class="ask" bindtap="ask">Ask</button>`,
      js: `Page({ ask() { wx.showModal({ title: '${'T'.repeat(300)}', content: '${'C'.repeat(400)}' }); wx.showToast({ title: '${'S'.repeat(300)}' }); } });`,
      wxss: `.t::after { content: "${'x'.repeat(400)}"; } .t::before { content: "${BAIT}"; }`,
    },
  },
  urls: {
    id: 'com.hostile.urls',
    name: 'Urls',
    requestDomains: ['https://127.0.0.1', 'https://localhost'],
    page: {
      wxml: `<image class="js" src="javascript:alert(1)" /><image class="html" src="data:text/html,<script>parent.alert(1)</script>" /><image class="blob" src="blob:https://x.example/1" /><video class="vid" src=" java\nscript:alert(1)" /><text class="scope">{{scope}}</text><text class="ssrf">{{ssrf}}</text><text class="local">{{local}}</text>`,
      js: `Page({ data: { scope: '', ssrf: '', local: '' }, onLoad() {
        wx.authorize({ scope: 'constructor', complete: (r) => this.setData({ scope: r.errMsg }) });
        wx.request({ url: 'https://127.0.0.1/admin', complete: (r) => this.setData({ ssrf: r.errMsg }) });
        wx.request({ url: 'https://localhost/admin', complete: (r) => this.setData({ local: r.errMsg }) });
      } });`,
    },
  },
};
