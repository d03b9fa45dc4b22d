/**
 * Component instances and car.* subscriptions in the logic runtime, driven as the host drives
 * them, with the app's code in a bundle built as at install and run in a fresh V8 context.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import type { HostToLogic, LogicToHost } from '../../../../../../miniapps/runtime/common/logic/protocol.js';
import { createLogicRuntime } from '../../../../../../miniapps/runtime/common/logic/runtime.js';
import { buildLogicBundle } from '../../../../../../miniapps/runtime/node/logicBundle.js';

const APP = new Map([
  ['app.js', 'App({});'],
  [
    'components/stepper/stepper.js',
    `Component({
  properties: { step: { type: Number, value: 1, observer(value) { this.setData({ note: 'step ' + value }); } }, label: String },
  data: { value: 0, note: '', log: [] },
  lifetimes: { created() { this.data.log.push('created'); }, attached() { this.setData({ log: this.data.log.concat('attached') }); }, detached() { globalThis.detachedLabel = this.data.label; } },
  methods: { bump() { const value = this.data.value + this.data.step; this.setData({ value }); this.triggerEvent('bumped', { value }); } },
});`,
  ],
  [
    'pages/index/index.js',
    `Page({
  data: { speed: null, state: null },
  onLoad() {
    car.onVehicleStateChange((changes) => this.setData({ speed: changes['Vehicle.Speed'] }), { signals: ['Vehicle.Speed'] });
    car.onDrivingStateChange((driving) => this.setData({ state: driving.state }));
  },
});`,
  ],
]);

function boot() {
  const sent: LogicToHost[] = [];
  let deliver: (message: HostToLogic) => void = () => undefined;
  const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: (handler) => (deliver = handler) }, 'wechat', { clock: () => 0 });
  const context: Record<string, unknown> = { ...runtime.globals, __gbDefine: runtime.define };
  runInNewContext(buildLogicBundle(APP, 'test'), context);
  const send = async (message: HostToLogic): Promise<void> => {
    deliver(message);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { sent, send, context };
}

const renders = (sent: readonly LogicToHost[], componentId: number) => sent.flatMap((message) => (message.t === 'render' && message.componentId === componentId ? [message.patch] : []));

describe('component instances', () => {
  test('made with typed, defaulted properties and lifetimes; own data; triggerEvent to the page; observed property changes; detached', async () => {
    const { sent, send, context } = boot();
    await send({ t: 'launch', options: {} });
    await send({ t: 'pageLoad', pageId: 1, route: 'pages/index/index', query: {} });
    await send({ t: 'componentAttach', pageId: 1, componentId: 9, path: 'components/stepper/stepper', properties: { step: '2', label: 'kW', class: 'x' } });
    assert.deepStrictEqual(renders(sent, 9), [
      [[['value'], 0], [['note'], ''], [['log'], ['created']], [['step'], 2], [['label'], 'kW']],
      // A property the parent gave that differs from its default is observed before attached, as in WeChat.
      [[['note'], 'step 2']],
      [[['log'], ['created', 'attached']]],
    ]);
    const event = { type: 'tap', timeStamp: 1, target: { id: '', dataset: {} }, currentTarget: { id: '', dataset: {} }, detail: {} };
    await send({ t: 'event', pageId: 1, componentId: 9, handler: 'bump', event });
    assert.deepStrictEqual(sent.filter((message) => message.t === 'componentEvent'), [{ t: 'componentEvent', componentId: 9, name: 'bumped', detail: { value: 2 } }]);
    await send({ t: 'componentProps', componentId: 9, properties: { step: 5, label: 'kW' } });
    assert.deepStrictEqual(renders(sent, 9).slice(-2), [[[['step'], 5]], [[['note'], 'step 5']]], 'only the changed property, then its observer');
    await send({ t: 'event', pageId: 1, componentId: 9, handler: 'nothing', event });
    assert.ok(sent.some((message) => message.t === 'warn' && message.message === 'components/stepper/stepper: no method "nothing"'));
    await send({ t: 'pageUnload', pageId: 1 });
    assert.equal(context['detachedLabel'], 'kW', 'detached with its page');
  });

  test('a component path that is not a component is reported, not fatal', async () => {
    const { sent, send } = boot();
    await send({ t: 'launch', options: {} });
    await send({ t: 'componentAttach', pageId: 1, componentId: 3, path: 'components/missing/missing', properties: {} });
    assert.ok(sent.some((message) => message.t === 'error' && /no module components\/missing\/missing\.js/.test(message.message)));
  });
});

describe('car change events', () => {
  test('registering asks the host (which checks the signals with services); pushes reach the listeners', async () => {
    const { sent, send } = boot();
    await send({ t: 'launch', options: {} });
    await send({ t: 'pageLoad', pageId: 1, route: 'pages/index/index', query: {} });
    // Read as JSON: the arguments were made in the app's realm.
    const calls = JSON.parse(JSON.stringify(sent.flatMap((message) => (message.t === 'api' ? [[message.name, message.args]] : [])))) as unknown;
    assert.deepStrictEqual(calls, [
      ['car.onVehicleStateChange', { signals: ['Vehicle.Speed'] }],
      ['car.onDrivingStateChange', {}],
    ]);
    await send({ t: 'push', topic: 'vehicle', payload: { 'Vehicle.Speed': 42 } });
    await send({ t: 'push', topic: 'driving', payload: { state: 'MOVING', band: 'LOW', flags: [] } });
    const pageRenders = sent.flatMap((message) => (message.t === 'render' && message.componentId === undefined ? message.patch : []));
    assert.deepStrictEqual(pageRenders.slice(-2), [
      [['speed'], 42],
      [['state'], 'MOVING'],
    ]);
  });
});

describe('the component model in pages', () => {
  test('a Component() used as a page: query into typed properties, lifetimes around the page handlers, behaviors, observers', () => {
    const sent: LogicToHost[] = [];
    let deliver: (message: HostToLogic) => void = () => undefined;
    const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: (handler) => (deliver = handler) }, 'wechat', { clock: () => 0 });
    const page = `const Tracked = Behavior({ data: { log: [] }, methods: { note(text) { this.data.log.push(text); } } });
      Component({ behaviors: [Tracked], properties: { id: Number, mode: { type: String, value: 'list' } },
        observers: { 'id': function (id) { this.note('observed id ' + id); } },
        lifetimes: { created() { this.note('created'); }, attached() { this.note('attached ' + this.data.id + ' ' + this.data.mode); }, ready() { this.note('ready'); } },
        pageLifetimes: { show() { this.note('show'); } },
        methods: { onLoad(query) { this.note('onLoad ' + query.id); }, onShow() { this.note('onShow'); }, onReady() { this.note('onReady'); this.setData({ id: this.data.id + 1 }); },
          report() { wx.setStorage({ key: 'log', data: this.data.log.concat([this.selectComponent('#first') ? this.selectComponent('#first').is : null, this.selectAllComponents('.row').length, this.selectComponent('.none')]) }); } } });`;
    const files = new Map([['app.js', 'App({});'], ['pages/detail/detail.js', page], ['components/row/row.js', 'Component({});']]);
    runInNewContext(buildLogicBundle(files, 'as-page'), { ...runtime.globals, __gbDefine: runtime.define });
    deliver({ t: 'launch', options: {} });
    deliver({ t: 'pageLoad', pageId: 1, route: 'pages/detail/detail', query: { id: '42' } });
    deliver({ t: 'pageShow', pageId: 1 });
    deliver({ t: 'pageReady', pageId: 1 });
    deliver({ t: 'componentAttach', pageId: 1, componentId: 5, path: 'components/row/row', properties: {}, place: { id: 'first', classes: ['row'] } });
    deliver({ t: 'componentAttach', pageId: 1, componentId: 6, path: 'components/row/row', properties: {}, place: { id: '', classes: ['row', 'last'] } });
    deliver({ t: 'event', pageId: 1, handler: 'report', event: { type: 'tap', timeStamp: 0, target: { id: '', dataset: {} }, currentTarget: { id: '', dataset: {} }, detail: {} } });
    const stored = sent.find((message) => message.t === 'api' && message.name === 'wx.setStorage');
    assert.deepStrictEqual(stored?.t === 'api' ? JSON.parse(JSON.stringify(stored.args)) : null, {
      key: 'log',
      data: ['created', 'attached 42 list', 'onLoad 42', 'onShow', 'show', 'onReady', 'observed id 43', 'ready', 'components/row/row', 2, null],
    });
    assert.ok(!sent.some((message) => message.t === 'error'), JSON.stringify(sent.filter((message) => message.t === 'error')));
  });
});
