/** `glovebox config validate` and `config print`: exit codes, every problem on stderr, the effective config on stdout. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../../support/cli.js';
import { repoPath } from '../../../support/paths.js';

test('config validate: 0 for an example, 1 with every problem for a broken config, 2 without a file', async () => {
  const valid = await runCli(['config', 'validate', repoPath('docs', 'config', 'passenger-screen.yaml')]);
  assert.equal(valid.code, 0, valid.stderr);
  assert.match(valid.stdout, /passenger-screen\.yaml: valid \(Glovebox simulated EV, passenger screen; policy extends EU_ESOP; vehicle source simulator\)/);
  const broken = await runCli(['config', 'validate', repoPath('tests', 'fixtures', 'config', 'broken.yaml')]);
  assert.equal(broken.code, 1);
  assert.equal(broken.stderr.split('\n').filter((line) => /broken\.yaml:\d+:\d+: \//.test(line)).length, 13, broken.stderr);
  assert.match(broken.stderr, /13 problems; with this config the head unit starts fully restricted/);
  assert.equal((await runCli(['config', 'validate'])).code, 2);
});

test('config print: the effective config, defaults filled in and paths absolute', async () => {
  const printed = await runCli(['config', 'print', repoPath('docs', 'config', 'passenger-screen.yaml')]);
  assert.equal(printed.code, 0, printed.stderr);
  const config = JSON.parse(printed.stdout) as { performance: { prewarmPool: number; suspendAfterMs: number }; voice: { enabled: boolean; wakePhrase: string }; displays: Array<{ role: string }> };
  assert.equal(config.performance.prewarmPool, 1);
  assert.equal(config.performance.suspendAfterMs, 10_000, 'a default the file leaves out');
  assert.equal(config.voice.enabled, false);
  assert.equal(config.voice.wakePhrase, 'hey glovebox');
  assert.equal(config.displays[0]?.role, 'passenger');
  assert.equal((await runCli(['config', 'print', repoPath('tests', 'fixtures', 'config', 'syntax.json')])).code, 1);
});
