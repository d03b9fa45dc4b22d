/**
 * The OEM config file: defaults, the documented examples, a round trip through `config print`,
 * the generated types and editor schema kept current, and each kind of mistake reported with
 * its position, path, what was found, what is allowed and the likely fix (the messages are
 * compared with tests/fixtures/config/*.expected.txt).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Ajv } from 'ajv';
import { checkConfigText, defaultConfig, formatProblem, loadConfigFile } from '../../../../../services/node/config/configFile.js';
import { generatedSchema, generatedTypes, PUBLISHED_SCHEMA_FILE, TYPES_FILE } from '../../../../../scripts/generate.js';
import { PRESETS } from '../../../../../safety/common/presets.js';
import { NO_VEHICLE_DATA, repoPath } from '../../../../support/paths.js';

const FIXTURES = repoPath('tests', 'fixtures', 'config');
const EXAMPLES = repoPath('docs', 'config');

/** The messages for a fixture, with the fixture folder written as <fixtures>. */
function messages(name: string): string {
  const file = join(FIXTURES, name);
  return `${loadConfigFile(file)
    .problems.map((problem) => formatProblem(name, problem))
    .join('\n')
    .replaceAll(FIXTURES, '<fixtures>')}\n`;
}

describe('OEM config', () => {
  test('an empty file is the simulated EV: every default filled in, EU_ESOP', () => {
    const loaded = checkConfigText('', join(tmpdir(), 'empty.yaml'));
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.policy, PRESETS['EU_ESOP']);
    assert.deepEqual(loaded.config, defaultConfig());
    assert.equal(loaded.config.displays[0]?.role, 'driver');
    assert.equal(loaded.config.performance.prewarmPool, 2);
    assert.deepEqual(loaded.config.vehicle.source, { kind: 'simulator' });
  });

  test('docs/config/simulated-ev.yaml writes out exactly the defaults', () => {
    const loaded = loadConfigFile(join(EXAMPLES, 'simulated-ev.yaml'));
    assert.deepEqual(loaded.problems, []);
    const { $schema: _schema, ...config } = loaded.config as unknown as Record<string, unknown>;
    const defaults = defaultConfig();
    assert.deepEqual(config, { ...defaults, vehicle: { ...defaults.vehicle, source: { kind: 'simulator', scenario: 'city-loop' } } });
  });

  test('each example config in docs/config is valid', (context) => {
    for (const name of readdirSync(EXAMPLES).filter((file) => /\.ya?ml$/.test(file))) {
      if (name === 'tesla-model3.yaml' && NO_VEHICLE_DATA) {
        context.diagnostic(`${name} not checked: ${NO_VEHICLE_DATA}`);
        continue;
      }
      const loaded = loadConfigFile(join(EXAMPLES, name));
      assert.deepEqual(loaded.problems.map((problem) => formatProblem(name, problem)), [], name);
      assert.ok(loaded.policy, name);
    }
  });

  test('round trip: the printed effective config reads back as itself', () => {
    const folder = mkdtempSync(join(tmpdir(), 'glovebox-config-'));
    try {
      const first = loadConfigFile(join(EXAMPLES, 'passenger-screen.yaml'));
      const printed = join(folder, 'effective.json');
      writeFileSync(printed, JSON.stringify(first.config, null, 2));
      const second = loadConfigFile(printed);
      assert.deepEqual(second.problems, []);
      assert.deepEqual(second.config, first.config);
      assert.equal(second.config.displays[0]?.role, 'passenger');
      assert.deepEqual(second.config.apps.grants, { 'com.glovebox.navigation': ['scope.userLocation'] });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('the generated types and the editors\' schema are what the schema makes (npm run generate)', () => {
    assert.equal(readFileSync(TYPES_FILE, 'utf8'), generatedTypes(), 'services/common/config/oemConfig.ts is stale: npm run generate');
    assert.equal(readFileSync(PUBLISHED_SCHEMA_FILE, 'utf8'), generatedSchema(), 'docs/config/glovebox-config.schema.json is stale: npm run generate');
  });

  test('the editors\' one-file schema agrees with the head unit on the examples and on a broken config', () => {
    const validate = new Ajv({ allErrors: true, strict: false, discriminator: true }).compile(JSON.parse(readFileSync(PUBLISHED_SCHEMA_FILE, 'utf8')) as object);
    const yaml = (name: string): unknown => checkConfigText(readFileSync(join(EXAMPLES, name), 'utf8'), join(EXAMPLES, name)).config;
    assert.equal(validate(JSON.parse(JSON.stringify(yaml('passenger-screen.yaml')))), true, JSON.stringify(validate.errors));
    assert.equal(validate({ policy: { extends: 'EU_ESOP', estimator: { idleSpeedKmh: 99 } } }), false, 'the embedded policy schema is applied');
    assert.equal(validate({ voice: { engine: 'porcupin' } }), false);
  });

  test('every kind of mistake, at once, with position, path, found, expected and fix', () => {
    for (const name of ['broken.yaml', 'missing-files.json', 'bad-dbc.yaml', 'syntax.json', 'duplicate-key.yaml']) {
      const expected = readFileSync(join(FIXTURES, `${name.replace(/\.(yaml|json)$/, '')}.expected.txt`), 'utf8');
      assert.equal(messages(name), expected, name);
    }
  });

  test('a config with problems runs nothing permissive: no policy, defaults elsewhere', () => {
    const loaded = loadConfigFile(join(FIXTURES, 'broken.yaml'));
    assert.equal(loaded.policy, undefined);
    assert.deepEqual(loaded.config.performance, defaultConfig().performance);
  });

  test('hostile configs are refused with a problem, never a crash: aliases, merges, depth, size, 30,000 unknown keys', () => {
    const one = (text: string, file = 'hostile.yaml'): string => {
      const loaded = checkConfigText(text, file);
      assert.equal(loaded.policy, undefined, 'nothing permissive runs');
      return formatProblem(file, loaded.problems[0] ?? { at: '', path: '', found: 'no problem', expected: '' });
    };
    // A billion laughs: nine levels of nine aliases each.
    const laughs = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n');
    assert.match(one(laughs), /found 72 YAML aliases .*; expected at most 64 aliases/);
    const merges = ['m0: &m0 { x: 1 }', ...Array.from({ length: 2000 }, (_, i) => `m${i + 1}: &m${i + 1}\n  <<: *m${i}\n  y${i}: 1`)].join('\n');
    assert.match(one(merges), /found 2000 YAML aliases/);
    assert.match(one(`${'['.repeat(1000)}${']'.repeat(1000)}`, 'deep.json'), /found brackets nested more than 32 levels deep; expected at most 32 levels of nesting/);
    const blocks = Array.from({ length: 40 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    assert.match(one(`${blocks} 1`), /found nesting 40 levels deep; expected at most 32 levels of nesting/);
    assert.match(one(`# ${'x'.repeat(2 * 1024 * 1024)}\n`), /found 2097155 characters; expected a config of at most 1048576 characters/);
    const unknown = checkConfigText(Array.from({ length: 30_000 }, (_, i) => `field${i}: ${i}`).join('\n'), 'wide.yaml');
    assert.equal(unknown.problems.length, 30_000);
    assert.match(formatProblem('wide.yaml', unknown.problems[29_999] ?? { at: '', path: '', found: '', expected: '' }), /^wide\.yaml:30000:13: \/field29999: found the field "field29999"; expected one of the fields/);
  });

  test('another wake phrase needs a model trained for it: missing, for another phrase, or broken', () => {
    const folder = mkdtempSync(join(tmpdir(), 'glovebox-wake-'));
    try {
      const text = (lines: string): string => formatProblem('c.yaml', checkConfigText(`voice:\n${lines}`, join(folder, 'c.yaml')).problems[0] ?? { at: '', path: '', found: 'none', expected: '' });
      assert.match(text('  wakePhrase: hey volvo\n'), /\/voice\/wakeModel: found null; expected a wake-word model trained for "hey volvo" \(the shipped one hears "hey glovebox"\).*npm run train:wake -- --phrase "hey volvo"/);
      writeFileSync(join(folder, 'glovebox.json'), readFileSync(repoPath('voice', 'models', 'hey-glovebox.json')));
      assert.match(text('  wakePhrase: hey volvo\n  wakeModel: glovebox.json\n'), /\/voice\/wakeModel: found "glovebox.json" \(trained for "hey glovebox"\); expected a model trained for the wakePhrase "hey volvo"/);
      writeFileSync(join(folder, 'broken.json'), JSON.stringify({ format: 'glovebox-wake-head/1', phrase: 'hey volvo', steps: 16, dims: 96, hidden: 32, threshold: 0.5, b2: 0, mean: 'AAAA', scale: '', w1: '', b1: '', w2: '' }));
      assert.match(text('  wakePhrase: hey volvo\n  wakeModel: broken.json\n'), /\/voice\/wakeModel: found "broken.json" \(mean: expected 96 float32 values \(384 bytes\), found 3 bytes\); expected a wake-word model written by npm run train:wake/);
      assert.deepEqual(checkConfigText('voice:\n  wakeModel: glovebox.json\n', join(folder, 'c.yaml')).problems, []);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a file that cannot be read is a problem like any other', () => {
    const loaded = loadConfigFile(join(FIXTURES, 'no-such.yaml'));
    assert.equal(loaded.policy, undefined);
    assert.match(formatProblem('no-such.yaml', loaded.problems[0] ?? { at: '', path: '', found: '', expected: '' }), /no-such.yaml: \/: found no such file; expected a readable config file/);
  });
});
