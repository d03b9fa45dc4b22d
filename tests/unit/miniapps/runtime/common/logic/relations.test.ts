/**
 * The component model's remaining parts in the logic runtime (issue 18): relations between a
 * list and its items, linked whichever attaches first (the host attaches inner components
 * first) and unlinked on detach; pure data never sent to be drawn; external classes and a
 * virtual host told to the host once.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import type { HostToLogic, LogicToHost } from '../../../../../../miniapps/runtime/common/logic/protocol.js';
import { createLogicRuntime } from '../../../../../../miniapps/runtime/common/logic/runtime.js';
import { buildLogicBundle } from '../../../../../../miniapps/runtime/node/logicBundle.js';

const APP = new Map([
  ['app.js', 'App({});'],
  ['pages/index/index.js', 'Page({});'],
  [
    'components/list/list.js',
    `Component({
  externalClasses: ['item-class', 'bad class'],
  options: { virtualHost: true, pureDataPattern: /^_/ },
  data: { _seen: 0, shown: 0 },
  relations: {
    '../item/item': {
      type: 'descendant',
      linked(target) { globalThis.log.push('list linked ' + target.data.label); this.setData({ _seen: this.data._seen + 1, shown: this.getRelationNodes('../item/item').length }); },
      unlinked(target) { globalThis.log.push('list unlinked ' + target.data.label); },
    },
  },
});`,
  ],
  [
    'components/item/item.js',
    `Component({
  properties: { label: String },
  relations: { '../list/list': { type: 'ancestor', linked(target) { globalThis.log.push(this.data.label + ' linked ' + target.is); } } },
});`,
  ],
  ['components/stray/stray.js', `Component({ relations: { '../list/list': { type: 'parent', linked() { globalThis.log.push('stray linked'); } } } });`],
]);

function boot() {
  const sent: LogicToHost[] = [];
  let deliver: (message: HostToLogic) => void = () => undefined;
  const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: (handler) => (deliver = handler) }, 'wechat', { clock: () => 0 });
  const context: Record<string, unknown> = { ...runtime.globals, __gbDefine: runtime.define, log: [] as string[] };
  runInNewContext(buildLogicBundle(APP, 'test'), context);
  deliver({ t: 'launch', options: {} });
  deliver({ t: 'pageLoad', pageId: 1, route: 'pages/index/index', query: {} });
  return { sent, deliver, log: context['log'] as string[] };
}

describe('relations, pure data, external classes', () => {
  test('items link to the list they are drawn in, whichever attaches first; detaching unlinks', () => {
    const { sent, deliver, log } = boot();
    // As the host attaches them: the inner ones first (React runs a child's effects before its parent's).
    deliver({ t: 'componentAttach', pageId: 1, componentId: 3, path: 'components/item/item', properties: { label: 'a' }, parentId: 2 });
    deliver({ t: 'componentAttach', pageId: 1, componentId: 2, path: 'components/list/list', properties: {} });
    // A later item, deeper: linked as a descendant through an attached parent chain.
    deliver({ t: 'componentAttach', pageId: 1, componentId: 5, path: 'components/stray/stray', properties: {}, parentId: 2 });
    deliver({ t: 'componentAttach', pageId: 1, componentId: 6, path: 'components/item/item', properties: { label: 'b' }, parentId: 5 });
    assert.deepEqual(log, ['list linked a', 'a linked components/list/list', 'list linked b', 'b linked components/list/list']);
    deliver({ t: 'componentDetach', componentId: 3 });
    assert.deepEqual(log.slice(4), ['list unlinked a']);
    // The list's pure field (_seen) is never sent; its shown field is.
    const listRenders = sent.filter((message): message is Extract<LogicToHost, { t: 'render' }> => message.t === 'render' && message.componentId === 2);
    assert.ok(listRenders.every((message) => message.patch.every(([path]) => path[0] !== '_seen')));
    assert.deepEqual(listRenders.at(-1)?.patch, [[['shown'], 2]]);
    assert.deepEqual(
      JSON.parse(JSON.stringify(sent.filter((message) => message.t === 'componentInfo'))),
      [{ t: 'componentInfo', componentId: 2, externalClasses: ['item-class'], virtualHost: true }],
    );
  });
});
