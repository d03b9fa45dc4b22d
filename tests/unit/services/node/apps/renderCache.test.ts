import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RENDER_CACHE_LIMIT_BYTES, RenderCache } from '../../../../../services/node/apps/renderCache.js';
import { Storage } from '../../../../../services/node/storage/database.js';

describe('render cache', () => {
  test('keeps each page’s last data per app; too large or not an object is not kept (and drops the old)', () => {
    const storage = new Storage(':memory:');
    const cache = new RenderCache(storage, () => 1);
    assert.equal(cache.put('com.a', 'pages/home/home', { greeting: 'hi', list: [1, 2] }), true);
    assert.equal(cache.put('com.a', 'pages/home/home', { greeting: 'hello' }), true);
    assert.equal(cache.put('com.b', 'pages/home/home', { other: true }), true);
    assert.deepStrictEqual(cache.get('com.a'), { 'pages/home/home': { greeting: 'hello' } });
    assert.equal(cache.put('com.a', 'pages/home/home', { big: 'x'.repeat(RENDER_CACHE_LIMIT_BYTES) }), false);
    assert.equal(cache.put('com.a', 'pages/list/list', [1, 2] as unknown), false);
    assert.deepStrictEqual(cache.get('com.a'), {});
    assert.deepStrictEqual(cache.get('com.b'), { 'pages/home/home': { other: true } });
    storage.close();
  });
});
