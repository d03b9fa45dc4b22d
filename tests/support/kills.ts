/**
 * The kill test: the workload of killWorkload.ts is started, SIGKILLed at a random moment once it
 * is writing, and the data folder it leaves is checked before the next run continues on it.
 * Checked after every kill: SQLite's integrity, no acknowledged payment lost, one record per
 * idempotency key, no acknowledged install rolled back, the installed version's files whole, and
 * no render cache from another version than the one installed.
 * A SIGKILL loses what the process had not handed to the kernel; it cannot show what a power cut
 * loses from the kernel's cache (that is what `synchronous = FULL` and the fsyncs are for, ADR 0007).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { seededRandom } from './frames.js';
import { KILL_APP } from './killWorkload.js';

const WORKLOAD = fileURLToPath(new URL('./killWorkload.js', import.meta.url));

export interface KillFigures {
  readonly kills: number;
  /** Writes the workload acknowledged before it was killed. */
  readonly acknowledged: { readonly payments: number; readonly installs: number; readonly caches: number };
  readonly corrupt: number;
  readonly lostPayments: number;
  readonly duplicateCharges: number;
  readonly lostInstalls: number;
  readonly tornInstalls: number;
  readonly staleCaches: number;
  /** What went wrong, by kill (empty when nothing did). */
  readonly problems: readonly string[];
}

function versionNumber(version: string): number {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return major * 1e6 + minor * 1e3 + patch;
}

/** Runs the workload until it is writing, kills it after up to `maxDelayMs`, and returns its acknowledged lines. */
function runAndKill(data: string, seed: number, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKLOAD, data, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    let errors = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      text += chunk;
      if (timer === undefined && text.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      clearTimeout(timer);
      if (signal !== 'SIGKILL' || !text.includes('ready\n')) reject(new Error(`the workload ended by itself (${String(signal)}): ${errors.slice(0, 500)}`));
      else resolve(text.split('\n').filter((line) => line !== '' && line !== 'ready'));
    });
  });
}

export async function killTest(kills: number, seed: number, maxDelayMs = 80): Promise<KillFigures> {
  const data = mkdtempSync(join(tmpdir(), 'glovebox-kills-'));
  const random = seededRandom(seed);
  const paid = new Set<string>();
  let installed = '1.0.0';
  const acknowledged = { payments: 0, installs: 0, caches: 0 };
  const figures = { corrupt: 0, lostPayments: 0, duplicateCharges: 0, lostInstalls: 0, tornInstalls: 0, staleCaches: 0 };
  const problems: string[] = [];
  try {
    for (let kill = 0; kill < kills; kill += 1) {
      const lines = await runAndKill(data, seed * 10_000 + kill, Math.floor(random() * maxDelayMs));
      for (const line of lines) {
        const [what = '', value = ''] = line.split(' ');
        if (what === 'paid') {
          paid.add(value);
          acknowledged.payments += 1;
        } else if (what === 'installed') {
          installed = value;
          acknowledged.installs += 1;
        } else if (what === 'cached') acknowledged.caches += 1;
      }
      const database = new Database(join(data, 'glovebox.sqlite'));
      try {
        const problem = (kind: keyof typeof figures, text: string): void => {
          figures[kind] += 1;
          problems.push(`kill ${kill}: ${text}`);
        };
        const integrity = database.pragma('integrity_check', { simple: true });
        if (integrity !== 'ok') problem('corrupt', `integrity_check says ${String(integrity)}`);
        const rows = database.prepare('SELECT idempotency_key AS key, COUNT(*) AS n FROM app_payments WHERE app_id = ? GROUP BY idempotency_key').all(KILL_APP.id) as Array<{ key: string; n: number }>;
        const stored = new Map(rows.map((row) => [row.key, row.n]));
        for (const key of paid) if (!stored.has(key)) problem('lostPayments', `payment ${key} was acknowledged and is gone`);
        for (const row of rows) if (row.n > 1) problem('duplicateCharges', `payment ${row.key} is recorded ${row.n} times`);
        const app = database.prepare('SELECT version, folder FROM apps WHERE id = ?').get(KILL_APP.id) as { version: string; folder: string } | undefined;
        if (!app || versionNumber(app.version) < versionNumber(installed)) problem('lostInstalls', `version ${installed} was acknowledged; the row says ${app?.version ?? 'nothing'}`);
        if (app) {
          const folder = join(data, 'apps', app.folder);
          try {
            JSON.parse(readFileSync(join(folder, 'compiled.json'), 'utf8'));
            if (!existsSync(join(folder, 'logic.js'))) throw new Error('no logic.js');
          } catch (error) {
            problem('tornInstalls', `${app.folder}: ${error instanceof Error ? error.message : String(error)}`);
          }
          const caches = database.prepare('SELECT data FROM app_render_cache WHERE app_id = ?').all(KILL_APP.id) as Array<{ data: string }>;
          for (const cache of caches) {
            const version = (JSON.parse(cache.data) as { version?: unknown }).version;
            if (version !== app.version) problem('staleCaches', `a render cache of ${String(version)} beside version ${app.version}`);
          }
        }
      } finally {
        database.close();
      }
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
  return { kills, acknowledged, ...figures, problems };
}
