/**
 * @glovebox/sdk: the typings of what a Glovebox mini-app can call. WeChat apps use `wx`, Alipay
 * apps `my`; both use `car`. APIs Glovebox does not offer are absent, not stubbed. Every call
 * takes success/fail/complete callbacks or, without them, returns a promise.
 *
 * While the car moves, the head unit (not the app) enforces the driving-safety policy: pages
 * not listed in app.json `car.drivingOptimisedPages` are covered, the keyboard is off, lists are
 * cut, navigation depth is limited. The notes below say where an API behaves differently.
 */

declare namespace Glovebox {
  /** An answer with nothing in it but success. */
  type Empty = Record<string, never>;
  /** A call that takes no options (only the callbacks). */
  type NoOptions = Record<never, never>;
  interface Callbacks<T> {
    success?: (result: T) => void;
    fail?: (error: { errMsg?: string; error?: number; errorMessage?: string }) => void;
    complete?: (result: unknown) => void;
  }
  type Call<O, T> = (options?: O & Callbacks<T>) => Promise<T>;

  type Category = 'ev_charging' | 'food_ordering' | 'navigation' | 'media' | 'communication' | 'parking' | 'weather' | 'utilities' | 'other';
  /** What driving restricts (Android Automotive's CarUxRestrictions and Glovebox's own). */
  type RestrictionFlag = 'NO_DIALPAD' | 'NO_FILTERING' | 'LIMIT_STRING_LENGTH' | 'NO_KEYBOARD' | 'NO_VIDEO' | 'LIMIT_CONTENT' | 'NO_SETUP' | 'NO_TEXT_MESSAGE' | 'NO_VOICE_TRANSCRIPTION' | 'NO_AUTOSCROLL' | 'NO_NONDRIVING_IMAGES' | 'NO_WEB_CONTENT' | 'NO_NEW_PAYMENT_METHOD' | 'VOICE_PREFERRED' | 'FAVOURITES_ONLY';

  interface RequestOptions {
    /** An https URL on an origin listed in app.json `car.requestDomains`. */
    url: string;
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';
    data?: unknown;
    header?: Record<string, string>;
    /** ms; at most 60000. */
    timeout?: number;
    dataType?: 'json' | 'text';
  }
  interface RequestResult<T = unknown> {
    statusCode: number;
    data: T;
    header: Record<string, string>;
  }
  interface Location {
    latitude: number;
    longitude: number;
    /** m/s, or -1 when unknown. */
    speed: number;
    accuracy: number;
  }
  interface PaymentOptions {
    /** The order's idempotency key: the same key is never paid twice. */
    package: string;
    description: string;
    /** Minor units (cents) and an ISO 4217 currency. */
    amount: { total: number; currency: string };
  }

  /** The driving state, with your category's restrictions and limits. */
  interface DrivingState {
    state: 'PARKED' | 'IDLING' | 'MOVING' | 'UNKNOWN';
    band: string | null;
    /** e.g. NO_KEYBOARD, LIMIT_CONTENT, FAVOURITES_ONLY, VOICE_PREFERRED. */
    flags: RestrictionFlag[];
    params?: { maxStringLength: number | null; maxListItems: number | null; maxContentDepth: number | null } | null;
  }
  /** VSS path → value (null while the signal is invalid). Only signals in app.json `car.vehicleSignals`. */
  type VehicleState = Record<string, number | boolean | string | null>;
  interface VehicleProfile {
    usableBatteryKWh: number;
    consumptionKWhPer100Km: number;
    /** The least the car's maker wants left on arrival, %. */
    minArrivalSocPercent: number;
    connectors: string[];
  }
  interface NavigationState {
    active: boolean;
    destination?: { name: string; latitude: number; longitude: number };
    /** Epoch ms. */
    arrivalTime?: number;
    remainingMeters?: number;
    polyline?: Array<[number, number]>;
    chargingStop?: string | null;
  }
  interface VoiceIntent {
    /** The intent's name in app.json `car.voiceIntents`. */
    intent: string;
    /** Its slots as heard ("navigate to {place}" → { place: "the station" }). */
    slots: Record<string, string | number>;
  }

  interface Navigation {
    /**
     * Opens a page of this app above the current one. While moving: a page outside
     * `car.drivingOptimisedPages` opens covered, and pages deeper than the policy's content depth
     * are refused (fail: "not while driving").
     */
    navigateTo: Call<{ url: string }, Empty>;
    /** Replaces the current page; the same driving rules as navigateTo. */
    redirectTo: Call<{ url: string }, Empty>;
    /** Never refused, even while driving. */
    navigateBack: Call<{ delta?: number }, Empty>;
    /** Goes to a tab page (app.json tabBar); never deeper, so allowed while moving. */
    switchTab: Call<{ url: string }, Empty>;
    /** Closes every page and opens this one. */
    reLaunch: Call<{ url: string }, Empty>;
  }

  interface Wx extends Navigation {
    /** HTTPS only, to origins in app.json `car.requestDomains` (others fail); no permission asked; unaffected by driving. */
    request: <T = unknown>(options: RequestOptions & Callbacks<RequestResult<T>>) => Promise<RequestResult<T>>;
    /** This app's own storage on the head unit (SQLite), at most 10 MiB per app; kept across restarts, removed on uninstall. */
    setStorage: Call<{ key: string; data: unknown }, Empty>;
    /** fail when the key was never set. */
    getStorage: <T = unknown>(options: { key: string } & Callbacks<{ data: T }>) => Promise<{ data: T }>;
    removeStorage: Call<{ key: string }, Empty>;
    clearStorage: Call<NoOptions, Empty>;
    /** The screen's size and the OEM's language (its config's locale), platform "glovebox". */
    getSystemInfo: Call<NoOptions, { screenWidth: number; screenHeight: number; language: string; platform: string }>;
    /** Asks the driver once (only when parked); needs `permission["scope.userLocation"].desc`. */
    getLocation: Call<{ type?: 'wgs84' }, Location>;
    /** Asks the driver for a permission ahead of use; only when parked (moving: fail, ask again later). An OEM may have granted it already. */
    authorize: Call<{ scope: 'scope.userLocation' }, Empty>;
    /** What the driver (or the OEM's config) answered, by scope. */
    getSetting: Call<NoOptions, { authSetting: Record<string, boolean> }>;
    /** Parked: a touch confirmation. Moving: a spoken read-back and "yes", or refused, as the policy says. */
    requestPayment: Call<PaymentOptions, { amount: number; currency: string }>;
    /** Opens the installed navigation app on this place. */
    openLocation: Call<{ latitude: number; longitude: number; name?: string; address?: string }, { appId: string }>;
    /** Cut to the policy's text length while moving. */
    setNavigationBarTitle: Call<{ title: string }, Empty>;
    /** Text is cut to the policy's length while driving. */
    showToast: Call<{ title: string; icon?: 'success' | 'error' | 'loading' | 'none'; duration?: number }, Empty>;
    hideToast: Call<NoOptions, Empty>;
    /** A spinner over the page until hideLoading; its title is cut while moving. */
    showLoading: Call<{ title?: string }, Empty>;
    hideLoading: Call<NoOptions, Empty>;
    /** A system dialog with big buttons; title and content are cut to the policy's text length while moving. */
    showModal: Call<{ title?: string; content?: string; showCancel?: boolean; confirmText?: string; cancelText?: string }, { confirm: boolean; cancel: boolean }>;
    /** At most 6 items; fewer while driving (the policy's list length). */
    showActionSheet: Call<{ itemList: string[] }, { tapIndex: number }>;
  }

  interface My extends Navigation {
    request: <T = unknown>(options: RequestOptions & Callbacks<{ status: number; data: T; headers: Record<string, string> }>) => Promise<{ status: number; data: T; headers: Record<string, string> }>;
    /** The older name of my.request. */
    httpRequest: My['request'];
    setStorage: Wx['setStorage'];
    getStorage: Wx['getStorage'];
    removeStorage: Wx['removeStorage'];
    clearStorage: Wx['clearStorage'];
    getLocation: Wx['getLocation'];
    /** Like wx.requestPayment, keyed by tradeNO. */
    tradePay: Call<{ tradeNO: string; description: string; amount: { total: number; currency: string } }, { resultCode: string }>;
    openLocation: Wx['openLocation'];
    /** Cut to the policy's text length while moving. */
    setNavigationBar: Call<{ title: string }, Empty>;
    /** Text is cut to the policy's length while driving. */
    showToast: Call<{ content: string; type?: 'success' | 'fail' | 'none'; duration?: number }, Empty>;
    hideToast: Call<NoOptions, Empty>;
    showLoading: Call<{ content?: string }, Empty>;
    hideLoading: Call<NoOptions, Empty>;
    /** Like wx.showModal: texts cut while moving. */
    confirm: Call<{ title?: string; content?: string; confirmButtonText?: string; cancelButtonText?: string }, { confirm: boolean }>;
    /** One button; texts cut while moving. */
    alert: Call<{ title?: string; content?: string; buttonText?: string }, Empty>;
    /** At most 6 items; fewer while driving (the policy's list length). */
    showActionSheet: Call<{ items: string[]; title?: string }, { index: number }>;
  }

  interface Car {
    /** The driving state now, with the restrictions and limits for your app's category. No permission. */
    getDrivingState: Call<NoOptions, DrivingState>;
    /** Only signals the app declared in app.json `car.vehicleSignals`. */
    getVehicleState: Call<{ signals?: string[] }, VehicleState>;
    /** Changes of the declared signals, at most ten batches a second; the answer says which signals you get. Only changes after the answer are sent: read the current values with getVehicleState once it has answered, not before. */
    onVehicleStateChange(callback: (changes: VehicleState) => void, options?: { signals?: string[] }): Promise<{ signals: string[] }>;
    offVehicleStateChange(callback?: (changes: VehicleState) => void): void;
    /** Every change of the driving state or band: adapt the page (bigger targets, a spoken hint) before the head unit has to cut it. Only changes after the answer are sent: read the state with getDrivingState once it has answered. */
    onDrivingStateChange(callback: (driving: DrivingState) => void): Promise<Empty>;
    offDrivingStateChange(callback?: (driving: DrivingState) => void): void;
    /** The car's battery, consumption and connectors, as the OEM describes it. No permission. */
    getVehicleProfile: Call<NoOptions, VehicleProfile>;
    /** Navigation apps only (category navigation): the route the driver follows, for other apps to read. */
    setNavigationState: Call<{ destination: { name: string; latitude: number; longitude: number }; etaSeconds: number; remainingMeters: number; polyline?: Array<[number, number]>; chargingStop?: string | null }, Empty>;
    /** Navigation apps only: the route has ended. */
    clearNavigationState: Call<NoOptions, Empty>;
    /** Needs the location permission (where the driver is going is as private as where they are). */
    getNavigationState: Call<NoOptions, NavigationState>;
    /** The driver's voice intents for this app (launched by one: it arrives once you listen). */
    onVoiceIntent(callback: (intent: VoiceIntent) => void): Promise<Empty>;
    offVoiceIntent(callback?: (intent: VoiceIntent) => void): void;
  }

  interface PageInstance<D> {
    /** Fields the page keeps for itself (this.plan = …). */
    [field: string]: any;
    data: D;
    route: string;
    options: Record<string, string>;
    setData(changes: Partial<D> & Record<string, unknown>, callback?: () => void): void;
  }
  interface PageEvent {
    type: string;
    detail: { value?: unknown; [key: string]: unknown };
    currentTarget: { dataset: Record<string, string | number | boolean> };
    target: { dataset: Record<string, string | number | boolean> };
  }
  type PageOptions<D, M> = {
    data?: D;
    onLoad?(this: PageInstance<D> & M, query: Record<string, string>): void;
    onShow?(this: PageInstance<D> & M): void;
    onReady?(this: PageInstance<D> & M): void;
    onHide?(this: PageInstance<D> & M): void;
    onUnload?(this: PageInstance<D> & M): void;
  } & M &
    ThisType<PageInstance<D> & M>;
  type AppOptions<G> = {
    globalData?: G;
    onLaunch?(options: { path: string; query: Record<string, string>; scene: number }): void;
    onShow?(): void;
    onHide?(): void;
  } & Record<string, unknown>;
}

declare const wx: Glovebox.Wx;
declare const my: Glovebox.My;
declare const car: Glovebox.Car;
/** Registers a page: its data, lifecycle (onLoad, onShow, …) and event handlers; this.setData re-renders. */
declare function Page<D extends Record<string, unknown>, M extends Record<string, unknown>>(options: Glovebox.PageOptions<D, M>): void;
/** Registers the app (once, in app.js): its globalData and lifecycle. */
declare function App<G>(options: Glovebox.AppOptions<G>): void;
/** The app registered with App(). */
declare function getApp<G = Record<string, unknown>>(): { globalData: G } & Record<string, unknown>;
/** The page stack, first page first. */
declare function getCurrentPages(): Array<Glovebox.PageInstance<Record<string, unknown>>>;
/** Registers a custom component (usingComponents in a page's .json). */
declare function Component(options: Record<string, unknown>): void;
/** Timers: held while the app is suspended in the background, each run once on resume. */
declare function setTimeout(callback: () => void, ms?: number): number;
declare function clearTimeout(id: number | undefined): void;
declare function setInterval(callback: () => void, ms?: number): number;
declare function clearInterval(id: number | undefined): void;
/** Goes to the tester's log in the simulator. */
declare const console: { log(...values: unknown[]): void; warn(...values: unknown[]): void; error(...values: unknown[]): void };
