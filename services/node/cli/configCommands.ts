/** `glovebox config validate` and `glovebox config print`: the OEM config file, checked and shown. */
import { formatProblem, loadConfigFile } from '../config/configFile.js';
import { CONFIG_SCHEMA_PATH } from '../config/configSchema.js';
import type { CommandIo } from './usage.js';
import { EXIT_INPUT_PROBLEMS, EXIT_OK, parseOptions, UsageError } from './usage.js';

export const CONFIG_VALIDATE_HELP = `Usage: glovebox config validate FILE

Checks an OEM config (JSON or YAML) against its schema (${'docs/config/glovebox-config.schema.json'}),
the safety policy's rules, the files it names (DBC, mapping, logs, keys, packages) and its
cross-references. Prints every problem at once, one a line:
  FILE:LINE:COL: /path: found VALUE; expected WHAT IS ALLOWED (did you mean …?)

Exit status: 0 valid, 1 problems (the head unit would start fully restricted), 2 usage error.`;

export const CONFIG_PRINT_HELP = `Usage: glovebox config print FILE

Prints the effective config as JSON: the file with every default filled in and every path made
absolute. A config with problems prints them instead (as config validate).

Exit status: 0, 1 problems, 2 usage error.`;

function oneFile(args: readonly string[], help: string): string | undefined {
  const { values, positionals } = parseOptions(args, {}, help, true);
  if (values.help) return undefined;
  if (positionals.length !== 1) throw new UsageError(`expected one config file, found ${positionals.length}`, help);
  return positionals[0];
}

function reported(file: string, io: CommandIo): ReturnType<typeof loadConfigFile> | undefined {
  const loaded = loadConfigFile(file);
  if (loaded.problems.length === 0) return loaded;
  for (const problem of loaded.problems) io.stderr.write(`${formatProblem(file, problem)}\n`);
  io.stderr.write(`${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}; with this config the head unit starts fully restricted (schema: ${CONFIG_SCHEMA_PATH})\n`);
  return undefined;
}

export function configValidate(args: readonly string[], io: CommandIo): Promise<number> {
  const file = oneFile(args, CONFIG_VALIDATE_HELP);
  if (file === undefined) {
    io.stdout.write(`${CONFIG_VALIDATE_HELP}\n`);
    return Promise.resolve(EXIT_OK);
  }
  const loaded = reported(file, io);
  if (!loaded) return Promise.resolve(EXIT_INPUT_PROBLEMS);
  io.stdout.write(`${file}: valid (${loaded.config.name}; policy ${typeof loaded.config.policy === 'string' ? loaded.config.policy : `extends ${loaded.config.policy.extends}`}; vehicle source ${loaded.config.vehicle.source.kind})\n`);
  return Promise.resolve(EXIT_OK);
}

export function configPrint(args: readonly string[], io: CommandIo): Promise<number> {
  const file = oneFile(args, CONFIG_PRINT_HELP);
  if (file === undefined) {
    io.stdout.write(`${CONFIG_PRINT_HELP}\n`);
    return Promise.resolve(EXIT_OK);
  }
  const loaded = reported(file, io);
  if (!loaded) return Promise.resolve(EXIT_INPUT_PROBLEMS);
  io.stdout.write(`${JSON.stringify(loaded.config, null, 2)}\n`);
  return Promise.resolve(EXIT_OK);
}
