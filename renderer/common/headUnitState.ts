/**
 * The system UI's state: a vanilla zustand store (React binds it in renderer/browser/state).
 * It holds what services last said (connection, signals, driving, apps, voice) and which app is
 * on screen; `Host` is the running app's handle (the browser's AppHost).
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AppSummary, DrivingView, OpenedApp, SignalView, VoiceView } from '../../services/common/protocol.js';
import type { ScreenRules } from '../../safety/common/screenRules.js';
import { STRICTEST_SCREEN } from '../../safety/common/screenRules.js';

/** What the state and the controller use of a running app. */
export interface RunningApp {
  readonly app: OpenedApp;
  deliverIntent(intent: { readonly name: string; readonly slots: Readonly<Record<string, string | number>> }): void;
  voiceAnswer(accepted: boolean): void;
}

export interface HeadUnitState<Host extends RunningApp = RunningApp> {
  readonly connected: boolean;
  readonly signals: Readonly<Record<string, SignalView>>;
  readonly driving: DrivingView | null;
  readonly apps: readonly AppSummary[];
  /** The running app on screen, or null for the launcher. */
  readonly openApp: Host | null;
  /** The voice pipeline as services last reported it (null until voice is running). */
  readonly voice: VoiceView | null;
  setVoice(voice: VoiceView): void;
  setOpenApp(app: Host | null): void;
  applySignals(changes: Readonly<Record<string, SignalView>>): void;
  setDriving(driving: DrivingView): void;
  setApps(apps: readonly AppSummary[]): void;
  setConnected(connected: boolean): void;
}

export type HeadUnitStateStore<Host extends RunningApp = RunningApp> = StoreApi<HeadUnitState<Host>>;

export function createHeadUnitState<Host extends RunningApp>(): HeadUnitStateStore<Host> {
  return createStore<HeadUnitState<Host>>()((set) => ({
    connected: false,
    signals: {},
    driving: null,
    apps: [],
    openApp: null,
    voice: null,
    setVoice: (voice) => set({ voice }),
    setOpenApp: (openApp) => set({ openApp }),
    applySignals: (changes) => set((state) => ({ signals: { ...state.signals, ...changes } })),
    setDriving: (driving) => set({ driving }),
    setApps: (apps) => set({ apps }),
    setConnected: (connected) => set({ connected }),
  }));
}

/**
 * The screen rules services set for apps of `category` now; null only when services say the car
 * is parked. Not yet known, or a category services did not list: the strictest rules.
 */
export function restrictionsFor(driving: DrivingView | null, category: string): ScreenRules | null {
  if (driving === null) return STRICTEST_SCREEN;
  if (driving.state === 'PARKED') return null;
  return driving.byCategory[category]?.screen ?? driving.screen;
}
