import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applySetData, DataPathError, parseDataPath, SetDataMeter } from '../../../../../../miniapps/runtime/common/logic/setData.js';

describe('setData', () => {
  test('data paths parse into names and indices', () => {
    assert.deepStrictEqual(
      ['a', 'a.b', 'list[0]', 'a.b[2].c', 'm[1][2]', 'x.y[0].z[10]'].map(parseDataPath),
      [['a'], ['a', 'b'], ['list', 0], ['a', 'b', 2, 'c'], ['m', 1, 2], ['x', 'y', 0, 'z', 10]],
    );
  });

  test('bad paths say where and why', () => {
    const message = (path: string) => {
      try {
        parseDataPath(path);
        return 'ok';
      } catch (error) {
        assert.ok(error instanceof DataPathError);
        return error.problem;
      }
    };
    assert.deepStrictEqual(['a..b', 'a[x]', 'a[0]b', '', '__proto__.polluted', 'a.constructor'].map(message), [
      'an empty name at character 3',
      'expected an index like [0] at character 2',
      'expected "." or "[" after "]" at character 5',
      'an empty path',
      '"__proto__" is not a data key',
      '"constructor" is not a data key',
    ]);
  });

  test('paths update a copy; untouched branches are shared; missing containers are created', () => {
    const before = { shop: { name: 'Roma', tags: ['a', 'b'] }, other: { big: [1, 2, 3] } };
    const { data } = applySetData(before, { 'shop.tags[1]': 'z', 'shop.address.city': 'Munich', 'items[2].name': 'x', count: 3 });
    assert.deepStrictEqual(data, { shop: { name: 'Roma', tags: ['a', 'z'], address: { city: 'Munich' } }, other: { big: [1, 2, 3] }, items: [null, null, { name: 'x' }], count: 3 });
    assert.equal(data['other'], before.other);
    assert.deepStrictEqual(before.shop.tags, ['a', 'b']);
  });

  test('values are JSON data: functions vanish, undefined becomes null, nothing is shared with the caller', () => {
    const value = { when: new Date(0), fn: () => 1, nested: [1] };
    const { data } = applySetData({}, { value, gone: undefined });
    value.nested.push(2);
    assert.deepStrictEqual(data, { value: { when: '1970-01-01T00:00:00.000Z', nested: [1] }, gone: null });
  });

  test('over 1 MB in one call is refused and nothing applied; big or frequent calls are warned', () => {
    assert.throws(() => applySetData({ a: 1 }, { huge: 'x'.repeat(1024 * 1024) }), /bytes in one setData; at most 1048576/);
    const meter = new SetDataMeter();
    const warnings = Array.from({ length: 25 }, (_, index) => meter.record(index * 10, 10)).flat();
    assert.deepStrictEqual([warnings.length, warnings[0], meter.record(5000, 300 * 1024)], [5, 'setData called 21 times in the last second; keep it under 20', ['setData of 307200 bytes; keep each call under 262144']]);
  });
});
