/** The architecture's import rules are enforced by lint; this checks that lint really refuses. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { repoPath } from '../support/paths.js';

async function lintAs(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoPath() });
  const [result] = await eslint.lintText(code, { filePath: repoPath(file) });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

test('a wrong-way import is refused with the rule that explains it', async () => {
  const [commonToNode, busToServices, sane] = await Promise.all([
    lintAs('vehicle-bus/common/example.ts', "import { loadDbc } from '../node/loadDbc.js';\nexport const x = loadDbc;\n"),
    lintAs('vehicle-bus/node/example.ts', "import { main } from '../../services/node/cli/glovebox.js';\nexport const y = main;\n"),
    lintAs('services/node/example.ts', "import { loadDbc } from '../../vehicle-bus/node/loadDbc.js';\nexport const z = loadDbc;\n"),
  ]);
  assert.deepStrictEqual(
    { commonToNode, busToServices, sane },
    {
      commonToNode: ['import-x/no-restricted-paths: Unexpected path "../node/loadDbc.js" imported in restricted zone. common/ is pure TypeScript: no Node, no DOM.'],
      busToServices: ['import-x/no-restricted-paths: Unexpected path "../../services/node/cli/glovebox.js" imported in restricted zone. vehicle-bus is the bottom of the data spine: it imports no other domain.'],
      sane: [],
    },
  );
});
