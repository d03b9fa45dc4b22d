import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDbc } from '../../../../vehicle-bus/node/loadDbc.js';
import { NO_VEHICLE_DATA, vehicleData } from '../../../support/paths.js';

test('a cp1252 DBC (Vector tools write °C and µ so) reads as cp1252, not as broken UTF-8', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-dbc-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const path = join(folder, 'cp1252.dbc');
  const header = Buffer.from('BO_ 1 Temp: 1 X\r\n SG_ T : 0|8@1- (1,0) [-40|80] "', 'latin1');
  writeFileSync(path, Buffer.concat([header, Buffer.from([0xb0]), Buffer.from('C" Y\r\nCM_ SG_ 1 T "Temperatur ', 'latin1'), Buffer.from([0x84, 0x93]), Buffer.from('";\r\n', 'latin1')]));
  const signal = loadDbc(path).messages[0]?.signals[0];
  assert.deepStrictEqual([signal?.unit, signal?.comment], ['°C', 'Temperatur „“']);
});

test("cantools' cp1252 corpus file reads its non-ASCII text", { skip: NO_VEHICLE_DATA }, () => {
  const database = loadDbc(vehicleData('dbc', 'cantools_tests', 'choices.dbc'));
  const labels = database.messages.flatMap((message) => message.signals.flatMap((signal) => [...signal.choices.values()]));
  assert.ok(labels.some((label) => [...label].some((char) => char.charCodeAt(0) > 0x7f)), `expected a non-ASCII label in ${labels.join(", ")}`);
  assert.ok(!labels.some((label) => label.includes('\uFFFD')), 'no replacement characters');
});
