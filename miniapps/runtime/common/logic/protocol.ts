/**
 * The messages between the host and an app's logic container. The host tags nothing inside
 * them with an identity the app could forge: which app a port belongs to is the host's record.
 */
import type { PathSegment } from './setData.js';

export interface AppEvent {
  readonly type: string;
  readonly timeStamp: number;
  readonly target: { readonly id: string; readonly dataset: Readonly<Record<string, unknown>> };
  readonly currentTarget: { readonly id: string; readonly dataset: Readonly<Record<string, unknown>> };
  readonly detail: unknown;
  /** Where a tap was, as one touch (page coordinates). */
  readonly touches?: ReadonlyArray<{ readonly identifier: number; readonly pageX: number; readonly pageY: number; readonly clientX: number; readonly clientY: number }>;
  readonly changedTouches?: AppEvent['touches'];
}

/** An app's storage as its launch carries it: entries up to a size, and the keys left out. */
export interface StorageSnapshot {
  readonly data: Readonly<Record<string, unknown>>;
  readonly omitted: readonly string[];
}

export type HostToLogic =
  /** The first message to a pooled container: which bundle to load (by URL) and in which dialect. */
  | { readonly t: 'load'; readonly bundleUrl: string; readonly dialect: 'wechat' | 'alipay' }
  /** Runs app.js and App(); carries the app's storage for its synchronous storage calls. */
  | { readonly t: 'launch'; readonly options: Readonly<Record<string, unknown>>; readonly storage?: StorageSnapshot; readonly system?: Readonly<Record<string, unknown>> }
  | { readonly t: 'appShow' }
  | { readonly t: 'appHide' }
  /** Suspended: the app's timers hold their callbacks until `resume` (then each runs once). */
  | { readonly t: 'suspend' }
  | { readonly t: 'resume' }
  | { readonly t: 'pageLoad'; readonly pageId: number; readonly route: string; readonly query: Readonly<Record<string, string>> }
  | { readonly t: 'pageShow' | 'pageReady' | 'pageHide' | 'pageUnload'; readonly pageId: number }
  | { readonly t: 'event'; readonly pageId: number; readonly handler: string; readonly event: AppEvent; readonly componentId?: number }
  /** The host drew a custom component: make its instance (componentId is the host's, unique per app run). */
  /** parentId: the component it is drawn inside (in the composed tree: a slot's content is inside the component that places it), for relations. */
  | { readonly t: 'componentAttach'; readonly pageId: number; readonly componentId: number; readonly path: string; readonly properties: Readonly<Record<string, unknown>>; readonly place?: { readonly id: string; readonly classes: readonly string[] }; readonly parentId?: number }
  /** Components drawn together, in drawing order: created all, then attached all, then ready (as WeChat). */
  | { readonly t: 'componentsAttach'; readonly list: ReadonlyArray<Omit<Extract<HostToLogic, { t: 'componentAttach' }>, 't'>> }
  | { readonly t: 'componentProps'; readonly componentId: number; readonly properties: Readonly<Record<string, unknown>> }
  | { readonly t: 'componentDetach'; readonly componentId: number }
  | { readonly t: 'apiResult'; readonly callId: number; readonly ok: boolean; readonly value: unknown }
  | { readonly t: 'ping'; readonly seq: number }
  /** An intersection observer's change, as the host saw it (wx.createIntersectionObserver). */
  | { readonly t: 'intersection'; readonly observerId: number; readonly entry: Readonly<Record<string, unknown>> }
  /** A change the app subscribed to with car.on…Change (only what services permitted), or a voice intent for it. */
  | { readonly t: 'push'; readonly topic: 'vehicle' | 'driving' | 'voice'; readonly payload: unknown };

export type LogicToHost =
  /** The worker is up, locked down, and waits for its bundle (a warm container in the pool). */
  | { readonly t: 'booted' }
  /** The bundle is loaded, or could not be (the container is then useless and is removed). */
  | { readonly t: 'loaded'; readonly error: string | null }
  | { readonly t: 'ready' }
  /** The runtime has taken `suspend`: from now until `resume` it sends nothing but pongs. */
  | { readonly t: 'suspended' }
  /** New data for a page, or for one component instance on it. */
  | { readonly t: 'render'; readonly pageId: number; readonly componentId?: number; readonly patch: ReadonlyArray<readonly [PathSegment[], unknown]>; readonly bytes: number }
  /** How a component instance is drawn, from its definition: external classes and a virtual host (no box of its own). */
  | { readonly t: 'componentInfo'; readonly componentId: number; readonly externalClasses: readonly string[]; readonly virtualHost: boolean }
  /** A component's triggerEvent: the host sends it to the page handler bound on the component's tag. */
  | { readonly t: 'componentEvent'; readonly componentId: number; readonly name: string; readonly detail: unknown }
  | { readonly t: 'api'; readonly callId: number; readonly name: string; readonly args: unknown }
  /**
   * Drawing for a canvas on a page: a legacy one by its canvas-id, a 2d node by the host's
   * reference; commands from the contract in ../canvas.ts (checked at the host); width and height
   * when a 2d canvas's bitmap was resized; reserve: drawn over what is there (else cleared first).
   */
  | { readonly t: 'canvas'; readonly pageId: number; readonly componentId?: number; readonly canvasId?: string; readonly ref?: number; readonly width?: number; readonly height?: number; readonly reserve: boolean; readonly commands: readonly unknown[] }
  | { readonly t: 'warn'; readonly message: string }
  | { readonly t: 'error'; readonly message: string; readonly stack: string | undefined }
  | { readonly t: 'pong'; readonly seq: number }
  /** The worker's runtime sent MESSAGES_PER_SECOND messages within a second and has stopped sending. */
  | { readonly t: 'overrun'; readonly limit: number };

/**
 * Messages of any kind a worker may send in any one second: well above what the host's budgets
 * let through (renders and calls), so only a flood meets it. The runtime stops sending there,
 * so a loop of 100,000 setData calls does not queue 100,000 messages at the host's port (closing
 * a port with such a queue held the system UI's thread for 235 ms at 4× throttling).
 */
export const MESSAGES_PER_SECOND = 1_000;

/** What the runtime needs of a MessagePort (a Worker's self, or a fake in tests). */
export interface LogicPort {
  post(message: LogicToHost): void;
  onMessage(handler: (message: HostToLogic) => void): void;
}
