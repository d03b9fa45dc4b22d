/**
 * What the system UI does with services, apart from drawing: it keeps the state current from
 * services' events, lists and prepares the launcher's apps, opens and leaves apps, answers apps'
 * calls through services, and plays spoken replies. DOM-free (the page's entry, main.tsx, passes
 * the browser's parts in), so its start-up order and its reactions are unit-tested.
 */
import type { AppLaunch, CallAnswer, DrivingView, OpenedApp, ProblemKind, SignalView, VoiceView } from '../../services/common/protocol.js';
import type { HeadUnitStateStore, RunningApp } from './headUnitState.js';
import { ProtocolClient } from './protocolClient.js';
import type { Transport } from './protocolClient.js';

/** Services' answers for the running apps (the AppManager's side of the protocol). */
export interface AppServices {
  callApi(appId: string, name: string, args: unknown): Promise<CallAnswer>;
  answer(appId: string, token: string, accepted: boolean): Promise<CallAnswer>;
  cacheRender(appId: string, route: string, data: Readonly<Record<string, unknown>>): void;
  reportProblem(appId: string, kind: ProblemKind, message: string, stack?: string): void;
}

/** What the controller uses of the running apps (the browser's AppManager). */
export interface AppRunner<Host extends RunningApp> {
  open(app: OpenedApp, entry?: { readonly page?: string; readonly query: Readonly<Record<string, string>> }): Host;
  close(appId: string): void;
  home(): void;
  isRunning(appId: string): boolean;
  pushVehicle(changes: Readonly<Record<string, SignalView>>): void;
  pushDriving(driving: DrivingView): void;
  nextColdStart(): string | undefined;
  bundleUrl(app: OpenedApp): string;
}

export interface ControllerParts<Host extends RunningApp> {
  readonly transport: Transport;
  readonly store: HeadUnitStateStore<Host>;
  /** Makes the app runner once the controller can answer its calls. */
  readonly runner: (services: AppServices) => AppRunner<Host>;
  /** An app to open once the launcher has it (`?app=ID`: glovebox app dev opens the developer's app). */
  readonly startApp?: string | null;
  /** Whether going home primes a container with the likeliest next cold start's bundle. */
  readonly prime?: boolean;
  /** Styles of an app prepared ahead of its first drawing (after its views arrive, when idle). */
  readonly prepareStyles?: (app: OpenedApp) => void;
  /** A container primed with `bundleUrl`. */
  readonly primeContainer?: (bundleUrl: string, dialect: OpenedApp['dialect']) => void;
  /** A spoken reply (a WAV in base64) replacing the one playing; null stops it. */
  readonly playReply?: (wav: string | null) => void;
  /** An earcon: listening started, the assistant is thinking, the turn is done. */
  readonly cue?: (earcon: Earcon) => void;
  /** A tap on an app's tile (the cold-start benchmark measures from here). */
  readonly tapped?: (appId: string) => void;
  /** Runs `work` after `ms` (the page's setTimeout; a test's own clock). */
  readonly later: (work: () => void, ms: number) => void;
}

export type Earcon = 'listening' | 'thinking' | 'done';

/** The earcon for a change of the assistant's state, if it has one: every turn is heard to start, to think and to end. */
export function earconFor(previous: VoiceView['state'], next: VoiceView['state']): Earcon | undefined {
  if (previous === next) return undefined;
  if (next === 'listening') return 'listening';
  if (next === 'thinking') return 'thinking';
  if (next === 'idle') return 'done';
  return undefined;
}

/** How long after going home the launcher is taken as idle. */
export const IDLE_AFTER_HOME_MS = 600;

export class HeadUnitController<Host extends RunningApp> {
  readonly client: ProtocolClient;
  readonly runner: AppRunner<Host>;
  private readonly store: HeadUnitStateStore<Host>;
  private readonly prepared = new Map<string, { readonly app: Promise<OpenedApp | undefined>; readonly whileRunning: boolean }>();
  private startApp: string | null;

  constructor(private readonly parts: ControllerParts<Host>) {
    this.store = parts.store;
    this.startApp = parts.startApp ?? null;
    this.client = new ProtocolClient(parts.transport, (connected) => {
      this.store.getState().setConnected(connected);
      if (connected) void this.refreshApps();
    });
    this.runner = parts.runner({
      callApi: (appId, name, args) => this.callApi(appId, name, args),
      answer: (appId, token, accepted) => this.answer(appId, token, accepted),
      cacheRender: (appId, route, data) => void this.client.request('app:cacheRender', { appId, route, data }),
      reportProblem: (appId, kind, message, stack) => void this.client.request('app:problem', { appId, kind, message, ...(stack === undefined ? {} : { stack }) }),
    });
    this.listen();
  }

  /** Connects to services: everything above exists before the first answer can arrive. */
  start(): this {
    this.client.start();
    return this;
  }

  private listen(): void {
    const { client, store, runner } = this;
    // A rebuilt app (the developer's loop): forget it, and reopen it if it was on screen.
    client.on('app:installed', ({ appId }) => {
      const open = store.getState().openApp?.app.id === appId;
      runner.close(appId);
      if (open) {
        store.getState().setOpenApp(null);
        this.startApp = appId;
      }
      void this.refreshApps();
    });
    client.on('vehicle:changes', (changes) => {
      store.getState().applySignals(changes);
      runner.pushVehicle(changes);
    });
    client.on('safety:driving', (driving) => {
      const previous = store.getState().driving;
      store.getState().setDriving(driving);
      if (previous?.state !== driving.state || previous.band !== driving.band) runner.pushDriving(driving);
    });
    // Services bring apps up (another app's openLocation, a voice intent) and relay the driver's spoken answers.
    client.on('app:launch', (launch) => void this.openApp(launch.appId, launch));
    client.on('system:home', () => {
      if (store.getState().openApp) this.goHome();
    });
    client.on('voice:answer', ({ accepted }) => store.getState().openApp?.voiceAnswer(accepted));
    client.on('voice:state', (voice) => {
      const earcon = earconFor(store.getState().voice?.state ?? 'idle', voice.state);
      store.getState().setVoice(voice);
      if (earcon) this.parts.cue?.(earcon);
    });
    client.on('voice:speak', ({ wav }) => this.parts.playReply?.(wav));
  }

  /** The launcher's apps from services; each one's views fetched ahead of a tap. */
  async refreshApps(): Promise<void> {
    const result = await this.client.request('app:list', {});
    if (!result.ok) return;
    this.store.getState().setApps(result.value);
    this.prepared.clear();
    for (const app of result.value) {
      void this.prepare(app.id).then((opened) => {
        if (opened && this.parts.prepareStyles) this.later(() => this.parts.prepareStyles?.(opened), 0);
      });
    }
    const start = this.startApp;
    if (start && result.value.some((app) => app.id === start)) {
      this.startApp = null;
      await this.openApp(start);
    }
  }

  /**
   * An app's views and render cache, fetched once, so a tap draws the cached frame at once.
   * Fetched while the app ran, its storage snapshot may be behind what the app wrote since: a
   * cold start (the app no longer running) fetches again.
   */
  prepare(id: string): Promise<OpenedApp | undefined> {
    let entry = this.prepared.get(id);
    if (entry?.whileRunning && !this.runner.isRunning(id)) entry = undefined;
    if (!entry) {
      entry = { app: this.client.request('app:open', { id }).then((result) => (result.ok ? result.value : undefined)), whileRunning: this.runner.isRunning(id) };
      this.prepared.set(id, entry);
    }
    return entry.app;
  }

  async openApp(id: string, launch?: AppLaunch): Promise<void> {
    this.parts.tapped?.(id);
    const app = await this.prepare(id);
    // Next time, fresh views and cache (an upgrade, the data this run leaves behind).
    this.prepared.delete(id);
    if (!app) return;
    const host = this.runner.open(app, launch ? { ...(launch.page ? { page: launch.page } : {}), query: launch.query } : undefined);
    this.store.getState().setOpenApp(host);
    if (launch?.intent) host.deliverIntent(launch.intent);
  }

  /**
   * The launcher again. Once it is idle: fresh views for the app just left, and a container
   * primed with the bundle of the most recently used app that is not running (the likeliest
   * cold start).
   */
  goHome(): void {
    const host = this.store.getState().openApp;
    this.runner.home();
    this.store.getState().setOpenApp(null);
    this.later(() => {
      if (host) void this.prepare(host.app.id);
      const next = this.runner.nextColdStart();
      if (next && (this.parts.prime ?? true)) {
        void this.prepare(next).then((app) => {
          if (app && this.store.getState().openApp === null) this.parts.primeContainer?.(this.runner.bundleUrl(app), app.dialect);
        });
      }
    }, IDLE_AFTER_HOME_MS);
  }

  /**
   * The driver touched a microphone the host drew: services listen for a command. Where voice is
   * not running, the voice bar says so rather than the button doing nothing.
   */
  async startListening(): Promise<boolean> {
    const result = await this.client.request('voice:listen', {});
    if (result.ok && result.value) return true;
    this.store.getState().setVoice({ state: 'idle', transcript: null, reply: 'Voice is not available right now. Park to type instead.', notice: null });
    return false;
  }

  /** An app's API call, answered by services; a lost connection is a failure, never silence. */
  private async callApi(appId: string, name: string, args: unknown): Promise<CallAnswer> {
    const result = await this.client.request('app:call', { appId, name, args });
    return result.ok ? result.value : { ok: false, value: { errMsg: `${name.split('.')[1] ?? name}:fail ${result.error.message}` } };
  }

  /** The driver's answer to a prompt services raised for an app's call. */
  private async answer(appId: string, token: string, accepted: boolean): Promise<CallAnswer> {
    const result = await this.client.request('app:answer', { appId, token, accepted });
    return result.ok ? result.value : { ok: false, value: { errMsg: `fail ${result.error.message}` } };
  }

  private later(work: () => void, ms: number): void {
    this.parts.later(work, ms);
  }
}
