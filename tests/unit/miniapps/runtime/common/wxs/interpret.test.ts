/** WXS modules parsed at install and interpreted at the host, within a budget. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Budget, copyIn, copyOut, Interpreter, WxsBudgetError, WxsRuntimeError } from '../../../../../../miniapps/runtime/common/wxs/interpret.js';
import { TemplateError } from '../../../../../../miniapps/runtime/common/template/markup.js';
import { parseWxs } from '../../../../../../miniapps/runtime/common/wxs/parse.js';

function load(source: string, others: Record<string, string> = {}) {
  const interpreter: Interpreter = new Interpreter((path) => interpreter.runModule(parseWxs(path, others[path] ?? ''), new Budget()));
  const exports = interpreter.runModule(parseWxs('m.wxs', source), new Budget()) as Record<string, unknown>;
  const call = (name: string, ...args: unknown[]): unknown => copyOut(interpreter.call(exports[name], args.map((arg) => copyIn(arg, new Budget())), undefined, new Budget()));
  return { exports, call, interpreter };
}

describe('WXS: the language real modules use', () => {
  test('a formatting library: functions, hoisting, closures, loops, switch, string and array methods, getDate, getRegExp, JSON, Math', () => {
    const { call } = load(`
      var cache = {};
      // A function expression in a var is not hoisted (as in JavaScript); declarations below are.
      var count = function (text) { cache[text] = (cache[text] || 0) + 1; return cache[text]; };
      module.exports = { price: price, pad: pad, tags: tags, kind: kind, count: count, joinKeys: joinKeys, when: when, clean: clean, sum: sum, fib: fib, parse: parse };
      function pad(n) { return n < 10 ? '0' + n : '' + n; }
      function price(cents, currency) { return (currency || '€') + (cents / 100).toFixed(2); }
      function tags(list) { return list.filter(function (t) { return t.on; }).map(function (t) { return t.name.toUpperCase(); }).join(' · '); }
      function kind(value) {
        switch (typeof value) { case 'number': return 'n'; case 'string': return 's'; default: return 'o'; }
      }
      function joinKeys(object) { var keys = []; for (var key in object) { keys.push(key); } return keys.sort().join(','); }
      function when(ms) { var d = getDate(ms); return d.getUTCFullYear ? 'x' : pad(d.getMonth() + 1) + '/' + d.getFullYear(); }
      function clean(text) { return text.replace(getRegExp('\\\\s+', 'g'), ' ').trim(); }
      function sum(list) { var total = 0, i = 0; do { total += list[i]; i++; } while (i < list.length); return Math.round(total * 10) / 10; }
      function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
      function parse(text) { return JSON.parse(text).a + JSON.stringify({ b: [1, 2] }); }
    `);
    assert.equal(call('price', 1650), '€16.50');
    assert.equal(call('tags', [{ name: 'fast', on: true }, { name: 'slow', on: false }, { name: 'ccs', on: true }]), 'FAST · CCS');
    assert.deepStrictEqual([call('kind', 1), call('kind', 'a'), call('kind', null)], ['n', 's', 'o']);
    assert.deepStrictEqual([call('count', 'a'), call('count', 'a'), call('count', 'b')], [1, 2, 1], 'module state lives between calls');
    assert.equal(call('joinKeys', { b: 1, a: 2 }), 'a,b');
    assert.equal(call('when', Date.UTC(2026, 11, 3, 12)), '12/2026');
    assert.equal(call('clean', '  a   b \n c '), 'a b c');
    assert.equal(call('sum', [0.1, 0.2, 0.3]), 0.6);
    assert.equal(call('fib', 15), 610);
    assert.equal(call('parse', '{"a": 1}'), '1{"b":[1,2]}');
  });

  test('require of another module, and what a module can never reach', () => {
    const { call } = load(`var util = require('./util.wxs'); module.exports = { twice: function (x) { return util.double(x) + util.double(x); }, proto: function (o) { return [o.__proto__, o.constructor, [].constructor, ''.constructor, typeof Math.max, typeof Function]; } };`, {
      './util.wxs': 'module.exports = { double: function (x) { return x * 2; } };',
    });
    assert.equal(call('twice', 3), 12);
    assert.deepStrictEqual(call('proto', {}), [undefined, undefined, undefined, undefined, 'function', 'undefined']);
  });

  test('the arguments are copies: a module cannot change the page\'s data', () => {
    const { interpreter, exports } = load('module.exports = { grab: function (list) { list.push(4); list[0] = 99; return list.length; } };');
    const data = [1, 2, 3];
    assert.equal(interpreter.call(exports['grab'], [copyIn(data, new Budget())], undefined, new Budget()), 4);
    assert.deepStrictEqual(data, [1, 2, 3]);
  });
});

describe('WXS: the hostile module (issue 18, ADR 0009)', () => {
  test('an endless loop, endless recursion and runaway growth stop at the budget, not the screen', () => {
    const { exports, interpreter } = load(`module.exports = {
      spin: function () { while (true) {} },
      deep: function deep(n) { return deep(n + 1); },
      grow: function () { var s = 'x'; for (var i = 0; i < 40; i++) { s = s + s; } return s; },
      wide: function () { var a = []; a[200000] = 1; return a; },
    };`);
    for (const [name, pattern] of [['spin', /more than 200000 steps/], ['deep', /nested more than 100 deep/], ['grow', /a string of more than/], ['wide', /an array of more than/]] as const) {
      const budget = new Budget();
      assert.throws(() => interpreter.call(exports[name], [], undefined, budget), (error: unknown) => error instanceof WxsBudgetError && pattern.test(error.message), name);
      assert.ok(budget.steps <= 200_001, `${name} stopped at the budget (${budget.steps} steps)`);
    }
  });

  test('a regular expression that could take exponential time is refused; a runtime error is an error, not a crash', () => {
    const { exports, interpreter } = load(`module.exports = { redos: function (s) { return getRegExp('(a+)+$').test(s); }, nil: function (o) { return o.a.b; }, proto: function () { var o = {}; o['__proto__'] = { x: 1 }; return o.x; } };`);
    assert.throws(() => interpreter.call(exports['redos'], ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'], undefined, new Budget()), /exponential time/);
    assert.throws(() => interpreter.call(exports['nil'], [{}], undefined, new Budget()), (error: unknown) => error instanceof WxsRuntimeError && /cannot read b of undefined/.test(error.message));
    assert.throws(() => interpreter.call(exports['proto'], [], undefined, new Budget()), /__proto__ is not allowed/);
  });

  test('syntax errors and what WXS is not name the file, line and column', () => {
    assert.throws(() => parseWxs('utils/format.wxs', 'var a = 1;\nvar b = new Date();', 1), (error: unknown) => error instanceof TemplateError && error.line === 2 && error.column === 9 && /"new" is not part of WXS/.test(error.message));
    assert.throws(() => parseWxs('pages/a/a.wxml', 'module.exports = {\n  f: function ( {', 7), (error: unknown) => error instanceof TemplateError && error.line === 8);
    assert.throws(() => parseWxs('x.wxs', `${'('.repeat(500)}1${')'.repeat(500)}`), /at most 64 levels of nesting/);
  });
});
