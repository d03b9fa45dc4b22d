/**
 * The system UI's side of the protocol: typed requests and events over a transport (the
 * simulator's WebSocket, renderer/browser/webSocketTransport.ts, or the Electron preload's IPC
 * bridge, here). Same messages either way. Nothing is sent or delivered before `start()`, so
 * whoever holds the client has it before the first "connected".
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

  private started = false;

  constructor(
    private readonly transport: Transport,
    private readonly onConnection: (connected: boolean) => void,
  ) {}

  /** Connects (a transport may report "connected" before this returns). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.transport.start(
      (message) => {
        if ('event' in message) for (const handler of this.handlers.get(message.event) ?? []) handler(message.payload);
        else this.pending.get(message.id)?.(message.result);
      },
      (connected) => {
        if (!connected) {
          for (const resolve of this.pending.values()) resolve({ ok: false, error: { message: 'disconnected from services' } });
          this.pending.clear();
        }
        this.onConnection(connected);
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
      if (!this.started || !this.transport.send({ id, channel, params })) {
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
