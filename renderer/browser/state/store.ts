/**
 * The system UI's state: a vanilla zustand store (no React here) and a thin React binding.
 * Only renderer/state imports zustand. Components select narrowly, so a speed tick
 * re-renders the status bar and nothing else.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { AppSummary, DrivingView, SignalView, VoiceView } from '../../../services/common/protocol.js';
import type { ScreenRules } from '../../../safety/common/screenRules.js';
import { STRICTEST_SCREEN } from '../../../safety/common/screenRules.js';
import type { AppHost } from '../apps/appHost.js';

export interface HeadUnitState {
  readonly connected: boolean;
  readonly signals: Readonly<Record<string, SignalView>>;
  readonly driving: DrivingView | null;
  readonly apps: readonly AppSummary[];
  /** The running app on screen, or null for the launcher. */
  readonly openApp: AppHost | null;
  /** The voice pipeline as services last reported it (null until voice is running). */
  readonly voice: VoiceView | null;
  setVoice(voice: VoiceView): void;
  setOpenApp(app: AppHost | null): void;
  applySignals(changes: Readonly<Record<string, SignalView>>): void;
  setDriving(driving: DrivingView): void;
  setApps(apps: readonly AppSummary[]): void;
  setConnected(connected: boolean): void;
}

export function createHeadUnitStore() {
  return createStore<HeadUnitState>()((set) => ({
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

export type HeadUnitStore = ReturnType<typeof createHeadUnitStore>;

/**
 * The screen rules services set for apps of `category` now; null only when services say the car
 * is parked. Not yet known, or a category services did not list: the strictest rules.
 */
export function restrictionsFor(driving: DrivingView | null, category: string): ScreenRules | null {
  if (driving === null) return STRICTEST_SCREEN;
  if (driving.state === 'PARKED') return null;
  return driving.byCategory[category]?.screen ?? driving.screen;
}

export function useHeadUnit<T>(store: HeadUnitStore, selector: (state: HeadUnitState) => T): T {
  return useStore(store, selector);
}
