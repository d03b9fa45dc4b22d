/** The panel's connection to the simulator's /control socket: the latest status, and a way to send. */
import { useEffect, useRef, useState } from 'react';
import type { ControlCommand, ControlStatus } from '../../common/controlProtocol.js';

export type Send = (command: ControlCommand) => void;

export function useControl(): { readonly status: ControlStatus | null; readonly send: Send } {
  const socket = useRef<WebSocket | null>(null);
  const [status, setStatus] = useState<ControlStatus | null>(null);
  useEffect(() => {
    let closed = false;
    const connect = (): void => {
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/control`);
      socket.current = ws;
      ws.addEventListener('message', (event: MessageEvent<string>) => setStatus(JSON.parse(event.data) as ControlStatus));
      ws.addEventListener('close', () => {
        if (!closed) setTimeout(connect, 1000);
      });
    };
    connect();
    return () => {
      closed = true;
      socket.current?.close();
    };
  }, []);
  return { status, send: (command) => socket.current?.send(JSON.stringify(command)) };
}
