/**
 * The component model judged by WeChat's own framework: each case is one component definition
 * (with behaviors, lifetimes, observers, properties) and a list of steps, run in WeChat's
 * component system (miniprogram-simulate over exparser, in jsdom) and in Glovebox's logic
 * runtime. What each logs (lifetimes in order, observers with their values, the merged data,
 * which method won) must be the same. The cases follow the areas of glass-easel's own tests:
 * lifetimes, behaviors, observers and properties.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { JSDOM } from 'jsdom';
import type { HostToLogic } from '../../../../../../miniapps/runtime/common/logic/protocol.js';
import { createLogicRuntime } from '../../../../../../miniapps/runtime/common/logic/runtime.js';
import { buildLogicBundle } from '../../../../../../miniapps/runtime/node/logicBundle.js';

type Step = { readonly setData: Record<string, unknown> } | { readonly call: string };

interface Case {
  readonly name: string;
  /** Defines `Component(...)` (and any `Behavior(...)`); pushes to the global `log`. */
  readonly source: string;
  /** The properties the parent gives the component. */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly steps: readonly Step[];
}

const CASES: readonly Case[] = [
  {
    name: 'behaviors: data merged, the definition\'s methods win, lifetimes in order',
    source: `
      const B = Behavior({ data: { a: 1, o: { x: 1 } }, lifetimes: { created() { log.push('B created'); }, attached() { log.push('B attached'); } }, methods: { who() { return 'B'; }, only() { return 'only B'; } } });
      Component({ behaviors: [B], data: { o: { y: 2 } },
        lifetimes: { created() { log.push('own created'); }, attached() { log.push('own attached'); }, ready() { log.push('own ready'); }, detached() { log.push('own detached'); } },
        methods: { who() { return 'own'; }, check() { log.push('who ' + this.who() + ', ' + this.only() + ', data ' + JSON.stringify(this.data)); } } });`,
    properties: {},
    steps: [{ call: 'check' }],
  },
  {
    name: 'nested behaviors run first, and a behavior included twice runs once',
    source: `
      const Base = Behavior({ data: { level: 'base' }, created() { log.push('Base created'); }, methods: { name() { return 'base'; } } });
      const Middle = Behavior({ behaviors: [Base], data: { level: 'middle' }, lifetimes: { created() { log.push('Middle created'); } }, methods: { name() { return 'middle'; } } });
      Component({ behaviors: [Base, Middle], lifetimes: { created() { log.push('own created'); } }, methods: { check() { log.push(this.name() + ' ' + this.data.level); } } });`,
    properties: {},
    steps: [{ call: 'check' }],
  },
  {
    name: 'observers: several fields, paths, wildcards and array items, once per setData',
    source: `
      Component({ data: { a: 1, b: 2, o: { x: { y: 1 }, z: 0 }, list: [1, 2, 3] },
        observers: {
          'a, b': function (a, b) { log.push('a,b ' + a + ' ' + b); },
          'o.x': function (x) { log.push('o.x ' + JSON.stringify(x)); },
          'o.**': function (o) { log.push('o.** ' + JSON.stringify(o)); },
          'list[1]': function (item) { log.push('list[1] ' + item); },
          '**': function (all) { log.push('** ' + Object.keys(all).sort().join(',')); },
        } });`,
    properties: {},
    steps: [
      { setData: { a: 5, b: 6 } },
      { setData: { 'o.x.y': 2 } },
      { setData: { 'o.z': 1 } },
      { setData: { o: { x: { y: 3 }, z: 2 } } },
      { setData: { 'list[1]': 20 } },
      { setData: { 'list[2]': 30 } },
      { setData: { list: [7, 8] } },
    ],
  },
  {
    name: 'properties: typed, defaulted, observed at creation and on change',
    source: `
      Component({ properties: { n: { type: Number, value: 3, observer(value, old) { log.push('n observer ' + value); } }, s: String, keep: { type: Number, value: 1, observer(value) { log.push('keep observer ' + value); } } },
        observers: { 'n, s': function (n, s) { log.push('n,s ' + n + ' ' + s); } },
        lifetimes: { created() { log.push('created'); }, attached() { log.push('attached ' + JSON.stringify(this.data)); } } });`,
    properties: { n: 5, s: 'kW', keep: 1 },
    steps: [{ setData: { n: 7 } }, { setData: { n: 7 } }, { setData: { keep: 2 } }],
  },
];

const require = createRequire(import.meta.url);

/** WeChat's framework: miniprogram-simulate (exparser) in jsdom. */
function runInWechat(one: Case): string[] {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  const globals = globalThis as Record<string, unknown>;
  globals['window'] = dom.window;
  globals['document'] = dom.window.document;
  for (const name of ['Node', 'HTMLElement', 'Element', 'Event', 'CustomEvent', 'DocumentFragment', 'getComputedStyle', 'navigator']) {
    if (globals[name] === undefined) globals[name] = (dom.window as unknown as Record<string, unknown>)[name];
  }
  const simulate = require('miniprogram-simulate') as {
    behavior(definition: unknown): unknown;
    load(definition: unknown): string;
    render(id: string, properties?: unknown): { attach(parent: unknown): void; detach(): void; instance: Record<string, unknown> & { setData(changes: unknown): void } };
  };
  const log: string[] = [];
  let id = '';
  runInNewContext(one.source, { Behavior: (definition: unknown) => simulate.behavior(definition), Component: (definition: object) => (id = simulate.load({ template: '<view></view>', ...definition })), log, JSON, Object });
  const component = simulate.render(id, one.properties);
  component.attach(dom.window.document.createElement('parent-wrapper'));
  for (const step of one.steps) {
    if ('setData' in step) component.instance.setData(step.setData);
    else (component.instance[step.call] as () => void)();
  }
  component.detach();
  return log;
}

/** Glovebox's logic runtime, driven as the host drives it. */
function runInGlovebox(one: Case): string[] {
  let deliver: (message: HostToLogic) => void = () => undefined;
  const runtime = createLogicRuntime({ post: () => undefined, onMessage: (handler) => (deliver = handler) }, 'wechat', { clock: () => 0 });
  const log: string[] = [];
  const define = runtime.globals['Component'] as (definition: Record<string, unknown>) => void;
  // One method more, so the test can set data the way the component itself would.
  const Component = (definition: Record<string, unknown>): void =>
    define({ ...definition, methods: { ...(definition['methods'] as object | undefined), __apply(event: { detail: Record<string, unknown> }) { (this as { setData(changes: unknown): void }).setData(event.detail); } } });
  const files = new Map([['app.js', 'App({});'], ['components/c/c.js', one.source]]);
  runInNewContext(buildLogicBundle(files, 'conformance'), { ...runtime.globals, Component, __gbDefine: runtime.define, log });
  deliver({ t: 'launch', options: {} });
  deliver({ t: 'componentAttach', pageId: 1, componentId: 1, path: 'components/c/c', properties: one.properties });
  const event = (detail: unknown) => ({ type: 'tap', timeStamp: 0, target: { id: '', dataset: {} }, currentTarget: { id: '', dataset: {} }, detail });
  for (const step of one.steps) {
    if ('setData' in step) deliver({ t: 'event', pageId: 1, componentId: 1, handler: '__apply', event: event(step.setData) });
    else deliver({ t: 'event', pageId: 1, componentId: 1, handler: step.call, event: event({}) });
  }
  deliver({ t: 'componentDetach', componentId: 1 });
  return log;
}

describe('the component model against WeChat\'s framework (miniprogram-simulate)', () => {
  for (const one of CASES) {
    test(one.name, () => {
      const wechat = runInWechat(one);
      assert.ok(wechat.length > 0, 'WeChat\'s framework logged something');
      assert.deepStrictEqual(runInGlovebox(one), wechat);
    });
  }
});
