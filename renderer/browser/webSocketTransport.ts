/** The simulator's transport for the system UI's protocol: its WebSocket, reconnecting. */
import type { ClientMessage, ServerMessage } from '../../services/common/protocol.js';
import type { Transport } from '../common/protocolClient.js';

/** The simulator's WebSocket, reconnecting with a backoff of at most two seconds. */
export class WebSocketTransport implements Transport {
  private socket: WebSocket | undefined;
  private closed = false;

  constructor(private readonly url: string) {}

  start(deliver: (message: ServerMessage) => void, connection: (connected: boolean) => void): void {
    const connect = (attempt: number): void => {
      if (this.closed) return;
      const socket = new WebSocket(this.url);
      this.socket = socket;
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        connection(true);
      });
      socket.addEventListener('message', (event: MessageEvent<string>) => deliver(JSON.parse(event.data) as ServerMessage));
      // The backoff starts again after a connection that worked (a simulator restart is one miss).
      socket.addEventListener('close', () => {
        connection(false);
        const next = opened ? 0 : attempt + 1;
        setTimeout(() => connect(next), Math.min(2000, 100 * 2 ** next));
      });
    };
    connect(0);
  }

  send(message: ClientMessage): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }
}

