/**
 * The system UI's side of the protocol: typed requests and events over a transport, the
 * simulator's WebSocket (reconnecting) or the Electron preload's IPC bridge. Same messages.
 */
import type { GloveboxBridge } from '../../services/common/bridgeApi.js';
import type { ClientMessage, EventChannel, Events, RequestChannel, Requests, Result, ServerMessage } from '../../services/common/protocol.js';

type EventHandler<C extends EventChannel> = (payload: Events[C]) => void;

export interface Transport {
  start(deliver: (message: ServerMessage) => void, connection: (connected: boolean) => void): void;
  /** False when not connected (the request then fails at once). */
  send(message: ClientMessage): boolean;
  close(): void;
}

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

/** Electron: the preload's `window.glovebox`, always connected while the window lives. */
export class BridgeTransport implements Transport {
  private deliver: ((message: ServerMessage) => void) | undefined;
  private stop: (() => void) | undefined;

  constructor(private readonly bridge: GloveboxBridge) {}

  start(deliver: (message: ServerMessage) => void, connection: (connected: boolean) => void): void {
    this.deliver = deliver;
    this.stop = this.bridge.onEvent(deliver);
    connection(true);
  }

  send(message: ClientMessage): boolean {
    this.bridge.request(message).then(
      (answer) => this.deliver?.(answer),
      (error: unknown) => this.deliver?.({ id: message.id, result: { ok: false, error: { message: error instanceof Error ? error.message : String(error) } } }),
    );
    return true;
  }

  close(): void {
    this.stop?.();
  }
}

export class ProtocolClient {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly handlers = new Map<EventChannel, Set<(payload: unknown) => void>>();

  constructor(
    private readonly transport: Transport,
    onConnection: (connected: boolean) => void,
  ) {
    transport.start(
      (message) => {
        if ('event' in message) for (const handler of this.handlers.get(message.event) ?? []) handler(message.payload);
        else this.pending.get(message.id)?.(message.result);
      },
      (connected) => {
        if (!connected) {
          for (const resolve of this.pending.values()) resolve({ ok: false, error: { message: 'disconnected from services' } });
          this.pending.clear();
        }
        onConnection(connected);
      },
    );
  }

  request<C extends RequestChannel>(channel: C, params: Requests[C]['params']): Promise<Result<Requests[C]['result']>> {
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve) => {
      this.pending.set(id, (result) => {
        this.pending.delete(id);
        resolve(result as Result<Requests[C]['result']>);
      });
      if (!this.transport.send({ id, channel, params })) {
        this.pending.delete(id);
        resolve({ ok: false, error: { message: 'not connected to services' } });
      }
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
    this.transport.close();
  }
}
