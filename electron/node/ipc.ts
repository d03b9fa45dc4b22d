/**
 * The one IPC entry: `glovebox:request` from the system UI's main frame only. A message from
 * any other frame (a logic container, anything else) or of any other shape is refused; the
 * answer is the services' own.
 */
import type { IpcMainInvokeEvent } from 'electron';
import type { HeadUnitServices } from '../../services/node/headUnit.js';
import { UI_ORIGIN } from './schemes.js';

export const REQUEST_CHANNEL = 'glovebox:request';
export const EVENT_CHANNEL = 'glovebox:event';

/** Whether an IPC message comes from the system UI's top frame (app://ui/, not a sub-frame). */
export function fromSystemUi(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === UI_ORIGIN || frame.url.startsWith(`${UI_ORIGIN}/`);
  } catch {
    return false;
  }
}

export function handleRequest(services: Pick<HeadUnitServices, 'request'>) {
  return async (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, message: unknown): Promise<unknown> => {
    if (!fromSystemUi(event)) throw new Error(`refused: ${REQUEST_CHANNEL} from ${event.senderFrame?.url ?? 'a frame that is gone'}`);
    return services.request(message);
  };
}
