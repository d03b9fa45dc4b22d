/**
 * The head unit's services, composed once for any shell: the vehicle bus and the safety policy
 * on it, the app registry, storage, the render cache and the app bridge, answering the one
 * typed protocol. A transport (the simulator's WebSocket, Electron's IPC) hands in parsed
 * messages and carries out the answers and events; the frames come from whichever source the
 * shell runs (simulator, log replay, SocketCAN).
 */
import { paymentQuestion } from '../../voice/common/prompts.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledApp, VoiceIntent } from '../../miniapps/runtime/common/format/app.js';
import { PolicyEngine } from '../../safety/common/engine.js';
import type { Category, Display, Policy } from '../../safety/common/policy.js';
import { CATEGORIES } from '../../safety/common/policy.js';
import { flagList } from '../../safety/common/restrictions.js';
import { screenRules, STRICTEST_SCREEN } from '../../safety/common/screenRules.js';
import type { CanFrame } from '../../vehicle-bus/common/frame.js';
import type { DatabaseCodec } from '../../vehicle-bus/common/dbc/codec.js';
import type { CompiledMapping } from '../../vehicle-bus/common/vss/mapping.js';
import { VehicleBus } from '../../vehicle-bus/common/vehicleBus.js';
import type { SignalState } from '../../vehicle-bus/common/vss/vehicleState.js';
import type { DrivingView, EventChannel, Events, OpenedApp, RequestChannel, Requests, Result, ServerMessage, SignalView } from '../common/protocol.js';
import { readRequest } from './requests.js';
import type { BridgeApp, LaunchRequest } from './apps/bridge.js';
import { AppBridge } from './apps/bridge.js';
import { ApiFailure } from './apps/apiFailure.js';
import { AppProblems } from './apps/appProblems.js';
import { AppInstaller } from './apps/installer.js';
import type { VehicleProfile } from './apps/routeState.js';
import { NavigationRegistry, SIMULATED_EV_PROFILE } from './apps/routeState.js';
import { RenderCache } from './apps/renderCache.js';
import { SafetyAuditLog } from './safetyAudit.js';
import { Storage } from './storage/database.js';
import type { VoiceOutcome } from './voiceDispatch.js';
import { VoiceCommands } from './voiceDispatch.js';
import type { VoiceLogEntry, VoiceSetup } from './voiceAssistant.js';
import { VoiceAssistant } from './voiceAssistant.js';

export interface HeadUnitOptions {
  readonly dataDir: string;
  /** The safety policy; undefined runs fully restricted. */
  readonly policy: Policy | undefined;
  readonly codec: DatabaseCodec;
  readonly mapping: CompiledMapping;
  /** The screen; phoneScale (ADR 0008) is how much larger a phone-designed app is drawn (default 1.75). */
  readonly screen: { readonly width: number; readonly height: number; readonly phoneScale?: number };
  /** Development: app-listed https origins served by local backends instead. */
  readonly localBackends?: ReadonlyMap<string, string>;
  /** The display this UI drives (default the driver's). */
  readonly display?: Display;
  /** What the apps are told about the car (default: the simulated EV's). */
  readonly profile?: VehicleProfile;
  /** The OEM's language (BCP 47) for the apps' getSystemInfo; default en. */
  readonly language?: string;
}

/** A message that is not a protocol request: the transport should drop the client. */
export { ProtocolViolation } from './requests.js';

type EventMessage = Extract<ServerMessage, { readonly event: EventChannel }>;

function signalView(state: SignalState): SignalView {
  return { value: state.value ?? null, valid: state.valid };
}

/** Pictures a package may serve to its pages, by extension (never a script, page or style). */
const PICTURE_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  svg: 'image/svg+xml',
};

export class HeadUnitServices {
  readonly bus: VehicleBus;
  readonly engine: PolicyEngine;
  readonly installer: AppInstaller;
  private readonly storage: Storage;
  private readonly renderCache: RenderCache;
  readonly audit: SafetyAuditLog;
  /** What went wrong in running apps, for their developers (the panel shows it; the simulator and kiosk print it). */
  readonly appProblems: AppProblems;
  private readonly stopAudit: () => void;
  private readonly bridge: AppBridge;
  private readonly listeners = new Set<(message: EventMessage) => void>();
  private readonly unsubscribe: () => void;
  private readonly loaded = new Map<string, { readonly opened: Omit<OpenedApp, 'renderCache' | 'storage' | 'system'>; readonly bridge: BridgeApp; readonly intents: readonly VoiceIntent[]; readonly icon: string | null }>();
  /** The route the driver follows, as the navigation app set it. */
  readonly navigation = new NavigationRegistry();
  private readonly voice: VoiceCommands;
  private assistant: VoiceAssistant | undefined;
  private lastStatus;
  private lastPolicy;
  private lastFrameTime = 0;
  /** Which screen this UI is: the driver's (restricted while driving) or a passenger's. */
  private display: Display;

  constructor(options: HeadUnitOptions) {
    this.display = options.display ?? 'driver';
    this.bus = new VehicleBus(options.codec, options.mapping);
    this.engine = new PolicyEngine(options.policy, (path) => this.bus.state.get(path), 0);
    this.lastStatus = this.engine.status;
    this.lastPolicy = this.engine.policy;
    this.storage = new Storage(join(options.dataDir, 'glovebox.sqlite'));
    this.installer = new AppInstaller(this.storage, options.dataDir);
    this.renderCache = new RenderCache(this.storage);
    // Every transition, policy change and blocked action goes to the audit log in SQLite.
    this.audit = new SafetyAuditLog(this.storage);
    this.appProblems = new AppProblems((appId) => {
      const app = this.installer.get(appId);
      return app ? join(this.installer.appsFolder, app.folder, 'logic.js') : undefined;
    });
    this.stopAudit = this.engine.onAudit((event) => this.audit.record(event));
    const engine = this.engine;
    this.bridge = new AppBridge(this.storage, {
      signal: (path) => this.bus.state.get(path),
      driving: (category) => {
        const set = engine.restrictions(this.display, category as Category | undefined);
        return { state: engine.status.state, band: engine.status.band, flags: flagList(set), ...(category ? { params: set.params } : {}) };
      },
      decide: (app, action, context) => engine.decide({ id: app.id, category: app.category as Category }, this.display, action, context, this.lastFrameTime),
      screen: options.screen,
      ...(options.language ? { language: options.language } : {}),
      network: { localBackends: options.localBackends ?? new Map() },
      profile: options.profile ?? SIMULATED_EV_PROFILE,
      navigation: this.navigation,
      launch: (request) => this.launch(request),
      prompted: (app, prompt) => {
        if (prompt.kind !== 'payment' || prompt.modality !== 'voice-confirm' || !this.assistant) return undefined;
        // The driver's time to answer starts when the question has been said, so the assistant
        // keeps it; the dialog waits for the assistant's answer instead of its own clock.
        this.assistant.confirm(app.name, prompt.question ?? paymentQuestion(prompt.readBack), prompt.timeoutMs);
        return { ...prompt, timeoutMs: 0 };
      },
    });
    this.voice = new VoiceCommands(
      () => this.installer.list().map((app) => ({ id: app.id, name: app.name, intents: this.installedApp(app.id).intents })),
      {
        launch: (appId, page, intent) => this.emit('app:launch', { appId, ...(page ? { page } : {}), query: {}, ...(intent ? { intent } : {}) }),
        home: () => this.emit('system:home', {}),
        answer: (accepted) => this.emit('voice:answer', { accepted }),
      },
    );
    // The UI gets vehicle changes coalesced to ten batches a second; a loss of validity at once.
    this.unsubscribe = this.bus.state.subscribe(
      (changes) => {
        if (changes.length > 0) this.emit('vehicle:changes', Object.fromEntries(changes.map((state) => [state.path, signalView(state)])));
      },
      { minIntervalMs: 100 },
    );
  }

  /** One frame from the shell's source: decoded, the policy re-evaluated, the UI told of a new driving view. */
  ingest(frame: CanFrame): void {
    this.bus.ingest(frame);
    this.lastFrameTime = frame.timestamp;
    const status = this.engine.evaluate(frame.timestamp);
    // The view changes only when the engine adopts a new status (its object is replaced then)
    // or a new policy, so it is built and sent on those frames, not on every one.
    if (status !== this.lastStatus || this.engine.policy !== this.lastPolicy) {
      this.lastStatus = status;
      this.lastPolicy = this.engine.policy;
      this.emit('safety:driving', this.drivingView());
    }
  }

  drivingView(): DrivingView {
    return {
      ...this.engine.status,
      flags: flagList(this.engine.restrictions(this.display)),
      screen: STRICTEST_SCREEN,
      byCategory: Object.fromEntries(
        CATEGORIES.map((category) => {
          const set = this.engine.restrictions(this.display, category);
          return [category, { flags: flagList(set), params: set.params, screen: screenRules(set, this.engine.status.state === 'PARKED') }];
        }),
      ),
    };
  }

  /** Switches the UI between the driver's and a passenger's screen (the tester's display mode). */
  setDisplay(display: Display): void {
    if (display === this.display) return;
    this.display = display;
    this.emit('safety:driving', this.drivingView());
  }

  get displayMode(): Display {
    return this.display;
  }

  /**
   * Another app brought up for an app's call (wx.openLocation opens the navigation app): by id,
   * or the first installed app of the category that is not the caller.
   */
  private launch(request: LaunchRequest): string {
    const app = request.appId !== undefined ? this.installer.get(request.appId) : this.installer.list().find((each) => each.category === request.category && each.id !== request.except);
    if (!app) throw new ApiFailure(request.appId !== undefined ? `no installed app ${request.appId}` : `no ${request.category ?? ''} app is installed`, 2);
    this.emit('app:launch', { appId: app.id, ...(request.page ? { page: request.page } : {}), query: request.query });
    return app.id;
  }

  /** A transcript typed by a tester: matched and carried out as if recognised (no policy turn budget, no audio). */
  hear(text: string): VoiceOutcome {
    return this.voice.hear(text);
  }

  /**
   * Starts listening: the wake-word engine (Porcupine falling back to offline), the recogniser for
   * the installed apps' intents, the source's audio. Replies go to `setup.speaker`.
   */
  /** Tells the UI an app was installed or rebuilt behind services' back (the developer's loop). */
  announceInstalled(appId: string): void {
    this.emit('app:installed', { appId });
  }

  /** A permission the OEM grants ahead (its config's apps.grants): the driver is not asked. */
  grant(appId: string, scope: string): void {
    this.bridge.consent.decide(appId, scope, true);
  }

  startVoice(setup: VoiceSetup): VoiceAssistant {
    this.assistant?.close();
    const engine = this.engine;
    this.assistant = new VoiceAssistant(
      {
        commands: this.voice,
        restrictions: () => {
          const set = engine.restrictions(this.display);
          return { state: engine.status.state, flags: flagList(set), maxVoiceTurns: set.params.maxVoiceTurns };
        },
        mayOpen: (appId) => {
          const app = this.installer.get(appId);
          if (!app) return { allowed: false, reason: `no installed app ${appId}` };
          const decision = engine.decide({ id: app.id, category: app.category as Category }, this.display, 'open-page', { depth: 0 }, this.lastFrameTime);
          return { allowed: decision.modality !== 'denied', reason: decision.reason };
        },
        answer: (accepted) => this.emit('voice:answer', { accepted }),
        view: (view) => this.emit('voice:state', view),
      },
      setup,
    );
    return this.assistant;
  }

  /** Push-to-talk (the steering-wheel button): listen for a command without the wake word. */
  pushToTalk(): boolean {
    if (!this.assistant) return false;
    this.assistant.pipeline.listen();
    return true;
  }

  /** The voice timeline (empty until voice is started). */
  voiceTimeline(): readonly VoiceLogEntry[] {
    return this.assistant?.timeline() ?? [];
  }

  /** Says something through the head unit's voice (the UI plays it). */
  speak(text: string, wav: string | null): void {
    this.emit('voice:speak', { text, wav });
  }

  /** Events for the UI; a new client first gets `welcome()`. */
  onEvent(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What a newly connected UI needs before any change: the vehicle now and the driving view. */
  welcome(): EventMessage[] {
    return [
      { event: 'vehicle:changes', payload: this.snapshot() },
      { event: 'safety:driving', payload: this.drivingView() },
    ];
  }

  private emit<C extends EventChannel>(event: C, payload: Events[C]): void {
    for (const listener of this.listeners) listener({ event, payload });
  }

  private snapshot(): Readonly<Record<string, SignalView>> {
    return Object.fromEntries(this.bus.state.snapshot().map((state) => [state.path, signalView(state)]));
  }

  /**
   * The one place a request from the UI is read: shape checked (a violation throws
   * ProtocolViolation), channel known, answer typed. Handler failures are answers, not throws.
   */
  async request(message: unknown): Promise<Extract<ServerMessage, { readonly id: number }>> {
    const read = readRequest(message);
    if ('problem' in read) return { id: read.id, result: { ok: false, error: { message: read.problem } } };
    let result: Result<unknown>;
    try {
      const handler = this.handlers[read.channel] as (params: unknown) => unknown;
      result = { ok: true, value: await handler(read.request.params) };
    } catch (error) {
      result = { ok: false, error: { message: error instanceof Error ? error.message : String(error) } };
    }
    return { id: read.id, result };
  }

  /** The logic bundle of an installed app's current version, by its content-addressed path, or undefined. */
  logicBundle(path: string): string | undefined {
    const file = this.appFile(path);
    return file?.type.startsWith('text/javascript') ? file.path : undefined;
  }

  /**
   * A file of an installed app's current version that the system UI may load, by its
   * content-addressed path: `/apps/<id>/<version-digest>/logic.js` (its logic bundle) or
   * `/apps/<id>/<version-digest>/files/<path>` for a picture in its package (what `<image src>`
   * names); with its content type. Anything else (another version, a script or page of the
   * package, a path that climbs) is undefined.
   */
  appFile(path: string): { readonly path: string; readonly type: string } | undefined {
    const match = /^\/apps\/([^/]+)\/([^/]+)\/(logic\.js|files\/.+)$/.exec(path);
    if (!match?.[1] || !match[2] || !match[3]) return undefined;
    let id: string;
    let version: string;
    let rest: string;
    try {
      [id, version, rest] = [decodeURIComponent(match[1]), decodeURIComponent(match[2]), decodeURIComponent(match[3])];
    } catch {
      return undefined;
    }
    const app = this.installer.get(id);
    if (!app || app.folder !== `${app.id}/${version}`) return undefined;
    if (rest === 'logic.js') return { path: join(this.installer.appsFolder, app.folder, 'logic.js'), type: 'text/javascript; charset=utf-8' };
    const inPackage = rest.slice('files/'.length);
    const type = PICTURE_TYPES[/\.([a-z0-9]+)$/i.exec(inPackage)?.[1]?.toLowerCase() ?? ''];
    if (type === undefined || inPackage.split('/').some((part) => part === '' || part === '.' || part === '..' || part.includes('\\'))) return undefined;
    return { path: join(this.installer.appsFolder, app.folder, 'files', ...inPackage.split('/')), type };
  }

  /**
   * Each installed app as read from its folder once: the views app:open sends and what the
   * bridge needs. Keyed by the version's folder, so an upgrade is read afresh.
   */
  private installedApp(id: unknown): { readonly opened: Omit<OpenedApp, 'renderCache' | 'storage' | 'system'>; readonly bridge: BridgeApp; readonly intents: readonly VoiceIntent[]; readonly icon: string | null } {
    const app = typeof id === 'string' ? this.installer.get(id) : undefined;
    if (!app) throw new Error(`no installed app ${String(id)}`);
    const cached = this.loaded.get(app.folder);
    if (cached) return cached;
    const compiled = JSON.parse(readFileSync(join(this.installer.appsFolder, app.folder, 'compiled.json'), 'utf8')) as CompiledApp;
    const { car } = compiled.manifest;
    const title = compiled.manifest.window['navigationBarTitleText'];
    const background = compiled.manifest.window['backgroundColor'];
    const entry = {
      opened: {
        id: app.id,
        name: app.name,
        dialect: compiled.dialect,
        category: car.category,
        drivingOptimisedPages: car.drivingOptimisedPages ?? [],
        entryPagePath: compiled.manifest.entryPagePath,
        design: car.design ?? 'car',
        pages: compiled.pages,
        components: compiled.components,
        appCss: compiled.appCss,
        logicUrl: `/apps/${app.folder}/logic.js`,
        assetBase: `/apps/${app.folder}/files/`,
        windowTitle: typeof title === 'string' ? title : null,
        windowBackground: typeof background === 'string' && /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(background) ? background : null,
        darkmode: compiled.manifest.darkmode,
        tabBar: compiled.manifest.tabBar?.list.map(({ pagePath, text }) => ({ pagePath, text })) ?? null,
        vehicleSignals: car.vehicleSignals ?? [],
      },
      bridge: {
        id: app.id,
        name: app.name,
        dialect: compiled.dialect,
        category: car.category,
        design: car.design ?? 'car',
        vehicleSignals: car.vehicleSignals ?? [],
        requestDomains: car.from !== undefined && car.requestDomains === undefined ? ('any-public' as const) : (car.requestDomains ?? []),
        permissions: Object.fromEntries(Object.entries(compiled.manifest.permission).map(([scope, { desc }]) => [scope, desc])),
      },
      intents: car.voiceIntents ?? [],
      icon: car.icon === undefined ? null : `/apps/${app.folder}/files/${car.icon}`,
    };
    this.loaded.set(app.folder, entry);
    return entry;
  }

  private readonly handlers: { readonly [C in RequestChannel]: (params: Requests[C]['params']) => Requests[C]['result'] | Promise<Requests[C]['result']> } = {
    'app:list': () => this.installer.list().map(({ id, name, version, category }) => ({ id, name, version, category, icon: this.installedApp(id).icon })),
    'app:open': ({ id }) => {
      const app = this.installedApp(id);
      return { ...app.opened, renderCache: this.renderCache.get(String(id)), storage: this.bridge.storageSnapshot(String(id)), system: this.bridge.systemInfo(app.bridge) };
    },
    'app:call': ({ appId, name, args }) => this.bridge.call(this.installedApp(appId).bridge, name, args),
    'app:answer': ({ appId, token, accepted }) => this.bridge.answer(appId, token, accepted),
    'app:cacheRender': ({ appId, route, data }) => {
      this.installedApp(appId);
      return this.renderCache.put(appId, route, data);
    },
    'vehicle:snapshot': () => this.snapshot(),
    'app:problem': ({ appId, kind, message, stack }) => {
      this.installedApp(appId);
      this.appProblems.report(appId, kind, message.slice(0, 4000), stack?.slice(0, 4000));
      return true;
    },
    'voice:listen': () => this.pushToTalk(),
  };

  close(): void {
    this.assistant?.close();
    this.unsubscribe();
    this.stopAudit();
    this.listeners.clear();
    this.storage.close();
  }
}
