/**
 * Every reader of outside input, fuzzed briefly on each run (tests/support/fuzz.ts): a few
 * hundred mutated real documents per reader, each read or refused with the reader's own error.
 * `npm run bench -- fuzz` runs the same targets at length and reports the slowest input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzz } from '../support/fuzz.js';

test('fuzzed candump lines, DBC text, OEM configs, app files and packages: no reader crashes', () => {
  const figures = fuzz(150, 4242);
  assert.deepStrictEqual(
    figures.map((figure) => [figure.target, figure.crashes, figure.firstCrash]),
    figures.map((figure) => [figure.target, 0, null]),
  );
});
