/**
 * The simulator's server closing while pages still talk to it: a head unit page reconnects
 * within 100 ms of losing its socket, and a browser may hold a half-sent request. Closing must
 * not wait on either (it once waited minutes for a socket let in while the session closed).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { EU_ESOP } from '../../../../safety/common/presets.js';
import { startSimulator } from '../../../../sim/node/server.js';
import { repoPath } from '../../../support/paths.js';

test('close ends every socket and connection, and lets no page back in while it closes', { timeout: 30_000 }, async () => {
  const data = mkdtempSync(join(tmpdir(), 'glovebox-server-'));
  try {
    const scenario = join(data, 'parked.json');
    writeFileSync(scenario, JSON.stringify({ description: 'parked', segments: [{ durationS: 600, gear: 'P' }] }));
    const simulator = await startSimulator({ port: 0, dataDir: data, timeline: scenario, speed: 1, policy: EU_ESOP, rendererDir: repoPath('build', 'renderer') });
    const origin = simulator.url.replace(/\/$/, '');
    const port = Number(new URL(origin).port);

    // A page's protocol socket and panel socket, each reconnecting at once when dropped.
    let closing = false;
    let admittedWhileClosing = 0;
    let stop = false;
    const reconnecting = (path: string): Promise<void> =>
      new Promise((resolve) => {
        const open = (): void => {
          const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}${path}`, { headers: { origin } });
          socket.on('open', () => {
            if (closing) admittedWhileClosing += 1;
            resolve();
          });
          socket.on('error', () => undefined);
          socket.on('close', () => {
            if (!stop) setTimeout(open, 5);
          });
        };
        open();
      });
    await Promise.all([reconnecting('/protocol'), reconnecting('/control')]);

    // A request whose headers never finish: an active connection `server.close` alone waits on.
    const halfSent = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => halfSent.once('connect', resolve));
    halfSent.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const halfSentEnded = new Promise<void>((resolve) => halfSent.once('close', () => resolve()));
    halfSent.on('error', () => undefined);

    closing = true;
    await simulator.close();
    await halfSentEnded;
    stop = true;
    assert.equal(admittedWhileClosing, 0, 'no socket is admitted once closing has begun');
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});
