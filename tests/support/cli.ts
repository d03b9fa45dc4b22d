import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../cli/node/glovebox.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the glovebox CLI in-process with captured output and the given stdin. */
export async function runCli(args: readonly string[], stdin = ''): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await main(args, { stdout, stderr, stdin: Readable.from([stdin]) });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/** A fresh GLOVEBOX_DATA_DIR for one test, put back (and removed) when it ends. */
export function freshDataDir(t: { after(fn: () => void): void }, prefix = 'glovebox-data-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const saved = process.env['GLOVEBOX_DATA_DIR'];
  process.env['GLOVEBOX_DATA_DIR'] = folder;
  t.after(() => {
    if (saved === undefined) delete process.env['GLOVEBOX_DATA_DIR'];
    else process.env['GLOVEBOX_DATA_DIR'] = saved;
    rmSync(folder, { recursive: true, force: true });
  });
  return folder;
}
