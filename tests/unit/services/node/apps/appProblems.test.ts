/** An app's errors reach its developer at the app's own file and line, within bounds. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { test } from 'node:test';
import { buildLogicBundle } from '../../../../../miniapps/runtime/node/logicBundle.js';
import { AppProblems, formatAppProblem, locateInBundle } from '../../../../../services/node/apps/appProblems.js';

const FILES = new Map([
  ['app.js', 'App({});\n'],
  ['pages/index/index.js', "Page({\n  data: {},\n  tap() {\n    const order = null;\n    return order.total;\n  },\n});\n"],
]);

test('a stack from the worker is placed at the app file and line that threw', () => {
  const bundle = buildLogicBundle(FILES, 'problems');
  // Run the bundle as the worker does, under the URL it is served from, and take a real stack.
  let stack = '';
  const define = (_path: string, factory: (module: { exports: unknown }, exports: unknown, require: () => undefined) => void): void => factory({ exports: {} }, {}, () => undefined);
  runInNewContext(bundle, { __gbDefine: define, Page: (definition: { tap: () => unknown }) => {
    try {
      definition.tap();
    } catch (error) {
      stack = (error as Error).stack ?? '';
    }
  }, App: () => undefined }, { filename: 'https://glovebox.invalid/apps/x/logic.js' });
  assert.match(stack, /logic\.js:\d+:\d+/);
  assert.equal(locateInBundle(bundle, stack), 'pages/index/index.js:5');
  assert.equal(locateInBundle(bundle, 'at somewhere (other.js:3:1)'), null);
});

test('problems are kept (the latest 100), cut to one bounded line, and told to listeners', () => {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-problems-'));
  try {
    const bundleFile = join(folder, 'logic.js');
    const bundle = buildLogicBundle(FILES, 'problems');
    writeFileSync(bundleFile, bundle);
    const line = bundle.split('\n').findIndex((text) => text.includes('return order.total')) + 1;
    const problems = new AppProblems((appId) => (appId === 'com.example.a' ? bundleFile : undefined), () => 42);
    const heard: string[] = [];
    problems.onProblem((problem) => heard.push(formatAppProblem(problem)));
    problems.report('com.example.a', 'error', "Cannot read properties of null (reading 'total')", `TypeError: x\n    at Object.tap (https://h/apps/f/logic.js:${line}:18)`);
    assert.deepStrictEqual(heard, ["[com.example.a] error: Cannot read properties of null (reading 'total') (pages/index/index.js:5)"]);
    problems.report('com.example.b', 'warn', `line one\nline two ${'x'.repeat(2000)}`);
    assert.equal(problems.recent('com.example.b')[0]?.message.length, 500);
    assert.ok(!(problems.recent('com.example.b')[0]?.message ?? '').includes('\n'));
    for (let index = 0; index < 150; index += 1) problems.report('com.example.a', 'slow', `late ${index}`);
    assert.equal(problems.recent().length, 100);
    assert.equal(problems.recent().at(-1)?.message, 'late 149');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
