/**
 * The host's end of one running app: its logic container (a sandboxed iframe whose worker
 * runs the app's JS), the MessagePort to it, and the data of each open page. The port is the
 * app's only channel; which app is at the other end is known here, never stated by the app.
 */
import type { HostToLogic, LogicToHost } from '../../../miniapps/runtime/common/logic/protocol.js';
import type { PathSegment } from '../../../miniapps/runtime/common/logic/setData.js';
import type { OpenedApp } from '../../../services/common/protocol.js';

type PageListener = (data: Readonly<Record<string, unknown>>) => void;

function applyPatch(data: Record<string, unknown>, patch: ReadonlyArray<readonly [PathSegment[], unknown]>): Record<string, unknown> {
  const next = structuredClone(data);
  for (const [segments, value] of patch) {
    let target: Record<string | number, unknown> = next;
    segments.forEach((segment, index) => {
      if (index === segments.length - 1) {
        target[segment] = value;
        return;
      }
      const child = target[segment];
      if (typeof child !== 'object' || child === null) target[segment] = typeof segments[index + 1] === 'number' ? [] : {};
      target = target[segment] as Record<string | number, unknown>;
    });
  }
  return next;
}

export class AppHost {
  private readonly frame: HTMLIFrameElement;
  private readonly channel = new MessageChannel();
  private readonly pageData = new Map<number, Record<string, unknown>>();
  private readonly listeners = new Map<number, PageListener>();
  private nextPageId = 1;
  readonly problems: string[] = [];

  constructor(
    readonly app: OpenedApp,
    runtimeSource: string,
    parent: HTMLElement,
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
    parent.appendChild(this.frame);
  }

  private send(message: HostToLogic): void {
    this.channel.port1.postMessage(message);
  }

  private receive(message: LogicToHost): void {
    switch (message.t) {
      case 'render': {
        const next = applyPatch(this.pageData.get(message.pageId) ?? {}, message.patch);
        this.pageData.set(message.pageId, next);
        this.listeners.get(message.pageId)?.(next);
        return;
      }
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
  dispatch(pageId: number, handler: string, type: string, dataset: Readonly<Record<string, unknown>>): void {
    const target = { id: '', dataset };
    this.send({ t: 'event', pageId, handler, event: { type, timeStamp: Math.round(performance.now()), target, currentTarget: target, detail: {} } });
  }

  close(): void {
    this.channel.port1.close();
    this.frame.remove();
  }
}
