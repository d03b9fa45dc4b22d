/**
 * Memory of the browser this process started: the proportional set size (PSS, shared pages
 * split between their users) summed over every process descended from this one, from Linux's
 * /proc/<pid>/smaps_rollup. PSS rather than RSS, so Chromium's shared code is not counted once
 * per renderer.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

function parentOf(pid: number): number | undefined {
  try {
    // The command name may contain spaces and parentheses; the fields after its last ')' do not.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Why PSS cannot be read here, or false. */
export const NO_PROC_MEMORY: string | false = existsSync(`/proc/${process.pid}/smaps_rollup`) ? false : 'no /proc/<pid>/smaps_rollup on this system';

/** PSS in MiB of all processes below this one, and how many there are. */
export function descendantsPss(): { readonly mib: number; readonly processes: number } {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  const parents = new Map(pids.map((pid) => [pid, parentOf(pid)]));
  let kib = 0;
  let processes = 0;
  for (const pid of pids) {
    let ancestor = parents.get(pid);
    while (ancestor !== undefined && ancestor > 1 && ancestor !== process.pid) ancestor = parents.get(ancestor) ?? parentOf(ancestor);
    if (ancestor !== process.pid) continue;
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      kib += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
      processes += 1;
    } catch {
      // Gone since the listing: it holds no memory now.
    }
  }
  return { mib: kib / 1024, processes };
}
