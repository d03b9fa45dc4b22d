import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DatabaseCodec } from '../../../../../vehicle-bus/common/dbc/codec.js';
import { parseDbc } from '../../../../../vehicle-bus/common/dbc/parser.js';
import { VssMapper } from '../../../../../vehicle-bus/common/vss/mapper.js';
import type { MappingDocument } from '../../../../../vehicle-bus/common/vss/mapping.js';
import { compileMapping, MappingError } from '../../../../../vehicle-bus/common/vss/mapping.js';

const DBC = `BO_ 1 Drive: 8 VCU
 SG_ Speed : 0|16@1+ (0.01,0) [0|655.35] "km/h" HU
 SG_ SpeedOk : 16|1@1+ (1,0) [0|1] "" HU
 SG_ Gear : 17|3@1+ (1,0) [0|7] "" HU
 SG_ Soc : 24|8@1+ (0.5,0) [0|127.5] "%" HU
VAL_ 1 SpeedOk 0 "No" 1 "Yes" ;
VAL_ 1 Gear 0 "P" 1 "R" 2 "N" 3 "D" 7 "SNA" ;
BA_DEF_ BO_ "GenMsgCycleTime" INT 0 65535;
BA_ "GenMsgCycleTime" BO_ 1 20;
`;
const database = parseDbc(DBC, 'drive.dbc');
const codec = new DatabaseCodec(database);

const DOCUMENT: MappingDocument = {
  signals: {
    'Vehicle.Speed': { signal: 'Drive.Speed', validity: { signal: 'SpeedOk', valid: ['Yes'] } },
    'Vehicle.Powertrain.Transmission.SelectedGear': {
      signal: 'Drive.Gear',
      transform: { mapping: [{ from: 'P', to: 126 }, { from: 'R', to: -1 }, { from: 'N', to: 0 }, { from: 'D', to: 127 }] },
      invalid: ['SNA'],
    },
    'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed': { signal: 'Drive.Soc', intervalMs: 100, onChange: true },
  },
};

function run(frames: Array<[number, Record<string, number | string>]>) {
  const mapping = compileMapping(DOCUMENT, database, 'test mapping');
  const state = VssMapper.stateFor(mapping);
  const mapper = new VssMapper(mapping, state);
  const seen: string[] = [];
  state.subscribe((changes) => {
    for (const change of changes) seen.push(`${change.path.split('.').pop()}=${String(change.value)}${change.valid ? '' : ` invalid(${change.reason})`}`);
  });
  const message = codec.forName('Drive');
  assert.ok(message);
  for (const [time, values] of frames) {
    const data = message.encode(values);
    mapper.apply({ frame: { timestamp: time, channel: 'can0', id: 1, extended: false, data, fd: false, remote: false }, message, signals: message.decode(data) });
    state.advance(time);
  }
  return seen;
}

describe('VSS mapping', () => {
  test('labels map to VSS values; SNA and a failing qualifier invalidate; the old value is kept for display', () => {
    assert.deepStrictEqual(
      run([
        [0, { Speed: 12.5, SpeedOk: 'Yes', Gear: 'D', Soc: 50 }],
        [0.02, { Speed: 13, SpeedOk: 'No', Gear: 'SNA', Soc: 50 }],
      ]),
      [
        'Speed=12.5',
        'SelectedGear=127',
        'Displayed=50',
        'Speed=12.5 invalid(SpeedOk = No (qualifier says not valid))',
        'SelectedGear=127 invalid(Gear = SNA (not available))',
      ],
    );
  });

  test('interval and on-change thin out repeats but keep the signal alive; a value with no mapping is invalid', () => {
    assert.deepStrictEqual(
      run([
        [0, { Gear: 'P', Soc: 50, SpeedOk: 'Yes' }],
        [0.05, { Gear: 4 as unknown as string, Soc: 50.5, SpeedOk: 'Yes' }],
        [0.1, { Gear: 'P', Soc: 50.5, SpeedOk: 'Yes' }],
        [0.5, { Gear: 'P', Soc: 50.5, SpeedOk: 'Yes' }],
      ]).filter((line) => !line.startsWith('Speed')),
      ['SelectedGear=126', 'Displayed=50', 'SelectedGear=126 invalid(Gear = 4 has no mapping)', 'SelectedGear=126', 'Displayed=50.5'],
    );
  });

  test('every problem in a mapping is reported with its path, expected and found', () => {
    const bad: MappingDocument = {
      signals: {
        'Vehicle.Speed': { signal: 'Drive.Nope' },
        'Vehicle.Powertrain.Transmission.SelectedGear': { signal: 'Drive.Gear', transform: { mapping: [{ from: 'Park', to: 126 }] }, invalid: ['Broken'] },
        'Vehicle.Powertrain.Range': { signal: 'Drive.Soc', transform: { math: 'x *' } },
        'Vehicle.Made.Up': { signal: 'Drive.Soc' },
      },
    };
    assert.throws(
      () => compileMapping(bad, database, 'bad.json'),
      (error: unknown) => {
        assert.ok(error instanceof MappingError);
        assert.deepStrictEqual(error.issues, [
          { path: 'signals["Vehicle.Speed"].signal', expected: 'Message.Signal of drive.dbc', found: '"Drive.Nope"' },
          { path: 'signals["Vehicle.Powertrain.Transmission.SelectedGear"].invalid[0]', expected: 'a label of Drive.Gear', found: '"Broken"' },
          { path: 'signals["Vehicle.Powertrain.Transmission.SelectedGear"].transform.mapping[0].from', expected: 'a label of Drive.Gear', found: '"Park"' },
          { path: 'signals["Vehicle.Powertrain.Range"].transform.math', expected: 'a number, x, a function or "(" (column 4)', found: 'the end' },
          { path: 'signals["Vehicle.Made.Up"].datatype', expected: 'a datatype for a VSS path outside the built-in catalog', found: 'none' },
        ]);
        return true;
      },
    );
  });

  test('a value outside the VSS range is invalid, not clamped', () => {
    const mapping = compileMapping({ signals: { 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed': { signal: 'Drive.Soc' } } }, database, 'm');
    const entry = mapping.entries[0];
    assert.ok(entry);
    assert.deepStrictEqual(entry.toVss({ raw: 240, physical: 120, label: undefined }, new Map()), {
      ok: false,
      reason: 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed: 120 is outside 0..100',
    });
  });

  test('the max age comes from the message cycle time unless given', () => {
    const mapping = compileMapping(DOCUMENT, database, 'm');
    assert.deepStrictEqual(
      mapping.entries.map((entry) => entry.maxAgeMs),
      [300, 300, 300],
    );
  });
});
