/**
 * The renderer's side of one running app: the session (miniapps/runtime/common/session, no DOM)
 * bound to a logic container from the pool, with what only a page has: the frame's lifecycle
 * marker for testers, performance marks, vehicle and driving pushes the app subscribed to, and
 * a view that React is told of at most once per animation frame, however fast the app sends.
 */
import type { CallAnswer, DrivingView, OpenedApp } from '../../../services/common/protocol.js';
import type { SessionServices } from '../../../miniapps/runtime/common/session/appSession.js';
import type { AppEvent } from '../../../miniapps/runtime/common/logic/protocol.js';
import { AppSession } from '../../../miniapps/runtime/common/session/appSession.js';
import type { LogicContainer } from './containerPool.js';
import { Subscriptions } from './subscriptions.js';

export type { HostView, LaunchEntry, Lifecycle, OpenDialog, PageView } from '../../../miniapps/runtime/common/session/appSession.js';

type EventTarget = AppEvent['target'];

export type HostServices = Omit<SessionServices, 'onAnswered'>;

const BROWSER_CLOCK = {
  now: () => performance.now(),
  every(ms: number, run: () => void): () => void {
    const handle = setInterval(run, ms);
    return () => clearInterval(handle);
  },
  after(ms: number, run: () => void): () => void {
    const handle = setTimeout(run, ms);
    return () => clearTimeout(handle);
  },
};

export class AppHost extends AppSession {
  private readonly subscriptions: Subscriptions;
  /** Where the installed package's pictures are served from (absolute, ends in /). */
  readonly assetRoot: string;
  private frameRequest = 0;
  private pendingNotify = false;

  constructor(
    override readonly app: OpenedApp,
    container: LogicContainer,
    services: HostServices,
  ) {
    const subscriptions = new Subscriptions();
    super(
      app,
      {
        send: (message) => container.send(message),
        close: () => container.close(),
        get primedFor() {
          return container.primedFor;
        },
        showLifecycle: (lifecycle) => {
          container.frame.dataset['lifecycle'] = lifecycle;
        },
      },
      { ...services, onAnswered: (name: string, outcome: CallAnswer) => subscriptions.note(name, outcome) },
      BROWSER_CLOCK,
    );
    this.subscriptions = subscriptions;
    this.assetRoot = new URL(app.assetBase, services.bundleUrl).href;
    container.assign(app.id, (message) => this.receive(message), (reason) => this.kill(reason));
  }

  /** React hears of changes once per frame: a storm of renders costs one draw per frame, not one each. */
  /**
   * The view is told at once of the first change in a frame (no added latency for a tap or a
   * first render) and of any further changes in that frame once, at the next frame: a setData
   * storm costs the system UI at most two renders a frame.
   */
  protected override notify(): void {
    if (this.frameRequest !== 0) {
      this.pendingNotify = true;
      return;
    }
    super.notify();
    this.frameRequest = requestAnimationFrame(() => {
      this.frameRequest = 0;
      if (!this.pendingNotify) return;
      this.pendingNotify = false;
      this.notify();
    });
  }

  protected override onReady(): void {
    performance.mark('gb:logic-ready', { detail: this.app.id });
  }

  /** Vehicle signal changes: the subscribed, permitted ones reach the app (not while suspended). */
  pushVehicle(changes: Readonly<Record<string, { readonly value: unknown; readonly valid: boolean }>>): void {
    const push = this.subscriptions.vehicle(changes);
    if (push) this.push(push);
  }

  pushDriving(driving: DrivingView): void {
    const push = this.subscriptions.driving(driving, this.app.category);
    if (push) this.push(push);
  }

  /** A user event on a page element (or, with componentId, inside a component), with the element's id and dataset. */
  /**
   * An event as WeChat documents it: `currentTarget` is the element the handler is bound on,
   * `target` the one it happened on (`tapped`, when another); a tap carries where it was in
   * `detail` and as one touch.
   */
  dispatchEvent(pageId: number, handler: string, type: string, bound: EventTarget, detail: unknown = {}, componentId?: number, tapped?: EventTarget): void {
    const at = detail !== null && typeof detail === 'object' && typeof (detail as { x?: unknown }).x === 'number' ? (detail as { x: number; y: number }) : null;
    const touches = at ? [{ identifier: 0, pageX: at.x, pageY: at.y, clientX: at.x, clientY: at.y }] : undefined;
    this.dispatch(pageId, handler, { type, timeStamp: Math.round(performance.now()), target: tapped ?? bound, currentTarget: bound, detail, ...(touches ? { touches, changedTouches: touches } : {}) }, componentId);
  }
}
