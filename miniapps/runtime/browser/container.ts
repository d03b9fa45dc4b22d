/**
 * The logic container: a page in a sandboxed, opaque-origin iframe that does one thing: start
 * a worker from the runtime the host hands it and pass the worker the host's MessagePort.
 * A blob worker inherits this page's CSP: no network, no eval, scripts only from services.
 */
import { containerCrash, readContainerStart } from '../common/session/containerMessages.js';

let started = false;

window.addEventListener('message', (event: MessageEvent) => {
  if (started || event.source !== window.parent) return;
  const start = readContainerStart(event.data);
  const port = event.ports[0];
  if (!port || !start) return;
  started = true;
  const worker = new Worker(URL.createObjectURL(new Blob([start.runtime], { type: 'text/javascript' })));
  worker.addEventListener('error', (error: ErrorEvent) => {
    window.parent.postMessage(containerCrash(error.message), '*');
  });
  worker.postMessage(null, [port]);
});
