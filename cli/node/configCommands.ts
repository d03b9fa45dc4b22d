/** `glovebox config validate` and `glovebox config print`: the OEM config file, checked and shown. */
import { formatProblem, loadConfigFile } from '../../services/node/config/configFile.js';
import { CONFIG_SCHEMA_PATH } from '../../services/node/config/configSchema.js';
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

type Loaded = ReturnType<typeof loadConfigFile>;

/**
 * The shape both commands share: one file, read and checked; its problems on stderr (exit 1),
 * or what `show` makes of a valid config on stdout.
 */
function onValidConfig(args: readonly string[], io: CommandIo, help: string, show: (file: string, loaded: Loaded) => string): Promise<number> {
  const { values, positionals } = parseOptions(args, {}, help, true);
  if (values.help) {
    io.stdout.write(`${help}\n`);
    return Promise.resolve(EXIT_OK);
  }
  if (positionals.length !== 1) throw new UsageError(`expected one config file, found ${positionals.length}`, help);
  const file = positionals[0] as string;
  const loaded = loadConfigFile(file);
  if (loaded.problems.length > 0) {
    for (const problem of loaded.problems) io.stderr.write(`${formatProblem(file, problem)}\n`);
    io.stderr.write(`${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}; with this config the head unit starts fully restricted (schema: ${CONFIG_SCHEMA_PATH})\n`);
    return Promise.resolve(EXIT_INPUT_PROBLEMS);
  }
  io.stdout.write(`${show(file, loaded)}\n`);
  return Promise.resolve(EXIT_OK);
}

export function configValidate(args: readonly string[], io: CommandIo): Promise<number> {
  return onValidConfig(args, io, CONFIG_VALIDATE_HELP, (file, { config }) => `${file}: valid (${config.name}; policy ${typeof config.policy === 'string' ? config.policy : `extends ${config.policy.extends}`}; vehicle source ${config.vehicle.source.kind})`);
}

export function configPrint(args: readonly string[], io: CommandIo): Promise<number> {
  return onValidConfig(args, io, CONFIG_PRINT_HELP, (_file, { config }) => JSON.stringify(config, null, 2));
}
