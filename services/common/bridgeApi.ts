/**
 * What the Electron preload exposes to the system UI as `window.glovebox`: the same protocol
 * as the simulator's WebSocket, over IPC. Contract only.
 */
import type { ClientMessage, ServerMessage } from './protocol.js';

export interface GloveboxBridge {
  /** Where logic bundles are served from (the shell's miniapp: scheme). */
  readonly logicBase: string;
  request(message: ClientMessage): Promise<ServerMessage>;
  onEvent(listener: (message: ServerMessage) => void): () => void;
}
