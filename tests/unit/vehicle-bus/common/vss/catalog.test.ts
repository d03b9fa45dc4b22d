import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { VSS_CATALOG } from '../../../../../vehicle-bus/common/vss/catalog.js';
import { NO_VEHICLE_DATA, vehicleData } from '../../../../support/paths.js';

/** Splits one CSV line with quoted fields. */
function cells(line: string): string[] {
  return [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((match) => (match[1] ?? '').replace(/^"|"$/g, '')).slice(0, -1);
}

test('the built-in catalog agrees with COVESA VSS 4.2', { skip: NO_VEHICLE_DATA }, () => {
  const rows = new Map(
    readFileSync(vehicleData('vss', 'vss_4.2_flat.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .map(cells)
      .map((row) => [row[0], row] as const),
  );
  const ours = Object.entries(VSS_CATALOG).map(([path, spec]) => [path, spec.datatype, spec.unit ?? '', spec.min ?? '', spec.max ?? '', (spec.allowed ?? []).join('|')]);
  const theirs = Object.keys(VSS_CATALOG).map((path) => {
    const row = rows.get(path) ?? [];
    return [path, row[2], row[3], row[4] === '' ? '' : Number(row[4]), row[5] === '' ? '' : Number(row[5]), row[6]];
  });
  assert.deepStrictEqual(ours, theirs);
});
