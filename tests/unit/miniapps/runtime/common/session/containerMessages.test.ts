/** The window messages between the UI and a logic container's page: only their own shapes are read. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerCrash, CRASH_MESSAGE_LIMIT, containerStart, readContainerCrash, readContainerStart } from '../../../../../../miniapps/runtime/common/session/containerMessages.js';

test('a start message is read as sent; anything else is ignored', () => {
  assert.deepStrictEqual(readContainerStart(containerStart('self.x = 1;')), { t: 'container-start', runtime: 'self.x = 1;' });
  for (const data of [null, 'runtime', [], { runtime: 'x' }, { t: 'container-start', runtime: 7 }, { t: 'container-error', message: 'x' }]) assert.equal(readContainerStart(data), undefined, JSON.stringify(data));
});

test("a crash's text is cut to its limit and must be text", () => {
  assert.equal(readContainerCrash({ t: 'container-error', message: 'x'.repeat(10_000) })?.message.length, CRASH_MESSAGE_LIMIT);
  assert.deepStrictEqual(readContainerCrash(containerCrash('SyntaxError')), { t: 'container-error', message: 'SyntaxError' });
  for (const data of [null, { t: 'container-error' }, { t: 'container-error', message: { toString: 'x' } }, { t: 'booted' }]) assert.equal(readContainerCrash(data), undefined, JSON.stringify(data));
});
