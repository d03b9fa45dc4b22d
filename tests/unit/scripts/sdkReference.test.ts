/** docs/sdk-reference.md is what the SDK's typings make, and lists every call they declare. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generatedSdkTypings, SDK_REFERENCE_FILE, SDK_TYPINGS_FILE } from '../../../scripts/generate.js';
import { sdkReference } from '../../../scripts/lib/sdkReference.js';

test('the SDK reference is generated from the typings and current (npm run generate)', () => {
  const generated = sdkReference(SDK_TYPINGS_FILE);
  assert.equal(readFileSync(SDK_REFERENCE_FILE, 'utf8'), generated, 'docs/sdk-reference.md is stale: npm run generate');
  for (const call of ['wx.navigateTo', 'wx.requestPayment', 'my.tradePay', 'my.navigateBack', 'car.onVoiceIntent', 'car.getDrivingState']) assert.ok(generated.includes(`| \`${call}\` |`), call);
  assert.match(generated, /\| `wx\.navigateTo` \|[^\n]*outside `car\.drivingOptimisedPages` opens covered/);
  assert.match(generated, /\| `my\.getLocation` \| `Wx\['getLocation'\]` \| Asks the driver once/);
});

test("the SDK typings' category and flag lists are the platform's (npm run generate)", () => {
  const typings = readFileSync(SDK_TYPINGS_FILE, 'utf8');
  assert.equal(typings, generatedSdkTypings(typings), 'miniapps/sdk/index.d.ts is stale: npm run generate');
  assert.match(typings, /type Category = 'ev_charging' \| /);
  assert.match(typings, /flags: RestrictionFlag\[\];/);
});
