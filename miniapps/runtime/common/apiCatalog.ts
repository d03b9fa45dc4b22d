/**
 * Every mini-program call Glovebox answers, in one place: who answers it and what driving does to
 * it. The worker's `canIUse` reads it, services refuse the unavailable ones from it, the SDK
 * reference prints it, and `npm run generate` measures it against WeChat's and Alipay's typings
 * (docs/api-coverage.md). A name missing here is answered "not supported on Glovebox".
 */
import type { Dialect } from './format/dialect.js';

/**
 * worker: answered inside the app's worker, from what its launch carried (no round trip).
 * host: answered by the system UI (it is about the screen).
 * services: answered by services (storage, network, location, payment, the vehicle).
 * unavailable: a phone's feature the head unit has not got; answered through `fail` with
 * "not available on this head unit", never a throw, so the app carries on.
 */
export type AnsweredBy = 'worker' | 'host' | 'services' | 'unavailable';

export interface ApiEntry {
  readonly by: AnsweredBy;
  /** What changes while the car moves (shown in the SDK reference). */
  readonly driving: string;
  /** Only in this dialect (my.tradePay, wx.requestPayment); both when absent. */
  readonly dialect?: Dialect;
  /**
   * The call returns an object (a context, a manager, a task). Unavailable, it returns one that
   * does nothing (its methods return undefined, its onError hears why), so the app's next line
   * does not throw.
   */
  readonly returnsObject?: true;
}

const SAME = 'the same parked and driving';
const DIALOG = 'while driving, text is cut to the policy\'s length and choices to its list length; voice-only confirmation where the policy says so';
const NAVIGATE = 'while driving, a page the app has not declared driving-optimised is covered by the lockout; depth is limited';
const STORAGE = `${SAME}; 10 MiB per app, kept across power cuts`;
const UNAVAILABLE = 'never available: answered through fail';

const entries = (by: AnsweredBy, driving: string, names: readonly string[], dialect?: Dialect): Array<[string, ApiEntry]> =>
  names.map((name) => [name, dialect ? { by, driving, dialect } : { by, driving }]);
const objects = (names: readonly string[]): Array<[string, ApiEntry]> => names.map((name) => [name, { by: 'unavailable', driving: UNAVAILABLE, returnsObject: true }]);

export const API_CATALOG: Readonly<Record<string, ApiEntry>> = Object.fromEntries([
  ...entries('worker', SAME, ['getSystemInfoSync', 'getWindowInfo', 'getDeviceInfo', 'getAppBaseInfo', 'getSystemSetting', 'getAppAuthorizeSetting', 'canIUse', 'getMenuButtonBoundingClientRect', 'getLaunchOptionsSync', 'getEnterOptionsSync', 'getAccountInfoSync']),
  ...entries('worker', SAME, ['onAppShow', 'offAppShow', 'onAppHide', 'offAppHide', 'onError', 'offError', 'arrayBufferToBase64', 'base64ToArrayBuffer']),
  ...entries('worker', STORAGE, ['getStorageSync', 'setStorageSync', 'removeStorageSync', 'clearStorageSync', 'getStorageInfoSync']),
  ...entries('worker', SAME, ['onUnhandledRejection', 'offUnhandledRejection', 'onPageNotFound', 'offPageNotFound', 'nextTick', 'getExtConfig', 'getExtConfigSync', 'getSkylineInfoSync']),
  ...entries('worker', 'kept and never called: a head unit\'s theme is the system\'s, its memory the host\'s, its network state not yet pushed, its window never resizes, its keyboard is the system\'s, it takes no screenshots and its audio focus is the system\'s', [
    'onThemeChange', 'offThemeChange', 'onMemoryWarning', 'offMemoryWarning', 'onNetworkStatusChange', 'offNetworkStatusChange', 'onWindowResize', 'offWindowResize',
    'onKeyboardHeightChange', 'offKeyboardHeightChange', 'onUserCaptureScreen', 'offUserCaptureScreen', 'onAudioInterruptionBegin', 'offAudioInterruptionBegin',
    'onAudioInterruptionEnd', 'offAudioInterruptionEnd',
  ]),
  ...entries('worker', 'the head unit asks the driver for each permission itself: no privacy agreement is needed, and the listener is never called', ['getPrivacySetting', 'requirePrivacyAuthorize', 'onNeedPrivacyAuthorization']),
  ...entries('worker', SAME, ['getSystemInfoAsync', 'getApiCategory', 'getRandomValues', 'createMediaQueryObserver']),
  ...entries('worker', STORAGE, ['batchGetStorageSync', 'batchSetStorageSync', 'batchGetStorage', 'batchSetStorage'], 'wechat'),
  ...entries('host', 'a head unit has no pull-down gesture: the page\'s onPullDownRefresh runs', ['startPullDownRefresh']),
  ...entries('worker', 'packages are updated by the head unit between runs: a running app never has an update waiting', ['getUpdateManager']),
  ...entries('worker', `${SAME}: written to the logic worker's console (devtools in glovebox app dev)`, ['getLogManager', 'getRealtimeLogManager']),
  ...entries('worker', 'nothing leaves the car for analytics: accepted and dropped', ['reportAnalytics', 'reportEvent', 'reportMonitor', 'reportPerformance', 'getPerformance']),
  ...entries('worker', `${SAME}: the host measures the page on screen, in the app's px`, ['createSelectorQuery']),
  ...entries('worker', `${SAME}: the host observes, at most 32 observers an app`, ['createIntersectionObserver']),
  ...entries('worker', 'while driving nothing moves: each step lands at once', ['createAnimation']),
  ...entries('worker', 'the host draws checked commands (no read-back); while driving, text drawn is cut to the policy\'s length', ['createCanvasContext', 'createContext', 'drawCanvas']),
  ...entries('host', `${SAME}`, ['pageScrollTo', 'hideKeyboard', 'getNetworkType']),
  ...entries('host', 'a head unit\'s screen stays on while the car is on: the call succeeds', ['setKeepScreenOn']),
  ...entries('host', 'the app closes and the system goes Home', ['exitMiniProgram']),
  ...entries('host', 'badges are cut to 4 characters and item texts to the policy\'s length while driving; the bar keeps the system\'s style', ['setTabBarBadge', 'removeTabBarBadge', 'showTabBarRedDot', 'hideTabBarRedDot', 'setTabBarItem', 'setTabBarStyle', 'showTabBar', 'hideTabBar']),
  ...entries('host', `${SAME}: pictures of the app's package only`, ['getImageInfo']),
  ...entries('host', NAVIGATE, ['navigateTo', 'redirectTo', 'switchTab', 'reLaunch', 'navigateBack']),
  ...entries('host', 'while driving, the title is cut to the policy\'s length', ['setNavigationBarTitle']),
  ...entries('host', 'while driving, the title is cut to the policy\'s length', ['setNavigationBar'], 'alipay'),
  ...entries('host', `${SAME}: a spinner beside the page's title`, ['showNavigationBarLoading', 'hideNavigationBarLoading']),
  ...entries('host', 'the bar keeps the system\'s colours (day or night); the call succeeds and changes nothing', ['setNavigationBarColor']),
  ...entries('host', 'Home is always the system\'s and always shown; the call succeeds and changes nothing', ['hideHomeButton']),
  ...entries('host', 'the page\'s background beyond its content and the pull-down area are the system\'s; the call succeeds and changes nothing', ['setBackgroundColor', 'setBackgroundTextStyle']),
  ...entries('host', 'a head unit has no pull-down gesture, so there is never a refresh to stop; the call succeeds', ['stopPullDownRefresh']),
  ...entries('host', 'while driving, the text is cut to the policy\'s length', ['showToast', 'hideToast', 'showLoading', 'hideLoading']),
  ...entries('host', DIALOG, ['showModal', 'showActionSheet']),
  ...entries('host', DIALOG, ['confirm', 'alert'], 'alipay'),
  ...entries('services', STORAGE, ['setStorage', 'getStorage', 'removeStorage', 'clearStorage', 'getStorageInfo']),
  ...entries('services', SAME, ['getSystemInfo']),
  ...entries('services', `${SAME}; public destinations only (requestDomains for apps with a car block), bounded size and time`, ['request']),
  ...entries('services', `${SAME}; public destinations only, bounded size and time`, ['httpRequest'], 'alipay'),
  ...entries('services', `${SAME}, with the driver's grant (asked only when parked)`, ['getLocation', 'authorize', 'getSetting']),
  ...entries('services', 'the policy decides: touch when parked, a spoken yes (or refused) while driving; money is taken once', ['requestPayment'], 'wechat'),
  ...entries('services', 'the policy decides: touch when parked, a spoken yes (or refused) while driving; money is taken once', ['tradePay'], 'alipay'),
  ...entries('services', 'hands the place to the navigation app; while driving only by voice where the policy says so', ['openLocation']),
  ...entries('unavailable', UNAVAILABLE, [
    'login', 'checkSession', 'getUserInfo', 'getUserProfile', 'getPhoneNumber', 'scanCode', 'chooseImage', 'chooseMedia', 'chooseVideo',
    'chooseMessageFile', 'previewImage', 'saveImageToPhotosAlbum', 'makePhoneCall', 'addPhoneContact', 'chooseContact', 'chooseAddress',
    'chooseInvoice', 'chooseInvoiceTitle', 'shareAppMessage', 'showShareMenu', 'hideShareMenu', 'updateShareMenu', 'requestSubscribeMessage',
    'navigateToMiniProgram', 'openCustomerServiceChat', 'startSoterAuthentication', 'vibrateShort', 'vibrateLong', 'setClipboardData',
    'getClipboardData', 'startBluetoothDevicesDiscovery', 'openBluetoothAdapter', 'startWifi', 'getWeRunData', 'openCard', 'addCard',
  ]),
  ...entries('unavailable', UNAVAILABLE, [
    'sendSocketMessage', 'closeSocket', 'onSocketOpen', 'onSocketError', 'onSocketMessage', 'onSocketClose', 'downloadFile', 'uploadFile',
    'playBackgroundAudio', 'pauseBackgroundAudio', 'stopBackgroundAudio', 'seekBackgroundAudio', 'getBackgroundAudioPlayerState', 'startRecord',
    'stopRecord', 'playVoice', 'pauseVoice', 'stopVoice', 'saveFile', 'getSavedFileList', 'getSavedFileInfo', 'removeSavedFile', 'openDocument',
    'chooseLocation', 'canvasToTempFilePath', 'startAccelerometer', 'stopAccelerometer', 'onAccelerometerChange', 'startCompass', 'stopCompass',
    'onCompassChange', 'startGyroscope', 'startDeviceMotionListening', 'setScreenBrightness', 'getScreenBrightness', 'openSetting',
    'navigateBackMiniProgram', 'setEnableDebug', 'startLocationUpdate', 'onLocationChange',
  ]),
  ...objects(['connectSocket', 'getBackgroundAudioManager', 'createInnerAudioContext', 'createAudioContext', 'getRecorderManager', 'getFileSystemManager', 'createVideoContext', 'createMapContext', 'createCameraContext', 'createLivePlayerContext', 'createWorker']),
  ...entries('unavailable', UNAVAILABLE, ['getAuthCode', 'getOpenUserInfo'], 'alipay'),
]);

/** The components the host draws (a unit test holds the renderer's drawing to this list). */
export const COMPONENTS: ReadonlySet<string> = new Set([
  'view', 'text', 'button', 'image', 'block', 'navigator', 'video', 'input', 'textarea', 'rich-text', 'map', 'switch', 'checkbox-group',
  'radio-group', 'checkbox', 'radio', 'slider', 'picker', 'form', 'swiper', 'swiper-item', 'scroll-view', 'progress', 'icon', 'canvas',
]);

/** The catalog's entry for `name` in `dialect`, or undefined if Glovebox does not answer it. */
export function apiEntry(name: string, dialect: Dialect): ApiEntry | undefined {
  const entry = Object.hasOwn(API_CATALOG, name) ? API_CATALOG[name] : undefined;
  return entry && (entry.dialect === undefined || entry.dialect === dialect) ? entry : undefined;
}

/**
 * wx.canIUse / my.canIUse: `api`, `api.object.field` or `component.attribute`. True for a call
 * Glovebox answers (not one it only refuses); a longer path is judged by its first part, as
 * phones' runtimes do for anything they do not list in detail.
 */
export function canIUse(schema: unknown, dialect: Dialect): boolean {
  if (typeof schema !== 'string' || schema === '') return false;
  const head = schema.split('.')[0] ?? '';
  if (COMPONENTS.has(head)) return true;
  const entry = apiEntry(head, dialect);
  return entry !== undefined && entry.by !== 'unavailable';
}
