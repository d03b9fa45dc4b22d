/**
 * The host's end of one running app: its logic container (a sandboxed iframe whose worker
 * runs the app's JS), the MessagePort to it, and the data of each open page. The port is the
 * app's only channel; which app is at the other end is known here, never stated by the app.
 */
import type { HostToLogic, LogicToHost } from '../../../miniapps/runtime/common/logic/protocol.js';
import { applyPatch } from '../../../miniapps/runtime/common/logic/setData.js';
import type { OpenedApp } from '../../../services/common/protocol.js';

type PageListener = (data: Readonly<Record<string, unknown>>) => void;

/** The watchdog: a ping this often (ms); no pong for this long, or more renders a second than this, and the app is killed. */
const PING_INTERVAL_MS = 200;
const UNRESPONSIVE_MS = 800;
const MAX_RENDERS_PER_SECOND = 120;

export class AppHost {
  private readonly frame: HTMLIFrameElement;
  private readonly channel = new MessageChannel();
  private readonly pageData = new Map<number, Record<string, unknown>>();
  private readonly listeners = new Map<number, PageListener>();
  private nextPageId = 1;
  private pingSeq = 0;
  private lastPong = performance.now();
  private readonly renderTimes: number[] = [];
  private readonly watchdog: ReturnType<typeof setInterval>;
  private killed = false;
  readonly problems: string[] = [];

  constructor(
    readonly app: OpenedApp,
    runtimeSource: string,
    parent: HTMLElement,
    /** Sends one of the app's API calls to services (which know the app by the id the host adds). */
    private readonly callApi: (name: string, args: unknown) => Promise<{ readonly ok: boolean; readonly value: unknown }>,
    /** Told once when the app is killed, with why. */
    private readonly onKilled: (reason: string) => void = () => undefined,
  ) {
    this.frame = document.createElement('iframe');
    // No allow-same-origin: the container has an opaque origin, cross-site to the system UI.
    this.frame.setAttribute('sandbox', 'allow-scripts');
    this.frame.setAttribute('aria-hidden', 'true');
    this.frame.className = 'logic-container';
    this.frame.src = '/container.html';
    this.frame.addEventListener('load', () => {
      // An opaque origin can only be addressed as '*'; the port, not the origin, is the channel.
      this.frame.contentWindow?.postMessage({ runtime: runtimeSource, bundle: app.logic, dialect: app.dialect }, '*', [this.channel.port2]);
      this.send({ t: 'launch', options: { scene: 1001, path: app.entryPagePath } });
    });
    this.channel.port1.onmessage = (event: MessageEvent<LogicToHost>) => this.receive(event.data);
    window.addEventListener('message', this.onContainerMessage);
    parent.appendChild(this.frame);
    this.watchdog = setInterval(() => {
      if (performance.now() - this.lastPong > UNRESPONSIVE_MS) this.kill(`did not answer for ${UNRESPONSIVE_MS} ms (a loop?)`);
      else this.send({ t: 'ping', seq: (this.pingSeq += 1) });
    }, PING_INTERVAL_MS);
  }

  private readonly onContainerMessage = (event: MessageEvent): void => {
    // Only the container's window can say its worker crashed.
    if (event.source !== this.frame.contentWindow) return;
    const data = event.data as { t?: unknown; message?: unknown } | null;
    if (data?.t === 'container-error') this.kill(`crashed: ${String(data.message)}`);
  };

  /** Stops the app at once: its container (and with it the worker) is removed. */
  kill(reason: string): void {
    if (this.killed) return;
    this.problems.push(`killed: ${reason}`);
    this.close();
    this.onKilled(reason);
  }

  private send(message: HostToLogic): void {
    this.channel.port1.postMessage(message);
  }

  private receive(message: LogicToHost): void {
    switch (message.t) {
      case 'pong':
        this.lastPong = performance.now();
        return;
      case 'render': {
        const now = performance.now();
        this.renderTimes.push(now);
        while ((this.renderTimes[0] ?? now) < now - 1000) this.renderTimes.shift();
        if (this.renderTimes.length > MAX_RENDERS_PER_SECOND) {
          this.kill(`flooded setData (${this.renderTimes.length} renders in a second)`);
          return;
        }
        const next = applyPatch(this.pageData.get(message.pageId) ?? {}, message.patch);
        this.pageData.set(message.pageId, next);
        this.listeners.get(message.pageId)?.(next);
        return;
      }
      case 'api':
        // Services answer every call; the host adds which app is asking.
        void this.callApi(message.name, message.args).then((outcome) => this.send({ t: 'apiResult', callId: message.callId, ok: outcome.ok, value: outcome.value }));
        return;
      case 'error':
      case 'warn':
        this.problems.push(`${message.t}: ${message.message}`);
        return;
      default:
        return;
    }
  }

  /** Opens a page; `listener` hears its data after every render. Returns the page id. */
  openPage(route: string, listener: PageListener): number {
    const pageId = this.nextPageId;
    this.nextPageId += 1;
    this.listeners.set(pageId, listener);
    this.send({ t: 'pageLoad', pageId, route, query: {} });
    this.send({ t: 'pageShow', pageId });
    this.send({ t: 'pageReady', pageId });
    return pageId;
  }

  /** A user event on a page element, with the element's dataset. */
  dispatch(pageId: number, handler: string, type: string, dataset: Readonly<Record<string, unknown>>, detail: unknown = {}): void {
    const target = { id: '', dataset };
    this.send({ t: 'event', pageId, handler, event: { type, timeStamp: Math.round(performance.now()), target, currentTarget: target, detail } });
  }

  close(): void {
    this.killed = true;
    clearInterval(this.watchdog);
    window.removeEventListener('message', this.onContainerMessage);
    this.channel.port1.close();
    this.frame.remove();
  }
}
