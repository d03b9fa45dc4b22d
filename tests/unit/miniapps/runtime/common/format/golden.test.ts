/**
 * Golden IR: the compiled fixture app, page by page, as committed JSON. A change to the
 * compiler that changes the IR shows up here as a diff to review; regenerate the files with
 * GLOVEBOX_UPDATE_GOLDEN=1 after checking that the change is meant.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { compileAppFiles, readAppFolder } from '../../../../../../miniapps/runtime/node/appFiles.js';
import { fixturePath } from '../../../../../support/fixtures.js';

const UPDATE = process.env['GLOVEBOX_UPDATE_GOLDEN'] === '1';

test('the fixture app compiles to its golden IR, page by page and component by component', () => {
  const app = compileAppFiles(readAppFolder(fixturePath('miniapps', 'charging-wechat')));
  const units = { ...app.pages, ...app.components };
  for (const [path, unit] of Object.entries(units)) {
    const golden = fixturePath('miniapps', 'golden', `${path.replace(/\//g, '__')}.json`);
    const actual = `${JSON.stringify({ template: unit.template, css: unit.css, usingComponents: unit.usingComponents }, null, 1)}\n`;
    if (UPDATE) writeFileSync(golden, actual);
    assert.ok(existsSync(golden), `${golden} is missing: run the test with GLOVEBOX_UPDATE_GOLDEN=1 and review the new file`);
    assert.equal(actual, readFileSync(golden, 'utf8'), `${path}: the IR differs from ${golden}`);
  }
});
