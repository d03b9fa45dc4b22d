import { spawnSync } from 'node:child_process';
import { repoPath } from './paths.js';

/** Debian's python3 (where python3-canmatrix installs), not whatever python3 is first on PATH. */
const SYSTEM_PYTHON = '/usr/bin/python3';

/** The skip reason when canmatrix cannot run here, or false. */
export const NO_CANMATRIX: string | false = (() => {
  const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import canmatrix'], { encoding: 'utf8' });
  return probe.status === 0
    ? false
    : 'Debian python3-canmatrix is not installed (npm test installs it where apt is usable: apt-get install python3-canmatrix)';
})();

export interface CanmatrixFrame {
  readonly id: number;
  readonly extended: boolean;
  readonly data: string;
}

export type CanmatrixResult = { readonly signals: Record<string, [raw: string, physical: string]> } | { readonly error: string };

/** Decodes frames with canmatrix: one result list per job, in order. */
export function canmatrixDecode(jobs: ReadonlyArray<{ dbc: string; frames: readonly CanmatrixFrame[] }>): CanmatrixResult[][] {
  const run = spawnSync(SYSTEM_PYTHON, [repoPath('tests', 'tools', 'canmatrix_decode.py')], {
    input: JSON.stringify({ jobs }),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`canmatrix_decode.py failed (${String(run.status)}): ${run.stderr}`);
  return (JSON.parse(run.stdout) as { results: CanmatrixResult[][] }).results;
}
