import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileTemplate } from '../../../../../../miniapps/runtime/common/template/compiler.js';
import type { CompileContext } from '../../../../../../miniapps/runtime/common/template/compiler.js';
import { evaluate, parseExpression } from '../../../../../../miniapps/runtime/common/template/expression.js';
import { TemplateError } from '../../../../../../miniapps/runtime/common/template/markup.js';
import { loopItems, textOf, valueOf } from '../../../../../../miniapps/runtime/common/template/values.js';

const WECHAT: CompileContext = { dialect: 'wechat', read: () => undefined };
const ALIPAY: CompileContext = { dialect: 'alipay', read: () => undefined };

function failure(source: string, context = WECHAT, files: Record<string, string> = {}): string {
  try {
    compileTemplate('pages/a/a.wxml', source, { ...context, read: (path) => files[path] });
    return 'compiled';
  } catch (error) {
    assert.ok(error instanceof TemplateError, String(error));
    return error.message;
  }
}

describe('template compiler (IR)', () => {
  test('events of every WeChat kind, with datasets in camelCase', () => {
    const compiled = compileTemplate('a.wxml', '<view bindtap="open" catch:longpress="hold" capture-bind:touchstart="t1" capture-catch:touchend="t2" mut-bind:tap="m" bindinput="{{handler}}" data-shop-id="{{id}}" data-x="1"/>', WECHAT);
    const node = compiled.nodes[0];
    assert.ok(node?.k === 'el');
    assert.deepStrictEqual(
      { events: node.events.map((event) => [event.type, event.handler, event.catch, event.capture, event.mut]), dataset: node.dataset, attrs: node.attrs },
      {
        events: [
          ['tap', 'open', false, false, false],
          ['longpress', 'hold', true, false, false],
          ['touchstart', 't1', false, true, false],
          ['touchend', 't2', true, true, false],
          ['tap', 'm', false, false, true],
          ['input', { e: ['id', 'handler'] }, false, false, false],
        ],
        dataset: { shopId: { e: ['id', 'id'] }, x: '1' },
        attrs: {},
      },
    );
  });

  test('an Alipay page compiles to the same IR as its WeChat twin', () => {
    const wechat = compileTemplate('a.wxml', '<view wx:for="{{list}}" wx:for-item="it" wx:key="id" bindtap="pick" catchlongpress="hold"><text wx:if="{{it.on}}">{{it.name}}</text><text wx:else>off</text></view>', WECHAT);
    const alipay = compileTemplate('a.wxml', '<view a:for="{{list}}" a:for-item="it" a:key="id" onTap="pick" catchLongpress="hold"><text a:if="{{it.on}}">{{it.name}}</text><text a:else>off</text></view>', ALIPAY);
    assert.deepStrictEqual(alipay.nodes, wechat.nodes);
  });

  test('slots, named and default, and the slot attribute of children', () => {
    const compiled = compileTemplate('c.wxml', '<view><slot/><slot name="footer"/><text slot="footer">x</text></view>', WECHAT);
    const view = compiled.nodes[0];
    assert.ok(view?.k === 'el');
    assert.deepStrictEqual(
      view.children.map((child) => (child.k === 'slot' ? `slot:${child.name === null ? '' : textOf(valueOf(child.name, []))}` : child.k === 'el' ? `${child.tag}[slot=${String(child.attrs['slot'])}]` : child.k)),
      ['slot:', 'slot:footer', 'text[slot=footer]'],
    );
  });

  test('extensions beyond WXML: array spread, and a bare < read as text', () => {
    const compiled = compileTemplate('a.wxml', '<view wx:for="{{[...a, ...b]}}">{{item}}</view><text>1 < 2</text>', WECHAT);
    const [loop, text] = compiled.nodes;
    assert.ok(loop?.k === 'for' && text?.k === 'el');
    assert.deepStrictEqual(loopItems(valueOf(loop.items, [{ a: [1], b: [2, 3] }])).map(([, item]) => item), [1, 2, 3]);
    assert.deepStrictEqual(text.children, [{ k: 'text', v: '1 < 2' }]);
  });

  test('WXS and SJS modules that are missing, or loaded the wrong way, are named with file and place', () => {
    assert.deepStrictEqual(
      [
        failure('<wxs module="m" src="./m.wxs"/>'),
        failure('<import-sjs from="./u.sjs" name="u"/>', ALIPAY),
        failure('<import src="./helpers.wxs"/>'),
      ],
      [
        'pages/a/a.wxml:1:17: ./m.wxs: no such module in the app (pages/a/m.wxs)',
        'pages/a/a.wxml:1:13: ./u.sjs: no such module in the app (pages/a/u.sjs)',
        'pages/a/a.wxml:1:9: ./helpers.wxs: a module is loaded with <wxs src> (or <import-sjs from>), not <import>',
      ],
    );
  });

  test('broken templates name file, line, column and the problem', () => {
    assert.deepStrictEqual(
      [
        failure('<view>\n  <text>{{a +}}</text>\n</view>'),
        failure('<view>\n  <text>unclosed\n</view>'),
        failure('<view wx:else>x</view>'),
        failure('<view>{{call()}}</view>'),
        failure('<include src="../../missing.wxml"/>'),
        failure('<include src="../../../../outside.wxml"/>'),
        failure('<include src="b.wxml"/>', WECHAT, { 'pages/a/b.wxml': '<include src="a.wxml"/>', 'pages/a/a.wxml': '<include src="b.wxml"/>' }),
        failure('<view>{{obj.__proto__}}</view>'),
      ],
      [
        'pages/a/a.wxml:2:9: in {{a +}} at character 4: expected a value, a name, "(", "[" or "{", found the end',
        'pages/a/a.wxml:3:1: </view> where </text> was expected',
        'pages/a/a.wxml:1:1: wx:else without a wx:if before it',
        'pages/a/a.wxml:1:7: in {{call()}} at character 5: expected no function call (a template calls functions only of its <wxs> modules), found "("',
        'pages/a/a.wxml:1:10: ../../missing.wxml: no such file in the app (missing.wxml)',
        'pages/a/a.wxml:1:10: ../../../../outside.wxml points outside the app',
        'pages/a/b.wxml:1:1: include cycle: pages/a/a.wxml → pages/a/b.wxml → pages/a/a.wxml',
        'compiled',
      ],
    );
  });

  test('expressions never reach the prototype chain', () => {
    const scope = [{ obj: {}, list: [1, 2] }];
    assert.deepStrictEqual(
      ['obj.constructor', 'obj.__proto__', "obj['constructor']", 'list.length', "'abc'.length", 'list.push'].map((source) => evaluate(parseExpression(source), scope)),
      [undefined, undefined, undefined, 2, 3, undefined],
    );
  });

  test('the IR is plain JSON: it survives a round trip unchanged', () => {
    const compiled = compileTemplate('a.wxml', '<template name="t"><text>{{x}}</text></template><view wx:for="{{list}}" wx:key="*this" hidden="{{!on}}"><template is="t" data="{{x: item, ...extra}}"/></view>', WECHAT);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(compiled)), compiled);
  });
});
