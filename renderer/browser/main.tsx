/** The system UI's entry: connect to services, keep the store current, draw the screen. */
import { createRoot } from 'react-dom/client';
import { HeadUnitController } from '../common/headUnitController.js';
import { BridgeTransport } from '../common/protocolClient.js';
import type { AppHost } from './apps/appHost.js';
import { AppManager } from './apps/appManager.js';
import { AppSurface, prepareStyles } from './apps/AppSurface.js';
import { preloadMapEngine } from './apps/MapView.js';
import { ContainerPool } from './apps/containerPool.js';
import { Launcher } from './components/Launcher.js';
import { StatusBar } from './components/StatusBar.js';
import { SystemNotices } from './components/SystemNotices.js';
import type { UiSettings } from '../../services/common/uiSettings.js';
import { applyTheme, readSettings } from './settings.js';
import { OnScreenKeyboard, openKeyboard } from './components/OnScreenKeyboard.js';
import { VoiceBar } from './components/VoiceBar.js';
import { VoiceAudio } from './voiceAudio.js';
import type { BRIDGE_GLOBAL, GloveboxBridge } from '../../services/common/bridgeApi.js';
import { WebSocketTransport } from './webSocketTransport.js';
import type { HeadUnitStore } from './state/store.js';
import { createHeadUnitStore, restrictionsFor, useHeadUnit } from './state/store.js';

/** The OEM's look, units and runtime sizes (from index.html), the theme applied before anything is drawn. */
const loaded = readSettings();
// A tester may ask for day or night (`?theme=day`), as a light sensor would; the OEM's palettes stay.
const themeKnob = new URLSearchParams(location.search).get('theme');
const settings: UiSettings = themeKnob === 'day' || themeKnob === 'night' ? { ...loaded, theme: { ...loaded.theme, mode: themeKnob } } : loaded;
applyTheme(settings);
const store = createHeadUnitStore();
/** In the Electron kiosk the preload's IPC bridge; in the simulator its WebSocket. */
// Typed by the name the preload uses: a rename there fails to compile here.
const bridge = (window as unknown as { readonly [K in typeof BRIDGE_GLOBAL]?: GloveboxBridge }).glovebox;
const transport = bridge ? new BridgeTransport(bridge) : new WebSocketTransport(`${location.origin.replace(/^http/, 'ws')}/protocol`);

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

const voiceAudio = new VoiceAudio();
const controller = new HeadUnitController<AppHost>({
  transport,
  store,
  runner: (services) =>
    new AppManager(pool, {
      ...services,
      restrictions: (app) => restrictionsFor(store.getState().driving, app.category),
      onExit: () => controller.goHome(),
      // Logic bundles come from the shell's miniapp: scheme, or the simulator's own origin.
      logicBase: bridge?.logicBase ?? location.href,
      maxRunning: knob('maxRunning', settings.performance.maxRunningApps, 1, 16),
      suspendAfterMs: knob('suspendAfterMs', settings.performance.suspendAfterMs, 0, 3_600_000),
    }),
  startApp: knobs.get('app'),
  prime: knob('prime', 1, 0, 1) === 1,
  prepareStyles,
  primeContainer: (bundleUrl, dialect) => pool.prime(bundleUrl, dialect),
  // Through Web Audio: a browser tab without a touch yet may keep it silent; the voice bar shows the words anyway.
  playReply: (wav) => voiceAudio.playReply(wav),
  cue: (earcon) => voiceAudio.cue(earcon),
  tapped: (id) => {
    // Cold start is measured from here (bench/coldstart.ts reads these marks).
    performance.clearMarks('gb:first-live-render');
    performance.clearMarks('gb:cached-frame');
    performance.mark('gb:tap', { detail: id });
  },
  later: (work, ms) => void setTimeout(work, ms),
}).start();
const goHome = (): void => controller.goHome();
const listen = (): void => void controller.startListening();
/** The kiosk has no keys: its fields bring up the system's keyboard (a tester may ask for it: `?keyboard=1`). */
const onScreenKeyboard = bridge !== undefined || knobs.get('keyboard') === '1' ? openKeyboard : undefined;

function Screen({ store: headUnit }: { readonly store: HeadUnitStore }) {
  const host = useHeadUnit(headUnit, (state) => state.openApp);
  const driving = useHeadUnit(headUnit, (state) => state.driving);
  const rules = host ? restrictionsFor(driving, host.app.category) : null;
  return (
    <div className="screen">
      <StatusBar store={headUnit} settings={settings} />
      <SystemNotices notices={settings.notices} />
      <VoiceBar store={headUnit} />
      {host ? <AppSurface key={host.app.id} host={host} store={headUnit} onHome={goHome} onListen={listen} onField={onScreenKeyboard} /> : <Launcher store={headUnit} onOpen={(id) => void controller.openApp(id)} assetBase={bridge?.logicBase ?? location.href} />}
      {onScreenKeyboard ? <OnScreenKeyboard allowed={host !== null && (rules === null || rules.keyboard)} /> : null}
    </div>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// An app's drawing that fails is caught by its surface's error boundary, which stops the app and
// records why; React's default report (console.error with the component stack) is not repeated.
createRoot(root, { onCaughtError: (error) => console.warn(`app drawing stopped: ${error instanceof Error ? error.message : String(error)}`) }).render(<Screen store={store} />);
// The map engine is loaded once the head unit has been up a while and is idle, off the start-up's
// path; a map opened before then loads it itself. `?mapPreloadMs=0` loads it at the first idle moment.
const mapPreloadMs = knob('mapPreloadMs', 3000, 0, 600_000);
setTimeout(() => requestIdleCallback(preloadMapEngine, { timeout: 2000 }), mapPreloadMs);
