/**
 * The one IPC entry: `glovebox:request` from the system UI's main frame only. A message from
 * any other frame (a logic container, anything else) or of any other shape is refused; the
 * answer is the services' own.
 */
import type { IpcMainInvokeEvent } from 'electron';
import type { HeadUnitServices } from '../../services/node/headUnit.js';
import { IPC_REQUEST_CHANNEL } from '../../services/common/bridgeApi.js';
import { isUiUrl } from './schemes.js';

/** Whether an IPC message comes from the system UI's top frame (app://ui/, not a sub-frame). */
export function fromSystemUi(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame !== undefined && frame.parent === null && isUiUrl(frame.url);
}

export function handleRequest(services: Pick<HeadUnitServices, 'request'>) {
  return async (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, message: unknown): Promise<unknown> => {
    if (!fromSystemUi(event)) throw new Error(`refused: ${IPC_REQUEST_CHANNEL} from ${event.senderFrame?.url ?? 'a frame that is gone'}`);
    return services.request(message);
  };
}
