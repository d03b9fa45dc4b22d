/**
 * The start of every logic worker: `__gbBoot(dialect)` creates the runtime, puts the
 * mini-program globals on the worker's global scope, and waits for the host's MessagePort.
 * The app's bundle follows this script in the same blob and registers its modules.
 */
import type { LogicToHost } from '../common/logic/protocol.js';
import { createLogicRuntime } from '../common/logic/runtime.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  __gbBoot?: (dialect: 'wechat' | 'alipay') => void;
  __gbDefine?: unknown;
}

const scope = globalThis as unknown as WorkerScope & Record<string, unknown>;

scope.__gbBoot = (dialect) => {
  let port: MessagePort | undefined;
  const queued: LogicToHost[] = [];
  let deliver: ((message: never) => void) | undefined;
  const runtime = createLogicRuntime(
    {
      post: (message) => (port ? port.postMessage(message) : queued.push(message)),
      onMessage: (handler) => {
        deliver = handler as (message: never) => void;
      },
    },
    dialect,
  );
  Object.assign(scope, runtime.globals, { __gbDefine: runtime.define });
  scope.onmessage = (event: MessageEvent) => {
    const received = event.ports[0];
    if (!received || port) return;
    port = received;
    port.onmessage = (message: MessageEvent) => deliver?.(message.data as never);
    for (const message of queued.splice(0)) port.postMessage(message);
  };
};
