/**
 * What went wrong in running apps, for their developers: uncaught errors and warnings from an
 * app's logic, late answers to the watchdog, and why an app was stopped. The system UI reports
 * each (`app:problem`); services place an error at the app's own file and line (the logic bundle
 * is a list of the app's files, each wrapped once, so a bundle line maps back to one), keep the
 * latest for the simulator's panel, and tell listeners: the simulator and the kiosk print each on
 * the terminal that runs them (`glovebox start`, `glovebox app dev`). The text is the app's and is treated as data:
 * cut to a length, one line each.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ProblemKind } from '../../../miniapps/runtime/common/session/appSession.js';

export type AppProblemKind = ProblemKind;

export interface AppProblem {
  readonly appId: string;
  readonly kind: AppProblemKind;
  readonly message: string;
  /** The app's file and line (`pages/index/index.js:12`), where the stack names one. */
  readonly where: string | null;
  /** When it was reported (ms since the epoch). */
  readonly at: number;
}

const KEPT = 100;
const MESSAGE_CHARACTERS = 500;

/** `file:line` of the app's own code for the first frame of `stack` inside the logic bundle. */
export function locateInBundle(bundle: string, stack: string): string | null {
  const frame = /logic\.js:(\d+):\d+/.exec(stack);
  if (!frame) return null;
  const target = Number(frame[1]);
  const lines = bundle.split('\n');
  // Walk back from the frame's line to the wrapper that opened the file it is in.
  for (let index = Math.min(target, lines.length) - 1; index >= 0; index -= 1) {
    const opened = /^__gbDefine\(("(?:[^"\\]|\\.)*"), function \(module, exports, require\) \{$/.exec(lines[index] ?? '');
    if (opened) {
      const file = JSON.parse(opened[1] as string) as string;
      const line = target - (index + 1);
      return line >= 1 ? `${file}:${line}` : null;
    }
  }
  return null;
}

/** One line for a terminal: `[app] kind: message (file:line)`. */
export function formatAppProblem(problem: AppProblem): string {
  return `[${problem.appId}] ${problem.kind}: ${problem.message}${problem.where ? ` (${problem.where})` : ''}`;
}

export class AppProblems {
  private readonly kept: AppProblem[] = [];
  private readonly listeners = new Set<(problem: AppProblem) => void>();

  constructor(
    /** The app's logic bundle file, if installed. */
    private readonly bundleFile: (appId: string) => string | undefined,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  report(appId: string, kind: AppProblemKind, message: string, stack?: string): AppProblem {
    const file = this.bundleFile(appId);
    const where = stack !== undefined && file !== undefined && existsSync(file) ? locateInBundle(readFileSync(file, 'utf8'), stack) : null;
    const problem: AppProblem = { appId, kind, message: message.replace(/\s+/g, ' ').trim().slice(0, MESSAGE_CHARACTERS), where, at: this.clock() };
    this.kept.push(problem);
    if (this.kept.length > KEPT) this.kept.splice(0, this.kept.length - KEPT);
    for (const listener of this.listeners) listener(problem);
    return problem;
  }

  /** The latest problems, oldest first (of one app when given). */
  recent(appId?: string): readonly AppProblem[] {
    return appId === undefined ? [...this.kept] : this.kept.filter((problem) => problem.appId === appId);
  }

  onProblem(listener: (problem: AppProblem) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
