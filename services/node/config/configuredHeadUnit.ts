/**
 * The head unit as an OEM config describes it: services on the configured bus and display, the
 * allowlist, the preinstalled apps verified against the config's keys, the permissions granted
 * ahead, the voice settings, and what the system UI needs (look, units, runtime sizes, notices).
 * The simulator and the Electron shell both start here; only their frame and audio sources differ.
 */
import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { publicKeyFromPem } from '../../../miniapps/runtime/node/appPackage.js';
import type { Display } from '../../../safety/common/policy.js';
import type { OemConfig } from '../../common/config/oemConfig.js';
import type { UiSettings } from '../../common/uiSettings.js';
import { installBundledApps } from '../apps/bundled.js';
import { HeadUnitServices } from '../headUnit.js';
import type { WakeSettings } from '../../../voice/node/engines.js';
import { DEFAULT_WAKE } from '../../../voice/node/engines.js';
import type { Voice } from '../../../voice/node/speech.js';
import type { LoadedConfig } from './configFile.js';
import { defaultConfig, formatProblem } from './configFile.js';
import type { OpenedVehicle } from './vehicleConfig.js';
import { openVehicle } from './vehicleConfig.js';

export interface ConfiguredHeadUnit {
  readonly services: HeadUnitServices;
  readonly vehicle: OpenedVehicle;
  readonly ui: UiSettings;
  /** What the driver and the log are told: a config with problems, an app not installed. */
  readonly notices: readonly string[];
}

/** The wake-word settings the config asks for (the AccessKey read from where it says). */
export function wakeSettings(config: OemConfig, env: Readonly<Record<string, string | undefined>> = process.env): WakeSettings {
  const voice = config.voice;
  const accessKey = 'env' in voice.accessKey ? env[voice.accessKey.env] : readKeyFile(voice.accessKey.file);
  return {
    engine: voice.engine,
    phrase: voice.wakePhrase,
    pronunciations: { ...(voice.wakePhrase === DEFAULT_WAKE.phrase ? DEFAULT_WAKE.pronunciations : {}), ...voice.pronunciations },
    ...(voice.wakeModel !== null ? { offline: { model: voice.wakeModel } } : {}),
    porcupine: { keywords: voice.keywords, sensitivity: voice.sensitivity, ...(accessKey ? { accessKey } : {}) },
  };
}

function readKeyFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The reply voice: an espeak-ng voice name. */
export function replyVoice(config: OemConfig): Voice {
  return { engine: 'espeak-ng', name: config.voice.ttsVoice };
}

function logoDataUrl(file: string | null): string | null {
  if (file === null) return null;
  const type = file.toLowerCase().endsWith('.svg') ? 'image/svg+xml' : 'image/png';
  return `data:${type};base64,${readFileSync(file).toString('base64')}`;
}

export interface HeadUnitPlace {
  readonly dataDir: string;
  /** Development: app-listed https origins served by local backends instead. */
  readonly localBackends?: ReadonlyMap<string, string>;
  /** The bus already opened (the simulator's tester chose a log and its DBC). */
  readonly vehicle?: OpenedVehicle;
  /** Another screen than the config's first (the simulator's tester switched). */
  readonly display?: Display;
}

export function configuredHeadUnit(loaded: LoadedConfig, place: HeadUnitPlace): ConfiguredHeadUnit {
  const notices = loaded.problems.map((problem) => formatProblem(loaded.file ?? 'config', problem));
  if (notices.length > 0) notices.unshift(`The OEM config has ${notices.length} problem${notices.length === 1 ? '' : 's'}: running fully restricted.`);
  const config = loaded.config;
  let opened = place.vehicle ? { vehicle: place.vehicle, problems: [] } : openVehicle(config);
  if (!opened.vehicle) {
    notices.push(...opened.problems.map((problem) => `${problem.path}: ${problem.found}`));
    opened = openVehicle(defaultConfig());
  }
  const vehicle = opened.vehicle as OpenedVehicle;
  const screen = config.displays[0] ?? { id: 'centre', role: 'driver', width: 1920, height: 720, phoneScale: 1.75 };
  const services = new HeadUnitServices({
    dataDir: place.dataDir,
    policy: loaded.problems.length === 0 ? loaded.policy : undefined,
    codec: vehicle.codec,
    mapping: vehicle.mapping,
    screen: { width: screen.width, height: screen.height, phoneScale: screen.phoneScale },
    display: place.display ?? screen.role,
    language: config.locale.language,
    ...(place.localBackends ? { localBackends: place.localBackends } : {}),
  });
  services.installer.allowance = config.apps.allow;
  if (config.apps.bundled) {
    for (const problem of installBundledApps(services.installer).skipped) notices.push(`bundled app not installed: ${problem}`);
  }
  const keys: KeyObject[] = [];
  for (const file of config.trust.keys) {
    try {
      keys.push(publicKeyFromPem(readFileSync(file, 'utf8'), file));
    } catch (error) {
      notices.push(`trust key not read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const file of config.apps.preinstalled) {
    try {
      services.installer.install(readFileSync(file), keys);
    } catch (error) {
      notices.push(`preinstalled app ${file} not installed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const [appId, scopes] of Object.entries(config.apps.grants)) for (const scope of scopes) services.grant(appId, scope);
  const ui: UiSettings = {
    screen: { width: screen.width, height: screen.height, phoneScale: screen.phoneScale },
    theme: { mode: config.theme.mode, font: config.theme.font, night: config.theme.night, day: config.theme.day, logo: logoDataUrl(config.theme.logo) },
    locale: config.locale,
    performance: config.performance,
    notices,
  };
  return { services, vehicle, ui, notices };
}
