import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditEvent } from '../../../../safety/common/engine.js';
import { PolicyEngine } from '../../../../safety/common/engine.js';
import { SELECTED_GEAR, SPEED } from '../../../../safety/common/estimator.js';
import { CATEGORIES, DISPLAYS } from '../../../../safety/common/policy.js';
import type { Policy } from '../../../../safety/common/policy.js';
import { ruleToSet } from '../../../../safety/common/policy.js';
import { EU_ESOP, PRESETS, US_NHTSA } from '../../../../safety/common/presets.js';
import { flagList, FULLY_RESTRICTED, isAtLeastAsStrict } from '../../../../safety/common/restrictions.js';
import { VehicleState } from '../../../../vehicle-bus/common/vss/vehicleState.js';
import { D, P } from '../../../support/vehicle.js';

function setup(policy: Policy | undefined) {
  const state = new VehicleState();
  const engine = new PolicyEngine(policy, (path) => state.get(path), 0);
  const events: AuditEvent[] = [];
  engine.onAudit((event) => events.push(event));
  const at = (time: number, gear: number, speed: number) => {
    state.set(SELECTED_GEAR, gear, time);
    state.set(SPEED, speed, time);
    state.advance(time);
    return engine.evaluate(time);
  };
  return { engine, events, at };
}

describe('policy engine', () => {
  test('every preset is monotone: each state at least as strict as the one below it, UNKNOWN strictest', () => {
    for (const [name, policy] of Object.entries(PRESETS)) {
      for (const display of DISPLAYS) {
        const ladder = [policy.restrictions.PARKED, policy.restrictions.IDLING, ...policy.estimator.bands.map((band) => policy.restrictions.MOVING[band.name])].map((rules) => ruleToSet(rules?.[display] ?? {}));
        ladder.push(FULLY_RESTRICTED);
        ladder.forEach((set, index) => {
          const below = ladder[index - 1];
          if (below) assert.ok(isAtLeastAsStrict(set, below), `${name} ${display}: step ${index} is looser than step ${index - 1}`);
        });
      }
    }
  });

  test('category overrides only tighten (food ordering: favourites only, depth 2, while moving)', () => {
    const { engine, at } = setup(US_NHTSA);
    for (let t = 0; t <= 3; t += 0.5) at(t, D, 50);
    const base = engine.restrictions('driver');
    const food = engine.restrictions('driver', 'food_ordering');
    assert.ok(isAtLeastAsStrict(food, base));
    assert.deepStrictEqual([food.flags.has('FAVOURITES_ONLY'), food.params.maxContentDepth, base.flags.has('FAVOURITES_ONLY')], [true, 2, false]);
    for (const category of CATEGORIES) assert.ok(isAtLeastAsStrict(engine.restrictions('driver', category), base), category);
  });

  test('the passenger display is not restricted while moving; UNKNOWN restricts every display', () => {
    const { engine, at } = setup(US_NHTSA);
    const unknown = [engine.restrictions('driver'), engine.restrictions('passenger')].map(flagList);
    for (let t = 0; t <= 3; t += 0.5) at(t, D, 50);
    assert.deepStrictEqual([unknown, flagList(engine.restrictions('passenger'))], [[flagList(FULLY_RESTRICTED), flagList(FULLY_RESTRICTED)], []]);
  });

  test('a config swap while moving waits until parked; then it applies', () => {
    const { engine, events, at } = setup(US_NHTSA);
    for (let t = 0; t <= 3; t += 0.5) at(t, D, 0);
    const idlingUs = flagList(engine.restrictions('driver'));
    assert.equal(engine.propose(EU_ESOP, 3, 'new config'), 'pending');
    for (let t = 3.5; t <= 5; t += 0.5) at(t, D, 0);
    const stillUs = flagList(engine.restrictions('driver'));
    for (let t = 5.5; t <= 8; t += 0.5) at(t, P, 0);
    assert.deepStrictEqual(
      { idlingUs: idlingUs.length > 5, sameWhileIdling: stillUs, active: engine.policy?.name, policyEvents: events.filter((event) => event.kind === 'policy').map((event) => (event.kind === 'policy' ? event.detail : '')) },
      { idlingUs: true, sameWhileIdling: idlingUs, active: 'EU_ESOP', policyEvents: ['EU_ESOP waits until parked: new config', 'EU_ESOP active: applied on parking'] },
    );
  });

  test('a config that could not be read restricts fully at once, even while moving', () => {
    const { engine, at } = setup(EU_ESOP);
    for (let t = 0; t <= 3; t += 0.5) at(t, D, 10);
    assert.equal(engine.propose(undefined, 3, 'policy.json: /extends: expected one of …'), 'applied');
    assert.deepStrictEqual(flagList(engine.restrictions('driver')), flagList(FULLY_RESTRICTED));
  });

  test('with no valid policy from the start, everything is fully restricted even when parked', () => {
    const { engine, at } = setup(undefined);
    for (let t = 0; t <= 5; t += 0.5) at(t, P, 0);
    assert.deepStrictEqual([engine.status.state, flagList(engine.restrictions('passenger'))], ['PARKED', flagList(FULLY_RESTRICTED)]);
  });

  test('transitions and refusals are audit events', () => {
    const { engine, events, at } = setup(US_NHTSA);
    for (let t = 0; t <= 3; t += 0.5) at(t, D, 40);
    engine.decide({ id: 'com.example.food', category: 'food_ordering' }, 'driver', 'play-video', {}, 3);
    engine.decide({ id: 'com.example.food', category: 'food_ordering' }, 'driver', 'open-page', { depth: 1 }, 3);
    assert.deepStrictEqual(
      events.map((event) => (event.kind === 'transition' ? `${event.from}→${event.to}` : event.kind === 'blocked' ? `${event.appId} ${event.action} ${event.modality}` : event.detail)),
      ['UNKNOWN→MOVING(MEDIUM)', 'com.example.food play-video denied'],
    );
  });
});
