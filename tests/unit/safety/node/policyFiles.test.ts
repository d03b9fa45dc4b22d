import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadPolicy, PolicyLoadError, policyFromDocument } from '../../../../safety/node/policyFiles.js';

function issuesOf(document: unknown): Array<[string, string, string]> {
  try {
    policyFromDocument(document, 'oem.json');
    return [];
  } catch (error) {
    assert.ok(error instanceof PolicyLoadError);
    return error.issues.map((issue) => [issue.path, issue.expected, issue.found]);
  }
}

describe('OEM policy documents', () => {
  test('a preset with field-by-field overrides: objects merge, arrays replace, new bands bring their own MOVING rules', () => {
    const policy = policyFromDocument(
      {
        extends: 'EU_ESOP',
        name: 'Acme EU',
        estimator: { relaxDwellMs: 3000, bands: [{ name: 'SLOW', fromKmh: 0 }, { name: 'FAST', fromKmh: 50 }] },
        restrictions: { MOVING: { SLOW: { driver: { flags: ['NO_VIDEO'] } }, FAST: { driver: { flags: ['NO_VIDEO', 'NO_KEYBOARD'] } } } },
      },
      'acme.json',
    );
    assert.deepStrictEqual(
      [policy.name, policy.estimator.relaxDwellMs, policy.estimator.idleSpeedKmh, Object.keys(policy.restrictions.MOVING), policy.restrictions.MOVING['LOW']],
      ['Acme EU', 3000, 3, ['SLOW', 'FAST'], undefined],
    );
  });

  test('every problem names its path, the value found and what is allowed', () => {
    assert.deepStrictEqual(issuesOf({ extends: 'EU_ESOPP', estimator: { idleSpeedKmh: -1, colour: 'red' }, restrictions: { IDLING: { driver: { flags: ['NO_FUN'] } } } }), [
      ['/extends', 'must be equal to one of the allowed values (US_NHTSA, EU_ESOP, JP_JAMA, GLOBAL_STRICT)', '"EU_ESOPP"'],
      ['/estimator', 'must NOT have additional properties ("colour" is not a policy field)', '{"idleSpeedKmh":-1,"colour":"red"}'],
      ['/estimator/idleSpeedKmh', 'must be >= 0', '-1'],
      [
        '/restrictions/IDLING/driver/flags/0',
        'must be equal to one of the allowed values (NO_DIALPAD, NO_FILTERING, LIMIT_STRING_LENGTH, NO_KEYBOARD, NO_VIDEO, LIMIT_CONTENT, NO_SETUP, NO_TEXT_MESSAGE, NO_VOICE_TRANSCRIPTION, NO_AUTOSCROLL, NO_NONDRIVING_IMAGES, NO_WEB_CONTENT, NO_NEW_PAYMENT_METHOD, VOICE_PREFERRED, FAVOURITES_ONLY)',
        '"NO_FUN"',
      ],
    ]);
  });

  test('what a schema cannot say: bands out of order, a band without rules, hysteresis wider than a band', () => {
    assert.deepStrictEqual(issuesOf({ extends: 'US_NHTSA', estimator: { bands: [{ name: 'A', fromKmh: 0 }, { name: 'B', fromKmh: 2 }, { name: 'C', fromKmh: 1 }] } }), [
      ['/estimator/bandHysteresisKmh', 'less than the width of band A (2 km/h)', '3'],
      ['/estimator/bands/2/fromKmh', "more than the previous band's 2 km/h", '1'],
      ['/estimator/bandHysteresisKmh', 'less than the width of band B (-1 km/h)', '3'],
      ['/estimator/idleSpeedKmh', 'less than 2 km/h (where band B starts)', '3'],
      ['/restrictions/MOVING/A', 'rules for band A', 'none'],
      ['/restrictions/MOVING/B', 'rules for band B', 'none'],
      ['/restrictions/MOVING/C', 'rules for band C', 'none'],
    ]);
  });

  test('a document without `extends` cannot fall back to anything', () => {
    assert.deepStrictEqual(issuesOf({ name: 'no preset' }), [['/', "must have required property 'extends'", '{"name":"no preset"}']]);
  });

  test('presets by name; files by path; a missing file or broken JSON says so', (t) => {
    const folder = mkdtempSync(join(tmpdir(), 'glovebox-policy-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    writeFileSync(join(folder, 'broken.json'), '{ "extends": ');
    writeFileSync(join(folder, 'ok.json'), JSON.stringify({ $schema: 'policy.schema.json', extends: 'JP_JAMA' }));
    const message = (path: string) => {
      try {
        return loadPolicy(path).name;
      } catch (error) {
        return error instanceof PolicyLoadError ? error.issues[0]?.expected : String(error);
      }
    };
    assert.deepStrictEqual(
      [message('GLOBAL_STRICT'), message(join(folder, 'ok.json')), message(join(folder, 'none.json')), message(join(folder, 'broken.json'))],
      ['GLOBAL_STRICT', 'JP_JAMA (OEM)', 'a preset (US_NHTSA, EU_ESOP, JP_JAMA, GLOBAL_STRICT) or a policy file', 'a JSON document'],
    );
  });
});
