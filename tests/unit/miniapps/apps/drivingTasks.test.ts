/**
 * The bundled apps against the driving-safety budgets: every driving task an app declares
 * (app.json car.drivingTasks) is counted in screens and checked, under every preset and every
 * moving band, against its category's depth (maxContentDepth levels below the first page) and
 * task length (maxTaskSteps); each of its pages must be driving-optimised. The e2e tests walk
 * the same tasks in the simulator while moving.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileAppFiles, readAppFolder } from '../../../../miniapps/runtime/node/appFiles.js';
import { pack } from '../../../../miniapps/runtime/node/appPackage.js';
import type { Category } from '../../../../safety/common/policy.js';
import { ruleToSet } from '../../../../safety/common/policy.js';
import { PRESETS } from '../../../../safety/common/presets.js';
import { combine } from '../../../../safety/common/restrictions.js';
import { repoPath } from '../../../support/paths.js';

interface Manifest {
  readonly car: { readonly id: string; readonly category: Category; readonly drivingOptimisedPages?: string[]; readonly drivingTasks?: Array<{ name: string; pages: string[] }> };
}

const APPS = readdirSync(repoPath('miniapps', 'apps')).map((name) => ({ name, folder: repoPath('miniapps', 'apps', name), manifest: JSON.parse(readFileSync(repoPath('miniapps', 'apps', name, 'app.json'), 'utf8')) as Manifest }));

/** The budget of a category while moving, the tightest over bands: depth below the first page, and screens. */
function movingBudget(policyName: string, category: Category): { depth: number; steps: number; band: string }[] {
  const policy = PRESETS[policyName];
  assert.ok(policy);
  return Object.entries(policy.restrictions.MOVING).map(([band, rules]) => {
    const base = ruleToSet(rules.driver);
    const categoryRule = policy.categories[category]?.MOVING;
    const set = categoryRule ? combine(base, ruleToSet(categoryRule)) : base;
    return { band, depth: set.params.maxContentDepth ?? Infinity, steps: set.params.maxTaskSteps ?? Infinity };
  });
}

test('the three bundled apps are there, each with driving tasks', () => {
  assert.deepEqual(APPS.map((app) => app.manifest.car.category).sort(), ['ev_charging', 'food_ordering', 'navigation']);
  for (const app of APPS) assert.ok((app.manifest.car.drivingTasks ?? []).length > 0, `${app.name} declares what a driver does with it`);
});

test('every driving task fits its category’s depth and length under every preset and band; its pages are driving-optimised', () => {
  const checked: string[] = [];
  for (const app of APPS) {
    const { category, drivingTasks = [], drivingOptimisedPages = [] } = app.manifest.car;
    for (const task of drivingTasks) {
      for (const page of task.pages) assert.ok(drivingOptimisedPages.includes(page), `${app.name} "${task.name}": ${page} is not driving-optimised`);
      const screens = task.pages.length;
      for (const preset of Object.keys(PRESETS)) {
        for (const budget of movingBudget(preset, category)) {
          assert.ok(screens - 1 <= budget.depth, `${app.name} "${task.name}": ${screens - 1} levels deep, ${preset} ${budget.band} allows ${budget.depth}`);
          assert.ok(screens <= budget.steps, `${app.name} "${task.name}": ${screens} screens, ${preset} ${budget.band} allows ${budget.steps}`);
        }
      }
      checked.push(`${app.name}: ${task.name} (${screens})`);
    }
  }
  assert.ok(checked.length >= 6, checked.join('; '));
});

test('every bundled app compiles and packs as any third-party app would', () => {
  for (const app of APPS) {
    const files = readAppFolder(app.folder);
    const compiled = compileAppFiles(files);
    assert.equal(compiled.manifest.car.id, app.manifest.car.id);
    assert.ok(pack(files, app.manifest.car.id, '1.0.0').length > 0);
    // Apps reach the platform through wx / car only: no code of ours, no other app's.
    for (const [path, data] of files) {
      if (!path.endsWith('.js')) continue;
      for (const [, target] of new TextDecoder().decode(data).matchAll(/require\(['"]([^'"]+)['"]\)/g)) {
        assert.ok(target?.startsWith('./') || target?.startsWith('../'), `${app.name}/${path} requires ${target}`);
        assert.ok(!join(path, '..', target ?? '').startsWith('..'), `${app.name}/${path} reaches outside the app: ${target}`);
      }
    }
  }
});
