/**
 * Logic containers started before anyone needs one: each a sandboxed iframe whose worker has
 * booted the runtime and locked itself down, waiting for the URL of an app's bundle. Taking
 * one skips the frame's process, document and worker start on the tap's critical path; the
 * pool refills itself when the UI is idle.
 */
import type { Dialect } from '../../../miniapps/runtime/common/format/dialect.js';
import type { HostToLogic } from '../../../miniapps/runtime/common/logic/protocol.js';
import { containerStart, readContainerCrash } from '../../../miniapps/runtime/common/session/containerMessages.js';

/** A logic container: its frame and the host's end of the MessagePort to its worker. */
export class LogicContainer {
  readonly frame: HTMLIFrameElement;
  private readonly channel = new MessageChannel();
  /** Gets every message as sent: unchecked (the app's session checks it). */
  private listener: ((message: unknown) => void) | undefined;
  private crashListener: ((reason: string) => void) | undefined;
  /** Resolves when the worker has booted (it then answers pings and waits for `load`). */
  readonly booted: Promise<void>;
  private closed = false;
  /** The bundle loaded ahead of a tap (loading defines modules and runs none of the app's code). */
  primedFor: string | null = null;
  private preloaded: unknown;

  constructor(parent: HTMLElement, runtimeSource: Promise<string>) {
    this.frame = document.createElement('iframe');
    // No allow-same-origin: the container has an opaque origin, cross-site to the system UI.
    this.frame.setAttribute('sandbox', 'allow-scripts');
    this.frame.setAttribute('aria-hidden', 'true');
    this.frame.setAttribute('tabindex', '-1');
    this.frame.className = 'logic-container';
    this.frame.dataset['state'] = 'warming';
    this.booted = new Promise<void>((resolve) => {
      this.channel.port1.onmessage = (event: MessageEvent<unknown>) => {
        // Untrusted once an app's code runs in the worker: nothing here assumes the data's shape.
        const kind = event.data !== null && typeof event.data === 'object' ? (event.data as { t?: unknown }).t : undefined;
        if (kind === 'booted' && this.listener === undefined) {
          if (this.frame.dataset['state'] === 'warming') this.frame.dataset['state'] = 'warm';
          resolve();
          return;
        }
        if (this.listener) this.listener(event.data);
        else if (kind === 'loaded') this.preloaded = event.data;
      };
    });
    this.frame.addEventListener(
      'load',
      () =>
        void runtimeSource.then((runtime) => {
          // An opaque origin can only be addressed as '*'; the port, not the origin, is the channel.
          if (!this.closed) this.frame.contentWindow?.postMessage(containerStart(runtime), '*', [this.channel.port2]);
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
    const crash = readContainerCrash(event.data);
    if (crash) this.crashListener?.(`crashed: ${crash.message}`);
  };

  /** Loads an app's bundle before anyone taps it (the pool's guess at the next app). */
  prime(bundleUrl: string, dialect: Dialect): void {
    this.primedFor = bundleUrl;
    this.frame.dataset['state'] = 'primed';
    this.send({ t: 'load', bundleUrl, dialect });
  }

  /** Gives the container to one app: from now on its messages go to `listener`. */
  assign(appId: string, listener: (message: unknown) => void, onCrash: (reason: string) => void): void {
    this.frame.dataset['state'] = 'running';
    this.frame.dataset['appId'] = appId;
    this.listener = listener;
    this.crashListener = onCrash;
    if (this.preloaded !== undefined) listener(this.preloaded);
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
  private readonly primed: LogicContainer[] = [];
  private refill: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    /** Where containers live: never moved once added, since moving an iframe reloads it. */
    private readonly parent: HTMLElement,
    private readonly runtimeSource: Promise<string>,
    /** How many to keep ready (the OEM's pre-warm pool size). */
    readonly size: number,
  ) {
    this.fill();
  }

  /**
   * A container for the app whose bundle is at `bundleUrl`: one primed with it if there is one,
   * else a booted one, else a new one (its messages queue until it boots).
   */
  take(bundleUrl: string): LogicContainer {
    const primed = this.primed.findIndex((container) => container.primedFor === bundleUrl);
    const container = (primed >= 0 ? this.primed.splice(primed, 1)[0] : undefined) ?? this.warm.shift() ?? new LogicContainer(this.parent, this.runtimeSource);
    this.scheduleRefill();
    return container;
  }

  /**
   * Loads an app's bundle into a warm container ahead of a tap, keeping at least one container
   * unprimed for any other app; the oldest guess makes way for a new one.
   */
  prime(bundleUrl: string, dialect: Dialect): void {
    if (this.size < 2 || this.primed.some((container) => container.primedFor === bundleUrl)) return;
    while (this.primed.length >= this.size - 1) this.primed.shift()?.close();
    const container = this.warm.length > 1 ? this.warm.shift() : undefined;
    if (!container) return;
    container.prime(bundleUrl, dialect);
    this.primed.push(container);
    this.scheduleRefill();
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

  /**
   * Adds one container, and schedules the next in a later task: making a frame costs the UI
   * thread 5–13 ms (more when throttled), so a pool of several is not made in one long task.
   */
  private fill(): void {
    if (this.closed || this.warm.length + this.primed.length >= this.size) return;
    this.warm.push(new LogicContainer(this.parent, this.runtimeSource));
    if (this.warm.length + this.primed.length < this.size && this.refill === undefined) {
      this.refill = setTimeout(() => {
        this.refill = undefined;
        this.fill();
      }, 0);
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.refill);
    for (const container of [...this.warm.splice(0), ...this.primed.splice(0)]) container.close();
  }
}
