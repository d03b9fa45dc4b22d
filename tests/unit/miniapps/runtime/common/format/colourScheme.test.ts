/**
 * An app's night styles follow the head unit's theme: `@media (prefers-color-scheme: …)` is
 * compiled to a style query on the host's `--gb-color-scheme`, never left to the browser.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileStyle } from '../../../../../../miniapps/runtime/common/format/style.js';

const compile = (source: string) => compileStyle('app.wxss', source, () => undefined, () => undefined);

test('(prefers-color-scheme: dark) and (light) become the host scheme query; other media stay', () => {
  const { css, warnings } = compile('page { background: #fff; }\n@media (prefers-color-scheme: dark) { page { background: #111; } .card { color: #eee; } }\n@media (prefers-color-scheme:light){.card{color:#222}}\n@media (max-width: 600px) { .card { padding: 0; } }');
  assert.equal(css, ':host{background: #fff;}@container style(--gb-color-scheme: dark){:host{background: #111;}.card{color: #eee;}}@container style(--gb-color-scheme: light){.card{color:#222}}@media (max-width: 600px){.card{padding: 0;}}');
  assert.deepEqual(warnings, []);
});

test('combined with other features, the scheme is kept and the rest dropped, with the file and line', () => {
  const { css, warnings } = compile('\n\n@media screen and (prefers-color-scheme: dark) and (min-width: 400px) { .a { color: red; } }');
  assert.equal(css, '@container style(--gb-color-scheme: dark){.a{color: red;}}');
  assert.deepEqual(warnings, [{ file: 'app.wxss', line: 3, problem: "@media screen and (prefers-color-scheme: dark) and (min-width: 400px): only (prefers-color-scheme: …) is kept; it follows the head unit's theme" }]);
});
