/** The platform's own VSS paths and gear codes: declared once, in the catalog. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GEAR_CODES, GEAR_LETTERS, gearLetter, VSS, VSS_CATALOG } from '../../../../../vehicle-bus/common/vss/catalog.js';

test('every path the platform reads is in the VSS catalog', () => {
  for (const path of Object.values(VSS)) assert.ok(VSS_CATALOG[path], path);
});

test('gear codes and letters map both ways; a numbered gear has no letter', () => {
  assert.deepStrictEqual(GEAR_LETTERS, ['P', 'R', 'N', 'D']);
  for (const letter of GEAR_LETTERS) assert.equal(gearLetter(GEAR_CODES[letter]), letter);
  assert.deepStrictEqual([gearLetter(3), gearLetter(-2), gearLetter(125)], [null, null, null]);
});
