/** docs/api-coverage.md is what WeChat's and Alipay's typings and the catalog make. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { API_CATALOG, COMPONENTS } from '../../../miniapps/runtime/common/apiCatalog.js';
import { API_COVERAGE_FILE, generatedCoverage } from '../../../scripts/generate.js';

test('the API coverage table is current (npm run generate) and measures against the real typings', () => {
  const generated = generatedCoverage();
  assert.equal(readFileSync(API_COVERAGE_FILE, 'utf8'), generated, 'docs/api-coverage.md is stale: npm run generate');
  // The typings are read, not guessed: hundreds of calls each, with names every app uses.
  const declared = /declares (\d+) `wx` calls/.exec(generated);
  assert.ok(declared && Number(declared[1]) > 400, 'WeChat typings read');
  assert.match(generated, /\| `wx\.getSystemInfoSync` \| answered \(in the app's worker\) \|/);
  assert.match(generated, /\| `my\.tradePay` \| answered \(by services\) \|/);
  assert.match(generated, /\| `wx\.login` \| fails with "not available on this head unit" \|/);
});

test('the catalog names each call once per dialect, and says what driving does to it', () => {
  for (const [name, entry] of Object.entries(API_CATALOG)) {
    assert.match(name, /^[a-z][A-Za-z0-9]+$/, name);
    assert.ok(entry.driving.length > 10, `${name} says what driving does`);
  }
  assert.ok(COMPONENTS.has('view') && COMPONENTS.has('swiper'));
});
