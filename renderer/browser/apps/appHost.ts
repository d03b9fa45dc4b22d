/**
 * The host's side of one running app: its logic container (taken from the pool), the page
 * stack with each page's data, its lifecycle, the dialogs it has open, and the watchdog. The
 * port is the app's only channel; which app is at the other end is known here, never stated
 * by the app. The UI reads `view` (a new object on every change) and subscribes for changes.
 */
import type { LogicToHost } from '../../../miniapps/runtime/common/logic/protocol.js';
import { applyPatch } from '../../../miniapps/runtime/common/logic/setData.js';
import type { NavigationKind, NavigationPlan, PageTarget } from '../../../miniapps/runtime/common/navigation.js';
import { planNavigation } from '../../../miniapps/runtime/common/navigation.js';
import type { CallAnswer, DrivingView, HostPrompt, OpenedApp, RestrictionView } from '../../../services/common/protocol.js';
import type { LogicContainer } from './containerPool.js';
import type { DialogRequest, ToastRequest } from '../../../miniapps/runtime/common/host/hostApis.js';
import { HostApis } from '../../../miniapps/runtime/common/host/hostApis.js';
import { Subscriptions } from './subscriptions.js';

/** The watchdog: a ping this often (ms); no pong for this long, or more renders a second than this, and the app is killed. */
const PING_INTERVAL_MS = 200;
const UNRESPONSIVE_MS = 800;
/** Until its bundle is loaded a container may be silent this long (booting a frame and worker on a slow unit). */
const STARTUP_MS = 5000;
const MAX_RENDERS_PER_SECOND = 120;

export type Lifecycle = 'foreground' | 'background' | 'suspended' | 'stopped';

export interface PageView {
  readonly id: number;
  readonly route: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly title: string;
  /** False while the page shows the render cache from an earlier run, before its logic answers. */
  readonly live: boolean;
}

export interface OpenDialog extends DialogRequest {
  readonly answer: (choice: number | null) => void;
}

export interface HostView {
  readonly lifecycle: Lifecycle;
  /** Each component instance's data (by the host's component id). */
  readonly components: ReadonlyMap<number, Readonly<Record<string, unknown>>>;
  /** Bottom first; the last is on screen. */
  readonly stack: readonly PageView[];
  readonly stoppedReason: string | null;
  readonly dialog: OpenDialog | null;
  readonly toast: ToastRequest | null;
}

export interface HostServices {
  /** The app's logic bundle, resolved against the shell's logic base. */
  readonly bundleUrl: string;
  /** Sends an API call to services (which know the app by the id the host adds). */
  readonly callApi: (name: string, args: unknown) => Promise<CallAnswer>;
  /** The driver's answer to a services prompt; services then answer the app's call. */
  readonly answer: (token: string, accepted: boolean) => Promise<CallAnswer>;
  /** The app's restrictions now (its category's, from services); null when parked. */
  readonly restrictions: () => RestrictionView | null;
  /** Keeps a page's last data for the next cold start's first frame. */
  readonly cacheRender: (route: string, data: Readonly<Record<string, unknown>>) => void;
  /** Told once when the app is killed, with why. */
  readonly onKilled: (reason: string) => void;
}

/** Where services launched an app: a page (else the entry page) with its query. */
export interface LaunchEntry {
  readonly page?: string;
  readonly query: Readonly<Record<string, string>>;
}

/** The dialog's answer when the driver said yes (no touch can give it). */
const SPOKEN_YES = -1;

function pageTitle(app: OpenedApp, route: string): string {
  const config = app.pages[route]?.config ?? {};
  const title = config['navigationBarTitleText'] ?? config['defaultTitle'] ?? app.windowTitle;
  return typeof title === 'string' && title !== '' ? title : app.name;
}

export class AppHost {
  private readonly pages = new Map<number, PageView>();
  private stack: number[] = [];
  private tabs: number[] = [];
  private nextPageId = 1;
  private pingSeq = 0;
  private lastPong = performance.now();
  private loaded = false;
  private readonly renderTimes: number[] = [];
  private readonly watchdog: ReturnType<typeof setInterval>;
  private readonly listeners = new Set<() => void>();
  private readonly apis: HostApis;
  private readonly subscriptions = new Subscriptions();
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  readonly problems: string[] = [];
  view: HostView = { lifecycle: 'foreground', components: new Map(), stack: [], stoppedReason: null, dialog: null, toast: null };
  /** Replaced (not mutated) on every change, so the view can share it until the next one. */
  private componentData: ReadonlyMap<number, Readonly<Record<string, unknown>>> = new Map();
  private readonly componentEvents = new Map<number, (name: string, detail: unknown) => void>();
  private nextComponentId = 1;

  constructor(
    readonly app: OpenedApp,
    private readonly container: LogicContainer,
    private readonly services: HostServices,
  ) {
    this.apis = new HostApis(app.dialect, {
      navigate: (kind, args) => this.navigate(kind, args),
      setTitle: (title) => this.setTitle(title),
      showDialog: (dialog) => this.showDialog(dialog),
      showToast: (toast) => this.showToast(toast),
      restrictions: services.restrictions,
    });
    container.assign(app.id, (message) => this.receive(message), (reason) => this.kill(reason));
    this.watchdog = setInterval(() => {
      const limit = this.loaded ? UNRESPONSIVE_MS : STARTUP_MS;
      if (performance.now() - this.lastPong > limit) this.kill(this.loaded ? `did not answer for ${UNRESPONSIVE_MS} ms (a loop?)` : `did not start within ${STARTUP_MS} ms`);
      else container.send({ t: 'ping', seq: (this.pingSeq += 1) });
    }, PING_INTERVAL_MS);
  }

  /**
   * Loads the bundle, launches the app and opens its first page (drawn from the render cache
   * until live), or the page services launched it on (another app's openLocation, a voice intent).
   */
  start(entry?: LaunchEntry): void {
    const bundleUrl = this.services.bundleUrl;
    const route = entry?.page !== undefined && entry.page in this.app.pages ? entry.page : this.app.entryPagePath;
    const query = entry?.query ?? {};
    // A container primed with this bundle has loaded it already (and says so on assignment).
    if (this.container.primedFor !== bundleUrl) this.container.send({ t: 'load', bundleUrl, dialect: this.app.dialect });
    this.container.send({ t: 'launch', options: { scene: entry ? 1037 : 1001, path: route, query } });
    this.container.send({ t: 'appShow' });
    // The cached frame is the page as it was, not as this query will make it: only for a plain start.
    this.openPage({ route, query }, Object.keys(query).length === 0 ? this.app.renderCache[route] : undefined);
    this.publish({});
  }

  /** Launched again while running: back to the launch page with its query (a reLaunch). */
  relaunch(entry: LaunchEntry): void {
    const route = entry.page !== undefined && entry.page in this.app.pages ? entry.page : this.app.entryPagePath;
    // Percent-encoded as the platforms' urls are (URLSearchParams would turn spaces into '+').
    const query = Object.entries(entry.query)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('&');
    this.navigate('reLaunch', { url: `/${route}${query ? `?${query}` : ''}` });
  }

  /** A voice intent for this app, to its car.onVoiceIntent listeners (held by the runtime until one listens). */
  deliverIntent(intent: { readonly name: string; readonly slots: Readonly<Record<string, string | number>> }): void {
    this.container.send({ t: 'push', topic: 'voice', payload: { intent: intent.name, slots: intent.slots } });
  }

  /** The driver's spoken yes or no to the open payment confirmation; false when none is open. */
  voiceAnswer(accepted: boolean): boolean {
    const dialog = this.view.dialog;
    if (!dialog || dialog.kind !== 'payment') return false;
    dialog.answer(accepted ? (dialog.voiceOnly ? SPOKEN_YES : 1) : null);
    return true;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(change: Partial<HostView>): void {
    const stack = this.stack.map((id) => this.pages.get(id)).filter((page): page is PageView => page !== undefined);
    this.view = { ...this.view, ...change, stack, components: this.componentData };
    for (const listener of this.listeners) listener();
  }

  get lifecycle(): Lifecycle {
    return this.view.lifecycle;
  }

  private setLifecycle(lifecycle: Lifecycle): void {
    this.container.frame.dataset['lifecycle'] = lifecycle;
    this.publish({ lifecycle });
  }

  /** Back on screen: the app and its top page are shown again (and its timers resume). */
  show(): void {
    if (this.lifecycle === 'stopped' || this.lifecycle === 'foreground') return;
    if (this.lifecycle === 'suspended') this.container.send({ t: 'resume' });
    this.container.send({ t: 'appShow' });
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined) this.container.send({ t: 'pageShow', pageId: top });
    this.setLifecycle('foreground');
  }

  /** Off screen (the driver went home or to another app); the top page's data is cached. */
  hide(): void {
    if (this.lifecycle !== 'foreground') return;
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined) {
      this.container.send({ t: 'pageHide', pageId: top });
      const page = this.pages.get(top);
      if (page?.live) this.services.cacheRender(page.route, page.data);
    }
    this.container.send({ t: 'appHide' });
    this.view.dialog?.answer(null);
    this.setLifecycle('background');
  }

  /** Background for a while: timers are held until shown again. */
  suspend(): void {
    if (this.lifecycle !== 'background') return;
    this.container.send({ t: 'suspend' });
    this.setLifecycle('suspended');
  }

  private openPage(target: PageTarget, cached?: Readonly<Record<string, unknown>>): number {
    const id = this.nextPageId;
    this.nextPageId += 1;
    this.pages.set(id, { id, route: target.route, data: cached ?? {}, title: pageTitle(this.app, target.route), live: false });
    this.stack.push(id);
    if (this.app.tabBar?.some((item) => item.pagePath === target.route)) this.tabs.push(id);
    this.container.send({ t: 'pageLoad', pageId: id, route: target.route, query: target.query });
    this.container.send({ t: 'pageShow', pageId: id });
    this.container.send({ t: 'pageReady', pageId: id });
    return id;
  }

  private unloadPage(id: number): void {
    this.container.send({ t: 'pageUnload', pageId: id });
    this.pages.delete(id);
    this.stack = this.stack.filter((entry) => entry !== id);
    this.tabs = this.tabs.filter((entry) => entry !== id);
  }

  /** A navigation by the app or by the driver (back button, tab bar); throws NavigationError when refused. */
  navigate(kind: NavigationKind, args: { readonly url?: unknown; readonly delta?: unknown }): void {
    const restrictions = this.services.restrictions();
    const depthLimit = restrictions?.flags.includes('LIMIT_CONTENT') ? restrictions.params.maxContentDepth : null;
    const state = { stack: this.stack.map((id) => this.pageRef(id)), tabs: this.tabs.map((id) => this.pageRef(id)) };
    const plan: NavigationPlan = planNavigation(state, kind, args, { pages: Object.keys(this.app.pages), tabPages: (this.app.tabBar ?? []).map((item) => item.pagePath), depthLimit });
    for (const id of plan.unload) this.unloadPage(id);
    if (plan.hide !== null) {
      this.container.send({ t: 'pageHide', pageId: plan.hide });
      this.stack = this.stack.filter((entry) => entry !== plan.hide);
      if (kind === 'navigateTo') this.stack.push(plan.hide);
    }
    if (plan.open) this.openPage(plan.open);
    if (plan.show !== null) {
      if (!this.stack.includes(plan.show)) this.stack.push(plan.show);
      this.container.send({ t: 'pageShow', pageId: plan.show });
    }
    this.publish({});
  }

  private pageRef(id: number): { readonly id: number; readonly route: string } {
    return { id, route: this.pages.get(id)?.route ?? '' };
  }

  private setTitle(title: string): void {
    const top = this.stack[this.stack.length - 1];
    const page = top === undefined ? undefined : this.pages.get(top);
    if (page) this.pages.set(page.id, { ...page, title });
    this.publish({});
  }

  private showDialog(dialog: DialogRequest): Promise<number | null> {
    if (this.view.dialog) return Promise.reject(new Error('another dialog is open'));
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const answer = (choice: number | null): void => {
        if (this.view.dialog?.answer !== answer) return;
        clearTimeout(timer);
        this.publish({ dialog: null });
        resolve(choice);
      };
      if (dialog.timeoutMs) timer = setTimeout(() => answer(null), dialog.timeoutMs);
      this.publish({ dialog: { ...dialog, answer } });
    });
  }

  /**
   * A services prompt, shown as a system dialog: a permission, or a payment confirmed by touch
   * when parked and only by a spoken yes while driving (the dialog then times out as a no).
   */
  private async askDriver(prompt: HostPrompt): Promise<CallAnswer> {
    const dialog: DialogRequest =
      prompt.kind === 'permission'
        ? { kind: 'permission', title: prompt.title, content: prompt.desc, choices: ["Don't allow", 'Allow'], cancelText: '' }
        : prompt.modality === 'touch'
          ? { kind: 'payment', title: prompt.title, content: prompt.readBack, choices: ['Cancel', 'Pay'], cancelText: '' }
          : { kind: 'payment', title: prompt.title, content: `Say "yes" to pay: ${prompt.readBack}`, choices: ['Cancel'], cancelText: '', timeoutMs: prompt.timeoutMs, voiceOnly: true };
    let accepted = false;
    try {
      const choice = await this.showDialog(dialog);
      // While driving only a spoken yes pays; a touch can only cancel.
      accepted = dialog.voiceOnly ? choice === SPOKEN_YES : choice === 1;
    } catch {
      accepted = false;
    }
    const outcome = await this.services.answer(prompt.token, accepted);
    return outcome.prompt ? { ok: false, value: { errMsg: 'fail the driver was asked twice' } } : outcome;
  }

  private showToast(toast: ToastRequest | null): void {
    clearTimeout(this.toastTimer);
    this.publish({ toast });
    if (toast) this.toastTimer = setTimeout(() => this.publish({ toast: null }), toast.durationMs);
  }

  /** Stops the app at once: its container (and with it the worker) is removed. */
  kill(reason: string): void {
    if (this.lifecycle === 'stopped') return;
    this.problems.push(`killed: ${reason}`);
    this.close();
    this.publish({ stoppedReason: reason, dialog: null, toast: null });
    this.services.onKilled(reason);
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
        if (message.componentId !== undefined) {
          if (!this.componentEvents.has(message.componentId)) return;
          this.componentData = new Map(this.componentData).set(message.componentId, applyPatch(this.componentData.get(message.componentId) ?? {}, message.patch));
          this.publish({});
          return;
        }
        const page = this.pages.get(message.pageId);
        if (!page) return;
        // The first live render replaces the cached data rather than patching it.
        const data = applyPatch(page.live ? page.data : {}, message.patch);
        this.pages.set(page.id, { ...page, data, live: true });
        this.publish({});
        return;
      }
      case 'componentEvent':
        this.componentEvents.get(message.componentId)?.(message.name, message.detail);
        return;
      case 'loaded':
        if (message.error !== null) {
          this.kill(`its logic bundle did not load: ${message.error}`);
          return;
        }
        this.loaded = true;
        this.lastPong = performance.now();
        return;
      case 'ready':
        performance.mark('gb:logic-ready', { detail: this.app.id });
        return;
      case 'api': {
        // Navigation, dialogs and the title are the system UI's; everything else goes to services.
        const answer = this.apis.handle(message.name, message.args) ?? this.services.callApi(message.name, message.args).then((outcome) => (outcome.prompt ? this.askDriver(outcome.prompt) : outcome));
        void answer.then((outcome) => {
          this.subscriptions.note(message.name, outcome);
          this.container.send({ t: 'apiResult', callId: message.callId, ok: outcome.ok, value: outcome.value });
        });
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

  /** Vehicle signal changes: the subscribed, permitted ones reach the app (not while suspended). */
  pushVehicle(changes: Readonly<Record<string, { readonly value: unknown; readonly valid: boolean }>>): void {
    const push = this.lifecycle === 'suspended' || this.lifecycle === 'stopped' ? undefined : this.subscriptions.vehicle(changes);
    if (push) this.container.send(push);
  }

  pushDriving(driving: DrivingView): void {
    const push = this.lifecycle === 'suspended' || this.lifecycle === 'stopped' ? undefined : this.subscriptions.driving(driving, this.app.category);
    if (push) this.container.send(push);
  }


  /** A user event on a page element (or, with componentId, inside a component), with the element's dataset. */
  dispatch(pageId: number, handler: string, type: string, dataset: Readonly<Record<string, unknown>>, detail: unknown = {}, componentId?: number): void {
    const target = { id: '', dataset };
    this.container.send({ t: 'event', pageId, handler, event: { type, timeStamp: Math.round(performance.now()), target, currentTarget: target, detail }, ...(componentId === undefined ? {} : { componentId }) });
  }

  /** A custom component drawn on a page: its instance in the logic, and where its triggerEvent goes. */
  attachComponent(pageId: number, path: string, properties: Readonly<Record<string, unknown>>, onEvent: (name: string, detail: unknown) => void): number {
    const componentId = this.nextComponentId;
    this.nextComponentId += 1;
    this.componentEvents.set(componentId, onEvent);
    this.container.send({ t: 'componentAttach', pageId, componentId, path, properties });
    return componentId;
  }

  updateComponent(componentId: number, properties: Readonly<Record<string, unknown>>): void {
    this.container.send({ t: 'componentProps', componentId, properties });
  }

  detachComponent(componentId: number): void {
    if (!this.componentEvents.delete(componentId)) return;
    const remaining = new Map(this.componentData);
    remaining.delete(componentId);
    this.componentData = remaining;
    this.container.send({ t: 'componentDetach', componentId });
  }

  /** Ends the app: the top page's data is cached, the container removed. */
  close(): void {
    if (this.lifecycle === 'foreground') this.hide();
    clearInterval(this.watchdog);
    clearTimeout(this.toastTimer);
    this.container.close();
    this.view = { ...this.view, lifecycle: 'stopped' };
  }
}
