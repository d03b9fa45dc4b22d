import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SignalState } from '../../../../../vehicle-bus/common/vss/vehicleState.js';
import { VehicleState } from '../../../../../vehicle-bus/common/vss/vehicleState.js';

function short(state: SignalState): string {
  return `${state.path}=${String(state.value)}${state.valid ? '' : state.stale ? ' stale' : ' invalid'}`;
}

describe('VehicleState', () => {
  test('a new subscriber gets the current state at once', () => {
    const state = new VehicleState();
    state.set('Vehicle.Speed', 30, 1);
    state.set('Vehicle.Powertrain.Range', 1000, 1);
    const batches: string[][] = [];
    state.subscribe((changes) => batches.push(changes.map(short)), { paths: ['Vehicle.Speed'] });
    assert.deepStrictEqual(batches, [['Vehicle.Speed=30']]);
  });

  test('a signal past its max age turns stale, and comes back with the next value', () => {
    const state = new VehicleState({ maxAgeMs: new Map([['Vehicle.Speed', 100]]) });
    const seen: string[] = [];
    state.subscribe((changes) => seen.push(...changes.map(short)));
    state.set('Vehicle.Speed', 30, 0);
    state.advance(0.1);
    state.advance(0.15);
    state.advance(0.2);
    state.set('Vehicle.Speed', 31, 0.3);
    assert.deepStrictEqual(seen, ['Vehicle.Speed=30', 'Vehicle.Speed=30 stale', 'Vehicle.Speed=31']);
  });

  test('coalescing delivers the latest value per interval, but a loss of validity at once', () => {
    const state = new VehicleState();
    const batches: string[][] = [];
    state.subscribe((changes) => batches.push(changes.map(short)), { minIntervalMs: 100 });
    for (let i = 0; i <= 10; i += 1) state.set('Vehicle.Speed', i, i * 0.02);
    state.invalidate('Vehicle.Speed', 0.21, 'SNA');
    // Eleven updates in 200 ms arrive as three batches; the invalidation 10 ms later is not held back.
    assert.deepStrictEqual(batches, [[], ['Vehicle.Speed=0'], ['Vehicle.Speed=5'], ['Vehicle.Speed=10'], ['Vehicle.Speed=10 invalid']]);
  });

  test('repeating the same value is not a change; touch keeps a signal alive silently', () => {
    const state = new VehicleState({ defaultMaxAgeMs: 100 });
    const seen: string[] = [];
    state.subscribe((changes) => seen.push(...changes.map(short)));
    state.set('Vehicle.Speed', 5, 0);
    state.set('Vehicle.Speed', 5, 0.05);
    state.touch('Vehicle.Speed', 0.12);
    state.advance(0.2);
    assert.deepStrictEqual(seen, ['Vehicle.Speed=5']);
  });

  test('the disposer unsubscribes: nothing is left listening', () => {
    const state = new VehicleState();
    let calls = 0;
    const dispose = state.subscribe(() => {
      calls += 1;
    });
    dispose();
    state.set('Vehicle.Speed', 1, 0);
    assert.deepStrictEqual({ calls, subscribers: state.subscriberCount }, { calls: 1, subscribers: 0 });
  });
});
