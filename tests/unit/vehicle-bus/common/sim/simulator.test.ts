import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { DatabaseCodec } from '../../../../../vehicle-bus/common/dbc/codec.js';
import { DEFAULT_ROUTE, Route } from '../../../../../vehicle-bus/common/sim/route.js';
import { Simulation } from '../../../../../vehicle-bus/common/sim/simulator.js';
import type { DriveCycle } from '../../../../../vehicle-bus/common/sim/timeline.js';
import { driveCycleTimeline, parseDriveCycle, scenarioTimeline } from '../../../../../vehicle-bus/common/sim/timeline.js';
import { VehicleBus } from '../../../../../vehicle-bus/common/vehicleBus.js';
import { loadDbcCodec } from '../../../../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping } from '../../../../../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../../../../../vehicle-bus/node/projectFiles.js';
import { fixturePath } from '../../../../support/fixtures.js';
import { NO_VEHICLE_DATA, vehicleData } from '../../../../support/paths.js';

/** Seconds parked before the cycle starts (driveCycleTimeline's lead-in). */
const LEAD_IN = 5;

/**
 * Simulates the cycle, decodes every frame, and at each whole second of the cycle compares
 * the decoded Vehicle.Speed with the CSV. Returns the mismatches beyond the DBC's resolution.
 */
function speedMismatches(codec: DatabaseCodec, cycle: DriveCycle, resolutionKmh: number): string[] {
  const mapping = findShippedMapping(codec.database);
  const simulation = new Simulation({ timeline: driveCycleTimeline(cycle, 'test'), codec, mapping, route: new Route(DEFAULT_ROUTE) });
  const bus = new VehicleBus(codec, mapping);
  const expected = new Map(cycle.seconds.map((second, index) => [second + LEAD_IN, (cycle.speedsMps[index] as number) * 3.6]));
  const mismatches: string[] = [];
  const checked = new Set<number>();
  for (const { frame } of simulation.run()) {
    const outcome = bus.ingest(frame);
    assert.ok(outcome?.ok, `a simulated frame did not decode: ${JSON.stringify(outcome)}`);
    const second = Math.round(frame.timestamp * 1000) / 1000;
    const want = expected.get(second);
    const speed = bus.state.get('Vehicle.Speed');
    if (want === undefined || checked.has(second) || speed?.timestamp !== frame.timestamp) continue;
    checked.add(second);
    if (!speed.valid || Math.abs((speed.value as number) - want) > resolutionKmh / 2 + 1e-9) {
      mismatches.push(`t=${second - LEAD_IN}s csv ${want.toFixed(3)} decoded ${String(speed.value)}`);
    }
  }
  assert.equal(checked.size, cycle.seconds.length, 'every second of the cycle was checked');
  return mismatches;
}

const OWN_DBC = loadDbcCodec(SIMULATOR_DBC);
const OWN_CYCLE = parseDriveCycle(readFileSync(fixturePath('vehicle-bus', 'short-cycle.csv'), 'utf8'), 'short-cycle.csv');

describe('simulated drive cycles decode back to their speed traces', () => {
  test("our own cycle through our own DBC (0.01 km/h)", () => {
    assert.deepStrictEqual(speedMismatches(OWN_DBC, OWN_CYCLE, 0.01), []);
  });

  for (const name of ['wltc_3b', 'udds', 'hwfet', 'us06']) {
    test(`${name}.csv through our own DBC`, { skip: NO_VEHICLE_DATA }, () => {
      const cycle = parseDriveCycle(readFileSync(vehicleData('drive_cycles', `${name}.csv`), 'utf8'), name);
      assert.deepStrictEqual(speedMismatches(OWN_DBC, cycle, 0.01), []);
    });
  }

  test('us06.csv through Tesla Model3CAN.dbc (0.08 km/h)', { skip: NO_VEHICLE_DATA }, () => {
    const cycle = parseDriveCycle(readFileSync(vehicleData('drive_cycles', 'us06.csv'), 'utf8'), 'us06');
    assert.deepStrictEqual(speedMismatches(loadDbcCodec(vehicleData('dbc', 'tesla_model3', 'Model3CAN.dbc')), cycle, 0.08), []);
  });
});

describe('the simulated EV', () => {
  test('a scenario: parked, driving, reversing; gear, brake, energy and position move as a driver expects', () => {
    const codec = OWN_DBC;
    const mapping = findShippedMapping(codec.database);
    const timeline = scenarioTimeline({
      description: 'test',
      segments: [
        { durationS: 2, gear: 'P' },
        { durationS: 60, gear: 'D', speedKmh: 60 },
        { durationS: 5, gear: 'R', speedKmh: 5 },
        { durationS: 2, gear: 'P' },
      ],
    });
    const simulation = new Simulation({ timeline, codec, mapping, route: new Route(DEFAULT_ROUTE), startSocPercent: 80 });
    const bus = new VehicleBus(codec, mapping);
    const at = new Map<number, Record<string, unknown>>();
    for (const { frame } of simulation.run()) {
      bus.ingest(frame);
      for (const moment of [1, 30, 64, 69]) {
        if (Math.abs(frame.timestamp - moment) < 1e-9) {
          at.set(moment, Object.fromEntries(bus.state.snapshot().map((state) => [state.path.split('.').slice(-2).join('.'), state.value])));
        }
      }
    }
    const view = (moment: number) => {
      const values = at.get(moment) ?? {};
      return [values['Transmission.SelectedGear'], values['ParkingBrake.IsEngaged'], values['Vehicle.Speed']];
    };
    assert.deepStrictEqual([view(1), view(30), view(64), view(69)], [[126, true, 0], [127, false, 60], [-1, false, -5], [126, true, 0]]);
    const soc = (moment: number) => (at.get(moment) ?? {})['StateOfCharge.Current'] as number;
    const travelled = ((at.get(69) ?? {})['Vehicle.TraveledDistance'] as number) - ((at.get(1) ?? {})['Vehicle.TraveledDistance'] as number);
    assert.ok(soc(69) < soc(1), 'driving uses energy');
    assert.ok(Math.abs(travelled - 1.0) < 0.02, `about 1 km driven (60 km/h for a minute), found ${travelled}`);
    assert.notDeepStrictEqual([at.get(1)?.['CurrentLocation.Latitude']], [at.get(64)?.['CurrentLocation.Latitude']]);
  });

  test('charging raises the state of charge and is reported as charging', () => {
    const mapping = findShippedMapping(OWN_DBC.database);
    const timeline = scenarioTimeline({ description: 'charge', startSocPercent: 20, segments: [{ durationS: 120, gear: 'P', chargeKw: 60 }] });
    const simulation = new Simulation({ timeline, codec: OWN_DBC, mapping, route: new Route(DEFAULT_ROUTE), startSocPercent: 20 });
    const bus = new VehicleBus(OWN_DBC, mapping);
    for (const { frame } of simulation.run()) bus.ingest(frame);
    const soc = bus.state.get('Vehicle.Powertrain.TractionBattery.StateOfCharge.Current')?.value as number;
    // 60 kW for 2 minutes less 0.5 kW of auxiliaries into 64 kWh: about 3.1 percentage points.
    assert.deepStrictEqual([bus.state.get('Vehicle.Powertrain.TractionBattery.Charging.IsCharging')?.value, Math.round(soc * 10) / 10], [true, 23.1]);
  });
});
