import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HeadUnitServices } from '../../../../services/node/headUnit.js';
import { SimulatorControl } from '../../../../sim/node/control.js';
import { ControlledTimeline } from '../../../../vehicle-bus/common/sim/controlledTimeline.js';

/** What the control reads of services, recorded. */
function fakeServices(parked: boolean) {
  const proposed: string[] = [];
  let display = 'driver';
  const services = {
    engine: {
      status: { state: parked ? 'PARKED' : 'MOVING', band: parked ? null : 'LOW' },
      policy: { name: 'EU_ESOP' },
      propose: (policy: { name: string }) => (proposed.push(policy.name), parked ? 'applied' : 'pending'),
    },
    bus: { state: { get: () => ({ valid: true, value: 42 }) } },
    audit: { recent: () => [] },
    setDisplay: (value: string) => (display = value),
    get displayMode() {
      return display;
    },
  };
  return { services: services as unknown as HeadUnitServices, proposed };
}

test('the panel’s commands: steering the timeline, presets as the car takes them, refusals by name, none while replaying', (t) => {
  const timeline = new ControlledTimeline({ description: 'ramp', duration: 10, at: () => ({ speedKmh: 0, gear: 'P', parkingBrake: false, chargeKw: 0 }) });
  const { services, proposed } = fakeServices(false);
  const control = new SimulatorControl(timeline, services, new Map([['city-loop', '/nowhere.json']]), () => 0);
  const replaying = new SimulatorControl(null, services, new Map(), () => 0);
  t.after(() => {
    control.close();
    replaying.close();
  });
  assert.deepStrictEqual(
    [
      control.apply({ t: 'hold', inputs: { gear: 'D', speedKmh: 40 } }),
      control.apply({ t: 'pause' }),
      control.apply({ t: 'seek', seconds: 4 }),
      control.apply({ t: 'preset', name: 'JP_JAMA' }),
      control.apply({ t: 'display', display: 'passenger' }),
      control.apply({ t: 'hold', inputs: { speedKmh: 900 } }),
      control.apply({ t: 'scenario', name: 'moon' }),
      control.apply('nonsense'),
      replaying.apply({ t: 'hold', inputs: { gear: 'D' } }),
      replaying.apply({ t: 'preset', name: 'US_NHTSA' }),
    ],
    [
      'holding {"speedKmh":40,"gear":"D"}',
      'paused',
      'at 4 s',
      'JP_JAMA waits until parked',
      "the UI is the passenger's screen",
      'refused: speedKmh must be a number from -250 to 250',
      'refused: no scenario moon (city-loop)',
      'refused: unknown command undefined',
      'refused: replaying a log; the vehicle cannot be steered',
      'US_NHTSA waits until parked',
    ],
  );
  assert.deepStrictEqual(proposed, ['JP_JAMA', 'US_NHTSA']);
  const status = control.status();
  assert.deepStrictEqual([status.position, status.playing, status.held, status.display, status.speedKmh, status.driving], [4, false, { gear: 'D', speedKmh: 40 }, 'passenger', 42, 'MOVING · LOW']);
});
