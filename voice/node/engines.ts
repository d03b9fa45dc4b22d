/**
 * Which wake-word engine listens: Porcupine when the integrator asked for it and it can start
 * here, otherwise the offline engine, with a notice saying why (for the log and the screen).
 * The car never ends up deaf because a key expired or the network is down.
 */
import { GLOVEBOX_PRONUNCIATION, OfflineWakeWord } from './offlineWakeWord.js';
import { PorcupineUnavailable, PorcupineWakeWord } from './porcupine.js';
import type { WakeWordEngine } from '../common/wakeWord.js';

export interface WakeSettings {
  readonly engine: 'offline' | 'porcupine';
  /** The offline engine's phrase (lower-case words). */
  readonly phrase: string;
  /** Words of the phrase missing from CMUdict, with their phones. */
  readonly pronunciations?: Readonly<Record<string, string>>;
  readonly offline?: { readonly threshold?: number; readonly verifyMargin?: number | null };
  readonly porcupine?: {
    readonly accessKey?: string;
    readonly keywords: readonly string[];
    readonly sensitivity?: number;
    readonly libraryPath?: string;
  };
}

export const DEFAULT_WAKE: WakeSettings = { engine: 'offline', phrase: 'hey glovebox', pronunciations: GLOVEBOX_PRONUNCIATION };

export interface OpenedEngine {
  readonly engine: WakeWordEngine;
  /** Set when the engine asked for could not start and the offline one listens instead. */
  readonly notice?: string;
}

export function openWakeEngine(settings: WakeSettings, env: Readonly<Record<string, string | undefined>> = process.env): OpenedEngine {
  const offline = (): WakeWordEngine =>
    new OfflineWakeWord({
      phrase: settings.phrase,
      ...(settings.pronunciations ? { pronunciations: settings.pronunciations } : {}),
      ...(settings.offline?.threshold !== undefined ? { threshold: settings.offline.threshold } : {}),
      ...(settings.offline?.verifyMargin !== undefined ? { verifyMargin: settings.offline.verifyMargin } : {}),
    });
  if (settings.engine === 'offline') return { engine: offline() };
  try {
    const porcupine = settings.porcupine;
    if (!porcupine) throw new PorcupineUnavailable('voice.porcupine names no keywords');
    return {
      engine: new PorcupineWakeWord({
        accessKey: porcupine.accessKey ?? env['PICOVOICE_ACCESS_KEY'],
        keywords: porcupine.keywords,
        ...(porcupine.sensitivity !== undefined ? { sensitivity: porcupine.sensitivity } : {}),
        ...(porcupine.libraryPath ? { libraryPath: porcupine.libraryPath } : {}),
      }),
    };
  } catch (error) {
    if (!(error instanceof PorcupineUnavailable)) throw error;
    return { engine: offline(), notice: `Porcupine is not available (${error.message}); the offline engine listens for "${settings.phrase}" instead` };
  }
}
