/**
 * The APIs the system UI answers itself, because they are about the screen: navigation,
 * the navigation bar's title, toasts, modals and action sheets. Each answers in the app's own
 * convention (wx: errMsg, my: error codes) and obeys the restrictions services sent: text cut to
 * the policy's string length and choices to its list length while driving, depth limited.
 */
import type { ApiOutcome, Dialect } from '../logic/apiResult.js';
import { apiFailure, apiSuccess } from '../logic/apiResult.js';
import type { NavigationKind } from '../navigation.js';
import { NAVIGATION_KINDS, NavigationError } from '../navigation.js';

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
}

const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : value === undefined || value === null ? fallback : String(value));

export class HostApis {
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
      default:
        return undefined;
    }
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
