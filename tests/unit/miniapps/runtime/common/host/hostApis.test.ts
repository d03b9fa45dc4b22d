import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DialogRequest, ToastRequest } from '../../../../../../miniapps/runtime/common/host/hostApis.js';
import type { ScreenRules } from '../../../../../../safety/common/screenRules.js';
import { PARKED_SCREEN } from '../../../../../../safety/common/screenRules.js';
import { HostApis } from '../../../../../../miniapps/runtime/common/host/hostApis.js';
import { NavigationError } from '../../../../../../miniapps/runtime/common/navigation.js';

const DRIVING: ScreenRules = { ...PARKED_SCREEN, restricted: true, maxTextLength: 12, maxListItems: 2, maxCumulativeItems: 2 };

function screen(answer: number | null, restrictions: ScreenRules | null = null) {
  const seen: { dialogs: DialogRequest[]; toasts: (ToastRequest | null)[]; titles: string[]; navigations: string[]; loading: boolean[] } = { dialogs: [], toasts: [], titles: [], navigations: [], loading: [] };
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
