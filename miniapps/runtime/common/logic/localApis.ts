/**
 * The calls the worker answers itself, synchronously, from what the app's launch carried: the
 * system information (getSystemInfoSync and its split forms), canIUse, the launch options and
 * the menu button's rectangle. Phones answer these without a round trip, and real apps call
 * them at module level, so they cannot wait for the host.
 */
import { canIUse } from '../apiCatalog.js';

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export interface LocalApis {
  /** Takes what the launch carried. */
  load(launch: { readonly options: Readonly<Record<string, unknown>>; readonly system?: Readonly<Record<string, unknown>> }): void;
  /** The synchronous call `property`, or undefined if the worker does not answer it. */
  call(property: string): ((...args: unknown[]) => unknown) | undefined;
}

export function createLocalApis(dialect: 'wechat' | 'alipay'): LocalApis {
  let system: Readonly<Record<string, unknown>> = {};
  let launchOptions: Readonly<Record<string, unknown>> = {};
  const pick = (keys: readonly string[]) => (): Record<string, unknown> => copy(Object.fromEntries(keys.filter((key) => key in system).map((key) => [key, system[key]])));
  const number = (key: string, fallback: number): number => (typeof system[key] === 'number' ? (system[key] as number) : fallback);
  const calls: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
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
  };
}
