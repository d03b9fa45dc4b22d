/**
 * The kiosk's bridge: what the Electron preload exposes to the system UI as `window.glovebox`,
 * the same protocol as the simulator's WebSocket, over IPC. The implementation is here, as a
 * function of the IPC it is given (the preload passes ipcRenderer; tests a stand-in), so its
 * type is derived from it, and the names both ends use are declared once.
 */
import type { ClientMessage, ServerMessage } from './protocol.js';

/** The IPC channel of requests (the UI's ClientMessage; answered with a ServerMessage). */
export const IPC_REQUEST_CHANNEL = 'glovebox:request';
/** The IPC channel services' events come on (a ServerMessage each). */
export const IPC_EVENT_CHANNEL = 'glovebox:event';
/** The name the bridge has on the UI's window. */
export const BRIDGE_GLOBAL = 'glovebox';
/** The shell's scheme for the system UI's own files. */
export const UI_ORIGIN = 'app://ui';
/** The shell's scheme for installed apps' logic bundles and pictures. */
export const LOGIC_BASE = 'miniapp://bundles';

/** What the bridge uses of Electron's ipcRenderer. */
export interface RendererIpc {
  invoke(channel: string, message: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: ServerMessage) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, message: ServerMessage) => void): unknown;
}

export function bridgeOver(ipc: RendererIpc) {
  return {
    /** Where logic bundles are served from (the shell's miniapp: scheme). */
    logicBase: LOGIC_BASE,
    request: (message: ClientMessage): Promise<ServerMessage> => ipc.invoke(IPC_REQUEST_CHANNEL, message) as Promise<ServerMessage>,
    onEvent: (listener: (message: ServerMessage) => void): (() => void) => {
      const forward = (_event: unknown, message: ServerMessage): void => listener(message);
      ipc.on(IPC_EVENT_CHANNEL, forward);
      return () => void ipc.removeListener(IPC_EVENT_CHANNEL, forward);
    },
  };
}

export type GloveboxBridge = ReturnType<typeof bridgeOver>;
