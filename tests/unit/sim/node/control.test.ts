import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { HeadUnitServices } from '../../../../services/node/headUnit.js';
import type { SourceChoice } from '../../../../sim/common/controlProtocol.js';
import { SimulatorControl } from '../../../../sim/node/control.js';
import type { VehicleSession } from '../../../../sim/node/session.js';
import { ControlledTimeline } from '../../../../vehicle-bus/common/sim/controlledTimeline.js';
import { DEFAULT_ROUTE, Route } from '../../../../vehicle-bus/common/sim/route.js';
import { VehicleModel } from '../../../../vehicle-bus/common/sim/vehicleModel.js';

/** What the control reads of services, recorded. */
function fakeServices(parked: boolean) {
  const proposed: string[] = [];
  let display = 'driver';
  const services = {
    engine: {
      status: { state: parked ? 'PARKED' : 'MOVING', band: parked ? null : 'LOW' },
      policy: { name: 'EU_ESOP' },
      propose: (policy: { name: string }) => (proposed.push(policy.name), parked ? 'applied' : 'pending'),
      restrictions: () => ({ flags: new Set(parked ? [] : ['NO_KEYBOARD']) }),
    },
    bus: { state: { get: () => ({ valid: true, value: 42 }) } },
    audit: { recent: () => [] },
    voiceTimeline: () => [],
    appProblems: { recent: () => [] },
    navigation: { state: null },
    hear: (text: string) => ({ heard: text, intent: null, result: text === 'find a charger' ? 'Charging: findCharger' : 'not understood: no command matches (nothing done)' }),
    setDisplay: (value: string) => (display = value),
    get displayMode() {
      return display;
    },
  };
  return { services: services as unknown as HeadUnitServices, proposed };
}

function simulatedSession(services: HeadUnitServices): VehicleSession & { vehicle: NonNullable<VehicleSession['vehicle']> } {
  const timeline = new ControlledTimeline({ description: 'ramp', duration: 10, at: () => ({ speedKmh: 0, gear: 'P', parkingBrake: false, chargeKw: 0 }) });
  return { choice: { kind: 'simulator' }, services, vehicle: { timeline, model: new VehicleModel(new Route(DEFAULT_ROUTE), 80), following: true }, microphone: null, ui: {} as VehicleSession['ui'], now: () => 0, close: () => Promise.resolve() };
}

/** A host with one session; switching fails with the given message, or succeeds to a replay session. */
function hostOf(session: VehicleSession, switchError?: string) {
  let current = { session, number: 1 };
  const switched: SourceChoice[] = [];
  return {
    switched,
    host: {
      current: () => current,
      switchTo: (choice: SourceChoice): Promise<void> => {
        switched.push(choice);
        if (switchError) return Promise.reject(new Error(switchError));
        current = { session: { ...session, choice, vehicle: null }, number: current.number + 1 };
        return Promise.resolve();
      },
    },
  };
}

test('the panel’s commands: steering the timeline, presets as the car takes them, refusals by name, none while replaying', async (t) => {
  const { services, proposed } = fakeServices(false);
  const simulated = simulatedSession(services);
  const control = new SimulatorControl(hostOf(simulated).host, new Map([['city-loop', '/nowhere.json']]));
  const replaying = new SimulatorControl(hostOf({ ...simulated, choice: { kind: 'replay', log: 'a.log', dbc: 'a.dbc' }, vehicle: null }).host, new Map());
  t.after(() => {
    control.close();
    replaying.close();
  });
  assert.deepStrictEqual(
    await Promise.all([
      control.apply({ t: 'hold', inputs: { gear: 'D', speedKmh: 40 } }),
      control.apply({ t: 'pause' }),
      control.apply({ t: 'seek', seconds: 4 }),
      control.apply({ t: 'preset', name: 'JP_JAMA' }),
      control.apply({ t: 'display', display: 'passenger' }),
      control.apply({ t: 'hold', inputs: { speedKmh: 900 } }),
      control.apply({ t: 'scenario', name: 'moon' }),
      control.apply({ t: 'scenario', name: '/no/such/scenario.yaml' }),
      control.apply('nonsense'),
      replaying.apply({ t: 'hold', inputs: { gear: 'D' } }),
      replaying.apply({ t: 'vehicle', socPercent: 20 }),
      replaying.apply({ t: 'preset', name: 'US_NHTSA' }),
    ]),
    [
      'holding D (drive) at 40 km/h',
      'paused',
      'at 4 s',
      'JP_JAMA waits until parked',
      "the UI is the passenger's screen",
      'refused: A speed is a number of km/h up to 250 (found 900)',
      'refused: no scenario moon (city-loop; or a .json, .yaml or .csv file\'s path)',
      'refused: there is no scenario file at /no/such/scenario.yaml',
      'refused: the panel sent a command this simulator does not know (none)',
      'refused: replaying a log; the vehicle cannot be steered',
      'refused: replaying a log; the vehicle cannot be steered',
      'US_NHTSA waits until parked',
    ],
  );
  assert.deepStrictEqual(proposed, ['JP_JAMA', 'US_NHTSA']);
  const status = control.status();
  assert.deepStrictEqual(
    [status.position, status.playing, status.held, status.display, status.speedKmh, status.driving, status.flags, status.session],
    [4, false, { gear: 'D', speedKmh: 40 }, 'passenger', 42, 'MOVING · LOW', ['NO_KEYBOARD'], 1],
  );
});

test('the car’s state of charge and position, set from the panel; out-of-range values refused', async (t) => {
  const { services } = fakeServices(true);
  const session = simulatedSession(services);
  const control = new SimulatorControl(hostOf(session).host, new Map());
  t.after(() => control.close());
  assert.equal(await control.apply({ t: 'vehicle', socPercent: 15 }), 'state of charge 15 %');
  assert.ok(Math.abs(session.vehicle.model.snapshot().displayedSocPercent - 15) < 1e-9);
  assert.equal(await control.apply({ t: 'vehicle', latitude: 48.1374, longitude: 11.5755 }), 'at 48.13740, 11.57550');
  assert.match(String(await control.apply({ t: 'vehicle', latitude: 48.1502, longitude: 11.5800 })), /^at 48\.15020, 11\.58000 \(\d+ m off the simulated route; it drives the route's shape from there\)$/);
  const placed = session.vehicle.model.snapshot();
  assert.deepStrictEqual([placed.latitude.toFixed(5), placed.longitude.toFixed(5)], ['48.15020', '11.58000']);
  assert.deepStrictEqual(
    await Promise.all([
      control.apply({ t: 'vehicle', socPercent: 120 }),
      control.apply({ t: 'vehicle', latitude: 48 }),
      control.apply({ t: 'vehicle', latitude: 95, longitude: 11 }),
      control.apply({ t: 'vehicle' }),
    ]),
    [
      'refused: socPercent must be a number from 0 to 100',
      'refused: a position needs both latitude and longitude',
      'refused: latitude must be a number from -90 to 90',
      'refused: vehicle needs socPercent or latitude and longitude',
    ],
  );
});

test('the voice box and following the navigation route', async (t) => {
  const { services } = fakeServices(true);
  const session = simulatedSession(services);
  const control = new SimulatorControl(hostOf(session).host, new Map());
  t.after(() => control.close());
  assert.deepStrictEqual(
    await Promise.all([control.apply({ t: 'say', text: 'find a charger' }), control.apply({ t: 'say', text: 'sing' }), control.apply({ t: 'say', text: ' ' }), control.apply({ t: 'follow', on: false })]),
    ['heard "find a charger": Charging: findCharger', 'heard "sing": not understood: no command matches (nothing done)', 'refused: say needs text (1 to 200 characters)', 'the car drives its own loop'],
  );
  assert.equal(control.status().following, false);
});

test('a scenario file loaded from the panel sets its starting state of charge', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-control-'));
  const { services } = fakeServices(true);
  const session = simulatedSession(services);
  const control = new SimulatorControl(hostOf(session).host, new Map());
  t.after(() => {
    control.close();
    rmSync(folder, { recursive: true, force: true });
  });
  const file = join(folder, 'low.yaml');
  writeFileSync(file, 'description: nearly empty\nstartSocPercent: 7\nsegments:\n  - { durationS: 30, gear: P }\n');
  assert.equal(await control.apply({ t: 'scenario', name: file }), 'scenario nearly empty');
  assert.equal(session.vehicle.timeline.state.duration, 30);
  assert.ok(Math.abs(session.vehicle.model.snapshot().displayedSocPercent - 7) < 1e-9);
});

test('switching the vehicle source: said when done, refused with the reason when not', async (t) => {
  const { services } = fakeServices(true);
  const ok = hostOf(simulatedSession(services));
  const failing = hostOf(simulatedSession(services), 'pcan.dbc:12: expected a signal line, found "SG_ broken"');
  const control = new SimulatorControl(ok.host, new Map());
  const refused = new SimulatorControl(failing.host, new Map());
  t.after(() => {
    control.close();
    refused.close();
  });
  const replay = { kind: 'replay', log: '/logs/kona.log', dbc: '/dbc/pcan.dbc', channel: 'can0' } as const;
  assert.equal(await control.apply({ t: 'source', source: replay }), 'now replaying kona.log decoded with pcan.dbc (can0); the head unit restarted');
  assert.deepStrictEqual([control.status().session, control.status().source], [2, replay]);
  assert.equal(await refused.apply({ t: 'source', source: replay }), 'refused: pcan.dbc:12: expected a signal line, found "SG_ broken"');
  assert.equal(refused.status().session, 1);
  assert.deepStrictEqual(
    await Promise.all([control.apply({ t: 'source', source: { kind: 'replay', log: 'x.log' } }), control.apply({ t: 'source', source: { kind: 'replay', log: '' } }), control.apply({ t: 'source', source: { kind: 'tape' } })]),
    ['refused: A replay needs the DBC that decodes it: give its path', 'refused: A replay needs the CAN log and the DBC that decodes it: give both paths', 'refused: source must be {kind: "simulator"} or {kind: "replay", log, dbc}'],
  );
  assert.equal(await control.apply({ t: 'source', source: { kind: 'simulator' } }), 'now simulating the simulated EV; the head unit restarted');
});
