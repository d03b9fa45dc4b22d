/**
 * The calls the worker answers itself, synchronously, from what the app's launch carried: the
 * system information (getSystemInfoSync and its split forms), canIUse, the launch options and
 * the menu button's rectangle; the app-wide listeners (wx.onAppShow, onAppHide, onError and
 * their off forms), which the runtime fires; and base64 conversions. Phones answer these without a round trip, and real apps call
 * them at module level, so they cannot wait for the host.
 */
import { canIUse } from '../apiCatalog.js';
import { answerInWorker } from './apiResult.js';

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * App-wide events an app listens to with wx.on<Topic> (and stops with wx.off<Topic>). The runtime
 * fires the first five; theme, memory and network changes have no source on a head unit yet (its
 * theme follows the system's, its memory is the host's to manage), so those listeners are kept and never called.
 */
export type AppTopic =
  | 'AppShow' | 'AppHide' | 'Error' | 'UnhandledRejection' | 'PageNotFound'
  | 'ThemeChange' | 'MemoryWarning' | 'NetworkStatusChange' | 'WindowResize' | 'KeyboardHeightChange' | 'UserCaptureScreen'
  | 'AudioInterruptionBegin' | 'AudioInterruptionEnd' | 'NeedPrivacyAuthorization';
const TOPICS: readonly AppTopic[] = [
  'AppShow', 'AppHide', 'Error', 'UnhandledRejection', 'PageNotFound', 'ThemeChange', 'MemoryWarning', 'NetworkStatusChange', 'WindowResize',
  'KeyboardHeightChange', 'UserCaptureScreen', 'AudioInterruptionBegin', 'AudioInterruptionEnd', 'NeedPrivacyAuthorization',
];

/** wx.createMediaQueryObserver's descriptor against the window the app is laid out in (it never changes size). */
function mediaMatches(descriptor: unknown, width: number, height: number): boolean {
  const given = (descriptor ?? {}) as Record<string, unknown>;
  const number = (key: string): number | undefined => (typeof given[key] === 'number' ? (given[key] as number) : undefined);
  const checks: Array<[number | undefined, (value: number) => boolean]> = [
    [number('minWidth'), (value) => width >= value],
    [number('maxWidth'), (value) => width <= value],
    [number('width'), (value) => width === value],
    [number('minHeight'), (value) => height >= value],
    [number('maxHeight'), (value) => height <= value],
    [number('height'), (value) => height === value],
  ];
  const orientation = given['orientation'];
  return checks.every(([limit, test]) => limit === undefined || test(limit)) && (orientation === undefined || orientation === (width >= height ? 'landscape' : 'portrait'));
}

/** A log an app writes (getLogManager, getRealtimeLogManager): to the worker's console, which `glovebox app dev` shows in devtools. */
function logger(realtime: boolean): Record<string, unknown> {
  const write = (level: 'log' | 'info' | 'warn' | 'debug' | 'error') => (...args: unknown[]): void => {
    (globalThis as { console?: Record<string, (...values: unknown[]) => void> }).console?.[level]?.(...args);
  };
  const manager: Record<string, unknown> = { log: write('log'), info: write('info'), warn: write('warn'), debug: write('debug') };
  if (realtime) Object.assign(manager, { error: write('error'), setFilterMsg: () => undefined, addFilterMsg: () => undefined, in: () => manager, tag: () => manager });
  return manager;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function toBase64(buffer: unknown): string {
  // By tag, not instanceof: the app's buffers may come from its own realm.
  const whole = Object.prototype.toString.call(buffer) === '[object ArrayBuffer]';
  if (!whole && !ArrayBuffer.isView(buffer)) throw new TypeError('arrayBufferToBase64 needs an ArrayBuffer');
  const bytes = whole ? new Uint8Array(buffer as ArrayBuffer) : new Uint8Array((buffer as ArrayBufferView).buffer, (buffer as ArrayBufferView).byteOffset, (buffer as ArrayBufferView).byteLength);
  let text = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[index], bytes[index + 1], bytes[index + 2]];
    const chunk = (a << 16) | (b << 8) | c;
    text += BASE64[(chunk >> 18) & 63] as string;
    text += BASE64[(chunk >> 12) & 63] as string;
    text += index + 1 < bytes.length ? (BASE64[(chunk >> 6) & 63] as string) : '=';
    text += index + 2 < bytes.length ? (BASE64[chunk & 63] as string) : '=';
  }
  return text;
}

function fromBase64(text: unknown): ArrayBuffer {
  if (typeof text !== 'string') throw new TypeError('base64ToArrayBuffer needs a string');
  const clean = text.replace(/[\s=]/g, '');
  if (/[^A-Za-z0-9+/]/.test(clean)) throw new TypeError('base64ToArrayBuffer: not base64');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const character of clean) {
    value = (value << 6) | BASE64.indexOf(character);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at] = (value >> bits) & 255;
      at += 1;
    }
  }
  return bytes.buffer.slice(0, at);
}

export interface LocalApis {
  /** Takes what the launch carried. */
  load(launch: { readonly options: Readonly<Record<string, unknown>>; readonly system?: Readonly<Record<string, unknown>> }): void;
  /** The synchronous call `property`, or undefined if the worker does not answer it. */
  call(property: string): ((...args: unknown[]) => unknown) | undefined;
  /** Runs the app's listeners for `topic` (false when it has none); a listener that throws goes to `failed`, not to other listeners. */
  emit(topic: AppTopic, argument: unknown, failed: (error: unknown) => void): boolean;
}

export function createLocalApis(dialect: 'wechat' | 'alipay'): LocalApis {
  let system: Readonly<Record<string, unknown>> = {};
  let launchOptions: Readonly<Record<string, unknown>> = {};
  const pick = (keys: readonly string[]) => (): Record<string, unknown> => copy(Object.fromEntries(keys.filter((key) => key in system).map((key) => [key, system[key]])));
  const number = (key: string, fallback: number): number => (typeof system[key] === 'number' ? (system[key] as number) : fallback);
  const listeners = Object.fromEntries(TOPICS.map((topic) => [topic, new Set<(argument: unknown) => void>()])) as Record<AppTopic, Set<(argument: unknown) => void>>;
  const listen = (topic: AppTopic) => (listener: unknown): void => {
    if (typeof listener !== 'function') throw new TypeError(`on${topic} needs a function`);
    listeners[topic].add(listener as (argument: unknown) => void);
  };
  const unlisten = (topic: AppTopic) => (listener?: unknown): void => {
    if (typeof listener === 'function') listeners[topic].delete(listener as (argument: unknown) => void);
    else listeners[topic].clear();
  };
  const calls: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
    ...Object.fromEntries(TOPICS.flatMap((topic) => [[`on${topic}`, listen(topic)], [`off${topic}`, unlisten(topic)]])),
    // After the current task, before any timer (phones run it before the next render).
    nextTick: (callback) => {
      if (typeof callback !== 'function') throw new TypeError('nextTick needs a function');
      void Promise.resolve().then(() => (callback as () => void)());
    },
    // Packages are updated by the head unit's installer between runs; a running app never has one waiting.
    getUpdateManager: () => ({
      onCheckForUpdate: (listener: unknown) => {
        if (typeof listener === 'function') void Promise.resolve().then(() => (listener as (result: unknown) => void)({ hasUpdate: false }));
      },
      onUpdateReady: () => undefined,
      onUpdateFailed: () => undefined,
      applyUpdate: () => undefined,
    }),
    getLogManager: () => logger(false),
    getRealtimeLogManager: () => logger(true),
    // Nothing leaves the car for analytics: the reports are accepted and dropped.
    reportAnalytics: () => undefined,
    reportEvent: () => undefined,
    reportMonitor: () => undefined,
    reportPerformance: () => undefined,
    getPerformance: () => ({ now: () => Date.now(), getEntries: () => [], getEntriesByName: () => [], getEntriesByType: () => [], setBufferSize: () => undefined, createObserver: () => ({ observe: () => undefined, disconnect: () => undefined }) }),
    getExtConfigSync: () => ({}),
    getExtConfig: (options) => answerInWorker('getExtConfig', options, () => ({ extConfig: {} })),
    getSkylineInfoSync: () => ({ isSupported: false, reason: 'Glovebox draws with its own host components' }),
    getApiCategory: () => 'default',
    getSystemInfoAsync: (options) => answerInWorker('getSystemInfoAsync', options, () => copy(system)),
    // Random bytes from the worker's own generator (crypto.getRandomValues), as an ArrayBuffer.
    getRandomValues: (options) =>
      answerInWorker('getRandomValues', options, () => {
        const length = (options as { length?: unknown } | undefined)?.length;
        const source = (globalThis as { crypto?: { getRandomValues?: (bytes: Uint8Array) => Uint8Array } }).crypto;
        if (typeof length !== 'number' || !Number.isInteger(length) || length < 1 || length > 65_536 || !source?.getRandomValues) throw new Error('length must be 1 to 65536');
        return { randomValues: source.getRandomValues(new Uint8Array(length)).buffer };
      }),
    createMediaQueryObserver: () => {
      let listener: ((result: { matches: boolean }) => void) | undefined;
      return {
        observe: (descriptor: unknown, callback: unknown) => {
          if (typeof callback !== 'function') throw new TypeError('MediaQueryObserver.observe needs a callback');
          listener = callback as (result: { matches: boolean }) => void;
          const matches = mediaMatches(descriptor, number('windowWidth', 375), number('windowHeight', 667));
          void Promise.resolve().then(() => listener?.({ matches }));
        },
        disconnect: () => {
          listener = undefined;
        },
      };
    },
    // Privacy: the head unit asks the driver for each permission itself (getLocation…), so an app
    // never needs the phone platform's privacy agreement.
    getPrivacySetting: (options) => answerInWorker('getPrivacySetting', options, () => ({ needAuthorization: false, privacyContractName: '' })),
    requirePrivacyAuthorize: (options) => answerInWorker('requirePrivacyAuthorize', options, () => ({})),
    arrayBufferToBase64: toBase64,
    base64ToArrayBuffer: fromBase64,
    getSystemInfoSync: () => copy(system),
    getWindowInfo: pick(['pixelRatio', 'screenWidth', 'screenHeight', 'windowWidth', 'windowHeight', 'statusBarHeight', 'safeArea']),
    getDeviceInfo: pick(['brand', 'model', 'platform', 'system', 'pixelRatio']),
    getAppBaseInfo: pick(['language', 'fontSizeSetting']),
    getSystemSetting: () => ({ bluetoothEnabled: false, locationEnabled: true, wifiEnabled: false, deviceOrientation: 'landscape' }),
    // The driver's grants are services' to tell (getSetting); nothing is authorised before it says so.
    getAppAuthorizeSetting: () => ({ albumAuthorized: 'denied', cameraAuthorized: 'denied', locationAuthorized: 'not determined', microphoneAuthorized: 'denied', notificationAuthorized: 'denied' }),
    canIUse: (schema) => canIUse(schema, dialect),
    getLaunchOptionsSync: () => copy(launchOptions),
    getEnterOptionsSync: () => copy(launchOptions),
    getAccountInfoSync: () => ({ miniProgram: { appId: '', envVersion: 'release', version: '' } }),
    // No capsule is drawn here; a phone's is answered so that custom title bars keep a phone's proportions.
    getMenuButtonBoundingClientRect: () => {
      const right = number('windowWidth', 375) - 7;
      return { width: 87, height: 32, top: 4, bottom: 36, left: right - 87, right };
    },
  };
  return {
    load(launch) {
      system = launch.system ?? {};
      launchOptions = launch.options;
    },
    call: (property) => (Object.hasOwn(calls, property) ? calls[property] : undefined),
    emit(topic, argument, failed) {
      if (listeners[topic].size === 0) return false;
      for (const listener of [...listeners[topic]]) {
        try {
          listener(argument);
        } catch (error) {
          failed(error);
        }
      }
      return true;
    },
  };
}
