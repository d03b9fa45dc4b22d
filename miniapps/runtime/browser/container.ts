/**
 * The logic container: a page in a sandboxed, opaque-origin iframe that does one thing: start
 * the app's worker from the runtime and bundle the host hands it, and pass the worker the
 * host's MessagePort. A blob worker inherits this page's CSP: no network, no eval.
 */

interface StartMessage {
  readonly runtime: string;
  readonly bundle: string;
  readonly dialect: 'wechat' | 'alipay';
}

let started = false;

window.addEventListener('message', (event: MessageEvent) => {
  if (started || event.source !== window.parent) return;
  const data = event.data as Partial<StartMessage> | null;
  const port = event.ports[0];
  if (!port || !data || typeof data.runtime !== 'string' || typeof data.bundle !== 'string' || (data.dialect !== 'wechat' && data.dialect !== 'alipay')) return;
  started = true;
  const source = `${data.runtime}\n;__gbBoot(${JSON.stringify(data.dialect)});\n${data.bundle}`;
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  worker.addEventListener('error', (error: ErrorEvent) => {
    window.parent.postMessage({ t: 'container-error', message: error.message }, '*');
  });
  worker.postMessage(null, [port]);
});
