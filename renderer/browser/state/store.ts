/**
 * The system UI's store as React sees it: the common state (renderer/common/headUnitState.ts)
 * with the browser's AppHost as the running app, and a thin binding. Components select
 * narrowly, so a speed tick re-renders the status bar and nothing else.
 */
import { useStore } from 'zustand';
import type { HeadUnitState as CommonState, HeadUnitStateStore } from '../../common/headUnitState.js';
import { createHeadUnitState } from '../../common/headUnitState.js';
import type { AppHost } from '../apps/appHost.js';

export { restrictionsFor } from '../../common/headUnitState.js';
export type HeadUnitState = CommonState<AppHost>;
export type HeadUnitStore = HeadUnitStateStore<AppHost>;

export function createHeadUnitStore(): HeadUnitStore {
  return createHeadUnitState<AppHost>();
}

export function useHeadUnit<T>(store: HeadUnitStore, selector: (state: HeadUnitState) => T): T {
  return useStore(store, selector);
}
