/**
 * The logic container: a page in a sandboxed, opaque-origin iframe that does one thing: start
 * a worker from the runtime the host hands it and pass the worker the host's MessagePort.
 * A blob worker inherits this page's CSP: no network, no eval, scripts only from services.
 */

let started = false;

window.addEventListener('message', (event: MessageEvent) => {
  if (started || event.source !== window.parent) return;
  const data = event.data as { runtime?: unknown } | null;
  const port = event.ports[0];
  if (!port || typeof data?.runtime !== 'string') return;
  started = true;
  const worker = new Worker(URL.createObjectURL(new Blob([data.runtime], { type: 'text/javascript' })));
  worker.addEventListener('error', (error: ErrorEvent) => {
    window.parent.postMessage({ t: 'container-error', message: error.message }, '*');
  });
  worker.postMessage(null, [port]);
});
