/**
 * The one typed protocol between the system UI and services, the same over the simulator's
 * WebSocket and (later) Electron's IPC. Channel names are prefixed by domain; every request
 * answers `{ ok: true, value } | { ok: false, error }`; events are pushed by services.
 * Contract only: import it with `import type` everywhere but here.
 */

import type { CompiledUnit } from '../../miniapps/runtime/common/format/app.js';
import type { RestrictionParams } from '../../safety/common/restrictions.js';
import type { ScreenRules } from '../../safety/common/screenRules.js';

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: { readonly message: string } };

/** A VSS signal as the UI sees it. */
export interface SignalView {
  readonly value: number | boolean | string | null;
  readonly valid: boolean;
}

/** One category's restrictions: the flags and limits apps are told (car.getDrivingState), and the screen rules the system UI draws by. */
export interface RestrictionView {
  readonly flags: readonly string[];
  readonly params: RestrictionParams;
  readonly screen: ScreenRules;
}

export interface DrivingView {
  readonly state: 'PARKED' | 'IDLING' | 'MOVING' | 'UNKNOWN';
  readonly band: string | null;
  readonly reason: string;
  /** The driver display's restrictions with no category. */
  readonly flags: readonly string[];
  /** The screen rules for an app whose category services did not list (the strictest). */
  readonly screen: ScreenRules;
  /** The driver display's restrictions for apps of each category (services decide; the UI obeys). */
  readonly byCategory: Readonly<Record<string, RestrictionView>>;
}

export interface AppSummary {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly category: string;
}

/** An installed app, ready to run: compiled views and the logic bundle for its container. */
export interface OpenedApp {
  readonly id: string;
  readonly name: string;
  readonly dialect: 'wechat' | 'alipay';
  readonly category: string;
  /** Pages the app declares usable while driving; others are locked out unless parked. */
  readonly drivingOptimisedPages: readonly string[];
  readonly entryPagePath: string;
  /** What the app's layout was drawn for (ADR 0008): a phone design is laid out 375 px wide and drawn at the display's phoneScale. */
  readonly design: 'car' | 'phone';
  readonly pages: Readonly<Record<string, CompiledUnit>>;
  readonly components: Readonly<Record<string, CompiledUnit>>;
  readonly appCss: string;
  /** Where the container loads the logic bundle from (content-addressed, so cacheable for good). */
  readonly logicUrl: string;
  /** Where the package's pictures are served from (a path, resolved like logicUrl): `<image src>` is read against it. */
  readonly assetBase: string;
  /** The app's window title (app.json window.navigationBarTitleText / defaultTitle). */
  readonly windowTitle: string | null;
  /** The window's background (app.json window.backgroundColor, a #hex colour); null: white, as on the phone. */
  readonly windowBackground: string | null;
  readonly tabBar: ReadonlyArray<{ readonly pagePath: string; readonly text: string }> | null;
  /** Signals the app declared (app.json car.vehicleSignals); pushes to it carry no others. */
  readonly vehicleSignals: readonly string[];
  /** Each page's last rendered data, painted before the app's logic answers. */
  readonly renderCache: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The app's storage at open, for its synchronous storage calls (the smallest entries up to 1 MiB; larger ones named). */
  readonly storage: { readonly data: Readonly<Record<string, unknown>>; readonly omitted: readonly string[] };
  /** What wx.getSystemInfo answers for this app, carried by its launch for the synchronous forms. */
  readonly system: Readonly<Record<string, unknown>>;
}

/** The app session's contract with services (declared once, by the session that acts on it). */
import type { CallAnswer, HostPrompt } from '../../miniapps/runtime/common/session/appSession.js';
export type { CallAnswer, HostPrompt };

/** Requests: channel → params and result. */
export interface Requests {
  'app:list': { readonly params: Record<string, never>; readonly result: readonly AppSummary[] };
  'app:open': { readonly params: { readonly id: string }; readonly result: OpenedApp };
  /** A running app's API call; `appId` is added by the host, never taken from the app. */
  'app:call': { readonly params: { readonly appId: string; readonly name: string; readonly args: unknown }; readonly result: CallAnswer };
  /** The driver's answer to a prompt; the system UI sends it, never an app. */
  'app:answer': { readonly params: { readonly appId: string; readonly token: string; readonly accepted: boolean }; readonly result: CallAnswer };
  /** The host keeps a page's last data for the next cold start (the app is not asked). */
  'app:cacheRender': { readonly params: { readonly appId: string; readonly route: string; readonly data: unknown }; readonly result: boolean };
  'vehicle:snapshot': { readonly params: Record<string, never>; readonly result: Readonly<Record<string, SignalView>> };
  /** The host saw an app fail (an uncaught error, a warning, a late or missing answer, a stop): for its developer. */
  'app:problem': { readonly params: { readonly appId: string; readonly kind: 'error' | 'warn' | 'slow' | 'stopped'; readonly message: string; readonly stack?: string }; readonly result: boolean };
}

/** Events pushed by services: channel → payload. */
/** Services bring an app up: the navigation app for another's wx.openLocation, the app a voice intent is for. */
export interface AppLaunch {
  readonly appId: string;
  /** A page of the app (else its entry page), opened with `query`. */
  readonly page?: string;
  readonly query: Readonly<Record<string, string>>;
  /** Delivered to the app's car.onVoiceIntent once it runs. */
  readonly intent?: { readonly name: string; readonly slots: Readonly<Record<string, string | number>> };
}

export interface Events {
  /** Changed VSS signals, coalesced to at most ten batches a second. */
  'vehicle:changes': Readonly<Record<string, SignalView>>;
  'safety:driving': DrivingView;
  'app:launch': AppLaunch;
  /** The driver said to go to the home screen. */
  'system:home': Record<string, never>;
  /** An app was installed or rebuilt (glovebox app dev): the UI drops what it holds of it. */
  'app:installed': { readonly appId: string };
  /** The driver said yes or no to what the system asked (a voice-confirmed payment). */
  'voice:answer': { readonly accepted: boolean };
  /** The voice pipeline's state (the listening cue), what was heard (unless NO_VOICE_TRANSCRIPTION) and said. */
  'voice:state': VoiceView;
  /** A spoken reply to play: 16 kHz mono WAV, base64 (null where no synthesiser is installed). */
  'voice:speak': { readonly text: string; readonly wav: string | null };
}

export interface VoiceView {
  readonly state: 'idle' | 'listening' | 'thinking' | 'speaking';
  readonly transcript: string | null;
  readonly reply: string | null;
  readonly notice: string | null;
}

export type RequestChannel = keyof Requests;
export type EventChannel = keyof Events;

/** What crosses the wire. */
export type ClientMessage = { readonly id: number; readonly channel: RequestChannel; readonly params: unknown };
export type ServerMessage =
  | { readonly id: number; readonly result: Result<unknown> }
  | { readonly event: EventChannel; readonly payload: unknown };

export const REQUEST_CHANNELS: readonly RequestChannel[] = ['app:list', 'app:open', 'app:call', 'app:answer', 'app:cacheRender', 'vehicle:snapshot', 'app:problem'];
