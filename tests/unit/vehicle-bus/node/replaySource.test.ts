import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VehicleBus } from '../../../../vehicle-bus/common/vehicleBus.js';
import { loadDbcCodec } from '../../../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping } from '../../../../vehicle-bus/node/mappingFiles.js';
import { ReplaySource } from '../../../../vehicle-bus/node/replaySource.js';
import { fixturePath } from '../../../support/fixtures.js';
import { NO_VEHICLE_DATA, vehicleData } from '../../../support/paths.js';

describe('candump log replay', () => {
  test('our sample log: frames stream out, bad lines are tallied by kind with their lines', async () => {
    const source = new ReplaySource(fixturePath('vehicle-bus', 'sample.candump.log'));
    const channels: string[] = [];
    for await (const frame of source.frames()) channels.push(frame.channel);
    assert.deepStrictEqual(
      { frames: channels.length, problems: source.problems.summary().map((entry) => [entry.kind, entry.examples.map((example) => example.line)]) },
      {
        frames: 11,
        problems: [
          ['malformed-line', [4]],
          ['non-hex-data', [6]],
          ['odd-hex-length', [7]],
          ['timestamp-reordered', [8]],
          ['bad-id', [13]],
        ],
      },
    );
  });

  test('the real Kona EV log replays into gear P, a wheel speed of 0, SoC 36.5 % and the ignition states in order', { skip: NO_VEHICLE_DATA }, async () => {
    const codec = loadDbcCodec(vehicleData('dbc', 'hyundai_kona_ev', 'pcan.dbc'));
    const bus = new VehicleBus(codec, findShippedMapping(codec.database), { channels: ['can0'] });
    const history = new Map<string, unknown[]>();
    bus.state.subscribe((changes) => {
      for (const change of changes) {
        if (!change.valid) continue;
        const values = history.get(change.path) ?? [];
        if (values[values.length - 1] !== change.value) values.push(change.value);
        history.set(change.path, values);
      }
    });
    const source = new ReplaySource(vehicleData('logs', 'kona_ev_2019_power_off_on_ready_off.candump.log'));
    for await (const { frame, line } of source.loggedFrames()) bus.ingest(frame, line);
    bus.state.drain();
    assert.deepStrictEqual(Object.fromEntries(history), {
      'Vehicle.Powertrain.Transmission.SelectedGear': [126],
      'Vehicle.Speed': [0],
      'Vehicle.Powertrain.Range': [204000, 0, 204000, 182000, 204000],
      'Vehicle.Chassis.ParkingBrake.IsEngaged': [true],
      'Vehicle.LowVoltageSystemState': ['OFF', 'START', 'ON', 'OFF'],
      'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed': [36.5],
    });
    assert.deepStrictEqual(
      { lines: source.problems.total, decoded: bus.decoder.framesDecoded, unknown: bus.decoder.problems.count('unknown-id'), ignored: bus.decoder.framesIgnored },
      { lines: 0, decoded: 24262, unknown: 1, ignored: 15283 },
    );
  });
});
