import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { D, Drive, N, P, R } from '../../../support/vehicle.js';

describe('driving-state estimator', () => {
  test('boot with no data is UNKNOWN, and stays so while nothing arrives', () => {
    const drive = new Drive();
    drive.silence(0, 30);
    assert.deepStrictEqual(drive.transitions, ['0 UNKNOWN']);
  });

  test('a bench rig may boot PARKED when configured so', () => {
    const drive = new Drive({ bootState: 'PARKED' });
    assert.equal(drive.estimator.status.state, 'PARKED');
  });

  test('gear P parks (after the dwell from boot); D at standstill idles at once; speed moves at once, by band', () => {
    // Accelerations here are beyond a car's; plausibility is tested on its own below.
    const drive = new Drive({ maxAccelerationKmhPerS: 10_000 });
    drive.hold(0, 3, { gear: P, speed: 0 });
    drive.hold(3.1, 4, { gear: D, speed: 0 });
    drive.at(4.1, { gear: D, speed: 10 });
    drive.at(4.2, { gear: D, speed: 35 });
    drive.at(4.3, { gear: D, speed: 120 });
    assert.deepStrictEqual(drive.transitions, ['0 UNKNOWN', '2 PARKED', '3.1 IDLING', '4.1 MOVING(LOW)', '4.2 MOVING(MEDIUM)', '4.3 MOVING(HIGH)']);
  });

  test('reverse and negative speeds count as moving', () => {
    const drive = new Drive({ bootState: 'PARKED' });
    assert.deepStrictEqual([drive.at(0, { gear: R, speed: -8 }).state, drive.at(0.1, { gear: R, speed: -8 }).band], ['MOVING', 'LOW']);
  });

  test('NaN, out-of-range and implausible jumps are invalid: the strictest band while in gear', () => {
    const drive = new Drive();
    drive.hold(0, 3, { gear: D, speed: 20 });
    const nan = drive.at(3.1, { gear: D, speed: Number.NaN });
    const fast = drive.at(3.2, { gear: D, speed: 400 });
    const jump = drive.at(3.3, { gear: D, speed: 150 });
    assert.deepStrictEqual(
      [nan, fast, jump].map((status) => [status.state, status.band, status.reason.split(':')[0]]),
      [
        ['MOVING', 'HIGH', 'speed NaN is not a number'],
        ['MOVING', 'HIGH', 'speed 400 km/h is beyond 300'],
        ['MOVING', 'HIGH', 'speed jumped from 20.0 to 150.0 km/h'],
      ],
    );
  });

  test('a speed refused as a jump is believed once enough time has passed for a car to reach it', () => {
    const drive = new Drive();
    drive.hold(0, 3, { gear: D, speed: 20 });
    drive.at(3.1, { gear: D, speed: 70 });
    const refused = drive.estimator.status.reason;
    // 50 km/h in 0.1 s is a jump; by t = 4.1 (1.1 s after the last believed sample) it is possible,
    // and the band relaxes from the strictest after the dwell.
    drive.hold(4.1, 6.2, { gear: D, speed: 70 });
    assert.deepStrictEqual([refused.startsWith('speed jumped'), drive.transitions.slice(-2)], [true, ['3.1 MOVING(HIGH)', '6.1 MOVING(MEDIUM)']]);
  });

  test('losing the speed signal while moving goes to the strictest band at once; losing gear too is UNKNOWN', () => {
    const drive = new Drive();
    drive.hold(0, 3, { gear: D, speed: 40 });
    const lost = drive.at(3.1, { gear: D, speed: 'invalid' });
    const both = drive.at(3.2, { gear: 'invalid' });
    assert.deepStrictEqual([`${lost.state}(${lost.band})`, both.state], ['MOVING(HIGH)', 'UNKNOWN']);
  });

  test('signal drop-out: a speed that goes stale while moving is the strictest band; it relaxes only after the dwell once back', () => {
    const drive = new Drive({}, 300);
    drive.hold(0, 3, { gear: D, speed: 40 });
    drive.hold(3.1, 4, { gear: D }); // Gear keeps coming; speed frames stop.
    drive.hold(4.1, 7, { gear: D, speed: 40 });
    assert.deepStrictEqual(drive.transitions, ['0 UNKNOWN', '2 MOVING(MEDIUM)', '3.4 MOVING(HIGH)', '6.1 MOVING(MEDIUM)']);
  });

  test('a dead speed sensor: no band is lowered while in gear, and P without a speed does not park (ADR 0006)', () => {
    const drive = new Drive();
    drive.hold(0, 3, { gear: D, speed: 40 });
    drive.hold(3.1, 8, { gear: D, speed: 'invalid' });
    drive.hold(8.1, 20, { gear: P, speed: 'invalid' });
    assert.deepStrictEqual(drive.transitions, ['0 UNKNOWN', '2 MOVING(MEDIUM)', '3.1 MOVING(HIGH)']);
    // The sensor answers again with a standstill: parked one dwell later.
    drive.hold(20.1, 23, { gear: P, speed: 0 });
    assert.deepStrictEqual(drive.transitions.slice(3), ['22.1 PARKED']);
  });

  test('a stale gear at standstill is IDLING, never PARKED', () => {
    const drive = new Drive({}, 300);
    drive.hold(0, 3, { gear: P, speed: 0 });
    drive.hold(3.1, 8, { speed: 0 }); // Gear frames stop; speed stays valid.
    assert.deepStrictEqual(drive.transitions, ['0 UNKNOWN', '2 PARKED', '3.4 IDLING']);
  });

  test('speed jitter around a band edge does not flap: hysteresis down, dwell before relaxing', () => {
    const drive = new Drive();
    drive.hold(0, 2, { gear: D, speed: 25 });
    for (let i = 0; i < 100; i += 1) drive.at(2.1 + i * 0.1, { gear: D, speed: i % 2 === 0 ? 31 : 28.5 });
    drive.hold(12.2, 16, { gear: D, speed: 26 });
    assert.deepStrictEqual(drive.transitions, ['0 UNKNOWN', '2 MOVING(LOW)', '2.1 MOVING(MEDIUM)', '14.2 MOVING(LOW)']);
  });

  test('manual transmission: parking brake, neutral and stationary park; with the brake wire missing it never parks', () => {
    const manual = new Drive({ transmission: 'manual' });
    manual.hold(0, 3, { gear: N, speed: 0, brake: true });
    const noBrakeWire = new Drive({ transmission: 'manual' });
    noBrakeWire.hold(0, 10, { gear: N, speed: 0 });
    assert.deepStrictEqual([manual.estimator.status.state, noBrakeWire.estimator.status.state], ['PARKED', 'IDLING']);
  });

  test('a parked car whose bus falls silent stays PARKED; a moving one whose bus falls silent is UNKNOWN', () => {
    const parked = new Drive({}, 300);
    parked.hold(0, 3, { gear: P, speed: 0, power: 'ON' });
    parked.silence(3.1, 600, 1);
    const moving = new Drive({}, 300);
    moving.hold(0, 3, { gear: D, speed: 50 });
    moving.silence(3.1, 10, 0.1);
    assert.deepStrictEqual([parked.transitions, moving.estimator.status.state], [['0 UNKNOWN', '2 PARKED'], 'UNKNOWN']);
  });

  test('a car switched off after a seen standstill is PARKED; switched off with no standstill ever seen is not', () => {
    const asleep = new Drive({}, 300);
    asleep.hold(0, 3, { gear: P, speed: 0, power: 'ON' });
    asleep.hold(3.1, 30, { power: 'OFF' }); // The speed and gear frames stop; the body says OFF.
    const neverSeen = new Drive();
    neverSeen.hold(0, 30, { power: 'OFF' });
    assert.deepStrictEqual([asleep.transitions, neverSeen.estimator.status.state, neverSeen.estimator.status.band], [['0 UNKNOWN', '2 PARKED'], 'MOVING', 'HIGH']);
  });

  // Issue 17's fault drives: the evidence says "we no longer know", never "stopped".
  test('fault drive: speed frames stop in D while the low-voltage state reads OFF: strictest band, never PARKED', () => {
    const drive = new Drive({}, 300);
    drive.hold(0, 5, { gear: D, speed: 50, power: 'ON' });
    drive.hold(5.1, 60, { gear: D, power: 'OFF' });
    const glitch = new Drive({}, 300);
    glitch.hold(0, 5, { gear: D, speed: 50, power: 'ON' });
    glitch.hold(5.1, 60, { gear: P, power: 'OFF' }); // The gear glitches to P too.
    assert.deepStrictEqual([drive.transitions, glitch.transitions], [
      ['0 UNKNOWN', '2 MOVING(MEDIUM)', '5.4 MOVING(HIGH)'],
      ['0 UNKNOWN', '2 MOVING(MEDIUM)', '5.4 MOVING(HIGH)'],
    ]);
  });

  test('fault drive: the speed marked invalid while the state reads LOCK, in D: strictest band, never PARKED', () => {
    const drive = new Drive();
    drive.hold(0, 5, { gear: D, speed: 20, power: 'ON' });
    drive.hold(5.1, 60, { gear: D, speed: 'invalid', power: 'LOCK' });
    assert.deepStrictEqual(drive.transitions, ['0 UNKNOWN', '2 MOVING(LOW)', '5.1 MOVING(HIGH)']);
    assert.match(drive.estimator.status.reason, /speed unavailable/);
  });

  test('fault drive: speed frames stop and the gear glitches to P at 30 km/h: strictest band, never PARKED', () => {
    const drive = new Drive({}, 300);
    drive.hold(0, 5, { gear: D, speed: 30, power: 'ON' });
    drive.hold(5.1, 60, { gear: P, power: 'ON' });
    assert.deepStrictEqual(drive.transitions, ['0 UNKNOWN', '2 MOVING(MEDIUM)', '5.4 MOVING(HIGH)']);
    assert.match(drive.estimator.status.reason, /gear P without a valid speed/);
  });

  test('motion seen in a valid speed wins over gear P (an implausible park)', () => {
    const drive = new Drive({ bootState: 'PARKED' });
    assert.equal(drive.at(0, { gear: P, speed: 25 }).state, 'MOVING');
  });

  test('a new subscriber hears the current state at once; the state is re-published on the heartbeat', () => {
    const drive = new Drive({ heartbeatMs: 1000 });
    drive.hold(0, 3, { gear: P, speed: 0 });
    const heard: string[] = [];
    drive.estimator.subscribe((status, heartbeat) => heard.push(`${status.state}${heartbeat ? ' (heartbeat)' : ''}`));
    drive.hold(3.1, 5.5, { gear: P, speed: 0 });
    assert.deepStrictEqual(heard, ['PARKED', 'PARKED (heartbeat)', 'PARKED (heartbeat)']);
  });
});
