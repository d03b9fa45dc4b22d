/**
 * Cases from WeChat's component framework glass-easel (github.com/wechat-miniprogram/glass-easel,
 * glass-easel/tests/legacy, MIT), rewritten as Glovebox apps: the same definitions, driven as the
 * host drives the logic runtime, with the outcomes glass-easel's tests expect. The cases that need
 * a drawn tree (relations, slots, attach order) are in tests/e2e/glassEaselConformance.test.ts.
 * Each case names the test it ports.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import type { HostToLogic, LogicToHost } from '../../../../../../miniapps/runtime/common/logic/protocol.js';
import { createLogicRuntime } from '../../../../../../miniapps/runtime/common/logic/runtime.js';
import { buildLogicBundle } from '../../../../../../miniapps/runtime/node/logicBundle.js';

function run(component: string) {
  const sent: LogicToHost[] = [];
  let deliver: (message: HostToLogic) => void = () => undefined;
  const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: (handler) => (deliver = handler) }, 'wechat', { clock: () => 0 });
  const context: Record<string, unknown> = { ...runtime.globals, __gbDefine: runtime.define, log: [] as unknown[] };
  runInNewContext(buildLogicBundle(new Map([['app.js', 'App({});'], ['pages/index/index.js', 'Page({});'], ['c/c.js', component]]), 'glass-easel'), context);
  deliver({ t: 'launch', options: {} });
  deliver({ t: 'pageLoad', pageId: 1, route: 'pages/index/index', query: {} });
  deliver({ t: 'componentAttach', pageId: 1, componentId: 1, path: 'c/c', properties: {} });
  const event = (handler: string) => deliver({ t: 'event', pageId: 1, componentId: 1, handler, event: { type: 'tap', timeStamp: 0, target: { id: '', dataset: {} }, currentTarget: { id: '', dataset: {} }, detail: {} } });
  // Values cross realms through JSON (the app's arrays are not this realm's).
  const log = () => JSON.parse(JSON.stringify(context['log'])) as unknown[];
  const data = () => JSON.parse(JSON.stringify(Object.fromEntries(sent.flatMap((message) => (message.t === 'render' && message.componentId === 1 ? message.patch.filter(([path]) => path.length === 1).map(([path, value]) => [path[0], value]) : []))))) as Record<string, unknown>;
  return { deliver, event, log, data, sent };
}

describe('glass-easel conformance (logic)', () => {
  test('component.test.js “should call property observers”', () => {
    const { event, log } = run(`Component({
  properties: {
    obj: { type: Object, observer(now, old) { log.push(['obj', now, old]); } },
    str: { type: String, observer(now, old) { log.push(['str', now, old]); } },
    arr: { type: Array, observer(now, old) { log.push(['arr', now, old]); } },
  },
  methods: {
    step1() { this.setData({ obj: { f1: 1, f2: [{ f3: false }] } }); },
    step2() { this.setData({ 'obj.f2[0].f3': true }); },
    step3() { this.setData({ 'obj.f1': 2, 'arr[0]': 'b', 'obj.f2[1].f3': false }); log.push(['data', this.data]); },
    step4() { this.setData({ obj: this.data.obj, str: this.data.str, arr: this.data.arr }); },
  },
});`);
    for (const step of ['step1', 'step2', 'step3', 'step4']) event(step);
    assert.deepEqual(log(), [
      ['obj', { f1: 1, f2: [{ f3: false }] }, null],
      ['obj', true, null],
      ['obj', 2, null],
      ['arr', 'b', null],
      ['obj', false, null],
      ['data', { obj: { f1: 2, f2: [{ f3: true }, { f3: false }] }, str: '', arr: ['b'] }],
    ].map((entry) => JSON.parse(JSON.stringify(entry)) as unknown));
  });

  test('behavior.test.js “should combine definitions correctly (diamond inherit)”: each behavior once, in order', () => {
    const { deliver, log } = run(`const make = (suffix, behaviors) => Behavior({
  behaviors,
  properties: { a: null, d: Array },
  created() { log.push('3' + suffix); },
  attached() { log.push('4' + suffix); },
  detached() { log.push('6' + suffix); },
  lifetimes: { created() { log.push('7' + suffix); } },
  pageLifetimes: { show() { log.push('8' + suffix); } },
});
const a = make('a', []);
const b = make('b', [a]);
const c = make('c', [a]);
const d = make('d', [b, c]);
Component({ behaviors: [d], attached() { log.push(['data', this.data.a, this.data.d]); } });`);
    deliver({ t: 'pageHide', pageId: 1 });
    deliver({ t: 'pageShow', pageId: 1 });
    deliver({ t: 'componentDetach', componentId: 1 });
    assert.deepEqual(log(), ['7a', '7b', '7c', '7d', '4a', '4b', '4c', '4d', ['data', null, []], '8a', '8b', '8c', '8d', '6a', '6b', '6c', '6d']);
  });

  test('behavior.test.js “should merge data correctly (with merge)”', () => {
    const { data } = run(`const base = Behavior({ data: { obj: { k1: 1 }, a: 1, b: 0 } });
const a = Behavior({ behaviors: [base], data: { obj: { k2: 2 }, b: 2 } });
Component({ behaviors: [a] });`);
    assert.deepEqual(data(), { obj: { k1: 1, k2: 2 }, a: 1, b: 2 });
  });

  test('behavior.test.js “should merge data correctly (with arrays)”', () => {
    const { data } = run(`const d = Behavior({ data: { a: [0, 1, { a1: { a2: false } }], b: [2, null], c: { 0: 3 } } });
const e = Behavior({ data: { a: { 1: -1, 2: { a1: { a3: true } }, 3: ['a', 'b'] }, b: [0], c: [0] } });
Component({ behaviors: [d, e] });`);
    assert.deepEqual(data(), { a: [0, -1, { a1: { a2: false, a3: true } }, ['a', 'b']], b: [0], c: [0] });
  });

  test('behavior.test.js “should merge data correctly (without arrays)”: null replaces, objects merge', () => {
    const { data } = run(`const a = Behavior({ data: { a: 1, b: { b1: 'a', b2: { b3: true, b4: {} } } } });
const b = Behavior({ data: null });
const c = Behavior({ behaviors: [a, b], data: { b: null, d: { d1: '1', d2: { d3: {} } } } });
Component({ behaviors: [c] });`);
    assert.deepEqual(data(), { a: 1, b: null, d: { d1: '1', d2: { d3: {} } } });
  });

  test('component.test.js “should call lifetime methods”: created, attached, then detached', () => {
    const { deliver, log } = run(`Component({ created() { log.push('c'); }, attached() { log.push('a'); }, detached() { log.push('d'); } });`);
    assert.deepEqual(log(), ['c', 'a']);
    deliver({ t: 'componentDetach', componentId: 1 });
    assert.deepEqual(log(), ['c', 'a', 'd']);
  });
});
