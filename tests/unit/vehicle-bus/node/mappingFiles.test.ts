import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDbc } from '../../../../vehicle-bus/common/dbc/parser.js';
import { MappingError } from '../../../../vehicle-bus/common/vss/mapping.js';
import { loadDbc } from '../../../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping, readMappingDocument, shippedMappingFiles } from '../../../../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../../../../vehicle-bus/node/projectFiles.js';
import { NO_VEHICLE_DATA, vehicleData } from '../../../support/paths.js';

function temporaryFolder(t: { after: (fn: () => void) => void }): string {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-mapping-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

describe('mapping files', () => {
  test('every shipped mapping passes its schema', () => {
    for (const file of shippedMappingFiles()) readMappingDocument(file);
  });

  test('a schema violation names the JSON path, what is allowed and what was found', (t) => {
    const path = join(temporaryFolder(t), 'bad.json');
    writeFileSync(path, JSON.stringify({ signals: { 'Vehicle.Speed': { signal: 'A.B', intervalMs: -1, colour: 'red' } } }));
    assert.throws(
      () => readMappingDocument(path),
      (error: unknown) => {
        assert.ok(error instanceof MappingError);
        assert.deepStrictEqual(error.issues, [
          { path: '/signals/Vehicle.Speed', expected: 'must NOT have additional properties ("colour" is not allowed)', found: '{"signal":"A.B","intervalMs":-1,"colour":"red"}' },
          { path: '/signals/Vehicle.Speed/intervalMs', expected: 'must be >= 0', found: '-1' },
        ]);
        return true;
      },
    );
  });

  test('a file that is not JSON says so', (t) => {
    const path = join(temporaryFolder(t), 'broken.json');
    writeFileSync(path, '{ "signals": ');
    assert.throws(() => readMappingDocument(path), (error: unknown) => error instanceof MappingError && error.issues[0]?.expected === 'a JSON document');
  });

  test("the shipped mapping is found by the DBC's content, whatever the file is called", (t) => {
    const renamed = join(temporaryFolder(t), 'whatever-name.dbc');
    copyFileSync(SIMULATOR_DBC, renamed);
    assert.match(findShippedMapping(loadDbc(renamed)).description, /simulated EV/);
  });

  test('the real DBCs find theirs too', { skip: NO_VEHICLE_DATA }, () => {
    assert.deepStrictEqual(
      [vehicleData('dbc', 'tesla_model3', 'Model3CAN.dbc'), vehicleData('dbc', 'hyundai_kona_ev', 'pcan.dbc')].map((file) => findShippedMapping(loadDbc(file)).source.split('/').pop()),
      ['tesla-model3.json', 'hyundai-kona-ev.json'],
    );
  });

  test('a DBC no shipped mapping fits is refused, naming what was tried', () => {
    assert.throws(() => findShippedMapping(parseDbc('BO_ 1 Other: 1 X\n SG_ S : 0|8@1+ (1,0) [0|0] "" Y\n', 'other.dbc')), /none shipped fits this DBC; tried glovebox-sim-ev\.json, hyundai-kona-ev\.json, tesla-model3\.json/);
  });
});
