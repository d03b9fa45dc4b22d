/**
 * SIGKILL at random moments while payments, installs and render caches are written (a dozen here;
 * `npm run bench -- kills` runs 300): after each, nothing acknowledged is lost, nothing is
 * recorded twice, no install is torn and no cache outlives its version.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { killTest } from '../../../../support/kills.js';

test('killed at random while it writes: the database is whole, no acknowledged write lost, no double charge, no stale cache', async () => {
  const figures = await killTest(12, 17);
  assert.deepStrictEqual(figures.problems, []);
  assert.ok(figures.acknowledged.payments + figures.acknowledged.installs + figures.acknowledged.caches > 0, 'the kills landed while it was writing');
});
