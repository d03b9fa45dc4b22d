/**
 * The driving-safety review of `app validate`: a scaffolded app passes; each kind of finding
 * is reported at its file, line and column against EU_ESOP's moving budget.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { validateAppFolder } from '../../../../../miniapps/devkit/node/appValidation.js';
import { movingBudget } from '../../../../../miniapps/devkit/node/drivingReview.js';
import { scaffold } from '../../../../../miniapps/devkit/node/scaffold.js';
import { EU_ESOP } from '../../../../../safety/common/presets.js';

function appFolder(change: (files: Map<string, string>) => void): string {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-review-'));
  const files = scaffold({ name: 'Review', id: 'com.example.review', dialect: 'wechat', category: 'food_ordering', sdkFolder: '/nowhere' });
  change(files);
  for (const [path, text] of files) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

function findings(change: (files: Map<string, string>) => void): string[] {
  const folder = appFolder(change);
  try {
    return validateAppFolder(folder, EU_ESOP).findings.map((finding) => `${finding.severity} ${finding.file}:${finding.at}: ${finding.problem}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function manifest(files: Map<string, string>, edit: (car: Record<string, unknown>) => void): void {
  const document = JSON.parse(files.get('app.json') ?? '{}') as { car: Record<string, unknown> };
  edit(document.car);
  files.set('app.json', JSON.stringify(document, null, 2));
}

test('a scaffolded app has nothing to report', () => {
  assert.deepEqual(findings(() => undefined), []);
});

test('a driving task deeper than the budget, at its line in app.json', () => {
  const budget = movingBudget(EU_ESOP, 'food_ordering');
  const depth = (budget.params.maxContentDepth ?? 0) + 1;
  const reported = findings((files) => {
    files.set('pages/detail/detail.json', '{}');
    manifest(files, (car) => {
      car['drivingOptimisedPages'] = ['pages/index/index', 'pages/detail/detail'];
      car['drivingTasks'] = [{ name: 'deep', pages: Array.from({ length: depth + 1 }, (_, index) => (index % 2 === 0 ? 'pages/index/index' : 'pages/detail/detail')) }];
    });
  });
  assert.ok(reported.some((line) => new RegExp(`^error app\\.json:\\d+:\\d+ \\(/car/drivingTasks/0/pages\\): driving task "deep" goes ${depth} pages deep; EU_ESOP lets a driver go ${depth - 1} deep`).test(line)), reported.join('\n'));
});

test('a text field no voice intent fills, a video, and a literal list over the limit, at their markup positions', () => {
  const limit = movingBudget(EU_ESOP, 'food_ordering').params.maxListItems ?? 0;
  const items = Array.from({ length: limit + 1 }, (_, index) => `'${index}'`).join(', ');
  const reported = findings((files) => {
    files.set('pages/index/index.wxml', `<view>\n  <input placeholder="Note" />\n  <video src="a.mp4" />\n  <text wx:for="{{[${items}]}}">{{item}}</text>\n</view>\n`);
  });
  assert.deepEqual(
    reported.map((line) => line.split(': ')[0]),
    ['error pages/index/index.wxml:2:3', 'warning pages/index/index.wxml:3:3', 'error pages/index/index.wxml:4:9'],
    reported.join('\n'),
  );
  assert.match(reported[0] ?? '', /NO_KEYBOARD .* no voice intent with a slot opens pages\/index\/index/);
  assert.match(reported[2] ?? '', new RegExp(`a list of ${limit + 1} items on a driving-optimised page; EU_ESOP shows ${limit} while moving`));
});

test('voice intents: one on a covered page, one with a single utterance', () => {
  const reported = findings((files) =>
    manifest(files, (car) => {
      car['voiceIntents'] = [{ name: 'details', utterances: ['show the details'], page: 'pages/detail/detail' }];
    }),
  );
  assert.ok(reported.some((line) => /^error app\.json:\d+:\d+ \(\/car\/voiceIntents\/0\/page\): voice intent "details" opens pages\/detail\/detail, which is covered while moving/.test(line)), reported.join('\n'));
  assert.ok(reported.some((line) => /^warning app\.json:\d+:\d+ \(\/car\/voiceIntents\/0\/utterances\): voice intent "details" has one sample utterance/.test(line)), reported.join('\n'));
});

test('what the installer refuses comes first, at its line', () => {
  const reported = findings((files) => manifest(files, (car) => (car['category'] = 'utility')));
  assert.match(reported[0] ?? '', /^error app\.json:\d+:\d+ \(\/car\/category\): /);
});

test('validate checks what pack and install check: a package over its size limit is an error here too (issue 18)', () => {
  // Random hex compresses to about half: 5 MB of it packs to more than the 2 MiB a package may have.
  const noise = randomBytes(2_500_000).toString('hex');
  const found = findings((files) => files.set('assets/noise.txt', noise));
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0] ?? '', /^error :: packed, \d+ bytes; a package may have at most 2097152$/);
});
