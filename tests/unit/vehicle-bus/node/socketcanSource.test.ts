/**
 * This kernel has no SocketCAN (`ip link add type vcan` fails), so the real path can only be
 * checked for its refusal here; the frame path runs against a fake /proc, /sys and candump.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import type { CandumpProcess } from '../../../../vehicle-bus/node/socketcanSource.js';
import { socketCanProblem, SocketCanSource, SocketCanUnavailableError } from '../../../../vehicle-bus/node/socketcanSource.js';

function fakeSystem(linkType: number) {
  const root = mkdtempSync(join(tmpdir(), 'glovebox-socketcan-'));
  mkdirSync(join(root, 'proc-net-can'));
  mkdirSync(join(root, 'net', 'can0'), { recursive: true });
  writeFileSync(join(root, 'net', 'can0', 'type'), `${linkType}\n`);
  return { root, options: { procNetCan: join(root, 'proc-net-can'), sysClassNet: join(root, 'net') } };
}

class FakeCandump extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  killed: string | undefined;
  kill(signal?: NodeJS.Signals | number): boolean {
    this.killed = String(signal);
    this.stdout.end();
    setImmediate(() => this.emit('exit', null));
    return true;
  }
}

describe('SocketCAN source', () => {
  test('on this machine it says plainly that SocketCAN is not available, and why', async () => {
    const source = new SocketCanSource('can0');
    const problem = socketCanProblem('can0');
    if (problem === undefined) return; // A kernel with CAN: nothing to refuse.
    await assert.rejects(async () => {
      for await (const _frame of source.frames()) break;
    }, new SocketCanUnavailableError(problem));
    assert.match(problem, /CAN protocol family|no network interface can0|not a CAN interface/);
  });

  test('a non-CAN interface is refused by its link type', (t) => {
    const system = fakeSystem(1);
    t.after(() => rmSync(system.root, { recursive: true, force: true }));
    assert.equal(socketCanProblem('can0', system.options), 'can0 is not a CAN interface (link type 1, CAN is 280)');
  });

  test('frames from candump -L stream out; stopping kills candump', async (t) => {
    const system = fakeSystem(280);
    t.after(() => rmSync(system.root, { recursive: true, force: true }));
    const child = new FakeCandump();
    const calls: string[][] = [];
    const source = new SocketCanSource('can0', {
      ...system.options,
      spawn: (command, args) => {
        calls.push([command, ...args]);
        return child as unknown as CandumpProcess;
      },
    });
    child.stdout.write('(1700000000.000001) can0 123#0102\n(1700000000.000002) can0 1FFFFFFF#\nnonsense\n(1700000000.000003) can0 321#FF\n');
    const controller = new AbortController();
    const ids: number[] = [];
    for await (const frame of source.frames(controller.signal)) {
      ids.push(frame.id);
      if (ids.length === 3) controller.abort();
    }
    assert.deepStrictEqual(
      { calls, ids, killed: child.killed, problems: source.problems.summary().map((entry) => entry.kind) },
      { calls: [['candump', '-L', 'can0']], ids: [0x123, 0x1fffffff, 0x321], killed: 'SIGTERM', problems: ['malformed-line'] },
    );
  });

  test('an interface name that could smuggle arguments is refused', () => {
    assert.throws(() => new SocketCanSource('-n 1'), /is not a network interface name/);
  });
});
