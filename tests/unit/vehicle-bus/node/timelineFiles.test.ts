/**
 * Scenario files as testers write them: JSON or YAML, the same scenario either way, and a
 * mistake in a hand-written YAML file reported at its line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { TimelineError } from '../../../../vehicle-bus/common/sim/timeline.js';
import { loadTimeline, shippedScenarios } from '../../../../vehicle-bus/node/timelineFiles.js';

const folder = mkdtempSync(join(tmpdir(), 'glovebox-scenarios-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

function failure(path: string): TimelineError {
  try {
    loadTimeline(path);
  } catch (error) {
    assert.ok(error instanceof TimelineError, String(error));
    return error;
  }
  assert.fail(`${path} loaded`);
}

test('a YAML scenario drives exactly as the same scenario in JSON', () => {
  const segments = [
    { durationS: 4, gear: 'P' },
    { durationS: 10, gear: 'D', speedKmh: [0, 36] },
    { durationS: 3, gear: 'R', speedKmh: 5 },
    { durationS: 6, gear: 'P', chargeKw: 22 },
  ];
  const json = loadTimeline(file('same.json', JSON.stringify({ description: 'same', startSocPercent: 42, segments })));
  const yaml = loadTimeline(
    file(
      'same.yaml',
      ['# comments are allowed', 'description: same', 'startSocPercent: 42', 'segments:', ...segments.map((segment) => `  - ${JSON.stringify(segment)}`)].join('\n'),
    ),
  );
  assert.equal(yaml.startSocPercent, 42);
  assert.equal(yaml.timeline.duration, json.timeline.duration);
  for (let t = 0; t <= json.timeline.duration; t += 0.5) assert.deepEqual(yaml.timeline.at(t), json.timeline.at(t), `at ${t} s`);
});

test('YAML syntax errors name the line and column', () => {
  const error = failure(file('broken.yaml', 'description: broken\nsegments:\n  - { durationS: 4, gear: P\n'));
  assert.match(error.message, /broken\.yaml: line 4, column 1: expected a YAML scenario, found Flow map/);
});

test('a wrong value in YAML names its line and field, what was expected and what was found', () => {
  const error = failure(file('wrong.yaml', 'description: wrong\nsegments:\n  - durationS: 4\n    gear: P\n  - durationS: 10\n    gear: X\n'));
  assert.equal(error.where, 'line 6 (segments[1].gear)');
  assert.equal(error.expected, 'one of P, R, N, D');
  assert.equal(error.found, '"X"');
});

test('a misspelt key is refused, not ignored (in YAML and JSON)', () => {
  const yaml = failure(file('typo.yaml', 'description: typo\nsegments:\n  - durationS: 4\n    gear: P\n    parkingbrake: true\n'));
  assert.match(yaml.where, /^line 5 \(segments\[0\]\.parkingbrake\)$/);
  assert.match(yaml.expected, /one of the keys \$comment, durationS, gear, speedKmh, parkingBrake, chargeKw/);
  const json = failure(file('typo.json', JSON.stringify({ description: 'typo', startSoc: 50, segments: [{ durationS: 1, gear: 'P' }] })));
  assert.equal(json.where, 'startSoc');
});

test('duplicate keys in YAML are an error, not last-one-wins', () => {
  const error = failure(file('twice.yaml', 'description: a\ndescription: b\nsegments:\n  - { durationS: 1, gear: P }\n'));
  assert.match(error.where, /^line 2, column \d+$/);
});

test('the shipped scenarios include YAML ones, and every shipped scenario loads', () => {
  const shipped = shippedScenarios();
  assert.ok(shipped.get('low-battery')?.endsWith('.yaml'));
  for (const [name, path] of shipped) assert.ok(loadTimeline(path).timeline.duration > 0, name);
});
