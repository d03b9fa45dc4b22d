/**
 * The tester's control socket, as the panel uses it: the deterministic way tests steer the
 * simulated car (hold a gear and a speed, place it, set its battery) instead of waiting on a
 * scenario's clock.
 */
import { WebSocket } from 'ws';
import type { RunningSimulator } from '../../sim/node/server.js';

/** The tester's status once (the control socket's first message), from the simulator's URL. */
export async function controlStatus<T = Record<string, unknown>>(url: string): Promise<T> {
  const origin = url.replace(/\/(\?.*)?$/, '');
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/control`, { headers: { origin } });
  const first = await new Promise<T>((resolve, reject) => {
    socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as T));
    socket.once('error', reject);
  });
  socket.close();
  return first;
}

/** One command on the tester's control socket; resolves with what the simulator says it did. */
export async function control(simulator: RunningSimulator, command: object): Promise<string> {
  const origin = simulator.url.replace(/\/$/, '');
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/control`, { headers: { origin } });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  // The first status says how many commands were carried out before this one; the notice is in
  // the first status that counts this one too.
  let before: number | undefined;
  const notice = new Promise<string>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const status = JSON.parse(data.toString()) as { notice: string | null; applied: number };
      if (before === undefined) {
        before = status.applied;
        socket.send(JSON.stringify(command));
      } else if (status.applied > before) resolve(status.notice ?? '');
    });
  });
  const said = await notice;
  socket.close();
  return said;
}

/** The app's view (its shadow root is open: locators reach in). */

/** Holds D at `speedKmh` (brake off) and waits until services say MOVING. */
export async function holdMoving(simulator: RunningSimulator, speedKmh = 50): Promise<void> {
  await control(simulator, { t: 'hold', inputs: { gear: 'D', parkingBrake: false, speedKmh } });
  await waitForState(simulator, (state) => state.startsWith('MOVING'));
}

/** Holds P at standstill and waits until services say PARKED. */
export async function holdParked(simulator: RunningSimulator): Promise<void> {
  await control(simulator, { t: 'hold', inputs: { gear: 'P', speedKmh: 0 } });
  await waitForState(simulator, (state) => state === 'PARKED');
}

/** Resolves when the control socket's status says a driving state `wanted` accepts. */
function waitForState(simulator: RunningSimulator, wanted: (state: string) => boolean): Promise<void> {
  const origin = simulator.url.replace(/\/$/, '');
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/control`, { headers: { origin } });
  return new Promise((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      const status = JSON.parse(data.toString()) as { driving?: string };
      if (wanted(status.driving ?? '')) {
        socket.close();
        resolve();
      }
    });
    socket.once('error', reject);
  });
}
