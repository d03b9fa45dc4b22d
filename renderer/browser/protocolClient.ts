/** The system UI's side of the protocol over WebSocket: typed requests and events, reconnecting. */
import type { EventChannel, Events, RequestChannel, Requests, Result, ServerMessage } from '../../services/common/protocol.js';

type EventHandler<C extends EventChannel> = (payload: Events[C]) => void;

export class ProtocolClient {
  private socket: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly handlers = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly onConnection: (connected: boolean) => void,
  ) {
    this.connect(0);
  }

  private connect(attempt: number): void {
    if (this.closed) return;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => this.onConnection(true));
    socket.addEventListener('message', (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as ServerMessage;
      if ('event' in message) for (const handler of this.handlers.get(message.event) ?? []) handler(message.payload);
      else this.pending.get(message.id)?.(message.result);
    });
    socket.addEventListener('close', () => {
      this.onConnection(false);
      for (const resolve of this.pending.values()) resolve({ ok: false, error: { message: 'disconnected from services' } });
      this.pending.clear();
      // Back off to at most two seconds between attempts.
      setTimeout(() => this.connect(attempt + 1), Math.min(2000, 100 * 2 ** attempt));
    });
  }

  request<C extends RequestChannel>(channel: C, params: Requests[C]['params']): Promise<Result<Requests[C]['result']>> {
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve) => {
      if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
        resolve({ ok: false, error: { message: 'not connected to services' } });
        return;
      }
      this.pending.set(id, (result) => {
        this.pending.delete(id);
        resolve(result as Result<Requests[C]['result']>);
      });
      this.socket.send(JSON.stringify({ id, channel, params }));
    });
  }

  /** Subscribes to an event; returns the disposer. */
  on<C extends EventChannel>(channel: C, handler: EventHandler<C>): () => void {
    const set = this.handlers.get(channel) ?? new Set();
    set.add(handler as (payload: unknown) => void);
    this.handlers.set(channel, set);
    return () => set.delete(handler as (payload: unknown) => void);
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }
}
