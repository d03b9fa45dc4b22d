import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DialogRequest, ObserveRequest, PageProbe, SelectorRequest, TabBarState, ToastRequest } from '../../../../../../miniapps/runtime/common/host/hostApis.js';
import type { ScreenRules } from '../../../../../../safety/common/screenRules.js';
import { PARKED_SCREEN } from '../../../../../../safety/common/screenRules.js';
import { HostApis } from '../../../../../../miniapps/runtime/common/host/hostApis.js';
import { NavigationError } from '../../../../../../miniapps/runtime/common/pageStack.js';

const DRIVING: ScreenRules = { ...PARKED_SCREEN, restricted: true, maxTextLength: 12, maxListItems: 2, maxCumulativeItems: 2 };

/** A page on screen as the renderer's probe shows it: records what the APIs asked of it. */
function fakeProbe() {
  const asked: { queries: SelectorRequest[][]; observed: ObserveRequest[]; disconnected: number; deliver: Array<(entry: Record<string, unknown>) => void> } = { queries: [], observed: [], disconnected: 0, deliver: [] };
  const probe: PageProbe = {
    query: (_componentId, requests) => {
      asked.queries.push([...requests]);
      return requests.map((request) => (request.all ? [{ id: 'a' }] : { id: 'a', width: 10 }));
    },
    observe: (request, deliver) => {
      asked.observed.push(request);
      asked.deliver.push(deliver);
      return () => void (asked.disconnected += 1);
    },
    imageInfo: (src) => (src.startsWith('/') ? Promise.resolve({ width: 4, height: 3, path: src }) : Promise.reject(new Error(`${src} is not in the app`))),
    scrollTo: () => true,
    draw: () => Promise.resolve(),
  };
  return { asked, probe };
}

function screen(answer: number | null, restrictions: ScreenRules | null = null, probe: PageProbe | null = null) {
  const seen: { dialogs: DialogRequest[]; toasts: (ToastRequest | null)[]; titles: string[]; navigations: string[]; loading: boolean[]; intersections: Array<[number, unknown]>; tabBar: TabBarState; exits: number } = { dialogs: [], toasts: [], titles: [], navigations: [], loading: [], intersections: [], tabBar: { hidden: false, badges: {}, texts: {} }, exits: 0 };
  return {
    seen,
    controls: {
      navigate: (kind: string, args: { url?: unknown }) => {
        if (args.url === '/too/deep') throw new NavigationError('not while driving: at most 2 levels below the first page');
        seen.navigations.push(`${kind} ${String(args.url)}`);
      },
      setTitle: (title: string) => void seen.titles.push(title),
      setTitleLoading: (loading: boolean) => void seen.loading.push(loading),
      showDialog: (dialog: DialogRequest) => (seen.dialogs.push(dialog), Promise.resolve(answer)),
      showToast: (toast: ToastRequest | null) => void seen.toasts.push(toast),
      restrictions: () => restrictions,
      probe: (pageId?: number) => (pageId === undefined || pageId === 7 ? probe : null),
      intersection: (observerId: number, entry: unknown) => void seen.intersections.push([observerId, entry]),
      tabBar: () => ({ count: 3, state: seen.tabBar }),
      setTabBar: (state: TabBarState) => void (seen.tabBar = state),
      exit: () => void (seen.exits += 1),
      refresh: () => void (seen.exits += 100),
    },
  };
}

describe('the system UI’s own APIs', () => {
  test('WeChat: navigation, modal, action sheet and toast in errMsg convention; refusals say why', async () => {
    const { seen, controls } = screen(1);
    const apis = new HostApis('wechat', controls);
    assert.deepStrictEqual(await apis.handle('wx.navigateTo', { url: '/pages/a/a' }), { ok: true, value: { errMsg: 'navigateTo:ok' } });
    assert.deepStrictEqual(await apis.handle('wx.navigateTo', { url: '/too/deep' }), { ok: false, value: { errMsg: 'navigateTo:fail not while driving: at most 2 levels below the first page' } });
    assert.deepStrictEqual(await apis.handle('wx.showModal', { title: 'Reorder?', content: 'Falafel' }), { ok: true, value: { errMsg: 'showModal:ok', confirm: true, cancel: false } });
    assert.deepStrictEqual(seen.dialogs[0]?.choices, ['Cancel', 'OK']);
    assert.deepStrictEqual(await apis.handle('wx.showActionSheet', { itemList: ['S', 'M', 'L'] }), { ok: true, value: { errMsg: 'showActionSheet:ok', tapIndex: 1 } });
    assert.deepStrictEqual(await apis.handle('wx.showActionSheet', { itemList: [] }), { ok: false, value: { errMsg: 'showActionSheet:fail itemList must list 1 to 6 choices' } });
    assert.deepStrictEqual(await apis.handle('wx.showToast', { title: 'Added' }), { ok: true, value: { errMsg: 'showToast:ok' } });
    assert.deepStrictEqual(seen.toasts, [{ text: 'Added', icon: 'success', durationMs: 1500 }]);
    assert.equal(apis.handle('wx.request', { url: 'https://x' }), undefined, 'services answer the rest');
    assert.equal(apis.handle('my.showToast', {}), undefined, 'another platform’s API is not this app’s');
    assert.deepStrictEqual(seen.navigations, ['navigateTo /pages/a/a']);
  });

  test('Alipay: confirm, alert, action sheet by index (−1 when dismissed), toast content and type', async () => {
    const dismissed = new HostApis('alipay', screen(null).controls);
    assert.deepStrictEqual(await dismissed.handle('my.confirm', { title: 'Pay?' }), { ok: true, value: { confirm: false } });
    assert.deepStrictEqual(await dismissed.handle('my.showActionSheet', { items: ['A', 'B'] }), { ok: true, value: { index: -1 } });
    const { seen, controls } = screen(0);
    const apis = new HostApis('alipay', controls);
    assert.deepStrictEqual(await apis.handle('my.alert', { title: 'Done', buttonText: 'Fine' }), { ok: true, value: {} });
    assert.deepStrictEqual(seen.dialogs[0]?.choices, ['Fine']);
    await apis.handle('my.showToast', { content: 'Saved', type: 'fail', duration: 100 });
    assert.deepStrictEqual(seen.toasts, [{ text: 'Saved', icon: 'error', durationMs: 500 }]);
    assert.deepStrictEqual(await apis.handle('my.setNavigationBar', { title: 7 }), { ok: false, value: { error: 2, errorMessage: 'title must be a string' } });
  });

  test('while driving, dialog text is cut to the policy’s length and an action sheet to its list length', async () => {
    const { seen, controls } = screen(0, DRIVING);
    const apis = new HostApis('wechat', controls);
    await apis.handle('wx.showModal', { title: 'A very long question for a driver', content: 'short' });
    await apis.handle('wx.showActionSheet', { itemList: ['One', 'Two', 'Three', 'Four'] });
    await apis.handle('wx.setNavigationBarTitle', { title: 'The whole menu of the day' });
    assert.equal(seen.dialogs[0]?.title, 'A very long…');
    assert.deepStrictEqual(seen.dialogs[1]?.choices, ['One', 'Two']);
    assert.deepStrictEqual(seen.titles, ['The whole m…']);
  });

  test('a second dialog while one is open fails by name', async () => {
    const apis = new HostApis('wechat', { ...screen(0).controls, showDialog: () => Promise.reject(new Error('another dialog is open')) });
    assert.deepStrictEqual(await apis.handle('wx.showModal', {}), { ok: false, value: { errMsg: 'showModal:fail another dialog is open' } });
  });
});

describe('the host’s calls about the page', () => {
  test('a selector query is asked of the page on screen, with selectors rewritten; an off-screen page gets nulls', async () => {
    const { asked, probe } = fakeProbe();
    const apis = new HostApis('wechat', screen(0, null, probe).controls);
    const queries = [{ selector: '#a', all: false, viewport: false, fields: { rect: true, node: 1 } }, { selector: '.b', all: true, viewport: false, fields: {} }];
    assert.deepStrictEqual(await apis.handle('wx.createSelectorQuery', { pageId: 7, queries }), { ok: true, value: { errMsg: 'createSelectorQuery:ok', results: [{ id: 'a', width: 10 }, [{ id: 'a' }]] } });
    assert.deepStrictEqual(asked.queries[0]?.map((request) => [request.selector, request.fields]), [['[data-wx-id="a"]', { rect: true, computedStyle: [], properties: [] }], ['.b', { computedStyle: [], properties: [] }]]);
    assert.deepStrictEqual(await apis.handle('wx.createSelectorQuery', { pageId: 3, queries }), { ok: true, value: { errMsg: 'createSelectorQuery:ok', results: [null, []] } });
    assert.deepStrictEqual(await apis.handle('wx.createSelectorQuery', { pageId: 7, queries: [{ selector: 'body', fields: {} }] }), { ok: false, value: { errMsg: 'createSelectorQuery:fail "body": "body" is not supported; use #id or .class' } });
  });

  test('observers are bounded, delivered to the app, and stopped with their page', async () => {
    const { asked, probe } = fakeProbe();
    const { seen, controls } = screen(0, null, probe);
    const apis = new HostApis('wechat', controls);
    const observe = (observerId: number) => apis.handle('wx.createIntersectionObserver', { op: 'observe', observerId, pageId: 7, selector: '.far', thresholds: [0, 2, 0.5], relativeTo: { selector: '', margins: { bottom: 1e9 } } });
    assert.equal((await observe(1))?.ok, true);
    assert.deepStrictEqual(asked.observed[0]?.thresholds, [0, 0.5]);
    assert.equal(asked.observed[0]?.relativeTo.margins.bottom, 10_000);
    asked.deliver[0]?.({ intersectionRatio: 1 });
    assert.deepStrictEqual(seen.intersections, [[1, { intersectionRatio: 1 }]]);
    assert.equal((await observe(1))?.ok, false);
    for (let id = 2; id <= 32; id += 1) await observe(id);
    assert.match(JSON.stringify(await observe(33)), /at most 32 intersection observers/);
    apis.forgetPage(7);
    assert.equal(asked.disconnected, 32);
    assert.equal((await observe(40))?.ok, true);
  });

  test('pictures’ sizes, scrolling and the keyboard', async () => {
    const { probe } = fakeProbe();
    const apis = new HostApis('wechat', screen(0, null, probe).controls);
    assert.deepStrictEqual(await apis.handle('wx.getImageInfo', { src: '/images/a.png' }), { ok: true, value: { errMsg: 'getImageInfo:ok', width: 4, height: 3, path: '/images/a.png', orientation: 'up', type: 'png' } });
    assert.deepStrictEqual(await apis.handle('wx.getImageInfo', { src: 'https://x/y.png' }), { ok: false, value: { errMsg: 'getImageInfo:fail https://x/y.png is not in the app' } });
    assert.equal((await apis.handle('wx.pageScrollTo', { scrollTop: 100 }))?.ok, true);
    assert.equal((await apis.handle('wx.pageScrollTo', {}))?.ok, false);
    assert.equal((await apis.handle('wx.hideKeyboard', {}))?.ok, true);
  });
});

describe('the tab bar, the network and exit', () => {
  test('badges, dots and texts change per tab; a bad index is refused; exit goes Home', async () => {
    const { seen, controls } = screen(0, DRIVING);
    const apis = new HostApis('wechat', controls);
    assert.equal((await apis.handle('wx.setTabBarBadge', { index: 1, text: '12345' }))?.ok, true);
    assert.equal((await apis.handle('wx.showTabBarRedDot', { index: 2 }))?.ok, true);
    assert.equal((await apis.handle('wx.setTabBarItem', { index: 0, text: 'Stations near the motorway' }))?.ok, true);
    assert.deepStrictEqual(seen.tabBar, { hidden: false, badges: { 1: '1234', 2: '' }, texts: { 0: 'Stations ne…' } });
    await apis.handle('wx.removeTabBarBadge', { index: 1 });
    await apis.handle('wx.hideTabBar', {});
    assert.deepStrictEqual(seen.tabBar, { hidden: true, badges: { 2: '' }, texts: { 0: 'Stations ne…' } });
    assert.deepStrictEqual(await apis.handle('wx.setTabBarBadge', { index: 3, text: '1' }), { ok: false, value: { errMsg: 'setTabBarBadge:fail index must be a tab from 0 to 2' } });
    assert.equal((await apis.handle('wx.getNetworkType', {}))?.ok, true);
    await apis.handle('wx.exitMiniProgram', {});
    assert.equal(seen.exits, 1);
  });
});
