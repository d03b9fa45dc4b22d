import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Action } from '../../../../safety/common/decisions.js';
import { ACTIONS, decide } from '../../../../safety/common/decisions.js';
import type { DrivingStatus } from '../../../../safety/common/estimator.js';
import { ruleToSet } from '../../../../safety/common/policy.js';
import { US_NHTSA } from '../../../../safety/common/presets.js';
import { FULLY_RESTRICTED, UNRESTRICTED } from '../../../../safety/common/restrictions.js';

const PARKED: DrivingStatus = { state: 'PARKED', band: null, reason: 'gear P', since: 0 };
const MOVING: DrivingStatus = { state: 'MOVING', band: 'MEDIUM', reason: 'speed 50 km/h', since: 0 };
const MOVING_SET = ruleToSet(US_NHTSA.restrictions.MOVING['MEDIUM']?.driver ?? {});
const PAYMENTS = US_NHTSA.payments;

describe('decisions', () => {
  test('parked: every action by touch', () => {
    assert.deepStrictEqual(
      ACTIONS.map((action) => decide(UNRESTRICTED, PARKED, action, {}, PAYMENTS).modality),
      ACTIONS.map(() => 'touch'),
    );
  });

  test('moving under US_NHTSA: what goes to voice, what waits until parked, what stays touch', () => {
    const modality = (action: Action) => decide(MOVING_SET, MOVING, action, { depth: 1, items: 3, characters: 20 }, PAYMENTS).modality;
    assert.deepStrictEqual(Object.fromEntries(ACTIONS.map((action) => [action, modality(action)])), {
      'open-page': 'touch',
      'browse-list': 'touch',
      'read-text': 'touch',
      'enter-text': 'voice',
      search: 'voice',
      dial: 'voice',
      'send-message': 'voice-confirm',
      'play-video': 'denied',
      'show-image': 'denied',
      'open-web-content': 'denied',
      'change-settings': 'denied',
      'enter-destination': 'voice',
      'pay-stored-method': 'voice-confirm',
      'add-payment-method': 'denied',
    });
  });

  test('payment while moving: stored method only, a short read-back, one confirmation, a timeout', () => {
    const readBack = 'Pay 23.40 euros to Pizza Roma, Via Appia 12, for two margheritas and a tiramisu with extra cream?';
    assert.deepStrictEqual(decide(MOVING_SET, MOVING, 'pay-stored-method', { readBack }, PAYMENTS), {
      action: 'pay-stored-method',
      modality: 'voice-confirm',
      reason: 'not parked (moving): stored method only, confirm by voice',
      preferVoice: false,
      confirmation: { readBack: readBack.slice(0, PAYMENTS.readBackMaxChars), timeoutMs: PAYMENTS.confirmTimeoutMs },
    });
  });

  test('limits: long lists are cut, long text is read aloud, deep pages and long tasks wait', () => {
    const results = [
      decide(MOVING_SET, MOVING, 'browse-list', { items: 40 }, PAYMENTS),
      decide(MOVING_SET, MOVING, 'read-text', { characters: 500 }, PAYMENTS),
      decide(MOVING_SET, MOVING, 'open-page', { depth: 4 }, PAYMENTS),
      decide(MOVING_SET, MOVING, 'browse-list', { stepsSoFar: 6 }, PAYMENTS),
    ].map((decision) => [decision.modality, decision.limit ?? null]);
    assert.deepStrictEqual(results, [['touch', 6], ['voice', 120], ['denied', null], ['denied', null]]);
  });

  test('with voice transcription ruled out too, text entry is refused rather than offered by voice', () => {
    const set = { flags: new Set([...FULLY_RESTRICTED.flags, 'NO_VOICE_TRANSCRIPTION' as const]), params: FULLY_RESTRICTED.params };
    assert.equal(decide(set, MOVING, 'enter-text', {}, PAYMENTS).modality, 'denied');
  });
});
