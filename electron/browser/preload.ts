/**
 * The preload of the kiosk window (sandboxed, context-isolated): it exposes the one typed
 * protocol and nothing else. The UI sees `window.glovebox`; it never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ServerMessage } from '../../services/common/protocol.js';
import type { GloveboxBridge } from '../../services/common/bridgeApi.js';

const REQUEST_CHANNEL = 'glovebox:request';
const EVENT_CHANNEL = 'glovebox:event';

const bridge: GloveboxBridge = {
  logicBase: 'miniapp://bundles',
  request: (message) => ipcRenderer.invoke(REQUEST_CHANNEL, message) as Promise<ServerMessage>,
  onEvent: (listener) => {
    const forward = (_event: unknown, message: ServerMessage): void => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('glovebox', bridge);
