/**
 * One running app as the host keeps it, with no DOM: its page stack with each page's data, its
 * lifecycle, the dialog and toast it has open, the watchdog, and the budgets. Every message
 * from the app's container is checked (`messageCheck.ts`) before anything is done with it; an
 * app that breaks the schema or a budget is stopped, and the driver is told. Which app is at
 * the other end of the port is the host's record, never the app's claim.
 *
 * The renderer's AppHost adds the container and the drawing; tests drive this class through a
 * fake port and clock (tests/unit/miniapps/runtime/common/session/).
 */
import type { Dialect } from '../format/dialect.js';
import type { ScreenRules } from '../../../../safety/common/screenRules.js';
import type { DialogRequest, PageProbe, TabBarState, ToastRequest } from '../host/hostApis.js';
import { CANVAS_LIMITS, CanvasProblem, checkCanvasCommands, checkCanvasSize } from '../canvas.js';
import { cutText } from '../../../../safety/common/screenRules.js';
import { HostApis } from '../host/hostApis.js';
import type { AppEvent, HostToLogic, LogicToHost, StorageSnapshot } from '../logic/protocol.js';
import { MESSAGES_PER_SECOND } from '../logic/protocol.js';
import { applyPatch } from '../logic/setData.js';
import type { NavigationKind, NavigationPlan, PageTarget } from '../pageStack.js';
import { planNavigation } from '../pageStack.js';
import { checkLogicMessage } from './messageCheck.js';

/** The host's budgets for one app (beyond each message's, in messageCheck.ts). */
export const SESSION_LIMITS = {
  /** The watchdog pings this often (ms). */
  pingIntervalMs: 200,
  /**
   * A pong later than this (ms) is slow: busy code in a handler, or a loaded unit. The developer
   * is told; the app runs on.
   */
  slowMs: 800,
  /**
   * No pong for this long once loaded (ms), not counting time the host's own timer was held up
   * (then the whole unit was starved, not the app): the app is hung and is stopped.
   */
  unresponsiveMs: 4000,
  /** Problems (errors, warnings, slow answers) passed on to services in any one second; more are counted. */
  problemsPerSecond: 10,
  /** Until its bundle is loaded a container may be silent this long (booting a frame and worker on a slow unit). */
  startupMs: 5000,
  /** A page not drawn by then (locked out while driving) still hears onReady (ms). */
  readyAfterMs: 1000,
  /** Renders (setData reaching the host) in any one second. */
  rendersPerSecond: 120,
  /** API calls in any one second. */
  callsPerSecond: 200,
  /** Messages of any kind but pongs in any one second (the worker's runtime stops sending there too). */
  messagesPerSecond: MESSAGES_PER_SECOND,
  /** API calls waiting for an answer at once; more are answered at once with a failure. */
  callsInFlight: 32,
  /** The data of one page or component, estimated from what was sent (characters). */
  dataCharacters: 4 * 1024 * 1024,
  /** Pushes and answers held for a suspended app. */
  heldWhileSuspended: 256,
} as const;

export type Lifecycle = 'foreground' | 'background' | 'suspended' | 'stopped';

/** What the session needs of an installed app (services' OpenedApp has this shape). */
export interface SessionApp {
  readonly id: string;
  readonly name: string;
  readonly dialect: Dialect;
  readonly category: string;
  readonly entryPagePath: string;
  readonly pages: Readonly<Record<string, { readonly config: Readonly<Record<string, unknown>> }>>;
  readonly windowTitle: string | null;
  readonly tabBar: ReadonlyArray<{ readonly pagePath: string; readonly text: string }> | null;
  readonly renderCache: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The app's storage at open; its launch carries it for the synchronous storage calls. */
  readonly storage?: StorageSnapshot;
  /** What getSystemInfo answers; the launch carries it for the synchronous forms. */
  readonly system?: Readonly<Record<string, unknown>>;
}

/** What the system UI asks the driver before an app's call is answered (a permission, a payment). */
export type HostPrompt =
  | { readonly kind: 'permission'; readonly token: string; readonly scope: string; readonly title: string; readonly desc: string }
  | {
      readonly kind: 'payment';
      readonly token: string;
      readonly modality: 'touch' | 'voice-confirm';
      readonly title: string;
      readonly readBack: string;
      /** For voice-confirm: the question the assistant asks, shown in the dialog word for word. */
      readonly question?: string;
      readonly timeoutMs: number;
    };

/** An API call's answer for the app; with `prompt`, the driver must answer first (through app:answer). */
export interface CallAnswer {
  readonly ok: boolean;
  readonly value: unknown;
  readonly prompt?: HostPrompt;
}

export interface PageView {
  readonly id: number;
  readonly route: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly title: string;
  /** The app asked for the navigation bar's loading indicator (showNavigationBarLoading). */
  readonly titleLoading?: boolean;
  /** False while the page shows the render cache from an earlier run, before its logic answers. */
  readonly live: boolean;
}

export interface ComponentInfo {
  readonly externalClasses: readonly string[];
  readonly virtualHost: boolean;
}

export interface OpenDialog extends DialogRequest {
  readonly answer: (choice: number | null) => void;
}

export interface HostView {
  readonly lifecycle: Lifecycle;
  /** Each component instance's data (by the host's component id). */
  readonly components: ReadonlyMap<number, Readonly<Record<string, unknown>>>;
  /** How each instance is drawn (its definition's external classes, virtual host), once its logic said. */
  readonly componentInfo?: ReadonlyMap<number, ComponentInfo>;
  /** Bottom first; the last is on screen. */
  readonly stack: readonly PageView[];
  readonly stoppedReason: string | null;
  readonly dialog: OpenDialog | null;
  readonly toast: ToastRequest | null;
  /** What the app changed of its tab bar (wx.setTabBarBadge…); absent: as app.json declares it. */
  readonly tabBar?: TabBarState;
}

/** The host's end of the app's port (the container in the browser, a fake in tests). */
export interface SessionPort {
  send(message: HostToLogic): void;
  /** Removes the container (and with it the worker). */
  close(): void;
  /** The bundle this container has loaded ahead of the tap, if any. */
  readonly primedFor: string | null;
  /** Shows the lifecycle to testers (the frame's data-lifecycle). */
  showLifecycle?(lifecycle: Lifecycle): void;
}

/** Time and timers, given so tests drive them. */
export interface SessionClock {
  now(): number;
  every(ms: number, run: () => void): () => void;
  after(ms: number, run: () => void): () => void;
}

export interface SessionServices {
  /** The app asked to close (wx.exitMiniProgram): the system goes Home. */
  readonly onExit?: () => void;
  /** The app's logic bundle, resolved against the shell's logic base. */
  readonly bundleUrl: string;
  /** Sends an API call to services (which know the app by the id the host adds). */
  readonly callApi: (name: string, args: unknown) => Promise<CallAnswer>;
  /** The driver's answer to a services prompt; services decide then, against the driving state then. */
  readonly answer: (token: string, accepted: boolean) => Promise<CallAnswer>;
  /** The screen rules for this app now; null when parked. */
  readonly restrictions: () => ScreenRules | null;
  /** Keeps a page's last data for the next cold start's first frame. */
  readonly cacheRender: (route: string, data: Readonly<Record<string, unknown>>) => void;
  /** Told once when the app is stopped, with why. */
  readonly onKilled: (reason: string) => void;
  /** Told of each push or answer the app is sent (the renderer's car.on… subscriptions read them). */
  readonly onAnswered?: (name: string, outcome: CallAnswer) => void;
  /** Told of what went wrong, for the app's developer (at most SESSION_LIMITS.problemsPerSecond). */
  readonly onProblem?: (kind: ProblemKind, message: string, stack?: string) => void;
}

/** Where services launched an app: a page (else the entry page) with its query. */
/** What the session reports of an app's failures, for its developer: an uncaught error, a warning, a late or missing answer, a stop. */
export const PROBLEM_KINDS = ['error', 'warn', 'slow', 'stopped'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface LaunchEntry {
  readonly page?: string;
  readonly query: Readonly<Record<string, string>>;
}

/** The dialog's answer when the driver said yes (no touch can give it). */
const SPOKEN_YES = -1;

function pageTitle(app: SessionApp, route: string): string {
  const config = app.pages[route]?.config ?? {};
  const title = config['navigationBarTitleText'] ?? config['defaultTitle'] ?? app.windowTitle;
  return typeof title === 'string' && title !== '' ? title : app.name;
}

/** Counts events in a sliding second. */
class RateMeter {
  private readonly times: number[] = [];
  count(now: number): number {
    this.times.push(now);
    while ((this.times[0] ?? now) <= now - 1000) this.times.shift();
    return this.times.length;
  }
}

export class AppSession {
  private readonly pages = new Map<number, PageView>();
  private stack: number[] = [];
  private tabs: number[] = [];
  private nextPageId = 1;
  private pingSeq = 0;
  private lastPong: number;
  /** When the watchdog last ran (its lateness tells a starved unit from a hung app). */
  private lastTick: number;
  private problemWindow = { start: Number.NEGATIVE_INFINITY, count: 0, dropped: 0 };
  private loaded = false;
  private readonly renders = new RateMeter();
  /** Every message but pongs: the runtime stops at MESSAGES_PER_SECOND; one that does not is stopped here. */
  private readonly messages = new RateMeter();
  private readonly calls = new RateMeter();
  private inFlight = 0;
  private readonly stopWatchdog: () => void;
  private readonly listeners = new Set<() => void>();
  private readonly apis: HostApis;
  private cancelToast: (() => void) | undefined;
  /** Set once the runtime has said it took `suspend`: from then on it may send only pongs. */
  private quiet = false;
  private held: HostToLogic[] = [];
  /** Characters sent per page or component (`p1`, `c4`): an upper bound of its data's size. */
  private readonly sent = new Map<string, number>();
  readonly problems: string[] = [];
  view: HostView = { lifecycle: 'foreground', components: new Map(), stack: [], stoppedReason: null, dialog: null, toast: null };
  /** Replaced (not mutated) on every change, so the view can share it until the next one. */
  private componentData: ReadonlyMap<number, Readonly<Record<string, unknown>>> = new Map();
  private componentInfo: ReadonlyMap<number, ComponentInfo> = new Map();
  private readonly componentEvents = new Map<number, (name: string, detail: unknown) => void>();
  private nextComponentId = 1;
  /** Pages whose onReady waits for their first drawing, with the fallback timer's cancel. */
  private readonly readyPending = new Map<number, () => void>();
  private readonly pendingAttaches: Array<Extract<HostToLogic, { t: 'componentAttach' }>> = [];
  private readonly afterAttaches: HostToLogic[] = [];
  /** The drawn page on screen, as the renderer lets the host's APIs read it. */
  private probe: { readonly pageId: number; readonly probe: PageProbe } | null = null;
  private readonly drawn = { start: Number.NEGATIVE_INFINITY, commands: 0 };

  constructor(
    readonly app: SessionApp,
    private readonly port: SessionPort,
    private readonly services: SessionServices,
    private readonly clock: SessionClock,
  ) {
    this.lastPong = clock.now();
    this.apis = new HostApis(app.dialect, {
      navigate: (kind, args) => this.navigate(kind, args),
      setTitle: (title) => this.setTitle(title),
      setTitleLoading: (loading) => this.setTitleLoading(loading),
      showDialog: (dialog) => this.showDialog(dialog),
      showToast: (toast) => this.showToast(toast),
      restrictions: services.restrictions,
      probe: (pageId) => (this.probe && (pageId === undefined || pageId === this.probe.pageId) ? this.probe.probe : null),
      intersection: (observerId, entry) => this.send({ t: 'intersection', observerId, entry }),
      tabBar: () => (this.app.tabBar ? { count: this.app.tabBar.length, state: this.view.tabBar ?? { hidden: false, badges: {}, texts: {} } } : null),
      setTabBar: (tabBar) => this.publish({ tabBar }),
      exit: () => this.services.onExit?.(),
      refresh: () => {
        const top = this.stack[this.stack.length - 1];
        if (top !== undefined) this.dispatch(top, 'onPullDownRefresh', { type: 'pulldownrefresh', timeStamp: Math.round(this.clock.now()), target: { id: '', dataset: {} }, currentTarget: { id: '', dataset: {} }, detail: {} });
      },
    });
    this.lastTick = clock.now();
    this.stopWatchdog = clock.every(SESSION_LIMITS.pingIntervalMs, () => {
      const now = this.clock.now();
      // The host's own timer came late: the unit was starved, so that time is not the app's.
      const late = now - this.lastTick - SESSION_LIMITS.pingIntervalMs;
      if (late > SESSION_LIMITS.pingIntervalMs) this.lastPong += late;
      this.lastTick = now;
      const limit = this.loaded ? SESSION_LIMITS.unresponsiveMs : SESSION_LIMITS.startupMs;
      if (now - this.lastPong > limit) this.kill(this.loaded ? `did not answer for ${SESSION_LIMITS.unresponsiveMs} ms (hung: a loop?)` : `did not start within ${SESSION_LIMITS.startupMs} ms`);
      else this.port.send({ t: 'ping', seq: (this.pingSeq += 1) });
    });
  }

  /**
   * Loads the bundle, launches the app and opens its first page (drawn from the render cache
   * until live), or the page services launched it on (another app's openLocation, a voice intent).
   */
  start(entry?: LaunchEntry): void {
    const bundleUrl = this.services.bundleUrl;
    const route = entry?.page !== undefined && Object.hasOwn(this.app.pages, entry.page) ? entry.page : this.app.entryPagePath;
    const query = entry?.query ?? {};
    // A container primed with this bundle has loaded it already (and says so on assignment).
    if (this.port.primedFor !== bundleUrl) this.port.send({ t: 'load', bundleUrl, dialect: this.app.dialect });
    this.port.send({ t: 'launch', options: { scene: entry ? 1037 : 1001, path: route, query }, storage: this.app.storage ?? { data: {}, omitted: [] }, system: this.app.system ?? {} });
    this.port.send({ t: 'appShow' });
    // The cached frame is the page as it was, not as this query will make it: only for a plain start.
    this.openPage({ route, query }, Object.keys(query).length === 0 ? this.app.renderCache[route] : undefined);
    this.publish({});
  }

  /** Launched again while running: back to the launch page with its query (a reLaunch). */
  relaunch(entry: LaunchEntry): void {
    const route = entry.page !== undefined && Object.hasOwn(this.app.pages, entry.page) ? entry.page : this.app.entryPagePath;
    // Percent-encoded as the platforms' urls are (URLSearchParams would turn spaces into '+').
    const query = Object.entries(entry.query)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('&');
    this.navigate('reLaunch', { url: `/${route}${query ? `?${query}` : ''}` });
  }

  /** A voice intent for this app, to its car.onVoiceIntent listeners (held by the runtime until one listens). */
  deliverIntent(intent: { readonly name: string; readonly slots: Readonly<Record<string, string | number>> }): void {
    this.send({ t: 'push', topic: 'voice', payload: { intent: intent.name, slots: intent.slots } });
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

  /** The view changed; listeners are told (the renderer coalesces them to one per frame). */
  protected publish(change: Partial<HostView>): void {
    const stack = this.stack.map((id) => this.pages.get(id)).filter((page): page is PageView => page !== undefined);
    this.view = { ...this.view, ...change, stack, components: this.componentData, componentInfo: this.componentInfo };
    this.notify();
  }

  protected notify(): void {
    for (const listener of this.listeners) listener();
  }

  get lifecycle(): Lifecycle {
    return this.view.lifecycle;
  }

  private setLifecycle(lifecycle: Lifecycle): void {
    this.port.showLifecycle?.(lifecycle);
    this.publish({ lifecycle });
  }

  /** Sends to the app, or holds the message while it is suspended (it runs nothing until resumed). */
  private send(message: HostToLogic): void {
    if (this.lifecycle === 'stopped') return;
    if (this.lifecycle !== 'suspended') {
      this.port.send(message);
      return;
    }
    // Pushes of state are superseded by the next one; answers are kept for the resume.
    if (message.t === 'push' && message.topic !== 'voice') return;
    if (this.held.length >= SESSION_LIMITS.heldWhileSuspended) {
      this.kill(`more than ${SESSION_LIMITS.heldWhileSuspended} answers waited while it was suspended`);
      return;
    }
    this.held.push(message);
  }

  /** Back on screen: the app and its top page are shown again (and its timers resume). */
  show(): void {
    if (this.lifecycle === 'stopped' || this.lifecycle === 'foreground') return;
    if (this.lifecycle === 'suspended') {
      this.port.send({ t: 'resume' });
      this.quiet = false;
      const held = this.held;
      this.held = [];
      for (const message of held) this.port.send(message);
    }
    this.port.send({ t: 'appShow' });
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined) this.port.send({ t: 'pageShow', pageId: top });
    this.setLifecycle('foreground');
  }

  /** Off screen (the driver went home or to another app); the top page's data is cached unless `cache` is false. */
  hide(cache = true): void {
    if (this.lifecycle !== 'foreground') return;
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined) {
      this.port.send({ t: 'pageHide', pageId: top });
      const page = this.pages.get(top);
      if (page?.live && cache) this.services.cacheRender(page.route, page.data);
    }
    this.port.send({ t: 'appHide' });
    this.view.dialog?.answer(null);
    this.setLifecycle('background');
  }

  /** Background for a while: the app runs nothing (no timers, no answers, no pushes) until shown again. */
  suspend(): void {
    if (this.lifecycle !== 'background') return;
    this.port.send({ t: 'suspend' });
    this.setLifecycle('suspended');
  }

  private openPage(target: PageTarget, cached?: Readonly<Record<string, unknown>>): number {
    const id = this.nextPageId;
    this.nextPageId += 1;
    this.pages.set(id, { id, route: target.route, data: cached ?? {}, title: pageTitle(this.app, target.route), live: false });
    this.stack.push(id);
    if (this.app.tabBar?.some((item) => item.pagePath === target.route)) this.tabs.push(id);
    this.port.send({ t: 'pageLoad', pageId: id, route: target.route, query: target.query });
    this.port.send({ t: 'pageShow', pageId: id });
    // onReady is "the first drawing is done" (a query in it measures what was drawn); a page
    // that is never drawn (locked out while driving) hears it after a while anyway.
    this.readyPending.set(id, this.clock.after(SESSION_LIMITS.readyAfterMs, () => this.pageDrawn(id)));
    return id;
  }

  /** The renderer has drawn the page's first live data: its onReady runs (once). */
  pageDrawn(pageId: number): void {
    const cancel = this.readyPending.get(pageId);
    if (!cancel) return;
    cancel();
    this.readyPending.delete(pageId);
    // After the components drawn with it are attached, as on a phone (their attach waits for the end of this task).
    if (this.lifecycle !== 'stopped') this.sendComponent({ t: 'pageReady', pageId });
  }

  private unloadPage(id: number): void {
    this.readyPending.get(id)?.();
    this.readyPending.delete(id);
    this.apis.forgetPage(id);
    this.port.send({ t: 'pageUnload', pageId: id });
    this.pages.delete(id);
    this.sent.delete(`p${id}`);
    this.stack = this.stack.filter((entry) => entry !== id);
    this.tabs = this.tabs.filter((entry) => entry !== id);
  }

  /**
   * A navigation by the app or by the driver (back button, tab bar), decided against the screen
   * rules at the moment it happens; throws NavigationError when refused.
   */
  navigate(kind: NavigationKind, args: { readonly url?: unknown; readonly delta?: unknown }): void {
    const depthLimit = this.services.restrictions()?.maxDepth ?? null;
    const state = { stack: this.stack.map((id) => this.pageRef(id)), tabs: this.tabs.map((id) => this.pageRef(id)) };
    const plan: NavigationPlan = planNavigation(state, kind, args, { pages: Object.keys(this.app.pages), tabPages: (this.app.tabBar ?? []).map((item) => item.pagePath), depthLimit });
    for (const id of plan.unload) this.unloadPage(id);
    if (plan.hide !== null) {
      this.port.send({ t: 'pageHide', pageId: plan.hide });
      this.stack = this.stack.filter((entry) => entry !== plan.hide);
      if (kind === 'navigateTo') this.stack.push(plan.hide);
    }
    if (plan.open) this.openPage(plan.open);
    if (plan.show !== null) {
      if (!this.stack.includes(plan.show)) this.stack.push(plan.show);
      this.port.send({ t: 'pageShow', pageId: plan.show });
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

  private setTitleLoading(titleLoading: boolean): void {
    const top = this.stack[this.stack.length - 1];
    const page = top === undefined ? undefined : this.pages.get(top);
    if (page) this.pages.set(page.id, { ...page, titleLoading });
    this.publish({});
  }

  private showDialog(dialog: DialogRequest): Promise<number | null> {
    if (this.view.dialog) return Promise.reject(new Error('another dialog is open'));
    return new Promise((resolve) => {
      let cancelTimer: (() => void) | undefined;
      const answer = (choice: number | null): void => {
        if (this.view.dialog?.answer !== answer) return;
        cancelTimer?.();
        this.publish({ dialog: null });
        resolve(choice);
      };
      if (dialog.timeoutMs) cancelTimer = this.clock.after(dialog.timeoutMs, () => answer(null));
      this.publish({ dialog: { ...dialog, answer } });
    });
  }

  /**
   * A services prompt, shown as a system dialog: a permission, or a payment confirmed by touch
   * when parked and only by a spoken yes while driving (the dialog then times out as a no).
   * Services decide on the answer against the driving state when it comes, not when asked.
   */
  private async askDriver(prompt: HostPrompt): Promise<CallAnswer> {
    const dialog: DialogRequest =
      prompt.kind === 'permission'
        ? { kind: 'permission', title: prompt.title, content: prompt.desc, choices: ["Don't allow", 'Allow'], cancelText: '' }
        : prompt.modality === 'touch'
          ? { kind: 'payment', title: prompt.title, content: prompt.readBack, choices: ['Cancel', 'Pay'], cancelText: '' }
          : { kind: 'payment', title: prompt.title, content: prompt.question ?? prompt.readBack, choices: ['Cancel'], cancelText: '', timeoutMs: prompt.timeoutMs, voiceOnly: true };
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
    this.cancelToast?.();
    this.cancelToast = undefined;
    this.publish({ toast });
    if (toast) this.cancelToast = this.clock.after(toast.durationMs, () => this.publish({ toast: null }));
  }

  /** Stops the app at once: its container (and with it the worker) is removed; the driver is told why. */
  kill(reason: string): void {
    if (this.lifecycle === 'stopped') return;
    this.problem('stopped', reason);
    // What the app showed when it was stopped may be what stopped it (a page over budget): the
    // next cold start draws that page blank rather than the frame, and nothing large is copied now.
    const top = this.pages.get(this.stack[this.stack.length - 1] ?? -1);
    if (top !== undefined) this.services.cacheRender(top.route, {});
    this.close(false);
    this.publish({ lifecycle: 'stopped', stoppedReason: reason, dialog: null, toast: null });
    this.services.onKilled(reason);
  }

  /** Kept for the session's record and passed on to services for the developer, within a budget. */
  private problem(kind: ProblemKind, message: string, stack?: string): void {
    this.problems.push(`${kind}: ${message}`);
    if (this.problems.length > 200) this.problems.splice(0, this.problems.length - 200);
    const now = this.clock.now();
    if (now - this.problemWindow.start >= 1000) {
      if (this.problemWindow.dropped > 0) this.services.onProblem?.('warn', `${this.problemWindow.dropped} more problems in one second were not passed on`);
      this.problemWindow = { start: now, count: 0, dropped: 0 };
    }
    // A stop is always told; others within the budget.
    if (kind !== 'stopped' && this.problemWindow.count >= SESSION_LIMITS.problemsPerSecond) {
      this.problemWindow.dropped += 1;
      return;
    }
    this.problemWindow.count += 1;
    this.services.onProblem?.(kind, message, stack);
  }

  /** A message from the app's container: checked, then acted on; anything out of schema or budget stops the app. */
  receive(raw: unknown): void {
    if (this.lifecycle === 'stopped') return;
    const checked = checkLogicMessage(raw);
    if (!checked.ok) {
      this.kill(`sent a message the host does not accept: ${checked.problem}`);
      return;
    }
    const message: LogicToHost = checked.message;
    if (message.t === 'pong') {
      const silent = this.clock.now() - this.lastPong;
      if (this.loaded && silent > SESSION_LIMITS.slowMs) this.problem('slow', `answered the watchdog after ${Math.round(silent)} ms: code on its thread ran that long (or the unit was busy); it is stopped after ${SESSION_LIMITS.unresponsiveMs} ms`);
      this.lastPong = this.clock.now();
      return;
    }
    if (this.quiet) {
      this.kill(`ran while suspended (sent "${message.t}")`);
      return;
    }
    if (this.messages.count(this.clock.now()) > SESSION_LIMITS.messagesPerSecond) {
      this.kill(`flooded the host (more than ${SESSION_LIMITS.messagesPerSecond} messages in a second)`);
      return;
    }
    switch (message.t) {
      case 'suspended':
        if (this.lifecycle === 'suspended') this.quiet = true;
        return;
      case 'render':
        this.render(message);
        return;
      case 'componentEvent':
        this.componentEvents.get(message.componentId)?.(message.name, message.detail);
        return;
      case 'loaded':
        if (message.error !== null) {
          this.kill(`its logic bundle did not load: ${message.error}`);
          return;
        }
        this.loaded = true;
        this.lastPong = this.clock.now();
        return;
      case 'ready':
        this.onReady();
        return;
      case 'api':
        this.call(message.callId, message.name, message.args);
        return;
      case 'canvas':
        this.draw(message);
        return;
      case 'componentInfo':
        if (!this.componentEvents.has(message.componentId)) return;
        this.componentInfo = new Map(this.componentInfo).set(message.componentId, { externalClasses: message.externalClasses, virtualHost: message.virtualHost });
        this.publish({});
        return;
      case 'overrun':
        this.kill(`flooded the host (more than ${message.limit} messages in a second)`);
        return;
      case 'error':
      case 'warn':
        this.problem(message.t, message.message, message.t === 'error' ? message.stack : undefined);
        return;
      default:
        return;
    }
  }

  /** The logic has run onLaunch (the renderer marks it for the cold-start figures). */
  protected onReady(): void {}

  private render(message: Extract<LogicToHost, { t: 'render' }>): void {
    const rate = this.renders.count(this.clock.now());
    if (rate > SESSION_LIMITS.rendersPerSecond) {
      this.kill(`flooded setData (${rate} renders in a second; at most ${SESSION_LIMITS.rendersPerSecond})`);
      return;
    }
    const key = message.componentId !== undefined ? `c${message.componentId}` : `p${message.pageId}`;
    const page = message.componentId === undefined ? this.pages.get(message.pageId) : undefined;
    if (message.componentId !== undefined ? !this.componentEvents.has(message.componentId) : !page) return;
    // The first live render of a page replaces the cached data rather than patching it.
    const replacing = page !== undefined && !page.live;
    const sent = (replacing ? 0 : (this.sent.get(key) ?? 0)) + message.bytes;
    if (sent > SESSION_LIMITS.dataCharacters) {
      this.kill(`its ${message.componentId !== undefined ? 'component' : 'page'} data grew past ${SESSION_LIMITS.dataCharacters} characters`);
      return;
    }
    this.sent.set(key, sent);
    if (message.componentId !== undefined) {
      this.componentData = new Map(this.componentData).set(message.componentId, applyPatch(this.componentData.get(message.componentId) ?? {}, message.patch));
    } else if (page) {
      const data = applyPatch(page.live ? page.data : {}, message.patch);
      this.pages.set(page.id, { ...page, data, live: true });
    }
    this.publish({});
  }

  private call(callId: number, name: string, args: unknown): void {
    const rate = this.calls.count(this.clock.now());
    if (rate > SESSION_LIMITS.callsPerSecond) {
      this.kill(`flooded API calls (${rate} in a second; at most ${SESSION_LIMITS.callsPerSecond})`);
      return;
    }
    const reply = (outcome: CallAnswer): void => {
      this.services.onAnswered?.(name, outcome);
      this.send({ t: 'apiResult', callId, ok: outcome.ok, value: outcome.value });
    };
    if (this.inFlight >= SESSION_LIMITS.callsInFlight) {
      const [namespace] = name.split('.');
      reply({ ok: false, value: namespace === 'my' ? { error: 3, errorMessage: `${name}: more than ${SESSION_LIMITS.callsInFlight} calls waiting` } : { errMsg: `${name}:fail more than ${SESSION_LIMITS.callsInFlight} calls waiting` } });
      return;
    }
    this.inFlight += 1;
    // Navigation, dialogs and the title are the system UI's; everything else goes to services.
    const answer = this.apis.handle(name, args) ?? this.services.callApi(name, args).then((outcome) => (outcome.prompt ? this.askDriver(outcome.prompt) : outcome));
    void answer.then(
      (outcome) => {
        this.inFlight -= 1;
        reply(outcome);
      },
      (error: unknown) => {
        this.inFlight -= 1;
        reply({ ok: false, value: { errMsg: `${name}:fail ${error instanceof Error ? error.message : String(error)}` } });
      },
    );
  }

  /** Something of the app's view the host left out or could not do (for its developer). */
  viewProblem(message: string): void {
    this.problem('warn', message);
  }

  /** The renderer's probe of the page it draws (null when none); returns its removal. */
  attachProbe(pageId: number, probe: PageProbe): () => void {
    const attached = { pageId, probe };
    this.probe = attached;
    return () => {
      if (this.probe === attached) this.probe = null;
    };
  }

  /**
   * A canvas drawing: checked against the canvas contract (text cut while driving), within the
   * commands an app may draw in a second; a fault is the app's problem, and that drawing is left out.
   */
  private draw(message: Extract<LogicToHost, { t: 'canvas' }>): void {
    const now = this.clock.now();
    if (now - this.drawn.start >= 1000) Object.assign(this.drawn, { start: now, commands: 0 });
    this.drawn.commands += message.commands.length;
    if (this.drawn.commands > CANVAS_LIMITS.commandsPerSecond) {
      this.problem('warn', `canvas: more than ${CANVAS_LIMITS.commandsPerSecond} drawing commands in a second; the rest of this second's drawing is left out`);
      return;
    }
    const where = message.canvasId !== undefined ? `canvas "${message.canvasId}"` : 'a 2d canvas';
    const probe = this.probe && this.probe.pageId === message.pageId ? this.probe.probe : null;
    if (!probe) return;
    try {
      const rules = this.services.restrictions();
      const { commands, images } = checkCanvasCommands(message.commands, (text) => cutText(rules, text));
      const size = message.width !== undefined || message.height !== undefined ? checkCanvasSize(message.width ?? 300, message.height ?? 150) : undefined;
      probe
        .draw({ ...(message.componentId === undefined ? {} : { componentId: message.componentId }), ...(message.canvasId === undefined ? {} : { canvasId: message.canvasId }), ...(message.ref === undefined ? {} : { ref: message.ref }), ...(size ? { size } : {}), reserve: message.reserve, commands, images })
        .catch((error: unknown) => this.problem('warn', `${where}: ${error instanceof Error ? error.message : String(error)}`));
    } catch (error) {
      if (!(error instanceof CanvasProblem)) throw error;
      this.problem('error', `${where} not drawn: ${error.message}`);
    }
  }

  /** Pushes to the app (vehicle and driving changes, prepared by the renderer's subscriptions); none while suspended. */
  push(message: HostToLogic): void {
    this.send(message);
  }

  /** A user event on a page element (or, with componentId, inside a component). */
  dispatch(pageId: number, handler: string, event: AppEvent, componentId?: number): void {
    this.port.send({ t: 'event', pageId, handler, event, ...(componentId === undefined ? {} : { componentId }) });
  }

  /** A custom component drawn on a page: its instance in the logic, and where its triggerEvent goes. */
  /** An id for a component about to be drawn (its box carries it from its first drawing, so components inside it know their parent). */
  allocateComponentId(): number {
    const componentId = this.nextComponentId;
    this.nextComponentId += 1;
    return componentId;
  }

  attachComponent(pageId: number, path: string, properties: Readonly<Record<string, unknown>>, onEvent: (name: string, detail: unknown) => void, place?: { readonly id: string; readonly classes: readonly string[] }, given?: { readonly componentId: number; readonly parentId?: number }): number {
    const componentId = given?.componentId ?? this.allocateComponentId();
    this.componentEvents.set(componentId, onEvent);
    // The renderer makes inner components first; WeChat attaches outer ones first (attached in
    // tree order, relations linked so). Attaches of one task go together, in drawing order (ids
    // are given as drawn), after it.
    this.pendingAttaches.push({ t: 'componentAttach', pageId, componentId, path, properties, ...(place ? { place } : {}), ...(given?.parentId === undefined ? {} : { parentId: given.parentId }) });
    if (this.pendingAttaches.length === 1) {
      void Promise.resolve().then(() => {
        const batch = this.pendingAttaches.splice(0).sort((a, b) => a.componentId - b.componentId).filter((message) => this.componentEvents.has(message.componentId));
        if (batch.length === 1) this.port.send(batch[0] as HostToLogic);
        else if (batch.length > 1) this.port.send({ t: 'componentsAttach', list: batch.map(({ t: _kind, ...rest }) => rest) });
        // What came for components while their attach waited follows it.
        for (const message of this.afterAttaches.splice(0)) this.port.send(message);
      });
    }
    return componentId;
  }

  /** A component message: after the attaches waiting in this task, if any. */
  private sendComponent(message: HostToLogic): void {
    if (this.pendingAttaches.length > 0) this.afterAttaches.push(message);
    else this.port.send(message);
  }

  updateComponent(componentId: number, properties: Readonly<Record<string, unknown>>): void {
    this.sendComponent({ t: 'componentProps', componentId, properties });
  }

  detachComponent(componentId: number): void {
    if (!this.componentEvents.delete(componentId)) return;
    const remaining = new Map(this.componentData);
    remaining.delete(componentId);
    this.componentData = remaining;
    if (this.componentInfo.has(componentId)) {
      const info = new Map(this.componentInfo);
      info.delete(componentId);
      this.componentInfo = info;
    }
    this.sent.delete(`c${componentId}`);
    this.sendComponent({ t: 'componentDetach', componentId });
  }

  /** Ends the app: the top page's data is cached, the container removed. */
  close(cache = true): void {
    if (this.lifecycle === 'foreground') this.hide(cache);
    this.stopWatchdog();
    this.cancelToast?.();
    this.port.close();
    this.held = [];
    this.view = { ...this.view, lifecycle: 'stopped' };
  }
}
