/**
 * `glovebox voice recognize --wav FILE`: a recording through the real voice pipeline (wake word,
 * endpointing, the command grammar of the platform's and the bundled apps' intents, intent
 * matching), printed as JSON lines {t, event, …} with t in seconds into the file. Nothing is
 * carried out: the intents are printed, not dispatched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_RATE } from '../../voice/common/audio.js';
import { activeGrammar } from '../../voice/common/grammar.js';
import type { IntentDeclaration, IntentSource } from '../../voice/common/intents.js';
import { IntentMatcher, PLATFORM, PLATFORM_INTENTS } from '../../voice/common/intents.js';
import { feedRecording } from '../../voice/node/audioSources.js';
import { commandVocabulary, OfflineCommandRecognizer } from '../../voice/node/commandRecognizer.js';
import { DEFAULT_WAKE, openWakeEngine } from '../../voice/node/engines.js';
import { reportingPipeline } from '../../voice/node/nodePipeline.js';
import { readWav, WavError } from '../../voice/node/wav.js';
import type { CommandIo } from './usage.js';
import { EXIT_INPUT_PROBLEMS, EXIT_OK, parseOptions, UsageError, writeJsonLine } from './usage.js';

export const RECOGNIZE_HELP = `Usage: glovebox voice recognize --wav FILE [--engine offline|porcupine] [--keyword K]

Runs a recording (16 kHz mono 16-bit WAV) through the voice pipeline and prints JSON lines:
  {"t": 1.92, "event": "wake", "phrase": "hey glovebox", "engine": "offline"}
  {"t": 3.10, "event": "transcript", "text": "find a charger", "accepted": true, "free": "…"}
  {"t": 3.10, "event": "intent", "owner": "com.glovebox.charging", "intent": "findCharger", "slots": {}}
  {"t": 6.20, "event": "timeout", "reason": "no-speech"}
  {"t": 8.04, "event": "rejected", "margin": -21.2}
t is seconds into the file. The grammar holds the platform's intents and the bundled apps'.
"rejected" is a wake the offline engine's verifier turned down (docs/adr/0025).
  --engine      offline (default; speech embeddings + the trained head, in process, each wake checked by its verifier) or porcupine (needs PICOVOICE_ACCESS_KEY; falls back to offline, saying why)
  --keyword K   Porcupine's keyword: a built-in name or a .ppn file (default porcupine)

Exit status: 0, 1 the file could not be read (the reason is printed), 2 usage error.`;

const BUNDLED_SOURCES = fileURLToPath(new URL('../../../miniapps/apps', import.meta.url));

/** The platform's intents and the bundled apps' (from their app.json). */
export function bundledIntentSources(): IntentSource[] {
  const apps = readdirSync(BUNDLED_SOURCES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => JSON.parse(readFileSync(join(BUNDLED_SOURCES, entry.name, 'app.json'), 'utf8')) as { car: { id: string; name: string; voiceIntents?: IntentDeclaration[] } })
    .map(({ car }) => ({ owner: car.id, label: car.name, intents: car.voiceIntents ?? [] }));
  return [{ owner: PLATFORM, label: 'Glovebox', intents: PLATFORM_INTENTS }, ...apps];
}

const round = (sample: number): number => Math.round((sample / SAMPLE_RATE) * 100) / 100;

export async function voiceRecognize(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(args, { wav: { type: 'string' }, engine: { type: 'string' }, keyword: { type: 'string' } }, RECOGNIZE_HELP);
  if (values.help) {
    io.stdout.write(`${RECOGNIZE_HELP}\n`);
    return EXIT_OK;
  }
  if (!values.wav) throw new UsageError('--wav FILE is required', RECOGNIZE_HELP);
  const engineName = values.engine ?? 'offline';
  if (engineName !== 'offline' && engineName !== 'porcupine') throw new UsageError(`--engine must be offline or porcupine; found "${engineName}"`, RECOGNIZE_HELP);
  let samples: Int16Array;
  try {
    samples = readWav(values.wav);
  } catch (error) {
    if (!(error instanceof WavError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return EXIT_INPUT_PROBLEMS;
  }
  const sources = bundledIntentSources();
  const vocabulary = commandVocabulary(DEFAULT_WAKE.phrase, DEFAULT_WAKE.pronunciations);
  const grammar = activeGrammar(sources, vocabulary);
  const matcher = new IntentMatcher(sources);
  const opened = openWakeEngine({ ...DEFAULT_WAKE, engine: engineName, porcupine: { keywords: [values.keyword ?? 'porcupine'] } }, process.env, {
    onProblem: (message) => writeJsonLine(io.stdout, { t: 0, event: 'notice', text: message }),
    onRejected: (detection, margin) => writeJsonLine(io.stdout, { t: round(detection.endSample), event: 'rejected', margin: margin === null ? null : Math.round(margin * 10) / 10 }),
    // A recording read faster than real time: no driver waits for a cue, so every wake waits for the verifier, however busy the machine.
    lateAfter: () => ({ at: new Promise<void>(() => undefined), cancel: () => undefined }),
  });
  if (opened.notice) writeJsonLine(io.stdout, { t: 0, event: 'notice', text: opened.notice });
  const recognizer = new OfflineCommandRecognizer({ grammar: grammar.jsgf, pronunciations: vocabulary.pronunciations });
  const pipeline = reportingPipeline(opened.engine, recognizer);
  pipeline.on((event) => {
    if (event.type === 'wake') writeJsonLine(io.stdout, { t: round(event.sample), event: 'wake', phrase: event.phrase, engine: event.engine });
    else if (event.type === 'timeout') writeJsonLine(io.stdout, { t: round(event.sample), event: 'timeout', reason: event.reason });
    else if (event.type === 'error') writeJsonLine(io.stdout, { t: round(event.sample), event: 'error', message: event.message });
    else if (event.type === 'transcript') {
      const { recognition } = event;
      writeJsonLine(io.stdout, { t: round(event.sample), event: 'transcript', text: recognition.transcript, accepted: recognition.accepted, free: recognition.free, margin: recognition.margin === null ? null : Math.round(recognition.margin * 10) / 10 });
      const intent = recognition.accepted && recognition.transcript ? matcher.match(recognition.transcript) : undefined;
      if (intent) writeJsonLine(io.stdout, { t: round(event.sample), event: 'intent', owner: intent.owner, intent: intent.intent, slots: intent.slots });
    }
  });
  try {
    await feedRecording(samples, pipeline, opened.engine);
    await opened.engine.finish();
  } finally {
    pipeline.close();
    opened.engine.close();
    recognizer.close();
  }
  return EXIT_OK;
}
