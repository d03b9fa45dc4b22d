/**
 * The one typed protocol between the system UI and services, the same over the simulator's
 * WebSocket and (later) Electron's IPC. Channel names are prefixed by domain; every request
 * answers `{ ok: true, value } | { ok: false, error }`; events are pushed by services.
 * Requests' parameters are declared once, as schemas (their types derived from them) that
 * services validate every request against; the UI imports only the types.
 */

import type { Dialect } from '../../miniapps/runtime/common/format/dialect.js';
import type { CompiledUnit } from '../../miniapps/runtime/common/format/app.js';
import type { RestrictionParams } from '../../safety/common/restrictions.js';
import type { ScreenRules } from '../../safety/common/screenRules.js';
import type { Flag } from '../../safety/common/restrictions.js';
import type { TypeOf } from '../../base/common/schema.js';
import { anything, boolean, integer, nothing, object, oneOf, text } from '../../base/common/schema.js';

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: { readonly message: string } };

/** A VSS signal as the UI sees it. */
export interface SignalView {
  readonly value: number | boolean | string | null;
  readonly valid: boolean;
}

/** One category's restrictions: the flags and limits apps are told (car.getDrivingState), and the screen rules the system UI draws by. */
export interface RestrictionView {
  readonly flags: readonly Flag[];
  readonly params: RestrictionParams;
  readonly screen: ScreenRules;
}

export interface DrivingView {
  readonly state: 'PARKED' | 'IDLING' | 'MOVING' | 'UNKNOWN';
  readonly band: string | null;
  readonly reason: string;
  /** The driver display's restrictions with no category. */
  readonly flags: readonly Flag[];
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
  /** The launcher icon from the app's package (a path, resolved like assetBase); null: the host draws one. */
  readonly icon: string | null;
}

/** An installed app, ready to run: compiled views and the logic bundle for its container. */
export interface OpenedApp {
  readonly id: string;
  readonly name: string;
  readonly dialect: Dialect;
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
  /** The app draws its own night styles (app.json darkmode); otherwise the host darkens its pages at night. */
  readonly darkmode: boolean;
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
import type { CallAnswer, HostPrompt, ProblemKind } from '../../miniapps/runtime/common/session/appSession.js';
import { PROBLEM_KINDS } from '../../miniapps/runtime/common/session/appSession.js';
export type { CallAnswer, HostPrompt, ProblemKind };

const appId = text(200);

/** Each request's parameters: the one declaration; services validate against it (services/node/requests.ts). */
export const REQUEST_PARAMS = {
  'app:list': nothing,
  'app:open': object({ id: appId }),
  /** A running app's API call; `appId` is added by the host, never taken from the app. */
  'app:call': object({ appId, name: text(200), args: anything }),
  /** The driver's answer to a prompt; the system UI sends it, never an app. */
  'app:answer': object({ appId, token: text(200), accepted: boolean }),
  /** The host keeps a page's last data for the next cold start (the app is not asked). */
  'app:cacheRender': object({ appId, route: text(1000), data: anything }),
  'vehicle:snapshot': nothing,
  /** The host saw an app fail (an uncaught error, a warning, a late or missing answer, a stop): for its developer. */
  'app:problem': object({ appId, kind: oneOf(PROBLEM_KINDS), message: text(20_000), stack: text(100_000) }, ['stack']),
  /** The driver touched a host-drawn microphone ("Say it"): listen for a command, as push-to-talk does. Apps cannot send it. */
  'voice:listen': nothing,
} as const;

/** What services answer each request with. */
interface Results {
  'app:list': readonly AppSummary[];
  'app:open': OpenedApp;
  'app:call': CallAnswer;
  'app:answer': CallAnswer;
  'app:cacheRender': boolean;
  'vehicle:snapshot': Readonly<Record<string, SignalView>>;
  'app:problem': boolean;
  /** False when voice is not running on this head unit. */
  'voice:listen': boolean;
}

/** The envelope of a request. */
export const REQUEST_ENVELOPE = object({ id: integer, channel: oneOf(Object.keys(REQUEST_PARAMS) as (keyof typeof REQUEST_PARAMS)[]), params: anything }, ['params']);

/** Requests: channel → params and result. */
export type Requests = { readonly [C in keyof typeof REQUEST_PARAMS & keyof Results]: { readonly params: TypeOf<(typeof REQUEST_PARAMS)[C]>; readonly result: Results[C] } };

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
export const REQUEST_CHANNELS = Object.keys(REQUEST_PARAMS) as readonly RequestChannel[];
export type EventChannel = keyof Events;

/** What crosses the wire. */
export type ClientMessage = { readonly id: number; readonly channel: RequestChannel; readonly params: unknown };
export type ServerMessage =
  | { readonly id: number; readonly result: Result<unknown> }
  | { readonly event: EventChannel; readonly payload: unknown };
