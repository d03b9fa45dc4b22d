import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inlineStyle } from '../../../../../../miniapps/runtime/common/host/inlineStyle.js';

test('inline styles: rpx as the host computes it, vendor names as React spells them, data: semicolons kept apart', () => {
  assert.deepStrictEqual(inlineStyle('width: 200rpx; height:200rpx ;-webkit-line-clamp: 2; color: red !important; font-family: "a;b"').style, {
    width: 'calc(200 * var(--gb-rpx, 1px))',
    height: 'calc(200 * var(--gb-rpx, 1px))',
    WebkitLineClamp: '2',
    color: 'red',
    fontFamily: '"a;b"',
  });
});

test('inline styles cannot do what app sheets may not: no url(), script, custom properties or costly effects', () => {
  const { style, dropped } = inlineStyle('background: url(https://t.example/p.png); width: expression(alert(1)); --gb-rpx: 100px; filter: blur(3000px); box-shadow: 0 0 4px red; nonsense');
  assert.deepStrictEqual(style, { boxShadow: '0 0 4px red' });
  assert.equal(dropped.length, 5);
  assert.deepStrictEqual(inlineStyle('x'.repeat(5000)).style, {});
});
