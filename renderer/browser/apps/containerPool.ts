/**
 * Logic containers started before anyone needs one: each a sandboxed iframe whose worker has
 * booted the runtime and locked itself down, waiting for the URL of an app's bundle. Taking
 * one skips the frame's process, document and worker start on the tap's critical path; the
 * pool refills itself when the UI is idle.
 */
import type { HostToLogic, LogicToHost } from '../../../miniapps/runtime/common/logic/protocol.js';

/** A logic container: its frame and the host's end of the MessagePort to its worker. */
export class LogicContainer {
  readonly frame: HTMLIFrameElement;
  private readonly channel = new MessageChannel();
  private listener: ((message: LogicToHost) => void) | undefined;
  private crashListener: ((reason: string) => void) | undefined;
  /** Resolves when the worker has booted (it then answers pings and waits for `load`). */
  readonly booted: Promise<void>;
  private closed = false;

  constructor(parent: HTMLElement, runtimeSource: Promise<string>) {
    this.frame = document.createElement('iframe');
    // No allow-same-origin: the container has an opaque origin, cross-site to the system UI.
    this.frame.setAttribute('sandbox', 'allow-scripts');
    this.frame.setAttribute('aria-hidden', 'true');
    this.frame.setAttribute('tabindex', '-1');
    this.frame.className = 'logic-container';
    this.frame.dataset['state'] = 'warming';
    this.booted = new Promise<void>((resolve) => {
      this.channel.port1.onmessage = (event: MessageEvent<LogicToHost>) => {
        if (event.data.t === 'booted') {
          if (this.frame.dataset['state'] === 'warming') this.frame.dataset['state'] = 'warm';
          resolve();
          return;
        }
        this.listener?.(event.data);
      };
    });
    this.frame.addEventListener(
      'load',
      () =>
        void runtimeSource.then((runtime) => {
          // An opaque origin can only be addressed as '*'; the port, not the origin, is the channel.
          if (!this.closed) this.frame.contentWindow?.postMessage({ runtime }, '*', [this.channel.port2]);
        }),
      { once: true },
    );
    window.addEventListener('message', this.onWindowMessage);
    this.frame.src = '/container.html';
    parent.appendChild(this.frame);
  }

  private readonly onWindowMessage = (event: MessageEvent): void => {
    // Only the container's own window can say its worker crashed.
    if (event.source !== this.frame.contentWindow) return;
    const data = event.data as { t?: unknown; message?: unknown } | null;
    if (data?.t === 'container-error') this.crashListener?.(`crashed: ${String(data.message)}`);
  };

  /** Gives the container to one app: from now on its messages go to `listener`. */
  assign(appId: string, listener: (message: LogicToHost) => void, onCrash: (reason: string) => void): void {
    this.frame.dataset['state'] = 'running';
    this.frame.dataset['appId'] = appId;
    this.listener = listener;
    this.crashListener = onCrash;
  }

  send(message: HostToLogic): void {
    if (!this.closed) this.channel.port1.postMessage(message);
  }

  close(): void {
    this.closed = true;
    window.removeEventListener('message', this.onWindowMessage);
    this.channel.port1.close();
    this.frame.remove();
  }
}

export class ContainerPool {
  private readonly warm: LogicContainer[] = [];
  private refill: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Where containers live: never moved once added, since moving an iframe reloads it. */
    private readonly parent: HTMLElement,
    private readonly runtimeSource: Promise<string>,
    /** How many to keep ready (the OEM's pre-warm pool size). */
    readonly size: number,
  ) {
    this.fill();
  }

  /** A booted container if one is ready, else a new one (its messages queue until it boots). */
  take(): LogicContainer {
    const container = this.warm.shift() ?? new LogicContainer(this.parent, this.runtimeSource);
    this.scheduleRefill();
    return container;
  }

  /** How many are ready now. */
  get ready(): number {
    return this.warm.length;
  }

  private scheduleRefill(): void {
    if (this.refill !== undefined) return;
    // Off the tap's critical path: well after the app's first frames.
    this.refill = setTimeout(() => {
      this.refill = undefined;
      this.fill();
    }, 500);
  }

  private fill(): void {
    while (this.warm.length < this.size) this.warm.push(new LogicContainer(this.parent, this.runtimeSource));
  }

  close(): void {
    clearTimeout(this.refill);
    for (const container of this.warm.splice(0)) container.close();
  }
}
