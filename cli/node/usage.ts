/** Shared CLI plumbing: usage errors, exit codes and JSON output of values JSON cannot hold. */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

export const EXIT_OK = 0;
/** The input had problems: they were reported and nothing valid was lost. */
export const EXIT_INPUT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  constructor(
    message: string,
    readonly help: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The output streams and input a command uses (tests pass their own). */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly signal?: AbortSignal;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** The values parseArgs gives for an options table: strings, booleans for flags. */
export type OptionValues<T extends Options> = { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string } & { help?: boolean };

/** parseArgs with usage errors that show the command's help. */
export function parseOptions<T extends Options>(args: readonly string[], options: T, help: string, allowPositionals = false): { values: OptionValues<T>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
    return { values: values as OptionValues<T>, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), help);
  }
}

/** Numbers JSON cannot hold exactly (BigInt beyond 2^53, NaN, ±Infinity) become strings. */
export function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return value;
}

export function writeJsonLine(stream: NodeJS.WritableStream, value: object): boolean {
  return stream.write(`${JSON.stringify(value, (_key, inner: unknown) => jsonValue(inner))}\n`);
}

/** Waits for a stream's buffer to drain when write() said it was full. */
export function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.once('drain', resolve));
}
