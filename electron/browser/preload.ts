/**
 * The preload of the kiosk window (sandboxed, context-isolated): it exposes the one typed
 * protocol and nothing else. The UI sees `window.glovebox`; it never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, bridgeOver } from '../../services/common/bridgeApi.js';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridgeOver(ipcRenderer));
