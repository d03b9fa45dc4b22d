import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { SIMULATOR_DBC } from '../../../../vehicle-bus/node/projectFiles.js';
import { COMMANDS } from '../../../../cli/node/glovebox.js';
import { jsonLines, runCli } from '../../../support/cli.js';
import { fixturePath } from '../../../support/fixtures.js';
import { NO_VEHICLE_DATA, repoPath, vehicleData } from '../../../support/paths.js';

const FEATURES_DBC = fixturePath('vehicle-bus', 'features.dbc');

describe('glovebox CLI', () => {
  test('every command has --help and exits 0 with it', async () => {
    const runs = await Promise.all([[], ...COMMANDS.map((command) => command.name.split(' ')), ['bus'], ['policy'], ['config'], ['voice']].map((words) => runCli([...words, '--help'])));
    assert.deepStrictEqual(
      runs.map((run) => [run.code, run.stdout.startsWith('Usage: glovebox')]),
      runs.map(() => [0, true]),
    );
  });

  test('usage errors exit 2 and show the command help', async () => {
    const runs = await Promise.all([['frobnicate'], ['bus', 'decode'], ['bus', 'decode', '--dbc', FEATURES_DBC, '--bogus'], ['bus', 'state', '--dbc', FEATURES_DBC], ['bus']].map((args) => runCli(args)));
    assert.deepStrictEqual(
      runs.map((run) => [run.code, run.stderr.split('\n')[0]]),
      [
        [2, 'glovebox: unknown command "frobnicate"'],
        [2, 'glovebox: --dbc is required'],
        [2, "glovebox: Unknown option '--bogus'"],
        [2, 'glovebox: give exactly one of --log and --cycle'],
        [2, 'glovebox: bus needs a subcommand'],
      ],
    );
  });

  test('bus decode: JSON lines on stdin in, one JSON line per frame out, labels and exact big numbers', async () => {
    const input = [
      '{"id":100,"data":"1400000000000000"}',
      '{"id":1024,"extended":true,"data":"FFFFFFFFFFFFFFFF"}',
      '{"id":104,"data":"' + '03' + '00'.repeat(63) + '"}',
      '{"id":2047,"data":"00"}',
      'not json',
      '{"id":100,"data":"XYZ"}',
    ].join('\n');
    const run = await runCli(['bus', 'decode', '--dbc', FEATURES_DBC], input);
    assert.deepStrictEqual(jsonLines(run.stdout), [
      { id: 100, message: 'Intel', signals: { Unsigned12: 0, Signed7: 0, Flag: 'Clear', Wide40: 0 } },
      { id: 1024, message: 'Extended64', signals: { Everything: '18446744073709551615' } },
      { id: 104, message: 'Fd', signals: { Last: 0, Gear: 'D' } },
      { id: 2047, error: 'no message 0x7FF in ' + FEATURES_DBC },
      { line: 5, error: 'line 5: expected a JSON object like {"id":291,"data":"DEADBEEF"}, found not json' },
      { line: 6, error: 'line 6: "data" must be hex bytes (up to 64), found "XYZ"' },
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /3 of 4 frames decoded; problems:\n {2}bad-input-line: 2 \(line 5: .*\n {2}unknown-id: 1 \(line 4: /);
    assert.match(run.stderr, /warning: .*features\.dbc:50:5: CM_ statement skipped/);
  });

  test('bus decode --log: bad lines become error lines in place; the summary counts every kind', async () => {
    const run = await runCli(['bus', 'decode', '--dbc', FEATURES_DBC, '--log', fixturePath('vehicle-bus', 'sample.candump.log'), '--channel', 'can0']);
    const lines = jsonLines(run.stdout) as Array<Record<string, unknown>>;
    assert.deepStrictEqual(
      lines.map((line) => (line['error'] ? `error@${String(line['line'] ?? line['id'])}` : line['message'])),
      ['Intel', 'Motorola', 'Extended64', 'error@4', 'error@2047', 'error@6', 'error@7', 'error@8', 'Intel', 'error@100', 'Fd', 'error@100', 'error@13', 'error@103', 'Multiplexed'],
    );
    assert.equal(run.code, 1);
  });

  test('a broken DBC stops with file:line:column and exit 1 (an input with problems); a missing one is a usage error', async () => {
    const missing = await runCli(['bus', 'decode', '--dbc', fixturePath('vehicle-bus', 'no-such.dbc')], '');
    assert.equal(missing.code, 2);
    const run = await runCli(['bus', 'decode', '--dbc', fixturePath('vehicle-bus', 'sample.candump.log')], '');
    assert.deepStrictEqual([run.code, run.stderr.trim()], [1, `glovebox: ${fixturePath('vehicle-bus', 'sample.candump.log')}:1:22: expected a DBC keyword, name, number, string or punctuation, found "#"`]);
  });

  test('bus state --cycle: the simulated drive streams VSS changes, relative time, mapping found by content', async () => {
    const run = await runCli(['bus', 'state', '--dbc', SIMULATOR_DBC, '--cycle', fixturePath('vehicle-bus', 'short-cycle.csv')]);
    const lines = jsonLines(run.stdout) as Array<{ t: number; path: string; value: unknown; valid: boolean }>;
    const gear = lines.filter((line) => line.path.endsWith('SelectedGear')).map((line) => [line.t, line.value]);
    const topSpeed = Math.max(...lines.filter((line) => line.path === 'Vehicle.Speed').map((line) => line.value as number));
    assert.deepStrictEqual({ code: run.code, gear, topSpeed, invalid: lines.filter((line) => !line.valid).length }, { code: 0, gear: [[0, 126], [5, 127], [65.05, 126]], topSpeed: 49.68, invalid: 0 });
  });

  test('bus state --log on the Kona log, with the mapping left out', { skip: NO_VEHICLE_DATA }, async () => {
    const run = await runCli(['bus', 'state', '--dbc', vehicleData('dbc', 'hyundai_kona_ev', 'pcan.dbc'), '--log', vehicleData('logs', 'kona_ev_2019_power_off_on_ready_off.candump.log'), '--channel', 'can0']);
    const ignition = (jsonLines(run.stdout) as Array<{ path: string; value: unknown }>).filter((line) => line.path === 'Vehicle.LowVoltageSystemState').map((line) => line.value);
    assert.deepStrictEqual({ code: run.code, ignition }, { code: 0, ignition: ['OFF', 'START', 'ON', 'OFF'] });
  });

  test('start runs the simulated vehicle and shows its live state', async () => {
    const run = await runCli(['start', '--terminal', '--speed', '1000', '--duration', '20']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Glovebox simulator: City loop/);
    assert.match(run.stdout, /Vehicle\.Powertrain\.Transmission\.SelectedGear\s+127\s+ok/);
    assert.match(run.stdout, /Vehicle\.Speed\s+\d+\.\d km\/h\s+ok/);
    assert.match(run.stdout, /Vehicle\.Powertrain\.Range\s+\d+\.\d km\s+ok/);
  });

  test('the installed bin runs as a program (shebang, exit status)', () => {
    const run = spawnSync(process.execPath, [repoPath('build', 'cli', 'node', 'glovebox.js'), 'bus', 'decode', '--dbc', FEATURES_DBC], { input: '{"id":101,"data":"1234000000000000"}\n', encoding: 'utf8' });
    assert.deepStrictEqual([run.status, run.stdout], [0, '{"id":101,"message":"Motorola","signals":{"Word":4660,"Signed11":0,"Nibble":0}}\n']);
  });
});
