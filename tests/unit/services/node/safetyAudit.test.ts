import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PolicyEngine } from '../../../../safety/common/engine.js';
import { SELECTED_GEAR, SPEED } from '../../../../safety/common/estimator.js';
import { US_NHTSA } from '../../../../safety/common/presets.js';
import { SafetyAuditLog } from '../../../../services/node/safetyAudit.js';
import { Storage } from '../../../../services/node/storage/database.js';
import { VehicleState } from '../../../../vehicle-bus/common/vss/vehicleState.js';
import { D, P } from '../../../support/vehicle.js';

test('transitions and blocked actions land in SQLite, newest first, queryable by kind', () => {
  const storage = new Storage(':memory:');
  const audit = new SafetyAuditLog(storage, 1000, () => 42);
  const state = new VehicleState();
  const engine = new PolicyEngine(US_NHTSA, (path) => state.get(path), 0);
  engine.onAudit((event) => audit.record(event));
  const at = (time: number, gear: number, speed: number) => {
    state.set(SELECTED_GEAR, gear, time);
    state.set(SPEED, speed, time);
    engine.evaluate(time);
  };
  for (let t = 0; t <= 3; t += 0.5) at(t, P, 0);
  for (let t = 3.5; t <= 4; t += 0.5) at(t, D, 20);
  engine.decide({ id: 'com.example.eat', category: 'food_ordering' }, 'driver', 'add-payment-method', {}, 4);
  assert.deepStrictEqual(
    audit.recent().map((row) => [row.kind, row.from_state, row.driving_state, row.app_id, row.action, row.modality]),
    [
      ['blocked', null, 'MOVING(LOW)', 'com.example.eat', 'add-payment-method', 'denied'],
      ['transition', 'PARKED', 'MOVING(LOW)', null, null, null],
      ['transition', 'UNKNOWN', 'PARKED', null, null, null],
    ],
  );
  assert.deepStrictEqual(audit.recent({ kind: 'blocked' }).map((row) => row.reason), ['NO_NEW_PAYMENT_METHOD: add a payment method when parked']);
  storage.close();
});

test('the audit is bounded: the oldest rows go first', () => {
  const storage = new Storage(':memory:');
  const audit = new SafetyAuditLog(storage, 100);
  for (let i = 0; i < 1000; i += 1) audit.record({ kind: 'policy', at: i, detail: `event ${i}` });
  assert.deepStrictEqual([audit.count(), audit.recent({ limit: 1 })[0]?.reason, audit.recent({ limit: 100 }).pop()?.reason], [100, 'event 999', 'event 900']);
  storage.close();
});

test("this run's rows: a log opened on data with earlier runs can leave those out", () => {
  const storage = new Storage(':memory:');
  const earlier = new SafetyAuditLog(storage);
  earlier.record({ kind: 'policy', at: 1, detail: 'yesterday' });
  const today = new SafetyAuditLog(storage);
  today.record({ kind: 'policy', at: 2, detail: 'today' });
  assert.deepStrictEqual(today.recent({ sinceOpened: true }).map((row) => row.reason), ['today']);
  assert.deepStrictEqual(today.recent().map((row) => row.reason), ['today', 'yesterday']);
  storage.close();
});
