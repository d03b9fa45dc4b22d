/**
 * Linux SocketCAN through can-utils: `candump -L <interface>` as a child process, its output
 * parsed as a candump log. Where the kernel has no CAN support (as on our build machines),
 * frames() fails at once with "SocketCAN is not available on this system" and the reason.
 */
import type { ChildProcessByStdio } from 'node:child_process';
import { spawn as spawnProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { CanFrame, FrameSource } from '../common/frame.js';
import { ProblemTally } from '../common/problems.js';
import { readCandump } from './replaySource.js';

/** ARPHRD_CAN in linux/if_arp.h: the link type of a CAN interface in /sys/class/net/X/type. */
const ARPHRD_CAN = 280;

export class SocketCanUnavailableError extends Error {
  constructor(reason: string) {
    super(`SocketCAN is not available on this system: ${reason}`);
    this.name = 'SocketCanUnavailableError';
  }
}

export type CandumpProcess = Pick<ChildProcessByStdio<null, Readable, Readable>, 'stdout' | 'stderr' | 'kill' | 'once'>;

export interface SocketCanOptions {
  /** Where the kernel's CAN protocol family shows itself (tests point these at a fake tree). */
  readonly procNetCan?: string;
  readonly sysClassNet?: string;
  readonly spawn?: (command: string, args: readonly string[]) => CandumpProcess;
}

/** Why SocketCAN cannot be used for `interfaceName`, or undefined when it can. */
export function socketCanProblem(interfaceName: string, options: SocketCanOptions = {}): string | undefined {
  const procNetCan = options.procNetCan ?? '/proc/net/can';
  const sysClassNet = options.sysClassNet ?? '/sys/class/net';
  if (!existsSync(procNetCan)) return `the kernel has no CAN protocol family (${procNetCan} is missing; load the can and can_raw modules)`;
  const typeFile = join(sysClassNet, interfaceName, 'type');
  if (!existsSync(typeFile)) return `there is no network interface ${interfaceName}`;
  const type = Number(readFileSync(typeFile, 'utf8').trim());
  if (type !== ARPHRD_CAN) return `${interfaceName} is not a CAN interface (link type ${type}, CAN is ${ARPHRD_CAN})`;
  return undefined;
}

export class SocketCanSource implements FrameSource {
  readonly problems = new ProblemTally();

  constructor(
    readonly interfaceName: string,
    private readonly options: SocketCanOptions = {},
  ) {
    if (!/^[A-Za-z0-9_.-]{1,15}$/.test(interfaceName)) throw new RangeError(`"${interfaceName}" is not a network interface name`);
  }

  get description(): string {
    return `SocketCAN ${this.interfaceName}`;
  }

  async *frames(signal?: AbortSignal): AsyncGenerator<CanFrame> {
    const problem = socketCanProblem(this.interfaceName, this.options);
    if (problem) throw new SocketCanUnavailableError(problem);
    const spawn = this.options.spawn ?? ((command, args) => spawnProcess(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const child = spawn('candump', ['-L', this.interfaceName]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let exitCode: number | null = null;
    let exited = false;
    const exit = new Promise<void>((resolve) => {
      child.once('exit', (code: number | null) => {
        exitCode = code;
        exited = true;
        resolve();
      });
    });
    const stop = (): void => {
      if (!exited) child.kill('SIGTERM');
    };
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for await (const { frame } of readCandump(child.stdout, this.problems, signal)) yield frame;
      await exit;
      if (!signal?.aborted && exitCode !== 0) {
        throw new Error(`candump -L ${this.interfaceName} exited with ${String(exitCode)}: ${stderr.trim() || 'no message'}`);
      }
    } finally {
      signal?.removeEventListener('abort', stop);
      stop();
    }
  }
}
