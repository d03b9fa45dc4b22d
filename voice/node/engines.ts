/**
 * Which wake-word engine listens: Porcupine when the integrator asked for it and it can start
 * here, otherwise the offline engine (speech embeddings and a trained head, in this process;
 * docs/adr/0012), with a notice saying why (for the log and the screen). The car never ends
 * up deaf because a key expired or the network is down.
 */
import { EmbeddingWakeWord, loadWakeHead } from './embeddingWakeWord.js';
import { cepstralMeanOf } from '../common/wakeHead.js';
import { GLOVEBOX_PRONUNCIATION } from './pocketsphinxWakeWord.js';
import { PorcupineUnavailable, PorcupineWakeWord } from './porcupine.js';
import { SphinxVerifier, VerifiedWakeWord } from './wakeVerifier.js';
import type { LateAfter } from './wakeVerifier.js';
import type { WakeDetection, WakeWordEngine } from '../common/wakeWord.js';
import type { WakeHead } from './embeddingWakeWord.js';

export interface WakeSettings {
  readonly engine: 'offline' | 'porcupine';
  /** The offline engine's phrase (lower-case words). */
  readonly phrase: string;
  /** Words of the phrase missing from CMUdict, with their phones (for the command recogniser). */
  readonly pronunciations?: Readonly<Record<string, string>>;
  /** The offline engine's model for the phrase (default: the shipped "hey glovebox") and a threshold over the model's own. */
  readonly offline?: { readonly model?: string; readonly threshold?: number };
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

/** What the offline engine tells besides its wakes: the verifier's problems and the wakes it turned down. */
export interface OfflineReports {
  readonly onProblem?: (message: string) => void;
  readonly onRejected?: (detection: WakeDetection, margin: number | null) => void;
  /** When a verifier's answer counts as late (the real clock unless set; a recording scored at once sets one that never comes). */
  readonly lateAfter?: LateAfter;
}

/**
 * The offline engine for a head: the head alone, or with its second opinion when the model file
 * has a verify rule (docs/adr/0025). The one place the two are put together (the assistant,
 * the CLI and the benchmarks).
 */
export function offlineEngine(head: WakeHead, options: { readonly threshold?: number; readonly pronunciations?: Readonly<Record<string, string>> } & OfflineReports = {}): WakeWordEngine {
  const engine = new EmbeddingWakeWord({ head, ...(options.threshold !== undefined ? { threshold: options.threshold } : {}) });
  if (head.verify === null) return engine;
  return new VerifiedWakeWord(engine, {
    rule: head.verify,
    scorer: new SphinxVerifier(head.phrase, options.pronunciations ?? GLOVEBOX_PRONUNCIATION, { cmn: cepstralMeanOf(head.verify) }),
    ...(options.onProblem ? { onProblem: options.onProblem } : {}),
    ...(options.lateAfter ? { lateAfter: options.lateAfter } : {}),
    ...(options.onRejected ? { onRejected: (detection: WakeDetection, verdict: { margin: number | null }) => options.onRejected?.(detection, verdict.margin) } : {}),
  });
}

export function openWakeEngine(settings: WakeSettings, env: Readonly<Record<string, string | undefined>> = process.env, reports: OfflineReports = {}): OpenedEngine {
  const offline = (): WakeWordEngine => {
    const head = loadWakeHead(settings.offline?.model);
    if (head.phrase !== settings.phrase) throw new Error(`the offline wake-word model ${settings.offline?.model ?? '(shipped)'} hears "${head.phrase}", not "${settings.phrase}": train one with npm run train:wake -- --phrase "${settings.phrase}"`);
    return offlineEngine(head, { ...(settings.offline?.threshold !== undefined ? { threshold: settings.offline.threshold } : {}), ...(settings.pronunciations ? { pronunciations: settings.pronunciations } : {}), ...reports });
  };
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
