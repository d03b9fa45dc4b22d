/**
 * The two window messages between the system UI and a logic container's page (everything else
 * goes over the MessagePort, logic/protocol.ts): the UI hands the page the runtime to start its
 * worker with (the port rides along), and the page reports a worker that failed. Each side reads
 * the other's message with these, and ignores anything else; the page is an opaque origin, so
 * `*` is the only target, and the receiver checks the sender's window.
 */

/** UI → container page: the worker's runtime source. */
export interface ContainerStart {
  readonly t: 'container-start';
  readonly runtime: string;
}

/** Container page → UI: the worker failed (a syntax error, an uncaught error at start). */
export interface ContainerCrash {
  readonly t: 'container-error';
  readonly message: string;
}

/** How much of a crash's text reaches the UI. */
export const CRASH_MESSAGE_LIMIT = 500;

export const containerStart = (runtime: string): ContainerStart => ({ t: 'container-start', runtime });
export const containerCrash = (message: string): ContainerCrash => ({ t: 'container-error', message: message.slice(0, CRASH_MESSAGE_LIMIT) });

const record = (data: unknown): Readonly<Record<string, unknown>> | undefined => (data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined);

export function readContainerStart(data: unknown): ContainerStart | undefined {
  const message = record(data);
  return message?.['t'] === 'container-start' && typeof message['runtime'] === 'string' ? containerStart(message['runtime']) : undefined;
}

export function readContainerCrash(data: unknown): ContainerCrash | undefined {
  const message = record(data);
  return message?.['t'] === 'container-error' && typeof message['message'] === 'string' ? containerCrash(message['message']) : undefined;
}
