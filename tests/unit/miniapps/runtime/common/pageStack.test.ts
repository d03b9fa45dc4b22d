import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NavigationRules, NavigationState } from '../../../../../miniapps/runtime/common/pageStack.js';
import { MAX_STACK, NavigationError, parsePageUrl, planNavigation } from '../../../../../miniapps/runtime/common/pageStack.js';

const RULES: NavigationRules = { pages: ['pages/home/home', 'pages/orders/orders', 'pages/detail/detail', 'pages/deep/deep'], tabPages: ['pages/home/home', 'pages/orders/orders'], depthLimit: null };
const HOME = { id: 1, route: 'pages/home/home' };
const DETAIL = { id: 2, route: 'pages/detail/detail' };
const DEEP = { id: 3, route: 'pages/deep/deep' };
const ORDERS = { id: 4, route: 'pages/orders/orders' };
const state = (stack: NavigationState['stack'], tabs: NavigationState['tabs'] = [HOME]): NavigationState => ({ stack, tabs });

describe('page stack rules', () => {
  test('urls: absolute, relative to the current page, with a percent-encoded query', () => {
    assert.deepStrictEqual(parsePageUrl('/pages/detail/detail?id=7&name=Falafel%20wrap', 'pages/home/home'), { route: 'pages/detail/detail', query: { id: '7', name: 'Falafel wrap' } });
    assert.deepStrictEqual(parsePageUrl('../deep/deep', 'pages/detail/detail'), { route: 'pages/deep/deep', query: {} });
    assert.deepStrictEqual(parsePageUrl('detail', 'pages/detail/index'), { route: 'pages/detail/detail', query: {} });
    assert.throws(() => parsePageUrl('/pages/a/a?x=%E0', ''), /not valid percent-encoding/);
    assert.throws(() => parsePageUrl(42, ''), /url must be a page path/);
  });

  test('navigateTo hides the top and opens the page; tab pages and unknown pages are refused', () => {
    assert.deepStrictEqual(planNavigation(state([HOME]), 'navigateTo', { url: '/pages/detail/detail?id=1' }, RULES), { unload: [], hide: 1, open: { route: 'pages/detail/detail', query: { id: '1' } }, show: null });
    assert.throws(() => planNavigation(state([HOME]), 'navigateTo', { url: '/pages/orders/orders' }, RULES), /tabBar page: use switchTab/);
    assert.throws(() => planNavigation(state([HOME]), 'navigateTo', { url: '/pages/nowhere/nowhere' }, RULES), /no page pages\/nowhere\/nowhere in app.json pages/);
  });

  test('the depth limit while driving, and the platforms’ ten-page stack', () => {
    const limited = { ...RULES, depthLimit: 2 };
    assert.doesNotThrow(() => planNavigation(state([HOME, DETAIL]), 'navigateTo', { url: '/pages/deep/deep' }, limited));
    assert.throws(() => planNavigation(state([HOME, DETAIL, DEEP]), 'navigateTo', { url: '/pages/detail/detail' }, limited), /not while driving: at most 2 levels below the first page/);
    const full = Array.from({ length: MAX_STACK }, (_, index) => ({ id: index + 1, route: 'pages/detail/detail' }));
    assert.throws(() => planNavigation(state(full), 'navigateTo', { url: '/pages/deep/deep' }, RULES), /the page stack is full \(10 pages\)/);
    // Going back is never limited.
    assert.deepStrictEqual(planNavigation(state([HOME, DETAIL, DEEP]), 'navigateBack', {}, limited), { unload: [3], hide: null, open: null, show: 2 });
  });

  test('navigateBack unloads delta pages, never the first; a bad delta is refused', () => {
    assert.deepStrictEqual(planNavigation(state([HOME, DETAIL, DEEP]), 'navigateBack', { delta: 5 }, RULES), { unload: [3, 2], hide: null, open: null, show: 1 });
    assert.throws(() => planNavigation(state([HOME]), 'navigateBack', {}, RULES), /already at the first page/);
    assert.throws(() => planNavigation(state([HOME, DETAIL]), 'navigateBack', { delta: 0 }, RULES), /delta must be a whole number/);
  });

  test('switchTab unloads the pages above the tab and keeps tab pages alive; redirectTo and reLaunch', () => {
    assert.deepStrictEqual(planNavigation(state([HOME, DETAIL, DEEP]), 'switchTab', { url: '/pages/orders/orders' }, RULES), { unload: [3, 2], hide: 1, open: { route: 'pages/orders/orders', query: {} }, show: null });
    assert.deepStrictEqual(planNavigation(state([ORDERS], [HOME, ORDERS]), 'switchTab', { url: '/pages/home/home' }, RULES), { unload: [], hide: 4, open: null, show: 1 });
    assert.throws(() => planNavigation(state([HOME]), 'switchTab', { url: '/pages/detail/detail' }, RULES), /is not a tabBar page/);
    assert.deepStrictEqual(planNavigation(state([HOME, DETAIL]), 'redirectTo', { url: '/pages/deep/deep' }, RULES), { unload: [2], hide: null, open: { route: 'pages/deep/deep', query: {} }, show: null });
    assert.deepStrictEqual(planNavigation(state([ORDERS, DETAIL], [HOME, ORDERS]), 'reLaunch', { url: '/pages/home/home' }, RULES), { unload: [2, 4, 1], hide: null, open: { route: 'pages/home/home', query: {} }, show: null });
    assert.ok(new NavigationError('x') instanceof Error);
  });
});
