/**
 * The logic runtime, driven as the host drives it, with the app's code in a bundle built as at
 * install and run in a fresh V8 context (in the car it runs in a worker; here node:vm stands in).
 */
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { describe, test } from 'node:test';
import type { HostToLogic, LogicToHost } from '../../../../../../miniapps/runtime/common/logic/protocol.js';
import { createLogicRuntime } from '../../../../../../miniapps/runtime/common/logic/runtime.js';
import { buildLogicBundle, LogicBundleError } from '../../../../../../miniapps/runtime/node/logicBundle.js';

const APP = new Map([
  ['app.js', "const format = require('./utils/format.js');\nApp({ globalData: { unit: format.unit }, onLaunch(options) { this.globalData.launchedWith = options.scene; wx.request({ url: 'https://api.example.com/stations', success: (res) => { this.globalData.stations = res.data; } }); }, onShow() { this.globalData.shown = true; } });"],
  ['utils/format.js', "module.exports = { unit: 'kWh', price(value) { return value.toFixed(2) + ' €'; } };"],
  [
    'pages/index/index.js',
    `const { price } = require('../../utils/format.js');
Page({
  data: { stations: [], selected: null, log: [] },
  onLoad(query) { this.setData({ 'log[0]': 'load ' + query.city, count: getCurrentPages().length, unit: getApp().globalData.unit }); },
  onShow() { this.setData({ 'log[1]': 'show' }); },
  onReady() { this.setData({ 'log[2]': 'ready' }); },
  pick(event) { this.setData({ selected: event.currentTarget.dataset.id, 'stations[0].price': price(0.39) }); },
  async locate() {
    try { const where = await wx.getLocation({ type: 'gcj02' }); this.setData({ where }); }
    catch (error) { this.setData({ failed: error.errMsg }); }
  },
  sync() { try { wx.getBatteryInfoSync(); } catch (error) { this.setData({ syncError: error.message }); } },
  broken() { this.setData({ 'a..b': 1 }); },
  thrower() { throw new Error('boom in handler'); },
});`,
  ],
]);

function boot(dialect: 'wechat' | 'alipay' = 'wechat') {
  return bootWith(APP, dialect);
}

function bootWith(files: ReadonlyMap<string, string>, dialect: 'wechat' | 'alipay' = 'wechat') {
  const sent: LogicToHost[] = [];
  let deliver: (message: HostToLogic) => void = () => undefined;
  const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: (handler) => (deliver = handler) }, dialect, { clock: () => 0 });
  runInNewContext(buildLogicBundle(files, 'test'), { ...runtime.globals, __gbDefine: runtime.define, console });
  const send = async (message: HostToLogic): Promise<void> => {
    deliver(message);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { sent, send };
}

const event = (id: string) => ({ type: 'tap', timeStamp: 1, target: { id: '', dataset: { id } }, currentTarget: { id: '', dataset: { id } }, detail: {} });

describe('logic runtime', () => {
  test('launch runs app.js with its requires; API calls go to the host and their results come back', async () => {
    const { sent, send } = boot();
    await send({ t: 'launch', options: { scene: 1001 } });
    const request = sent.find((message) => message.t === 'api');
    assert.deepStrictEqual(request, { t: 'api', callId: 1, name: 'wx.request', args: { url: 'https://api.example.com/stations' } });
    await send({ t: 'apiResult', callId: 1, ok: true, value: { statusCode: 200, data: ['s1'] } });
    await send({ t: 'pageLoad', pageId: 7, route: 'pages/index/index', query: { city: 'Munich' } });
    await send({ t: 'pageShow', pageId: 7 });
    await send({ t: 'pageReady', pageId: 7 });
    assert.deepStrictEqual(
      sent.filter((message) => message.t === 'render' || message.t === 'ready').map((message) => (message.t === 'render' ? message.patch : message.t)),
      [
        'ready',
        [[['stations'], []], [['selected'], null], [['log'], []]],
        [[['log', 0], 'load Munich'], [['count'], 1], [['unit'], 'kWh']],
        [[['log', 1], 'show']],
        [[['log', 2], 'ready']],
      ],
    );
  });

  test('events reach their handler with the dataset; promise-style APIs resolve and reject', async () => {
    const { sent, send } = boot();
    await send({ t: 'launch', options: {} });
    await send({ t: 'pageLoad', pageId: 1, route: 'pages/index/index', query: {} });
    sent.length = 0;
    await send({ t: 'event', pageId: 1, handler: 'pick', event: event('st-42') });
    await send({ t: 'event', pageId: 1, handler: 'locate', event: event('') });
    const call = sent.find((message) => message.t === 'api');
    assert.ok(call?.t === 'api');
    await send({ t: 'apiResult', callId: call.callId, ok: false, value: { errMsg: 'getLocation:fail auth deny' } });
    assert.deepStrictEqual(
      sent.filter((message) => message.t === 'render').map((message) => (message.t === 'render' ? message.patch : [])),
      [[[['selected'], 'st-42'], [['stations', 0, 'price'], '0.39 €']], [[['failed'], 'getLocation:fail auth deny']]],
    );
  });

  test('mistakes are reported, never fatal: bad paths, throwing handlers, unknown handlers, sync APIs', async () => {
    const { sent, send } = boot();
    await send({ t: 'launch', options: {} });
    await send({ t: 'pageLoad', pageId: 1, route: 'pages/index/index', query: {} });
    sent.length = 0;
    for (const handler of ['broken', 'thrower', 'nope', 'onLoad', 'sync']) await send({ t: 'event', pageId: 1, handler, event: event('') });
    await send({ t: 'ping', seq: 9 });
    assert.deepStrictEqual(
      sent.map((message) => (message.t === 'error' || message.t === 'warn' ? `${message.t}: ${message.message}` : message.t === 'render' ? JSON.stringify(message.patch) : `${message.t}`)),
      [
        'error: setData path "a..b": an empty name at character 3',
        'error: boom in handler',
        'warn: pages/index/index: no handler "nope" for tap',
        'warn: pages/index/index: no handler "onLoad" for tap',
        '[[["syncError"],"wx.getBatteryInfoSync is not supported on Glovebox: use wx.getBatteryInfo (asynchronous)"]]',
        'pong',
      ],
    );
  });

  test('an Alipay app sees my, not wx', async () => {
    const sent: LogicToHost[] = [];
    const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: () => undefined }, 'alipay');
    assert.deepStrictEqual(['my' in runtime.globals, 'wx' in runtime.globals, 'car' in runtime.globals], [true, false, true]);
  });

  test('ES modules, as published mini-programs write them, are turned into the runtime’s modules at install', async () => {
    const files = new Map([
      ['app.js', "import { unit, price } from './utils/format.js';\nimport * as all from './utils/format.js';\nApp({ globalData: { unit, label: price(2), count: Object.keys(all).length } });"],
      ['utils/format.js', "export const unit = 'kWh';\nexport function price(value) { return value.toFixed(2) + ' €'; }\nexport default { unit };"],
      ['pages/index/index.js', "Page({ data: {}, onLoad() { const app = getApp(); this.setData({ unit: app.globalData.unit, label: app.globalData.label }); } });"],
    ]);
    const sent: LogicToHost[] = [];
    let deliver: (message: HostToLogic) => void = () => undefined;
    const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: (handler) => (deliver = handler) }, 'wechat', { clock: () => 0 });
    runInNewContext(buildLogicBundle(files, 'esm'), { ...runtime.globals, __gbDefine: runtime.define, console });
    deliver({ t: 'launch', options: { scene: 1001 } });
    deliver({ t: 'pageLoad', pageId: 1, route: 'pages/index/index', query: {} });
    await new Promise((resolve) => setImmediate(resolve));
    const renders = sent.filter((message) => message.t === 'render').map((message) => (message.t === 'render' ? message.patch : []));
    assert.deepStrictEqual(renders.at(-1), [[['unit'], 'kWh'], [['label'], '2.00 €']]);
    assert.throws(() => buildLogicBundle(new Map([['a.js', 'import { from "x";']]), 'bad'), (error: unknown) => error instanceof LogicBundleError && error.file === 'a.js' && error.line === 1);
  });

  test('synchronous storage: read from the snapshot launch carries (even at module level), written through as the async call', async () => {
    const run = (dialect: 'wechat' | 'alipay', app: string) => {
      const sent: LogicToHost[] = [];
      let deliver: (message: HostToLogic) => void = () => undefined;
      const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: (handler) => (deliver = handler) }, dialect, { clock: () => 0 });
      runInNewContext(buildLogicBundle(new Map([['app.js', app]]), 'sync'), { ...runtime.globals, __gbDefine: runtime.define, console });
      deliver({ t: 'launch', options: {}, storage: { data: { todos: ['milk'], n: 2 }, omitted: ['big'] } });
      return sent;
    };
    const wechat = run(
      'wechat',
      `const todos = wx.getStorageSync('todos'); wx.setStorageSync('n', wx.getStorageSync('n') + 1); wx.removeStorageSync('todos');
       let big = ''; try { wx.getStorageSync('big'); } catch (error) { big = error.message; }
       App({ globalData: {} }); wx.setStorage({ key: 'seen', data: todos.concat([wx.getStorageSync('n'), wx.getStorageSync('missing'), wx.getStorageSync('todos'), big.slice(0, 39)]) });`,
    );
    assert.deepStrictEqual(
      wechat.filter((message) => message.t === 'api').map((message) => (message.t === 'api' ? [message.name, message.args] : [])),
      [
        ['wx.setStorage', { key: 'n', data: 3 }],
        ['wx.removeStorage', { key: 'todos' }],
        ['wx.setStorage', { key: 'seen', data: ['milk', 3, '', '', 'wx.getStorageSync("big"): this entry is'] }],
      ],
    );
    // Alipay's calls take and give objects; a module-level read no longer stops the app (issue 18's Alipay todo).
    const alipay = run('alipay', `const { data } = my.getStorageSync({ key: 'todos' }); my.setStorageSync({ key: 'copy', data }); App({});`);
    assert.deepStrictEqual(alipay.filter((message) => message.t === 'api' || message.t === 'error').map((message) => (message.t === 'api' ? [message.name, message.args] : message.t)), [['my.setStorage', { key: 'copy', data: ['milk'] }]]);
  });

  test('system information, canIUse and the menu rectangle are answered in the worker, at module level, from the launch', () => {
    const sent: LogicToHost[] = [];
    let deliver: (message: HostToLogic) => void = () => undefined;
    const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: (handler) => (deliver = handler) }, 'wechat', { clock: () => 0 });
    const app = `const info = wx.getSystemInfoSync(); const rect = wx.getMenuButtonBoundingClientRect();
      App({}); wx.setStorage({ key: 'seen', data: [info.windowWidth, info.pixelRatio, wx.getWindowInfo().windowHeight, rect.right, rect.height,
        wx.canIUse('getSystemInfoSync'), wx.canIUse('showModal.object.title'), wx.canIUse('swiper'), wx.canIUse('login'), wx.canIUse('createWebAudioContext'), wx.canIUse(''),
        wx.getLaunchOptionsSync().path] });`;
    runInNewContext(buildLogicBundle(new Map([['app.js', app]]), 'local'), { ...runtime.globals, __gbDefine: runtime.define, console });
    deliver({ t: 'launch', options: { path: 'pages/index/index', scene: 1001 }, system: { windowWidth: 1097, windowHeight: 411, pixelRatio: 1.75 } });
    const seen = sent.find((message) => message.t === 'api');
    // canIUse is false for a call Glovebox only refuses (login) and for one it lacks.
    assert.deepStrictEqual(seen?.t === 'api' ? JSON.parse(JSON.stringify(seen.args)) : null, { key: 'seen', data: [1097, 1.75, 411, 1090, 32, true, true, true, false, false, false, 'pages/index/index'] });
    assert.ok(!sent.some((message) => message.t === 'error'));
  });

  test('app-wide listeners: onAppShow and onAppHide fire with the app, onError hears every error once, off removes', () => {
    const sent: LogicToHost[] = [];
    let deliver: (message: HostToLogic) => void = () => undefined;
    const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: (handler) => (deliver = handler) }, 'wechat', { clock: () => 0 });
    const app = `const heard = [];
      const show = (options) => heard.push('show ' + options.path);
      wx.onAppShow(show); wx.onAppHide(() => heard.push('hide'));
      wx.onError((message) => { heard.push('error ' + message); throw new Error('listener broke'); });
      Page({ boom() { throw new Error('handler broke'); }, report() { wx.setStorage({ key: 'heard', data: heard.concat([wx.arrayBufferToBase64(new Uint8Array([104, 105, 33]).buffer), new Uint8Array(wx.base64ToArrayBuffer('aGkh')).join(',')]) }); }, off() { wx.offAppShow(show); } });`;
    runInNewContext(buildLogicBundle(new Map([['app.js', 'App({});'], ['pages/p/p.js', app]]), 'listeners'), { ...runtime.globals, __gbDefine: runtime.define, console });
    deliver({ t: 'launch', options: { path: 'pages/p/p' } });
    deliver({ t: 'pageLoad', pageId: 1, route: 'pages/p/p', query: {} });
    deliver({ t: 'appShow' });
    deliver({ t: 'event', pageId: 1, handler: 'boom', event: { type: 'tap', timeStamp: 0, target: { id: '', dataset: {} }, currentTarget: { id: '', dataset: {} }, detail: {} } });
    deliver({ t: 'event', pageId: 1, handler: 'off', event: { type: 'tap', timeStamp: 0, target: { id: '', dataset: {} }, currentTarget: { id: '', dataset: {} }, detail: {} } });
    deliver({ t: 'appHide' });
    deliver({ t: 'appShow' });
    deliver({ t: 'event', pageId: 1, handler: 'report', event: { type: 'tap', timeStamp: 0, target: { id: '', dataset: {} }, currentTarget: { id: '', dataset: {} }, detail: {} } });
    const stored = sent.find((message) => message.t === 'api' && message.name === 'wx.setStorage');
    assert.deepStrictEqual(stored?.t === 'api' ? JSON.parse(JSON.stringify(stored.args)) : null, { key: 'heard', data: ['show pages/p/p', 'error handler broke', 'hide', 'aGkh', '104,105,33'] });
    // Both errors reach the host: the handler's, and the listener's own (which no listener hears again).
    assert.deepStrictEqual(sent.filter((message) => message.t === 'error').map((message) => (message.t === 'error' ? message.message : '')), ['handler broke', 'listener broke']);
  });

  test('require finds a folder\'s index.js and a package in miniprogram_npm, as WeChat\'s require does', () => {
    const sent: LogicToHost[] = [];
    let deliver: (message: HostToLogic) => void = () => undefined;
    const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: (handler) => (deliver = handler) }, 'wechat', { clock: () => 0 });
    const files = new Map([
      ['app.js', "const dayjs = require('dayjs'); const util = require('./utils'); App({}); wx.setStorage({ key: 'seen', data: [dayjs(), util.name] });"],
      ['utils/index.js', "module.exports = { name: 'utils' };"],
      ['miniprogram_npm/dayjs/index.js', "module.exports = () => 'dayjs';"],
    ]);
    runInNewContext(buildLogicBundle(files, 'npm'), { ...runtime.globals, __gbDefine: runtime.define });
    deliver({ t: 'launch', options: {} });
    const seen = sent.find((message) => message.t === 'api');
    assert.deepStrictEqual(seen?.t === 'api' ? JSON.parse(JSON.stringify(seen.args)) : null, { key: 'seen', data: ['dayjs', 'utils'] });
  });

  test('a file that closes its module wrapper (to run code when the bundle loads) is refused', () => {
    const escape = 'Page({});\n});\nspin();\n__gbDefine("x.js", function () {';
    assert.throws(() => buildLogicBundle(new Map([['pages/a/a.js', escape]]), 'test'), (error: unknown) => error instanceof LogicBundleError && error.file === 'pages/a/a.js');
    // Strict where the file says so, as on the phone platforms (sloppy otherwise: published libraries rely on it).
    assert.throws(() => buildLogicBundle(new Map([['pages/b/b.js', "'use strict';\nwith (Math) { max(1, 2); }"]]), 'test'), /Strict mode code may not include a with statement/);
    assert.doesNotThrow(() => buildLogicBundle(new Map([['pages/b/b.js', 'with (Math) { max(1, 2); }']]), 'test'));
  });

  test('what the unit has not got never throws: listeners are kept and said once, objects are inert', async () => {
    const page = `Page({ onLoad() {
      wx.onSocketOpen(() => {}); wx.onSocketOpen(() => {});
      const audio = wx.createInnerAudioContext();
      audio.src = 'a.mp3'; audio.play();
      audio.onError((error) => this.setData({ heard: error.errMsg }));
      const manager = wx.getUpdateManager();
      manager.onCheckForUpdate((result) => this.setData({ update: result.hasUpdate }));
      wx.nextTick(() => this.setData({ ticked: true }));
    } });`;
    const { sent, send } = bootWith(new Map([['app.js', 'App({});'], ['pages/index/index.js', page]]));
    await send({ t: 'launch', options: {} });
    await send({ t: 'pageLoad', pageId: 1, route: 'pages/index/index', query: {} });
    const call = sent.find((message): message is Extract<LogicToHost, { t: 'api' }> => message.t === 'api' && message.name === 'wx.createInnerAudioContext');
    await send({ t: 'apiResult', callId: call?.callId ?? 0, ok: false, value: { errMsg: 'createInnerAudioContext:fail not available on this head unit' } });
    assert.deepEqual(sent.filter((message) => message.t === 'warn').map((message) => (message as { message: string }).message), ['wx.onSocketOpen: not available on this head unit; the listener is never called']);
    assert.equal(sent.filter((message) => message.t === 'error').length, 0);
    const data = Object.fromEntries(sent.flatMap((message) => (message.t === 'render' ? message.patch.map(([path, value]) => [path.join('.'), value]) : [])));
    assert.deepEqual([data['heard'], data['update'], data['ticked']], ['createInnerAudioContext:fail not available on this head unit', false, true]);
  });

  test('batch storage, media queries, random values and the privacy calls are answered in the worker', async () => {
    const page = `Page({ onLoad() {
      wx.batchSetStorageSync([{ key: 'a', value: 1 }, { key: 'b', value: { c: 2 } }]);
      wx.batchGetStorage({ keyList: ['a', 'b', 'none'], success: (res) => this.setData({ batch: res.dataList }) });
      wx.createMediaQueryObserver().observe({ minWidth: 300, orientation: 'portrait' }, (res) => this.setData({ portrait: res.matches }));
      wx.getRandomValues({ length: 8, success: (res) => this.setData({ bytes: res.randomValues.byteLength }) });
      wx.getPrivacySetting({ success: (res) => this.setData({ privacy: res.needAuthorization }) });
      wx.onWindowResize(() => {});
    } });`;
    const { sent, send } = bootWith(new Map([['app.js', 'App({});'], ['pages/index/index.js', page]]));
    await send({ t: 'launch', options: {}, system: { windowWidth: 375, windowHeight: 600 } });
    await send({ t: 'pageLoad', pageId: 1, route: 'pages/index/index', query: {} });
    const data = Object.fromEntries(sent.flatMap((message) => (message.t === 'render' ? message.patch.map(([path, value]) => [path.join('.'), value]) : [])));
    assert.deepEqual(JSON.parse(JSON.stringify([data['batch'], data['portrait'], data['bytes'], data['privacy']])), [[1, { c: 2 }, ''], true, 8, false]);
    // Written through as the asynchronous calls, one per pair.
    assert.deepEqual(sent.filter((message) => message.t === 'api').map((message) => (message as { name: string }).name), ['wx.setStorage', 'wx.setStorage']);
  });

  test('a library finds the global object as it does on a phone', () => {
    const { sent, send } = bootWith(new Map([['app.js', 'var g = (function () { return this; }()); App({ globalData: { found: typeof g === "object" && g !== null } });'], ['pages/index/index.js', 'Page({ onLoad() { this.setData({ found: getApp().globalData.found }); } });']]));
    return send({ t: 'launch', options: {} })
      .then(() => send({ t: 'pageLoad', pageId: 1, route: 'pages/index/index', query: {} }))
      .then(() => assert.ok(sent.some((message) => message.t === 'render' && message.patch.some(([path, value]) => path[0] === 'found' && value === true))));
  });

  test('a file with a syntax error is refused at install with its name and line', () => {
    assert.throws(() => buildLogicBundle(new Map([['pages/a/a.js', 'Page({\n  data: {,\n});']]), 'test'), (error: unknown) => error instanceof LogicBundleError && error.file === 'pages/a/a.js' && error.line === 2);
  });
});
