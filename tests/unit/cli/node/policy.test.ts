import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Storage } from '../../../../services/node/storage/database.js';
import { sql } from '../../../../services/node/storage/sql.js';
import { freshDataDir, jsonLines, runCli } from '../../../support/cli.js';
import { fixturePath } from '../../../support/fixtures.js';
import { NO_VEHICLE_DATA, repoPath, vehicleData } from '../../../support/paths.js';
import { formatCandumpLine } from '../../../../vehicle-bus/common/candump.js';
import { DEFAULT_ROUTE, Route } from '../../../../vehicle-bus/common/sim/route.js';
import { Simulation } from '../../../../vehicle-bus/common/sim/simulator.js';
import { scenarioTimeline, validateScenario } from '../../../../vehicle-bus/common/sim/timeline.js';
import { loadDbcCodec } from '../../../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping } from '../../../../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../../../../vehicle-bus/node/projectFiles.js';

interface Line {
  t: number;
  drivingState: string;
  band: string | null;
  flags: string[];
  params: Record<string, number | null>;
}

const CITY_LOOP = repoPath('vehicle-bus', 'data', 'scenarios', 'city-loop.json');

describe('glovebox policy', () => {
  test('validate: a good file is valid (exit 0); a bad one lists every problem (exit 1)', async () => {
    const good = await runCli(['policy', 'validate', fixturePath('safety', 'acme-eu.json')]);
    const bad = await runCli(['policy', 'validate', fixturePath('safety', 'broken.json')]);
    assert.deepStrictEqual(
      [good.code, good.stdout.trim().split(': ').pop(), bad.code, bad.stderr.trim().split('\n').map((line) => line.replace(`${fixturePath('safety', 'broken.json')}: `, ''))],
      [
        0,
        'valid (Acme EU head unit, bands LOW≥0 MEDIUM≥30 HIGH≥80 km/h)',
        1,
        ['/extends: expected must be equal to one of the allowed values (US_NHTSA, EU_ESOP, JP_JAMA, GLOBAL_STRICT), found "EU"', 'invalid; a head unit given this file runs fully restricted'],
      ],
    );
  });

  test('simulate the city loop under EU_ESOP: parked, idling, the bands up and down, reverse, parked', async () => {
    const run = await runCli(['policy', 'simulate', '--policy', 'EU_ESOP', '--cycle', CITY_LOOP]);
    const lines = jsonLines(run.stdout) as Line[];
    assert.deepStrictEqual(
      lines.map((line) => `${line.t} ${line.drivingState}${line.band ? `(${line.band})` : ''}`),
      ['0 UNKNOWN', '2 PARKED', '6 IDLING', '8.8 MOVING(LOW)', '16 MOVING(MEDIUM)', '38.62 MOVING(LOW)', '43.42 IDLING', '57.6 MOVING(LOW)', '63 MOVING(MEDIUM)', '113.4 MOVING(LOW)', '131.28 MOVING(MEDIUM)', '191.02 MOVING(LOW)', '195.46 IDLING', '198 MOVING(LOW)', '207.02 IDLING', '208 PARKED'],
    );
    assert.deepStrictEqual([lines[2]?.flags, run.code], [['NO_VIDEO'], 0]);
    assert.match(run.stderr, /^time in each state \(216\.0 s\): UNKNOWN 2\.0 s, PARKED 12\.0 s, IDLING 20\.5 s, MOVING\(LOW\) 48\.7 s, MOVING\(MEDIUM\) 132\.8 s$/m);
  });

  test('a category adds its restrictions (food ordering while moving: favourites only, depth 2)', async () => {
    const run = await runCli(['policy', 'simulate', '--policy', 'US_NHTSA', '--cycle', fixturePath('vehicle-bus', 'short-cycle.csv'), '--category', 'food_ordering']);
    const moving = (jsonLines(run.stdout) as Line[]).find((line) => line.drivingState === 'MOVING');
    assert.deepStrictEqual([moving?.flags.includes('FAVOURITES_ONLY'), moving?.params['maxContentDepth']], [true, 2]);
  });

  test('a policy that cannot be read: reported, and the whole run fully restricted, even parked (exit 1)', async () => {
    const run = await runCli(['policy', 'simulate', '--policy', fixturePath('safety', 'broken.json'), '--cycle', fixturePath('vehicle-bus', 'short-cycle.csv')]);
    const lines = jsonLines(run.stdout) as Line[];
    assert.equal(run.code, 1);
    assert.match(run.stderr, /broken\.json: \/extends: expected must be equal to one of the allowed values .*\nglovebox: running fully restricted/);
    assert.deepStrictEqual(new Set(lines.map((line) => line.flags.length)), new Set([14]));
    assert.ok(lines.some((line) => line.drivingState === 'PARKED'));
  });

  for (const cycle of ['wltc_3b', 'udds', 'hwfet', 'us06']) {
    test(`${cycle}: never PARKED while the car moves; stops at lights are IDLING; every second accounted for`, { skip: NO_VEHICLE_DATA }, async () => {
      const csv = vehicleData('drive_cycles', `${cycle}.csv`);
      const run = await runCli(['policy', 'simulate', '--policy', 'US_NHTSA', '--cycle', csv]);
      const lines = jsonLines(run.stdout) as Line[];
      const parkedDuringCycle = lines.filter((line) => line.drivingState === 'PARKED' && line.t > 5 && line.t < lines[lines.length - 1]!.t);
      const summary = /time in each state \(([\d.]+) s\)/.exec(run.stderr);
      assert.deepStrictEqual(
        { code: run.code, parkedDuringCycle, idles: lines.some((line) => line.drivingState === 'IDLING'), lastState: lines[lines.length - 1]?.drivingState },
        { code: 0, parkedDuringCycle: [], idles: true, lastState: 'PARKED' },
      );
      assert.ok(summary, run.stderr);
    });
  }

  test('--audit records the transitions in the SQLite file of the data directory', async (t) => {
    const folder = freshDataDir(t);
    const run = await runCli(['policy', 'simulate', '--policy', 'EU_ESOP', '--cycle', CITY_LOOP, '--audit']);
    const storage = new Storage(join(folder, 'glovebox.sqlite'));
    const transitions = storage.all<{ to: string }>(sql`SELECT driving_state AS "to" FROM safety_audit WHERE kind = ${'transition'} ORDER BY id`).map((row) => row.to);
    storage.close();
    assert.match(run.stderr, /audit: 15 rows in .*glovebox\.sqlite/);
    assert.deepStrictEqual(transitions.slice(0, 4), ['PARKED', 'IDLING', 'MOVING(LOW)', 'MOVING(MEDIUM)']);
  });

  // Gear P comes 18 ms before the first wheel speed: for those 18 ms the evidence is "P without a
  // speed" (the strictest band), so the dwell from boot relaxes to it first, and to PARKED once
  // P with a speed of 0 has held for the dwell too (ADR 0006).
  test('the real Kona log (gear P, wheel speed 0) reads PARKED once the boot dwell has passed', { skip: NO_VEHICLE_DATA }, async () => {
    const run = await runCli(['policy', 'simulate', '--policy', 'US_NHTSA', '--dbc', vehicleData('dbc', 'hyundai_kona_ev', 'pcan.dbc'), '--log', vehicleData('logs', 'kona_ev_2019_power_off_on_ready_off.candump.log'), '--channel', 'can0']);
    assert.deepStrictEqual(
      (jsonLines(run.stdout) as Line[]).map((line) => `${line.t} ${line.drivingState}`),
      ['0 UNKNOWN', '2.001 MOVING', '2.0178 PARKED'],
    );
  });

  test('fault drive: one frame stamped 10^6 s ahead while parked is dropped with its line; the drive after it is not PARKED', async (t) => {
    const folder = mkdtempSync(join(tmpdir(), 'glovebox-future-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const codec = loadDbcCodec(SIMULATOR_DBC);
    const scenario = { description: 'parked, then a drive', segments: [{ durationS: 6, gear: 'P' }, { durationS: 30, gear: 'D', speedKmh: [0, 50] }, { durationS: 60, gear: 'D', speedKmh: 50 }] };
    const simulation = new Simulation({ timeline: scenarioTimeline(validateScenario(scenario, 'test')), codec, mapping: findShippedMapping(codec.database), route: new Route(DEFAULT_ROUTE) });
    const lines: string[] = [];
    for (const { frame } of simulation.run()) {
      lines.push(formatCandumpLine(frame));
      // Parked, one frame of the next message comes stamped a million seconds ahead.
      if (lines.length === 40) lines.push(formatCandumpLine({ ...frame, timestamp: frame.timestamp + 1e6 }));
    }
    const log = join(folder, 'future.log');
    writeFileSync(log, `${lines.join('\n')}\n`);
    const run = await runCli(['policy', 'simulate', '--policy', 'US_NHTSA', '--dbc', SIMULATOR_DBC, '--log', log]);
    const states = jsonLines(run.stdout) as Line[];
    assert.match(run.stderr, /timestamp-jump: 1 \(line 41: timestamp 1000\d+(\.\d+)? jumps forwards/);
    assert.ok(states.some((line) => line.drivingState === 'MOVING' && line.t > 6), 'the drive after the bad frame is seen');
    assert.deepStrictEqual(states.filter((line) => line.drivingState === 'PARKED' && line.t > 6.5).map((line) => line.t), []);
  });

  test('a log whose only problem is a line that is not a frame is reported and exits 1, as bus state does', async (t) => {
    const folder = mkdtempSync(join(tmpdir(), 'glovebox-badline-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const log = join(folder, 'one-bad-line.log');
    writeFileSync(log, '(1.000000) can0 064#1400000000000000\nnot a frame\n(1.100000) can0 064#1400000000000000\n');
    const args = ['--dbc', fixturePath('vehicle-bus', 'features.dbc'), '--mapping', fixturePath('vehicle-bus', 'features-mapping.json'), '--log', log];
    const [policy, state] = await Promise.all([runCli(['policy', 'simulate', '--policy', 'US_NHTSA', ...args]), runCli(['bus', 'state', ...args])]);
    assert.deepStrictEqual([policy.code, state.code], [1, 1]);
    assert.match(policy.stderr, /malformed-line: 1 \(line 2: /);
  });

  test('policy --help and usage errors', async () => {
    const runs = await Promise.all([['policy', '--help'], ['policy', 'simulate', '--help'], ['policy', 'simulate', '--cycle', CITY_LOOP], ['policy', 'simulate', '--policy', 'US_NHTSA', '--log', 'x.log'], ['policy', 'frobnicate']].map((args) => runCli(args)));
    assert.deepStrictEqual(
      runs.map((run) => [run.code, (run.code === 0 ? run.stdout : run.stderr).split('\n')[0]]),
      [
        [0, 'Usage: glovebox policy <validate|simulate> [options]'],
        [0, 'Usage: glovebox policy simulate --policy FILE|PRESET (--cycle FILE | --log FILE --dbc FILE) [options]'],
        [2, 'glovebox: --policy is required'],
        [2, 'glovebox: --log needs --dbc'],
        [2, 'glovebox: unknown policy command "frobnicate"'],
      ],
    );
  });
});
