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
    lintAs('vehicle-bus/node/example.ts', "import { EXIT_OK } from '../../services/node/cli/usage.js';\nexport const y = EXIT_OK;\n"),
    lintAs('services/node/example.ts', "import { loadDbc } from '../../vehicle-bus/node/loadDbc.js';\nexport const z = loadDbc;\n"),
  ]);
  assert.deepStrictEqual(
    { commonToNode, busToServices, sane },
    {
      commonToNode: ['glovebox/layering: common/ may not import node/ ("../node/loadDbc.js"): common/ is pure TypeScript: no Node, no DOM.'],
      busToServices: ['glovebox/layering: vehicle-bus may not import services ("../../services/node/cli/usage.js"): vehicle-bus is the bottom of the data spine: it imports no other domain.'],
      sane: [],
    },
  );
});

test('type-only imports cross domains where the brief allows types; values do not', async () => {
  const [safetyTypes, safetyValues] = await Promise.all([
    lintAs('safety/common/example.ts', "import type { SignalState } from '../../vehicle-bus/common/vss/vehicleState.js';\nexport type S = SignalState;\n"),
    lintAs('safety/common/example.ts', "import { VehicleState } from '../../vehicle-bus/common/vss/vehicleState.js';\nexport const s = VehicleState;\n"),
  ]);
  assert.deepStrictEqual(
    { safetyTypes, safetyValues },
    {
      safetyTypes: [],
      safetyValues: ['glovebox/layering: safety may not import vehicle-bus ("../../vehicle-bus/common/vss/vehicleState.js"): safety imports only vehicle-bus types.'],
    },
  );
});
