/**
 * The running apps and their lifecycle: at most one in the foreground; going home puts it in
 * the background, where after a while it is suspended (its timers held); past the running-app
 * limit the least recently used one is destroyed (its last page cached for the next cold start).
 */
import type { ScreenRules } from '../../../safety/common/screenRules.js';
import type { CallAnswer, DrivingView, OpenedApp, ProblemKind } from '../../../services/common/protocol.js';
import type { LaunchEntry } from './appHost.js';
import { AppHost } from './appHost.js';
import type { ContainerPool } from './containerPool.js';

/** How long after an app opens the least recently used one past the limit is destroyed. */
const EVICT_AFTER_MS = 1500;

export interface AppManagerOptions {
  readonly callApi: (appId: string, name: string, args: unknown) => Promise<CallAnswer>;
  readonly answer: (appId: string, token: string, accepted: boolean) => Promise<CallAnswer>;
  readonly cacheRender: (appId: string, route: string, data: Readonly<Record<string, unknown>>) => void;
  readonly restrictions: (app: OpenedApp) => ScreenRules | null;
  /** What went wrong in an app, for its developer (services print it and the panel shows it). */
  readonly reportProblem?: (appId: string, kind: ProblemKind, message: string, stack?: string) => void;
  /** An app closed itself (wx.exitMiniProgram): the system goes Home. */
  readonly onExit?: (appId: string) => void;
  /** What an app's logicUrl (a path) is resolved against. */
  readonly logicBase: string;
  /** Running apps kept at most (foreground, background and suspended together). */
  readonly maxRunning: number;
  /** How long an app stays in the background before it is suspended. */
  readonly suspendAfterMs: number;
}

export class AppManager {
  /** Least recently used first. */
  private running: AppHost[] = [];
  /** App ids, most recently opened first. */
  private recent: string[] = [];
  private readonly suspendTimers = new Map<AppHost, ReturnType<typeof setTimeout>>();
  private evictTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly pool: ContainerPool,
    private readonly options: AppManagerOptions,
  ) {}

  /**
   * Brings `app` to the foreground: shown again if running (a hot start), else started (a cold
   * start); with `entry`, on that page and query (services launched it).
   */
  open(app: OpenedApp, entry?: LaunchEntry): AppHost {
    for (const other of this.running) if (other.app.id !== app.id) this.background(other);
    let host = this.running.find((candidate) => candidate.app.id === app.id && candidate.app.logicUrl === app.logicUrl && candidate.lifecycle !== 'stopped');
    if (host) {
      clearTimeout(this.suspendTimers.get(host));
      host.show();
      if (entry && (entry.page !== undefined || Object.keys(entry.query).length > 0)) host.relaunch(entry);
    } else {
      const bundleUrl = this.bundleUrl(app);
      const started: AppHost = new AppHost(app, this.pool.take(bundleUrl), {
        bundleUrl,
        callApi: (name, args) => this.options.callApi(app.id, name, args),
        answer: (token, accepted) => this.options.answer(app.id, token, accepted),
        restrictions: () => this.options.restrictions(app),
        cacheRender: (route, data) => this.options.cacheRender(app.id, route, data),
        onKilled: () => undefined,
        onExit: () => {
          this.options.onExit?.(app.id);
          this.close(app.id);
        },
        onProblem: (kind, message, stack) => this.options.reportProblem?.(app.id, kind, message, stack),
      });
      started.start(entry);
      host = started;
    }
    this.running = [...this.running.filter((candidate) => candidate !== host && candidate.app.id !== app.id), host];
    this.recent = [app.id, ...this.recent.filter((id) => id !== app.id)];
    // Tearing down an app's frame (and its process) costs the UI thread: not on the tap's path.
    clearTimeout(this.evictTimer);
    this.evictTimer = setTimeout(() => this.evict(), EVICT_AFTER_MS);
    return host;
  }

  /** Whether the app runs (foreground, background or suspended): its storage may change under a snapshot taken now. */
  isRunning(appId: string): boolean {
    return this.running.some((host) => host.app.id === appId && host.lifecycle !== 'stopped');
  }

  /** Where the app's logic bundle is loaded from. */
  bundleUrl(app: OpenedApp): string {
    return new URL(app.logicUrl, this.options.logicBase).href;
  }

  /** The driver went home: the foreground app goes to the background. */
  home(): void {
    for (const host of this.running) this.background(host);
  }

  /** Ends an app now (the driver closed it). */
  close(appId: string): void {
    for (const host of this.running.filter((candidate) => candidate.app.id === appId)) this.destroy(host);
  }

  /** Vehicle changes from services, to every running app that subscribed. */
  pushVehicle(changes: Readonly<Record<string, { readonly value: unknown; readonly valid: boolean }>>): void {
    for (const host of this.running) host.pushVehicle(changes);
  }

  pushDriving(driving: DrivingView): void {
    for (const host of this.running) host.pushDriving(driving);
  }

  /** The most recently used app that is not running: the best guess at the next cold start. */
  nextColdStart(): string | undefined {
    return this.recent.find((id) => !this.running.some((host) => host.app.id === id && host.lifecycle !== 'stopped'));
  }

  get(appId: string): AppHost | undefined {
    return this.running.find((host) => host.app.id === appId);
  }

  private background(host: AppHost): void {
    if (host.lifecycle !== 'foreground') return;
    host.hide();
    clearTimeout(this.suspendTimers.get(host));
    this.suspendTimers.set(
      host,
      setTimeout(() => host.suspend(), this.options.suspendAfterMs),
    );
  }

  private destroy(host: AppHost): void {
    clearTimeout(this.suspendTimers.get(host));
    this.suspendTimers.delete(host);
    host.close();
    this.running = this.running.filter((candidate) => candidate !== host);
  }

  private evict(): void {
    // Stopped apps (killed by the watchdog) hold nothing but their place; they go first.
    for (const host of this.running.filter((candidate) => candidate.lifecycle === 'stopped' && candidate !== this.running[this.running.length - 1])) this.destroy(host);
    while (this.running.length > this.options.maxRunning) {
      const oldest = this.running.find((host) => host.lifecycle !== 'foreground');
      if (!oldest) return;
      this.destroy(oldest);
    }
  }
}
