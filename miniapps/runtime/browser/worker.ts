/**
 * The start of every logic worker. A pooled container boots this script before any app is
 * chosen: it takes `importScripts` for itself, then removes from the worker's global scope
 * everything that could load or start code later (importScripts, nested workers, blob URLs),
 * so the only code that ever runs here is the runtime and the one bundle the host names.
 * The bundle is loaded by URL from services (cacheable, so V8 can reuse its compiled code).
 */
import type { HostToLogic, LogicToHost } from '../common/logic/protocol.js';
import { MESSAGES_PER_SECOND } from '../common/logic/protocol.js';
import { createLogicRuntime } from '../common/logic/runtime.js';

type Scope = Record<string, unknown> & { onmessage: ((event: MessageEvent) => void) | null; importScripts: (...urls: string[]) => void };

const scope = globalThis as unknown as Scope;
const loadScript = scope.importScripts.bind(scope);
// The worker's own timers, taken before the app's suspendable ones replace the globals.
const native = {
  setTimeout: globalThis.setTimeout.bind(globalThis) as (callback: () => void, ms: number) => unknown,
  clearTimeout: globalThis.clearTimeout.bind(globalThis) as (handle: unknown) => void,
  setInterval: globalThis.setInterval.bind(globalThis) as (callback: () => void, ms: number) => unknown,
  clearInterval: globalThis.clearInterval.bind(globalThis) as (handle: unknown) => void,
};

/**
 * What could run code that the host did not name, or run the app's code when the host has not
 * asked (a scheduler of its own would keep a suspended app running: the runtime's timers are
 * the only clock an app gets), removed from the scope and every prototype.
 */
const CODE_LOADERS = ['importScripts', 'Worker', 'SharedWorker', 'MessageChannel', 'BroadcastChannel', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'scheduler', 'setImmediate'];

function lockDown(): void {
  for (let holder: object | null = scope; holder !== null; holder = Object.getPrototypeOf(holder) as object | null) {
    for (const name of CODE_LOADERS) if (Object.prototype.hasOwnProperty.call(holder, name)) delete (holder as Record<string, unknown>)[name];
  }
  delete (URL as unknown as Record<string, unknown>)['createObjectURL'];
  const left = CODE_LOADERS.filter((name) => name in scope);
  if (typeof URL.createObjectURL !== 'undefined') left.push('URL.createObjectURL');
  // Fail closed: a worker that cannot be locked down never loads an app.
  if (left.length > 0) throw new Error(`the logic worker could not remove ${left.join(', ')}`);
}

lockDown();

scope.onmessage = (event: MessageEvent) => {
  const port = event.ports[0];
  if (!port) return;
  scope.onmessage = null;
  // Taken before any app code runs: an app that replaces postMessage or the clock later changes neither.
  const send = port.postMessage.bind(port);
  const now = performance.now.bind(performance);
  let windowStart = now();
  let sentInWindow = 0;
  let overrun = false;
  const post = (message: LogicToHost): void => {
    if (overrun) return;
    const time = now();
    if (time - windowStart >= 1000) {
      windowStart = time;
      sentInWindow = 0;
    }
    sentInWindow += 1;
    if (sentInWindow > MESSAGES_PER_SECOND) {
      overrun = true;
      send({ t: 'overrun', limit: MESSAGES_PER_SECOND } satisfies LogicToHost);
      return;
    }
    send(message);
  };
  let deliver: ((message: HostToLogic) => void) | undefined;
  port.onmessage = (message: MessageEvent<HostToLogic>) => {
    const data = message.data;
    if (deliver) {
      deliver(data);
      return;
    }
    if (data.t === 'ping') post({ t: 'pong', seq: data.seq });
    if (data.t !== 'load') return;
    const runtime = createLogicRuntime({ post, onMessage: (handler) => (deliver = handler) }, data.dialect, { timers: native });
    Object.assign(scope, runtime.globals, { __gbDefine: runtime.define });
    // An app's rejected promise that nothing handled: to wx.onUnhandledRejection, or reported.
    (scope as unknown as { addEventListener(type: string, listener: (event: { reason: unknown; preventDefault(): void }) => void): void }).addEventListener('unhandledrejection', (event) => {
      event.preventDefault();
      runtime.rejected(event.reason);
    });
    try {
      loadScript(data.bundleUrl);
      post({ t: 'loaded', error: null });
    } catch (error) {
      post({ t: 'loaded', error: error instanceof Error ? error.message : String(error) });
    }
  };
  post({ t: 'booted' });
};
