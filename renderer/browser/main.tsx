/** The system UI's entry: connect to services, keep the store current, draw the screen. */
import { createRoot } from 'react-dom/client';
import type { AppLaunch, CallAnswer, OpenedApp } from '../../services/common/protocol.js';
import { AppManager } from './apps/appManager.js';
import { AppSurface, prepareStyles } from './apps/AppSurface.js';
import { ContainerPool } from './apps/containerPool.js';
import { Launcher } from './components/Launcher.js';
import { StatusBar } from './components/StatusBar.js';
import { SystemNotices } from './components/SystemNotices.js';
import { applyTheme, readSettings } from './settings.js';
import { VoiceBar } from './components/VoiceBar.js';
import type { GloveboxBridge } from '../../services/common/bridgeApi.js';
import { BridgeTransport, ProtocolClient, WebSocketTransport } from './protocolClient.js';
import type { HeadUnitStore } from './state/store.js';
import { createHeadUnitStore, restrictionsFor, useHeadUnit } from './state/store.js';

/** The OEM's look, units and runtime sizes (from index.html), the theme applied before anything is drawn. */
const settings = readSettings();
applyTheme(settings);
const store = createHeadUnitStore();
/** In the Electron kiosk the preload's IPC bridge; in the simulator its WebSocket. */
const bridge = (window as { glovebox?: GloveboxBridge }).glovebox;
const transport = bridge ? new BridgeTransport(bridge) : new WebSocketTransport(`${location.origin.replace(/^http/, 'ws')}/protocol`);
/** `?app=ID` opens an app once the launcher has it (glovebox app dev opens the developer's app). */
let startApp = new URLSearchParams(location.search).get('app');
function refreshApps(): Promise<void> {
  return client.request('app:list', {}).then((result) => {
    if (!result.ok) return;
    store.getState().setApps(result.value);
    prepared.clear();
    for (const app of result.value) {
      void prepare(app.id).then((opened) => {
        if (opened) setTimeout(() => prepareStyles(opened), 0);
      });
    }
    if (startApp && result.value.some((app) => app.id === startApp)) {
      void openApp(startApp);
      startApp = null;
    }
  });
}
const client = new ProtocolClient(transport, (connected) => {
  store.getState().setConnected(connected);
  if (connected) void refreshApps();
});
// A rebuilt app (the developer's loop): forget it, and reopen it if it was on screen.
client.on('app:installed', ({ appId }) => {
  const open = store.getState().openApp?.app.id === appId;
  manager.close(appId);
  if (open) {
    store.getState().setOpenApp(null);
    startApp = appId;
  }
  void refreshApps();
});
client.on('vehicle:changes', (changes) => {
  store.getState().applySignals(changes);
  manager.pushVehicle(changes);
});
client.on('safety:driving', (driving) => {
  const previous = store.getState().driving;
  store.getState().setDriving(driving);
  if (previous?.state !== driving.state || previous.band !== driving.band) manager.pushDriving(driving);
});

/** The runtime every app's worker starts with, fetched once. */
const runtimeSource = fetch('/logic-runtime.js').then((response) => response.text());
const containers = document.createElement('div');
containers.className = 'logic-containers';
document.body.appendChild(containers);
/**
 * The runtime's knobs: the OEM config's performance section; testers may override them in the
 * page's query (`?pool=0&maxRunning=2&suspendAfterMs=300`) to see each behaviour quickly.
 */
const knobs = new URLSearchParams(location.search);
function knob(name: string, fallback: number, min: number, max: number): number {
  const value = Number(knobs.get(name) ?? fallback);
  return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}
/** Pre-warmed logic containers. */
const pool = new ContainerPool(containers, runtimeSource, knob('pool', settings.performance.prewarmPool, 0, 8));

/** An app's API call, answered by services; a lost connection is a failure, never silence. */
async function callApi(appId: string, name: string, args: unknown): Promise<CallAnswer> {
  const result = await client.request('app:call', { appId, name, args });
  return result.ok ? result.value : { ok: false, value: { errMsg: `${name.split('.')[1] ?? name}:fail ${result.error.message}` } };
}

/** The driver's answer to a prompt services raised for an app's call. */
async function answer(appId: string, token: string, accepted: boolean): Promise<CallAnswer> {
  const result = await client.request('app:answer', { appId, token, accepted });
  return result.ok ? result.value : { ok: false, value: { errMsg: `fail ${result.error.message}` } };
}

const manager = new AppManager(pool, {
  callApi,
  answer,
  cacheRender: (appId, route, data) => void client.request('app:cacheRender', { appId, route, data }),
  reportProblem: (appId, kind, message, stack) => void client.request('app:problem', { appId, kind, message, ...(stack === undefined ? {} : { stack }) }),
  restrictions: (app) => restrictionsFor(store.getState().driving, app.category),
  onExit: () => goHome(),
  // Logic bundles come from the shell's miniapp: scheme, or the simulator's own origin.
  logicBase: bridge?.logicBase ?? location.href,
  maxRunning: knob('maxRunning', settings.performance.maxRunningApps, 1, 16),
  suspendAfterMs: knob('suspendAfterMs', settings.performance.suspendAfterMs, 0, 3_600_000),
});

/**
 * Each launcher app's views and render cache, fetched once the launcher is idle, so a tap
 * draws the cached frame at once instead of waiting for services.
 */
const prepared = new Map<string, { readonly app: Promise<OpenedApp | undefined>; readonly whileRunning: boolean }>();
function prepare(id: string): Promise<OpenedApp | undefined> {
  let entry = prepared.get(id);
  // Fetched while the app ran, its storage snapshot may be behind what the app wrote since: a
  // cold start (the app no longer running) fetches again.
  if (entry?.whileRunning && !manager.isRunning(id)) entry = undefined;
  if (!entry) {
    entry = { app: client.request('app:open', { id }).then((result) => (result.ok ? result.value : undefined)), whileRunning: manager.isRunning(id) };
    prepared.set(id, entry);
  }
  return entry.app;
}

async function openApp(id: string, launch?: AppLaunch): Promise<void> {
  // Cold start is measured from here (bench/coldstart.ts reads these marks).
  performance.clearMarks('gb:first-live-render');
  performance.clearMarks('gb:cached-frame');
  performance.mark('gb:tap', { detail: id });
  const app = await prepare(id);
  // Next time, fresh views and cache (an upgrade, the data this run leaves behind).
  prepared.delete(id);
  if (!app) return;
  const host = manager.open(app, launch ? { ...(launch.page ? { page: launch.page } : {}), query: launch.query } : undefined);
  store.getState().setOpenApp(host);
  if (launch?.intent) host.deliverIntent(launch.intent);
}

// Services bring apps up (another app's openLocation, a voice intent) and relay the driver's spoken answers.
client.on('app:launch', (launch) => void openApp(launch.appId, launch));
client.on('system:home', () => {
  if (store.getState().openApp) goHome();
});
client.on('voice:answer', ({ accepted }) => store.getState().openApp?.voiceAnswer(accepted));
// The listening cue is drawn in the frame after services report the state change.
client.on('voice:state', (voice) => store.getState().setVoice(voice));
let reply: HTMLAudioElement | undefined;
client.on('voice:speak', ({ wav }) => {
  reply?.pause();
  if (!wav) return;
  reply = new Audio(`data:audio/wav;base64,${wav}`);
  // Autoplay may be refused (a browser without a gesture yet): the voice bar shows the words anyway.
  reply.play().catch(() => undefined);
});

function goHome(): void {
  const host = store.getState().openApp;
  manager.home();
  store.getState().setOpenApp(null);
  // Once the launcher is idle: fresh views for the app just left, and a container primed with
  // the bundle of the most recently used app that is not running (the likeliest cold start).
  setTimeout(() => {
    if (host) void prepare(host.app.id);
    const next = manager.nextColdStart();
    if (next && knob('prime', 1, 0, 1) === 1) {
      void prepare(next).then((app) => {
        if (app && store.getState().openApp === null) pool.prime(manager.bundleUrl(app), app.dialect);
      });
    }
  }, 600);
}

function Screen({ store: headUnit }: { readonly store: HeadUnitStore }) {
  const host = useHeadUnit(headUnit, (state) => state.openApp);
  return (
    <div className="screen">
      <StatusBar store={headUnit} settings={settings} />
      <SystemNotices notices={settings.notices} />
      <VoiceBar store={headUnit} />
      {host ? <AppSurface key={host.app.id} host={host} store={headUnit} onHome={goHome} /> : <Launcher store={headUnit} onOpen={(id) => void openApp(id)} />}
    </div>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// An app's drawing that fails is caught by its surface's error boundary, which stops the app and
// records why; React's default report (console.error with the component stack) is not repeated.
createRoot(root, { onCaughtError: (error) => console.warn(`app drawing stopped: ${error instanceof Error ? error.message : String(error)}`) }).render(<Screen store={store} />);
