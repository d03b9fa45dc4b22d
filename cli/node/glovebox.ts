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
import { EXIT_OK, EXIT_USAGE, UsageError } from './usage.js';

const HELP = `Usage: glovebox <command> [options]

Commands:
  bus decode   decode CAN frames with a DBC into JSON lines
  bus state    stream VSS vehicle-state changes from a log or a simulated drive
  policy validate   check an OEM driving-safety policy file
  policy simulate   run the safety policy over a drive or a log: what the driver may do, when
  voice recognize   run a WAV recording through the voice pipeline: wake, transcript, intent
  config validate   check an OEM config file: every problem, where, and the likely fix
  config print      the effective OEM config, every default filled in
  app          mini-app packages: validate, pack, sign, verify, install, list, uninstall
  start        run the simulated vehicle and show its live state (npm start)

Every command takes --help. Exit status: 0 success, 1 input with problems (reported), 2 usage error.`;

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

type Command = (args: readonly string[], io: CommandIo) => Promise<number>;

const COMMANDS: ReadonlyMap<string, Command> = new Map([
  ['bus decode', busDecode],
  ['bus state', busState],
  ['policy validate', policyValidate],
  ['policy simulate', policySimulate],
  ['voice recognize', voiceRecognize],
  ['config validate', configValidate],
  ['config print', configPrint],
  ['app create', appCreate],
  ['app dev', appDev],
  ['app', app],
  ['start', start],
]);

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
  const twoWord = COMMANDS.get(`${first} ${second ?? ''}`);
  const command = twoWord ?? COMMANDS.get(first);
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
    if (error instanceof DbcSyntaxError || error instanceof MappingError || error instanceof TimelineError || error instanceof SimulationError || error instanceof PolicyLoadError) {
      io.stderr.write(`glovebox: ${error.message}\n`);
      return EXIT_USAGE;
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
