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
    lintAs('vehicle-bus/node/example.ts', "import { EXIT_OK } from '../../cli/node/usage.js';\nexport const y = EXIT_OK;\n"),
    lintAs('services/node/example.ts', "import { loadDbc } from '../../vehicle-bus/node/loadDbc.js';\nexport const z = loadDbc;\n"),
  ]);
  assert.deepStrictEqual(
    { commonToNode, busToServices, sane },
    {
      commonToNode: ['glovebox/layering: common/ may not import node/ ("../node/loadDbc.js"): common/ is pure TypeScript: no Node, no DOM.'],
      busToServices: ['glovebox/layering: vehicle-bus may not import cli ("../../cli/node/usage.js"): vehicle-bus is the bottom of the data spine: it imports no other domain.'],
      sane: [],
    },
  );
});

test('type-only imports cross domains where the layout allows types; values do not', async () => {
  const [rendererTypes, rendererValues] = await Promise.all([
    lintAs('renderer/common/example.ts', "import type { OpenedApp } from '../../services/common/protocol.js';\nexport type S = OpenedApp;\n"),
    lintAs('renderer/common/example.ts', "import { REQUEST_PARAMS } from '../../services/common/protocol.js';\nexport const s = REQUEST_PARAMS;\n"),
  ]);
  assert.deepStrictEqual(
    { rendererTypes, rendererValues },
    {
      rendererTypes: [],
      rendererValues: [
        'glovebox/layering: renderer may not import services ("../../services/common/protocol.js"): the system UI reaches services only through the typed protocol (import type), draws mini-app views with the runtime\'s IR code, by safety\'s screen rules and the bus\'s VSS vocabulary.',
      ],
    },
  );
});

test('base/ is the bottom every layer may use; the glovebox command is the top nothing imports', async () => {
  const [busToBase, baseToServices, simToCli, cliToSim] = await Promise.all([
    lintAs('vehicle-bus/node/example.ts', "import { shippedPath } from '../../base/node/shippedFiles.js';\nexport const x = shippedPath;\n"),
    lintAs('base/common/example.ts', "import { closestCategory } from '../../services/common/protocol.js';\nexport const x = closestCategory;\n"),
    lintAs('sim/node/example.ts', "import { main } from '../../cli/node/glovebox.js';\nexport const x = main;\n"),
    lintAs('cli/node/example.ts', "import { startSimulator } from '../../sim/node/server.js';\nexport const x = startSimulator;\n"),
  ]);
  assert.deepStrictEqual(
    { busToBase, baseToServices, simToCli, cliToSim },
    {
      busToBase: [],
      baseToServices: ['glovebox/layering: base may not import services ("../../services/common/protocol.js"): base/ is the bottom layer: shared helpers that import no domain.'],
      simToCli: ['glovebox/layering: sim may not import cli ("../../cli/node/glovebox.js"): the simulator composes services with the system UI; the glovebox command (cli/) starts it, not the other way.'],
      cliToSim: [],
    },
  );
});
