#!/usr/bin/env node
/** The `glovebox` command: one entry point, a subcommand per domain. */
import { DbcSyntaxError } from '../../vehicle-bus/common/dbc/tokenizer.js';
import { TimelineError } from '../../vehicle-bus/common/sim/timeline.js';
import { SimulationError } from '../../vehicle-bus/common/sim/simulator.js';
import { MappingError } from '../../vehicle-bus/common/vss/mapping.js';
import { busDecode, busState, DECODE_HELP, STATE_HELP } from './busCommands.js';
import { policySimulate, policyValidate, SIMULATE_HELP, VALIDATE_HELP } from './policyCommands.js';
import { PolicyLoadError } from '../../safety/node/policyFiles.js';
import { app } from './appCommands.js';
import { appCreate } from './appCreateCommand.js';
import { appDev } from './appDevCommand.js';
import { CONFIG_PRINT_HELP, CONFIG_VALIDATE_HELP, configPrint, configValidate } from './configCommands.js';
import { RECOGNIZE_HELP, voiceRecognize } from './voiceCommand.js';
import { start } from './startCommand.js';
import type { CommandIo } from './usage.js';
import { EXIT_INPUT_PROBLEMS, EXIT_OK, EXIT_USAGE, UsageError } from './usage.js';

type Command = (args: readonly string[], io: CommandIo) => Promise<number>;

/** Every command: its words, what it does (the help's line) and how it runs. The help and the dispatch read this table. */
export const COMMANDS: ReadonlyArray<{ readonly name: string; readonly summary: string; readonly run: Command }> = [
  { name: 'start', summary: 'the head unit: the Electron kiosk where a binary exists, else the simulator (npm start)', run: start },
  { name: 'bus decode', summary: 'decode CAN frames with a DBC into JSON lines', run: busDecode },
  { name: 'bus state', summary: 'stream VSS vehicle-state changes from a log or a simulated drive', run: busState },
  { name: 'policy validate', summary: 'check an OEM driving-safety policy file', run: policyValidate },
  { name: 'policy simulate', summary: 'run the safety policy over a drive or a log: what the driver may do, when', run: policySimulate },
  { name: 'config validate', summary: 'check an OEM config file: every problem, where, and the likely fix', run: configValidate },
  { name: 'config print', summary: 'the effective OEM config, every default filled in', run: configPrint },
  { name: 'voice recognize', summary: 'run a WAV recording through the voice pipeline: wake, transcript, intent', run: voiceRecognize },
  { name: 'app create', summary: 'a working mini-app to start from', run: appCreate },
  { name: 'app dev', summary: 'the app in the simulator, rebuilt and reloaded on every save', run: appDev },
  { name: 'app', summary: 'packages: validate, pack, sign, verify, install, list, uninstall, permissions, revoke', run: app },
];

const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 3;
export const HELP = `Usage: glovebox <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.summary}`).join('\n')}

Every command takes --help. Exit status: 0 success, 1 an input had problems (each reported with its file and
line; nothing valid is lost), 2 usage error (an unknown option, a missing argument, a file that is not there).`;

const BUS_HELP = `Usage: glovebox bus <decode|state> [options]

${DECODE_HELP.split('\n')[0]}
${STATE_HELP.split('\n')[0]}`;

const POLICY_HELP = `Usage: glovebox policy <validate|simulate> [options]

${VALIDATE_HELP.split('\n')[0]}
${SIMULATE_HELP.split('\n')[0]}`;

const VOICE_HELP = `Usage: glovebox voice recognize [options]

${RECOGNIZE_HELP.split('\n')[0]}`;

const CONFIG_HELP = `Usage: glovebox config <validate|print> FILE

${CONFIG_VALIDATE_HELP.split('\n')[0]}
${CONFIG_PRINT_HELP.split('\n')[0]}`;

const GROUP_HELP: ReadonlyMap<string, string> = new Map([
  ['bus', BUS_HELP],
  ['policy', POLICY_HELP],
  ['voice', VOICE_HELP],
  ['config', CONFIG_HELP],
]);

const BY_NAME: ReadonlyMap<string, Command> = new Map(COMMANDS.map((command) => [command.name, command.run]));

/** Runs the CLI with the given arguments; returns the exit status. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [first, second, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(`${HELP}\n`);
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const groupHelp = GROUP_HELP.get(first);
  if (groupHelp && (second === '--help' || second === '-h')) {
    io.stdout.write(`${groupHelp}\n`);
    return EXIT_OK;
  }
  const twoWord = BY_NAME.get(`${first} ${second ?? ''}`);
  const command = twoWord ?? BY_NAME.get(first);
  const args = twoWord ? rest : argv.slice(1);
  try {
    if (!command) {
      if (groupHelp) throw new UsageError(second === undefined || second.startsWith('-') ? `${first} needs a subcommand` : `unknown ${first} command "${second}"`, groupHelp);
      throw new UsageError(`unknown command "${first}"`, HELP);
    }
    return await command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`glovebox: ${error.message}\n\n${error.help}\n`);
      return EXIT_USAGE;
    }
    // A broken input file (a DBC line, a mapping, a drive, a policy): reported with where, exit 1.
    if (error instanceof DbcSyntaxError || error instanceof MappingError || error instanceof TimelineError || error instanceof SimulationError || error instanceof PolicyLoadError) {
      io.stderr.write(`glovebox: ${error.message}\n`);
      return EXIT_INPUT_PROBLEMS;
    }
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EACCES' || error.code === 'EISDIR')) {
      io.stderr.write(`glovebox: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

// Run when executed (not when a test imports it).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK); // `glovebox bus decode … | head` is fine.
    throw error;
  });
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`glovebox: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
