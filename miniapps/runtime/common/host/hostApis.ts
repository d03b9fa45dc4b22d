/**
 * The APIs the system UI answers itself, because they are about the screen: navigation,
 * the navigation bar's title, toasts, modals and action sheets. Each answers in the app's own
 * convention (wx: errMsg, my: error codes) and obeys the restrictions services sent: text cut to
 * the policy's string length and choices to its list length while driving, depth limited.
 */
import type { ApiOutcome, Dialect } from '../logic/apiResult.js';
import { apiFailure, apiSuccess } from '../logic/apiResult.js';
import type { NavigationKind } from '../pageStack.js';
import { NAVIGATION_KINDS, NavigationError } from '../pageStack.js';

import { hostSelector, SelectorError } from './selectors.js';
import type { CanvasCommand } from '../canvas.js';

import type { ScreenRules } from '../../../../safety/common/screenRules.js';
import { cutText } from '../../../../safety/common/screenRules.js';

export interface DialogRequest {
  /** modal and actionSheet come from the app; permission and payment from services' prompts. */
  readonly kind: 'modal' | 'actionSheet' | 'permission' | 'payment';
  readonly title: string;
  readonly content: string;
  /** Modal: [confirm] or [cancel, confirm]; action sheet: the items. */
  readonly choices: readonly string[];
  /** The label of the cancel control of an action sheet. */
  readonly cancelText: string;
  /** Dismissed (as a no) after this long; 0: waits for the driver. */
  readonly timeoutMs?: number;
  /** Only a spoken "yes" confirms (the policy's voice-confirm while driving); touch can only cancel. */
  readonly voiceOnly?: boolean;
}

export interface ToastRequest {
  readonly text: string;
  readonly icon: 'success' | 'error' | 'loading' | 'none';
  readonly durationMs: number;
}

/** One part of a selector query, its selector already the host's (selectors.ts). */
export interface SelectorRequest {
  /** A CSS selector over the host's attributes; '' with `viewport`. */
  readonly selector: string;
  readonly all: boolean;
  readonly viewport: boolean;
  readonly fields: {
    readonly id?: boolean; readonly dataset?: boolean; readonly rect?: boolean; readonly size?: boolean; readonly scrollOffset?: boolean;
    readonly node?: boolean; readonly context?: boolean; readonly computedStyle?: readonly string[]; readonly properties?: readonly string[];
  };
}

export interface ObserveRequest {
  readonly componentId?: number;
  readonly selector: string;
  readonly all: boolean;
  readonly thresholds: readonly number[];
  readonly initialRatio: number;
  /** '' for the viewport; margins in the app's px. */
  readonly relativeTo: { readonly selector: string; readonly margins: Readonly<Record<'top' | 'right' | 'bottom' | 'left', number>> };
}

/** What a drawn page lets the host's APIs read and do (the renderer's, for the page on top). */
export interface PageProbe {
  /** Each request's result: an object, a list (all) or null (nothing matched). */
  query(componentId: number | undefined, requests: readonly SelectorRequest[]): unknown[];
  /** Starts observing; returns the disconnect. */
  observe(request: ObserveRequest, deliver: (entry: Readonly<Record<string, unknown>>) => void): () => void;
  /** A picture of the package: its size (rejects when it is not the app's or does not load). */
  imageInfo(src: string): Promise<{ readonly width: number; readonly height: number; readonly path: string }>;
  scrollTo(target: { readonly scrollTop?: number; readonly selector?: string; readonly durationMs: number }): boolean;
  /** Draws checked commands on a canvas of the page; rejects with what was wrong (no such canvas, a picture not loaded). */
  draw(drawing: CanvasDrawing): Promise<void>;
}

/** A drawing the host checked (canvas.ts), for one canvas. */
export interface CanvasDrawing {
  readonly componentId?: number;
  readonly canvasId?: string;
  readonly ref?: number;
  readonly size?: { readonly width: number; readonly height: number };
  readonly reserve: boolean;
  readonly commands: readonly CanvasCommand[];
  readonly images: readonly string[];
}

/** What an app changed of its tab bar: hidden, and per item (by index) a badge ('' for a red dot) and a text. */
export interface TabBarState {
  readonly hidden: boolean;
  readonly badges: Readonly<Record<number, string>>;
  readonly texts: Readonly<Record<number, string>>;
}

/** Intersection observers one app may have at once. */
export const MAX_OBSERVERS = 32;

export interface ScreenControls {
  navigate(kind: NavigationKind, args: { readonly url?: unknown; readonly delta?: unknown }): void;
  setTitle(title: string): void;
  /** The navigation bar's loading indicator, for the page on top. */
  setTitleLoading(loading: boolean): void;
  /** Resolves with the index of the choice, or null when dismissed. */
  showDialog(dialog: DialogRequest): Promise<number | null>;
  showToast(toast: ToastRequest | null): void;
  /** The screen rules in force for this app; null when parked. */
  restrictions(): ScreenRules | null;
  /** The drawn page `pageId` (or, without one, the page on top), if it is the one on screen. */
  probe(pageId?: number): PageProbe | null;
  /** An intersection observer saw a change: to the app. */
  intersection(observerId: number, entry: Readonly<Record<string, unknown>>): void;
  /** The app's tab bar (null when app.json declares none): its items and what was changed. */
  tabBar(): { readonly count: number; readonly state: TabBarState } | null;
  setTabBar(state: TabBarState): void;
  /** The app closes itself; the system goes Home. */
  exit(): void;
  /** The page on top hears onPullDownRefresh. */
  refresh(): void;
}

const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : value === undefined || value === null ? fallback : String(value));

const FIELD_FLAGS = ['id', 'dataset', 'rect', 'size', 'scrollOffset', 'node', 'context'] as const;
const names = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && /^[a-zA-Z-]{1,40}$/.test(item)).slice(0, 16) : []);

export class HostApis {
  private readonly observers = new Map<number, { readonly pageId: number; readonly disconnect: () => void }>();

  constructor(
    private readonly dialect: Dialect,
    private readonly screen: ScreenControls,
  ) {}

  /** The answer to `name`, or undefined when services answer it. */
  handle(name: string, args: unknown): Promise<ApiOutcome> | undefined {
    const [namespace, method = ''] = name.split('.');
    if (namespace !== (this.dialect === 'alipay' ? 'my' : 'wx')) return undefined;
    const options = (args && typeof args === 'object' ? args : {}) as Record<string, unknown>;
    const ok = (value: Record<string, unknown> = {}): Promise<ApiOutcome> => Promise.resolve(apiSuccess(this.dialect, name, value));
    const fail = (message: string, code = 2): Promise<ApiOutcome> => Promise.resolve(apiFailure(this.dialect, name, message, code));
    if ((NAVIGATION_KINDS as readonly string[]).includes(method)) {
      try {
        this.screen.navigate(method as NavigationKind, { url: options['url'], delta: options['delta'] });
        return ok();
      } catch (error) {
        if (error instanceof NavigationError) return fail(error.message);
        throw error;
      }
    }
    switch (method) {
      case 'setNavigationBarTitle':
      case 'setNavigationBar':
        if (typeof options['title'] !== 'string') return fail('title must be a string');
        this.screen.setTitle(this.cut(options['title']));
        return ok();
      case 'showNavigationBarLoading':
      case 'hideNavigationBarLoading':
        this.screen.setTitleLoading(method === 'showNavigationBarLoading');
        return ok();
      case 'setNavigationBarColor':
      case 'hideHomeButton':
      case 'setBackgroundColor':
      case 'setBackgroundTextStyle':
      case 'stopPullDownRefresh':
        // The bars, Home, the page's surroundings and the (absent) pull-down are the system's:
        // what the app asks of them succeeds and changes nothing (apiCatalog.ts says so per call).
        return ok();
      case 'showToast': {
        const icon = text(this.dialect === 'alipay' ? options['type'] : options['icon'], this.dialect === 'alipay' ? 'none' : 'success');
        const durationMs = Number(options['duration'] ?? (this.dialect === 'alipay' ? 2000 : 1500));
        this.screen.showToast({
          text: this.cut(text(this.dialect === 'alipay' ? options['content'] : options['title'])),
          icon: icon === 'success' || icon === 'error' || icon === 'loading' || icon === 'fail' ? (icon === 'fail' ? 'error' : icon) : 'none',
          durationMs: Number.isFinite(durationMs) ? Math.min(Math.max(durationMs, 500), 10_000) : 1500,
        });
        return ok();
      }
      case 'showLoading':
        this.screen.showToast({ text: this.cut(text(this.dialect === 'alipay' ? options['content'] : options['title'], 'Loading')), icon: 'loading', durationMs: 60_000 });
        return ok();
      case 'hideToast':
      case 'hideLoading':
        this.screen.showToast(null);
        return ok();
      case 'showModal':
      case 'confirm':
      case 'alert':
        return this.modal(method, options, ok, fail);
      case 'showActionSheet':
        return this.actionSheet(options, ok, fail);
      case 'hideKeyboard':
        // The host's keyboard is the system's; the call succeeds.
        return ok();
      case 'setKeepScreenOn':
        // A head unit's screen stays on while the car is on.
        return ok();
      case 'startPullDownRefresh':
        // No gesture on a head unit: the page's onPullDownRefresh runs as if the driver had pulled.
        this.screen.refresh();
        return ok();
      case 'getNetworkType': {
        const online = (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine !== false;
        return this.dialect === 'alipay' ? ok({ networkAvailable: online, networkType: online ? 'UNKNOWN' : 'NOTREACHABLE' }) : ok({ networkType: online ? 'unknown' : 'none' });
      }
      case 'exitMiniProgram':
        this.screen.exit();
        return ok();
      case 'setTabBarBadge':
      case 'removeTabBarBadge':
      case 'showTabBarRedDot':
      case 'hideTabBarRedDot':
      case 'setTabBarItem':
      case 'showTabBar':
      case 'hideTabBar':
      case 'setTabBarStyle':
        return this.tabBarCall(method, options, ok, fail);
      case 'createSelectorQuery':
        return this.query(options, ok, fail);
      case 'createIntersectionObserver':
        return this.observe(options, ok, fail);
      case 'pageScrollTo': {
        const probe = this.topProbe();
        const scrollTop = typeof options['scrollTop'] === 'number' && Number.isFinite(options['scrollTop']) ? options['scrollTop'] : undefined;
        let selector: string | undefined;
        try {
          selector = options['selector'] === undefined ? undefined : hostSelector(options['selector']);
        } catch (error) {
          if (error instanceof SelectorError) return fail(error.message);
          throw error;
        }
        if (scrollTop === undefined && selector === undefined) return fail('scrollTop or selector is needed');
        const durationMs = Math.min(Math.max(Number(options['duration'] ?? 300) || 0, 0), 3000);
        return probe?.scrollTo({ ...(scrollTop === undefined ? {} : { scrollTop }), ...(selector === undefined ? {} : { selector }), durationMs }) ? ok() : fail('no such element on the page');
      }
      case 'getImageInfo': {
        const probe = this.topProbe();
        if (typeof options['src'] !== 'string' || options['src'] === '') return fail('src must be a path in the app');
        if (!probe) return fail('no page is open');
        return probe.imageInfo(options['src']).then(
          (info) => apiSuccess(this.dialect, name, { ...info, orientation: 'up', type: info.path.split('.').pop() ?? '' }),
          (error: unknown) => apiFailure(this.dialect, name, error instanceof Error ? error.message : String(error), 2),
        );
      }
      default:
        return undefined;
    }
  }

  /** The tab bar calls: badges and dots cut to 4 characters, texts to the policy's length; style stays the system's. */
  private tabBarCall(method: string, options: Record<string, unknown>, ok: (value?: Record<string, unknown>) => Promise<ApiOutcome>, fail: (message: string, code?: number) => Promise<ApiOutcome>): Promise<ApiOutcome> {
    const bar = this.screen.tabBar();
    if (!bar) return fail('the app has no tab bar (app.json tabBar)');
    if (method === 'setTabBarStyle') return ok();
    if (method === 'showTabBar' || method === 'hideTabBar') {
      this.screen.setTabBar({ ...bar.state, hidden: method === 'hideTabBar' });
      return ok();
    }
    const index = options['index'];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= bar.count) return fail(`index must be a tab from 0 to ${bar.count - 1}`);
    const badges = { ...bar.state.badges };
    const texts = { ...bar.state.texts };
    if (method === 'setTabBarBadge') badges[index] = [...text(options['text'])].slice(0, 4).join('');
    else if (method === 'showTabBarRedDot') badges[index] = '';
    else if (method === 'removeTabBarBadge' || method === 'hideTabBarRedDot') delete badges[index];
    else if (typeof options['text'] === 'string') texts[index] = this.cut(options['text']);
    this.screen.setTabBar({ ...bar.state, badges, texts });
    return ok();
  }

  /** Stops the observers of a page that went (and, without a page, all). */
  forgetPage(pageId?: number): void {
    for (const [observerId, observer] of this.observers) {
      if (pageId !== undefined && observer.pageId !== pageId) continue;
      observer.disconnect();
      this.observers.delete(observerId);
    }
  }

  private topProbe(): PageProbe | null {
    return this.screen.probe();
  }

  private query(options: Record<string, unknown>, ok: (value?: Record<string, unknown>) => Promise<ApiOutcome>, fail: (message: string, code?: number) => Promise<ApiOutcome>): Promise<ApiOutcome> {
    const queries = options['queries'];
    if (typeof options['pageId'] !== 'number' || !Array.isArray(queries) || queries.length > 32) return fail('a query names its page and at most 32 selections');
    let requests: SelectorRequest[];
    try {
      requests = queries.map((raw: unknown): SelectorRequest => {
        const query = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
        const given = (query['fields'] && typeof query['fields'] === 'object' ? query['fields'] : {}) as Record<string, unknown>;
        const fields = Object.fromEntries(FIELD_FLAGS.filter((flag) => given[flag] === true).map((flag) => [flag, true]));
        const viewport = query['viewport'] === true;
        return { selector: viewport ? '' : hostSelector(query['selector']), all: query['all'] === true, viewport, fields: { ...fields, computedStyle: names(given['computedStyle']), properties: names(given['properties']) } };
      });
    } catch (error) {
      if (error instanceof SelectorError) return fail(error.message);
      throw error;
    }
    const probe = this.screen.probe(options['pageId']);
    const componentId = typeof options['componentId'] === 'number' ? options['componentId'] : undefined;
    return ok({ results: probe ? probe.query(componentId, requests) : requests.map((request) => (request.all ? [] : null)) });
  }

  private observe(options: Record<string, unknown>, ok: (value?: Record<string, unknown>) => Promise<ApiOutcome>, fail: (message: string, code?: number) => Promise<ApiOutcome>): Promise<ApiOutcome> {
    const observerId = options['observerId'];
    if (typeof observerId !== 'number' || !Number.isSafeInteger(observerId)) return fail('observerId must be a whole number');
    if (options['op'] === 'disconnect') {
      this.observers.get(observerId)?.disconnect();
      this.observers.delete(observerId);
      return ok();
    }
    const pageId = options['pageId'];
    if (typeof pageId !== 'number') return fail('an observer names its page');
    if (this.observers.has(observerId)) return fail('that observer already observes');
    if (this.observers.size >= MAX_OBSERVERS) return fail(`at most ${MAX_OBSERVERS} intersection observers at once`);
    const relative = (options['relativeTo'] && typeof options['relativeTo'] === 'object' ? options['relativeTo'] : {}) as Record<string, unknown>;
    const margin = (relative['margins'] && typeof relative['margins'] === 'object' ? relative['margins'] : {}) as Record<string, unknown>;
    const side = (key: string): number => (typeof margin[key] === 'number' && Number.isFinite(margin[key]) ? Math.min(Math.max(margin[key], -10_000), 10_000) : 0);
    let request: ObserveRequest;
    try {
      request = {
        ...(typeof options['componentId'] === 'number' ? { componentId: options['componentId'] } : {}),
        selector: hostSelector(options['selector']),
        all: options['all'] === true,
        thresholds: (Array.isArray(options['thresholds']) ? options['thresholds'] : [0]).filter((value): value is number => typeof value === 'number' && value >= 0 && value <= 1).slice(0, 16),
        initialRatio: typeof options['initialRatio'] === 'number' ? options['initialRatio'] : 0,
        relativeTo: { selector: typeof relative['selector'] === 'string' && relative['selector'] !== '' ? hostSelector(relative['selector']) : '', margins: { top: side('top'), right: side('right'), bottom: side('bottom'), left: side('left') } },
      };
    } catch (error) {
      if (error instanceof SelectorError) return fail(error.message);
      throw error;
    }
    const probe = this.screen.probe(pageId);
    if (!probe) return fail('that page is not on screen');
    const disconnect = probe.observe(request, (entry) => this.screen.intersection(observerId, entry));
    this.observers.set(observerId, { pageId, disconnect });
    return ok();
  }

  private async modal(method: string, options: Record<string, unknown>, ok: (value?: Record<string, unknown>) => Promise<ApiOutcome>, fail: (message: string, code?: number) => Promise<ApiOutcome>): Promise<ApiOutcome> {
    const alipay = this.dialect === 'alipay';
    const confirmText = text(alipay ? (options['confirmButtonText'] ?? options['buttonText']) : options['confirmText'], 'OK');
    const cancelText = text(alipay ? options['cancelButtonText'] : options['cancelText'], 'Cancel');
    const showCancel = method === 'confirm' || (method === 'showModal' && options['showCancel'] !== false);
    let choice: number | null;
    try {
      choice = await this.screen.showDialog({ kind: 'modal', title: this.cut(text(options['title'])), content: this.cut(text(options['content'])), choices: showCancel ? [cancelText, confirmText] : [confirmText], cancelText });
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error), 3);
    }
    const confirmed = choice !== null && (showCancel ? choice === 1 : choice === 0);
    if (method === 'alert') return ok();
    return alipay ? ok({ confirm: confirmed }) : ok({ confirm: confirmed, cancel: !confirmed });
  }

  private async actionSheet(options: Record<string, unknown>, ok: (value?: Record<string, unknown>) => Promise<ApiOutcome>, fail: (message: string, code?: number) => Promise<ApiOutcome>): Promise<ApiOutcome> {
    const alipay = this.dialect === 'alipay';
    const items = alipay ? options['items'] : options['itemList'];
    if (!Array.isArray(items) || items.length === 0 || items.length > 6) return fail(`${alipay ? 'items' : 'itemList'} must list 1 to 6 choices`);
    // While driving, only as many choices as the policy lets a list show.
    const limit = this.screen.restrictions()?.maxListItems ?? null;
    const shown = items.slice(0, limit ?? items.length).map((item) => this.cut(text(item)));
    let choice: number | null;
    try {
      choice = await this.screen.showDialog({ kind: 'actionSheet', title: this.cut(text(options['title'] ?? options['alertText'])), content: '', choices: shown, cancelText: text(options['cancelButtonText'], 'Cancel') });
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error), 3);
    }
    if (alipay) return ok({ index: choice ?? -1 });
    return choice === null ? fail('cancel', 11) : ok({ tapIndex: choice });
  }

  /** Text cut to the policy's string length while driving. */
  private cut(value: string): string {
    return cutText(this.screen.restrictions(), value);
  }
}
