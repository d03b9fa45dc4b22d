/**
 * The services' side of the mini-app APIs: every wx.* / my.* / car.* call a running app makes
 * arrives here tagged by the host with the app's id (the app never states who it is), and is
 * answered here, in the app's own platform convention. What is not offered says so by name.
 * A call that needs the driver (a permission, a payment) answers with a prompt for the system
 * UI; the driver's answer comes back through `answer`, and only then is the app answered.
 */
import { formatMoney } from '../../../base/common/money.js';
import { paymentQuestion } from '../../../voice/common/prompts.js';
import { VSS } from '../../../vehicle-bus/common/vss/catalog.js';
import { randomUUID } from 'node:crypto';
import type { Dialect } from '../../../miniapps/runtime/common/logic/apiResult.js';
import { apiFailure, apiSuccess } from '../../../miniapps/runtime/common/logic/apiResult.js';
import { apiEntry } from '../../../miniapps/runtime/common/apiCatalog.js';
import type { Action, ActionContext, Decision } from '../../../safety/common/decisions.js';
import type { CallAnswer, HostPrompt } from '../../common/protocol.js';
import type { Storage } from '../storage/database.js';
import { ApiFailure } from './apiFailure.js';
import { AppStorage } from './appStorage.js';
import type { StorageSnapshot } from './appStorage.js';
import { Consent } from './consent.js';
import type { NavigationRegistry, VehicleProfile } from './routeState.js';
import type { NetworkApp, NetworkSettings } from './network.js';
import { AppNetwork } from './network.js';

export { STORAGE_QUOTA_BYTES, STORAGE_VALUE_LIMIT_BYTES } from './appStorage.js';
export type { Dialect };

/** What the bridge needs to know of an app: from its installed manifest. */
export interface BridgeApp {
  readonly id: string;
  readonly name: string;
  readonly dialect: Dialect;
  readonly category: string;
  readonly vehicleSignals: readonly string[];
  readonly requestDomains: NetworkApp['requestDomains'];
  /** app.json `permission`: scope → why the app asks. */
  readonly permissions: Readonly<Record<string, string>>;
  /** What the app's layout was drawn for (ADR 0008); a phone design is told the phone-sized window it is laid out in. */
  readonly design?: 'car' | 'phone';
}

/** What the bridge needs of the vehicle and the policy (the simulator or the car provides them). */
export interface BridgeEnvironment {
  readonly signal: (path: string) => { readonly value: unknown; readonly valid: boolean } | undefined;
  /** The driving state, with the restrictions of apps of `category` (and their limits) when one is given. */
  readonly driving: (category?: string) => { readonly state: string; readonly band: string | null; readonly flags: readonly string[]; readonly params?: unknown };
  readonly decide: (app: BridgeApp, action: Action, context: ActionContext) => Decision;
  readonly screen: { readonly width: number; readonly height: number; readonly phoneScale?: number };
  /** The head unit's language (BCP 47), as getSystemInfo tells apps; default en. */
  readonly language?: string;
  readonly network: NetworkSettings;
  readonly profile: VehicleProfile;
  readonly navigation: NavigationRegistry;
  /** Opens another app (by id, or the installed one of a category) with a page query; says which, or throws ApiFailure. */
  readonly launch: (request: LaunchRequest) => string;
  /**
   * Told of each prompt for the driver as it is issued (voice reads a voice-only one aloud); may
   * return the prompt as the UI should show it (voice then owns the answer's time limit).
   */
  readonly prompted?: (app: BridgeApp, prompt: HostPrompt) => HostPrompt | undefined;
}

/** Another app to bring up: the navigation app for wx.openLocation, an app a voice intent is for. */
export interface LaunchRequest {
  readonly appId?: string;
  readonly category?: string;
  /** Not this one (an app does not launch itself by category). */
  readonly except?: string;
  readonly page?: string;
  readonly query: Readonly<Record<string, string>>;
}

export type CallOutcome = CallAnswer;

type Resume = (accepted: boolean) => unknown;
/** A prompt before it has a token (each kind keeps its own fields). */
type PromptRequest = HostPrompt extends infer P ? (P extends HostPrompt ? Omit<P, 'token'> : never) : never;

/** Returned by an API that needs the driver: what to ask, and how to finish once answered. */
class NeedsDriver {
  constructor(
    readonly prompt: PromptRequest,
    readonly resume: Resume,
  ) {}
}

const LOCATION_SCOPE = 'scope.userLocation';
/** Scopes Glovebox can grant, with what the driver reads; others are refused by name (a Map: no prototype key is a scope). */
const SCOPES: ReadonlyMap<string, string> = new Map([[LOCATION_SCOPE, 'your location']]);
/** A prompt the driver never answered is dropped after this long. */
const PROMPT_TTL_MS = 5 * 60_000;

/**
 * Calls that need a phone: its account (login, user info), camera, dialler or contacts. Nine of
 * fourteen real mini-programs call one at start; they are answered through `fail` with a reason a
 * developer can act on, never thrown, so the app carries on.
 */
/**
 * What wx.getSystemInfo (and its synchronous and split forms) tells an app, in the CSS pixels its
 * layout is in: a phone design (ADR 0008) is laid out in a window phoneScale times smaller than the
 * screen and drawn at that ratio, so it is told that window and pixelRatio. No status bar or notch
 * is inside the app's surface.
 */
export function systemInfo(app: Pick<BridgeApp, 'design'>, environment: Pick<BridgeEnvironment, 'screen' | 'language'>): Record<string, unknown> {
  const ratio = app.design === 'phone' ? (environment.screen.phoneScale ?? 1.75) : 1;
  const width = Math.round(environment.screen.width / ratio);
  const height = Math.round(environment.screen.height / ratio);
  return {
    brand: 'Glovebox', model: 'head unit', platform: 'glovebox', system: 'Glovebox', language: environment.language ?? 'en',
    screenWidth: width, screenHeight: height, windowWidth: width, windowHeight: height, pixelRatio: ratio,
    statusBarHeight: 0, safeArea: { left: 0, top: 0, right: width, bottom: height, width, height },
    fontSizeSetting: 16, deviceOrientation: 'landscape',
  };
}


export class AppBridge {
  private readonly appStorage: AppStorage;
  readonly consent: Consent;
  private readonly network: AppNetwork;
  private readonly pending = new Map<string, { readonly app: BridgeApp; readonly name: string; readonly resume: Resume; readonly at: number }>();

  constructor(
    storage: Storage,
    private readonly environment: BridgeEnvironment,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.appStorage = new AppStorage(storage);
    this.consent = new Consent(storage, clock);
    this.network = new AppNetwork(environment.network);
  }

  /** The app's storage as its launch carries it (for getStorageSync and its kin). */
  storageSnapshot(appId: string): StorageSnapshot {
    return this.appStorage.snapshot(appId);
  }

  /** What getSystemInfo answers `app` (its launch carries it for getSystemInfoSync and kin). */
  systemInfo(app: BridgeApp): Record<string, unknown> {
    return systemInfo(app, this.environment);
  }

  /** Answers one call. `name` is `wx.getStorage`, `my.setStorage`, `car.getDrivingState`… */
  call(app: BridgeApp, name: string, args: unknown): CallOutcome | Promise<CallOutcome> {
    const [namespace, method = ''] = name.split('.');
    const options = (args && typeof args === 'object' ? args : {}) as Record<string, unknown>;
    const expected = app.dialect === 'alipay' ? 'my' : 'wx';
    return this.settle(app, name, () => {
      if (namespace !== expected && namespace !== 'car') throw new ApiFailure(`${namespace}.* is not available to a ${app.dialect} app`);
      return namespace === 'car' ? this.car(app, method, options) : this.platform(app, method, options);
    });
  }

  /** The driver's answer to a prompt; only the app it was asked for can be answered. */
  answer(appId: string, token: string, accepted: boolean): CallOutcome | Promise<CallOutcome> {
    const now = this.clock();
    for (const [key, entry] of this.pending) if (now - entry.at > PROMPT_TTL_MS) this.pending.delete(key);
    const entry = this.pending.get(token);
    if (!entry || entry.app.id !== appId) throw new Error(`no open prompt ${token} for ${appId}`);
    this.pending.delete(token);
    return this.settle(entry.app, entry.name, () => entry.resume(accepted));
  }

  private settle(app: BridgeApp, name: string, run: () => unknown): CallOutcome | Promise<CallOutcome> {
    const finish = (value: unknown): CallOutcome => {
      if (value instanceof NeedsDriver) {
        const token = randomUUID();
        this.pending.set(token, { app, name, resume: value.resume, at: this.clock() });
        const issued = { ...value.prompt, token } as HostPrompt;
        const prompt = this.environment.prompted?.(app, issued) ?? issued;
        return { ok: false, value: null, prompt };
      }
      return apiSuccess(app.dialect, name, value);
    };
    const fail = (error: unknown): CallOutcome => {
      if (!(error instanceof ApiFailure)) throw error;
      return apiFailure(app.dialect, name, error.message, error.code);
    };
    try {
      const value = run();
      return value instanceof Promise ? value.then(finish, fail) : finish(value);
    } catch (error) {
      return fail(error);
    }
  }

  private platform(app: BridgeApp, method: string, options: Record<string, unknown>): unknown {
    switch (method) {
      case 'setStorage':
        return this.appStorage.set(app.id, options['key'], options['data']);
      case 'getStorage':
        return this.appStorage.get(app.id, options['key']);
      case 'removeStorage':
        return this.appStorage.remove(app.id, options['key']);
      case 'clearStorage':
        return this.appStorage.clear(app.id);
      case 'getStorageInfo':
        return this.appStorage.info(app.id);
      case 'getSystemInfo':
        return systemInfo(app, this.environment);
      case 'request':
      case 'httpRequest':
        return this.network.request(app, options);
      case 'getLocation':
        return this.withScope(app, LOCATION_SCOPE, () => this.location(app));
      case 'authorize':
        if (typeof options['scope'] !== 'string') throw new ApiFailure('scope must be a string', 2);
        return this.withScope(app, options['scope'], () => ({}));
      case 'getSetting':
        return { authSetting: this.consent.grants(app.id) };
      case 'requestPayment':
      case 'tradePay':
        return this.payment(app, method, options);
      case 'openLocation':
        return this.openLocation(app, options);
      default:
        if (apiEntry(method, app.dialect)?.by === 'unavailable') throw new ApiFailure(`${app.dialect === 'alipay' ? 'my' : 'wx'}.${method} is not available on this head unit (it needs a phone's account, camera, dialler or radios); carry on without it`);
        throw new ApiFailure(`${app.dialect === 'alipay' ? 'my' : 'wx'}.${method} is not supported on Glovebox`);
    }
  }

  /**
   * Runs `then` if the driver has granted `scope`; asks them (parked only) if undecided. The
   * app must say why in app.json `permission`, and that text is what the driver reads.
   */
  private withScope(app: BridgeApp, scope: string, then: () => unknown): unknown {
    const what = SCOPES.get(scope);
    if (what === undefined) throw new ApiFailure(`scope ${scope.slice(0, 80)} is not supported on Glovebox (${[...SCOPES.keys()].join(', ')})`, 2);
    const desc = Object.hasOwn(app.permissions, scope) ? app.permissions[scope] : undefined;
    if (typeof desc !== 'string') throw new ApiFailure(`${scope} is not declared in app.json permission (with a desc saying why)`, 2001);
    const grant = this.consent.grant(app.id, scope);
    if (grant === 'granted') return then();
    if (grant === 'denied') throw new ApiFailure('auth deny', 2001);
    // Never ask a driver to read and decide while the car moves: the app may ask again when parked.
    if (this.environment.driving().state !== 'PARKED') throw new ApiFailure(`auth deny: ${what} is asked for only when parked`, 2001);
    return new NeedsDriver({ kind: 'permission', scope, title: `Allow ${app.name} to use ${what}?`, desc }, (accepted) => {
      // Decided when the driver answers: a tap that lands after the car has started moving is not a decision.
      if (accepted && this.environment.driving().state !== 'PARKED') throw new ApiFailure(`auth deny: the car moved before ${what} was allowed; ask again when parked`, 2001);
      this.consent.decide(app.id, scope, accepted);
      if (!accepted) throw new ApiFailure('auth deny', 2001);
      return then();
    });
  }

  /** wx.openLocation / my.openLocation: the installed navigation app, opened on the place. */
  private openLocation(app: BridgeApp, options: Record<string, unknown>): unknown {
    const { latitude, longitude } = options;
    if (typeof latitude !== 'number' || typeof longitude !== 'number' || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) throw new ApiFailure('latitude and longitude must be numbers', 2);
    const name = typeof options['name'] === 'string' ? options['name'].slice(0, 80) : '';
    const address = typeof options['address'] === 'string' ? options['address'].slice(0, 120) : '';
    const opened = this.environment.launch({ category: 'navigation', except: app.id, query: { latitude: String(latitude), longitude: String(longitude), name, address } });
    return { appId: opened };
  }

  /** The vehicle's own position; an invalid or missing fix is a failure, never a stale guess. */
  private location(app: BridgeApp): Record<string, unknown> {
    const latitude = this.environment.signal(VSS.latitude);
    const longitude = this.environment.signal(VSS.longitude);
    if (!latitude?.valid || !longitude?.valid || typeof latitude.value !== 'number' || typeof longitude.value !== 'number') {
      throw new ApiFailure(`location unavailable: the vehicle has no valid position fix (${app.name} may try again)`, 12);
    }
    const speed = this.environment.signal(VSS.speed);
    return { latitude: latitude.value, longitude: longitude.value, speed: speed?.valid && typeof speed.value === 'number' ? speed.value / 3.6 : -1, accuracy: 10, horizontalAccuracy: 10, altitude: 0, verticalAccuracy: 0 };
  }

  /**
   * A payment with the stored method, as the policy decides: touch confirmation when parked,
   * a voice read-back and one explicit yes while driving, or refused. Keyed by the app's
   * idempotency key (wx `package`, my `tradeNO`): the same key is paid once, whatever retries.
   */
  private payment(app: BridgeApp, method: string, options: Record<string, unknown>): unknown {
    const key = options[method === 'tradePay' ? 'tradeNO' : 'package'];
    if (typeof key !== 'string' || key === '') throw new ApiFailure(`${method === 'tradePay' ? 'tradeNO' : 'package'} must name the order (it is the payment's idempotency key)`, 2);
    const amount = options['amount'] as { total?: unknown; currency?: unknown } | undefined;
    const description = options['description'];
    if (!amount || !Number.isInteger(amount.total) || (amount.total as number) <= 0 || typeof amount.currency !== 'string' || !/^[A-Z]{3}$/.test(amount.currency) || typeof description !== 'string') {
      throw new ApiFailure('Glovebox needs amount { total: minor units > 0, currency: ISO 4217 } and a description to confirm a payment', 2);
    }
    const paid = (record: { readonly amountMinor: number; readonly currency: string }): Record<string, unknown> =>
      app.dialect === 'alipay' ? { resultCode: '9000', amount: record.amountMinor, currency: record.currency } : { amount: record.amountMinor, currency: record.currency };
    const previous = this.consent.payment(app.id, key);
    if (previous) return paid(previous);
    // One format for the dialog, the read-back and the app's own receipts (€16.50, not 16.5 EUR).
    const money = formatMoney(amount.total as number, amount.currency, this.environment.language);
    const decision = this.environment.decide(app, 'pay-stored-method', { readBack: `${money}, ${description}` });
    if (decision.modality === 'denied' || decision.modality === 'voice') throw new ApiFailure(`payment refused: ${decision.reason}`, 2001);
    return new NeedsDriver(
      {
        kind: 'payment',
        modality: decision.modality,
        title: `Pay ${money} to ${app.name}?`,
        readBack: decision.confirmation?.readBack ?? `${money}, ${description}`,
        ...(decision.modality === 'voice-confirm' ? { question: paymentQuestion(decision.confirmation?.readBack ?? `${money}, ${description}`) } : {}),
        timeoutMs: decision.confirmation?.timeoutMs ?? 0,
      },
      (accepted) => {
        if (!accepted) {
          if (app.dialect === 'alipay') return { resultCode: '6001' };
          throw new ApiFailure('cancel', 6001);
        }
        // The policy is asked again when the yes arrives: a touch confirmation begun parked that
        // lands while moving, or any confirmation the state no longer allows, pays nothing.
        const atAnswer = this.environment.decide(app, 'pay-stored-method', { readBack: `${money}, ${description}` });
        if (atAnswer.modality === 'denied' || atAnswer.modality === 'voice' || (decision.modality === 'touch' && atAnswer.modality !== 'touch')) {
          throw new ApiFailure(`payment refused: the driving state changed before it was confirmed (${atAnswer.reason})`, 2001);
        }
        return paid(this.consent.recordPayment(app.id, key, { amountMinor: amount.total as number, currency: amount.currency as string, description, modality: decision.modality }));
      },
    );
  }

  private car(app: BridgeApp, method: string, options: Record<string, unknown>): unknown {
    switch (method) {
      case 'getDrivingState':
        return this.environment.driving(app.category);
      case 'getVehicleState':
        return this.withLocationIfAsked(app, options['signals'], () => this.vehicleState(app, options['signals']));
      case 'onDrivingStateChange':
      case 'offDrivingStateChange':
        return {};
      case 'onVehicleStateChange':
        // The host pushes changes of these signals only; the check is here, where permissions live.
        return this.withLocationIfAsked(app, options['signals'], () => ({ signals: this.permittedSignals(app, options['signals']) }));
      case 'offVehicleStateChange':
        return {};
      case 'getVehicleProfile':
        return this.environment.profile;
      case 'setNavigationState':
        if (app.category !== 'navigation') throw new ApiFailure('car.setNavigationState is for navigation apps (category navigation)', 2001);
        this.environment.navigation.set(app.id, options, this.clock());
        return {};
      case 'clearNavigationState':
        this.environment.navigation.clear(app.id);
        return {};
      case 'getNavigationState':
        // Where the driver is going is as private as where they are.
        return this.withScope(app, LOCATION_SCOPE, () => {
          const state = this.environment.navigation.state;
          return state ? { active: true, destination: state.destination, arrivalTime: state.arrivalMs, remainingMeters: state.remainingMeters, polyline: state.polyline, chargingStop: state.chargingStop } : { active: false };
        });
      default:
        throw new ApiFailure(`car.${method} is not supported on Glovebox`);
    }
  }

  /** The vehicle's position is the driver's location: its signals need the location permission too. */
  private withLocationIfAsked(app: BridgeApp, signals: unknown, then: () => unknown): unknown {
    const wanted = this.permittedSignals(app, signals);
    return wanted.some((path) => path.startsWith('Vehicle.CurrentLocation.')) ? this.withScope(app, LOCATION_SCOPE, then) : then();
  }

  private permittedSignals(app: BridgeApp, signals: unknown): readonly string[] {
    const wanted = Array.isArray(signals) ? signals.map(String) : app.vehicleSignals;
    const refused = wanted.filter((path) => !app.vehicleSignals.includes(path));
    if (refused.length > 0) throw new ApiFailure(`permission denied: ${refused.join(', ')} not declared in app.json car.vehicleSignals`);
    return wanted;
  }

  private vehicleState(app: BridgeApp, signals: unknown): Record<string, unknown> {
    return Object.fromEntries(
      this.permittedSignals(app, signals).map((path) => {
        const state = this.environment.signal(path);
        return [path, state?.valid ? state.value : null];
      }),
    );
  }
}
