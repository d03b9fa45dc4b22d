/**
 * `npm run bench -- voice`: the offline voice pipeline on a corpus synthesised here (flite's
 * voices and espeak-ng's klatt, robosoft and edward variants, two speeds, clean and with cabin
 * noise at 20 and 10 dB SNR). Each condition is one continuous stream, as a microphone hears it:
 * wake + command utterances said in one breath, commands without the wake word, and ordinary
 * speech with confusables ("the glove box is open"). Figures:
 * - wake: false rejections per SNR, false alarms per hour of speech that is not the wake word,
 *   for keyphrase spotting alone (the baseline, measured in the same run) and with the
 *   phone-loop check at several margins (the default marked);
 * - intents: share of wake + command utterances that end in the intended intent;
 * - latency, paced in real time: end of the keyword → listening cue, end of the utterance →
 *   intent (targets 250 ms and 400 ms).
 */
import { DEFAULT_ENDPOINTING } from '../voice/common/endpointer.js';
import { buildGrammar } from '../voice/common/grammar.js';
import { IntentMatcher } from '../voice/common/intents.js';
import { framesOf, SAMPLE_RATE } from '../voice/common/audio.js';
import { cabinNoise, mixAtSnr } from '../voice/common/noise.js';
import type { WakeDetection } from '../voice/common/wakeWord.js';
import { feedRecording } from '../voice/node/audioSources.js';
import { inDictionary, OfflineCommandRecognizer } from '../voice/node/commandRecognizer.js';
import { DEFAULT_WAKE } from '../voice/node/engines.js';
import { OFFLINE_WAKE_DEFAULTS, OfflineWakeWord } from '../voice/node/offlineWakeWord.js';
import { reportingPipeline } from '../voice/node/nodePipeline.js';
import type { VoicePipeline } from '../voice/common/pipeline.js';
import type { Voice } from '../voice/node/speech.js';
import { concat, missingSpeechTools, silence, synthesize } from '../voice/node/speech.js';
import { bundledIntentSources } from '../cli/node/voiceCommand.js';

/** The synthetic voices of the voice benchmarks (flite's four, espeak-ng's three variants). */
export const VOICES: readonly Voice[] = [
  { engine: 'flite', name: 'slt' },
  { engine: 'flite', name: 'rms' },
  { engine: 'flite', name: 'awb' },
  { engine: 'flite', name: 'kal16' },
  { engine: 'espeak-ng', name: 'en-us+klatt' },
  { engine: 'espeak-ng', name: 'en+robosoft' },
  { engine: 'espeak-ng', name: 'en+edward' },
];
const RATES = [0.9, 1.15];
const SNRS: readonly (number | null)[] = [null, 20, 10];
const COMMANDS: ReadonlyArray<readonly [string, string]> = [
  ['find a charger', 'findCharger'],
  ['navigate to the station', 'navigateTo'],
  ['reorder my usual', 'reorderUsual'],
  ['open navigation', 'openApp'],
];
const ORDINARY = ['the glove box is open', 'hey, go buy socks', 'I left my gloves in the box', 'turn left at the next light', 'what time does the game start', 'can you hand me the sunglasses'];
const MARGINS = [0, 3, 6, 9];
const GAP = 1.4;

interface Item {
  readonly kind: 'wake' | 'command' | 'ordinary';
  readonly start: number;
  readonly end: number;
  /** Where "hey glovebox" ends (wake items). */
  readonly keywordEnd?: number;
  readonly intent?: string;
}

/** The trailing quiet of a synthesised phrase cut off, so "hey glovebox" runs into the command. */
function trimmed(samples: Int16Array): Int16Array {
  let end = samples.length;
  while (end > 0 && Math.abs(samples[end - 1] as number) < 300) end -= 1;
  return samples.subarray(0, end);
}

function stream(voice: Voice, rate: number, snr: number | null): { readonly samples: Int16Array; readonly items: readonly Item[] } {
  const pieces: Int16Array[] = [silence(0.8)];
  const items: Item[] = [];
  let at = pieces[0]?.length ?? 0;
  const add = (audio: Int16Array, item: Omit<Item, 'start' | 'end'>, keyword?: number): void => {
    items.push({ ...item, start: at, end: at + audio.length, ...(keyword !== undefined ? { keywordEnd: at + keyword } : {}) });
    pieces.push(audio, silence(GAP));
    at += audio.length + Math.round(GAP * SAMPLE_RATE);
  };
  const wake = trimmed(synthesize('hey glovebox', { ...voice, rate }));
  for (const [text, intent] of COMMANDS) add(concat(wake, synthesize(text, { ...voice, rate })), { kind: 'wake', intent }, wake.length);
  for (const [text] of COMMANDS) add(synthesize(text, { ...voice, rate }), { kind: 'command' });
  for (const text of ORDINARY) add(synthesize(text, { ...voice, rate }), { kind: 'ordinary' });
  const clean = concat(...pieces);
  return { samples: snr === null ? clean : mixAtSnr(clean, cabinNoise(clean.length, 11), snr), items };
}

/** Every keyphrase candidate with its phone-loop margin (the check turned down nothing). */
async function candidates(samples: Int16Array): Promise<WakeDetection[]> {
  const engine = new OfflineWakeWord({ phrase: DEFAULT_WAKE.phrase, verifyMargin: -1e9 });
  const found: WakeDetection[] = [];
  engine.onDetection((detection) => found.push(detection));
  for (const frame of framesOf(samples)) engine.process(frame);
  await engine.finish();
  engine.close();
  return found;
}

/** The pipeline with the offline engines at their defaults, and how to stop all of it. */
function offlinePipeline(grammar: string): { wake: OfflineWakeWord; pipeline: VoicePipeline; close: () => void } {
  const wake = new OfflineWakeWord({ phrase: DEFAULT_WAKE.phrase });
  const recognizer = new OfflineCommandRecognizer({ grammar, pronunciations: DEFAULT_WAKE.pronunciations ?? {} });
  const pipeline = reportingPipeline(wake, recognizer);
  return {
    wake,
    pipeline,
    close: () => {
      pipeline.close();
      wake.close();
      recognizer.close();
    },
  };
}

/** The wake item a detection belongs to (from the keyword's end to one second after it). */
function wakeItemOf(items: readonly Item[], sample: number): Item | undefined {
  return items.find((item) => item.kind === 'wake' && item.keywordEnd !== undefined && sample >= item.keywordEnd - 0.3 * SAMPLE_RATE && sample <= item.keywordEnd + SAMPLE_RATE);
}

async function intents(samples: Int16Array, items: readonly Item[], grammar: string, matcher: IntentMatcher): Promise<number> {
  const { wake, pipeline, close } = offlinePipeline(grammar);
  const right = new Set<Item>();
  pipeline.on((event) => {
    if (event.type !== 'transcript' || !event.recognition.accepted || !event.recognition.transcript) return;
    const item = items.find((each) => each.kind === 'wake' && event.sample >= each.start && event.sample <= each.end + 0.6 * SAMPLE_RATE);
    if (item && matcher.match(event.recognition.transcript)?.intent === item.intent) right.add(item);
  });
  await feedRecording(samples, pipeline, wake);
  close();
  return right.size;
}

/** Real-time paced: ms from the frame with the keyword's end to the cue, and from the end of speech to the intent. */
async function latency(voice: Voice, grammar: string): Promise<{ cue: number[]; intent: number[] }> {
  const { samples, items } = stream(voice, 1, null);
  const { pipeline, close } = offlinePipeline(grammar);
  const fedAt = new Map<number, number>();
  const cue: number[] = [];
  const intent: number[] = [];
  pipeline.on((event) => {
    const now = performance.now();
    if (event.type === 'state' && event.state === 'listening') {
      const item = items.find((each) => each.keywordEnd !== undefined && pipeline.head >= each.keywordEnd && pipeline.head <= each.keywordEnd + 2 * SAMPLE_RATE);
      const frameStart = item?.keywordEnd !== undefined ? Math.floor(item.keywordEnd / 512) * 512 : undefined;
      const fed = frameStart !== undefined ? fedAt.get(frameStart) : undefined;
      if (fed !== undefined) cue.push(now - fed);
    }
    if (event.type === 'transcript') {
      // The end of speech is where the last loud frame was (the endpointer's end).
      const frameStart = Math.floor(event.sample / 512) * 512 - 512;
      const fed = fedAt.get(frameStart);
      if (fed !== undefined) intent.push(now - fed);
    }
  });
  const began = performance.now();
  for (const frame of framesOf(samples)) {
    const due = began + (frame.start / SAMPLE_RATE) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    fedAt.set(frame.start, performance.now());
    pipeline.process(frame);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  close();
  return { cue, intent };
}

const percent = (part: number, whole: number): string => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`);
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const max = (values: readonly number[]): number => values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);

export async function runVoiceBenchmark(): Promise<void> {
  const missing = missingSpeechTools();
  if (missing.length > 0) {
    console.log(`voice: skipped, needs ${missing.join(', ')} (bash scripts/system-deps.sh installs them)`);
    return;
  }
  const sources = bundledIntentSources();
  const pronunciations = DEFAULT_WAKE.pronunciations ?? {};
  const grammar = buildGrammar(sources, { isKnown: (word) => inDictionary(word, pronunciations), appNames: sources.slice(1).map((source) => source.label) }).jsgf;
  const matcher = new IntentMatcher(sources);
  // Per SNR: wake items, misses per margin (index 0: keyphrase spotting alone); false alarms; seconds of non-wake speech.
  const bySnr = new Map<string, { wakes: number; missed: number[]; alarms: number[]; otherSeconds: number; right: number }>();
  const byVoice = new Map<string, { wakes: number; missed: number; right: number }>();
  const thresholds = [Number.NEGATIVE_INFINITY, ...MARGINS];
  for (const snr of SNRS) {
    const label = snr === null ? 'clean' : `${snr} dB`;
    const row = { wakes: 0, missed: thresholds.map(() => 0), alarms: thresholds.map(() => 0), otherSeconds: 0, right: 0 };
    bySnr.set(label, row);
    for (const voice of VOICES) {
      for (const rate of RATES) {
        const { samples, items } = stream(voice, rate, snr);
        const found = await candidates(samples);
        const wakes = items.filter((item) => item.kind === 'wake');
        row.wakes += wakes.length;
        row.otherSeconds += items.filter((item) => item.kind !== 'wake').reduce((sum, item) => sum + (item.end - item.start) / SAMPLE_RATE, 0);
        thresholds.forEach((threshold, index) => {
          const kept = found.filter((detection) => (detection.score ?? Number.POSITIVE_INFINITY) >= threshold);
          const hit = new Set(kept.map((detection) => wakeItemOf(items, detection.endSample)).filter((item) => item !== undefined));
          row.missed[index] = (row.missed[index] as number) + wakes.filter((item) => !hit.has(item)).length;
          row.alarms[index] = (row.alarms[index] as number) + kept.filter((detection) => !wakeItemOf(items, detection.endSample)).length;
          if (threshold === OFFLINE_WAKE_DEFAULTS.verifyMargin) {
            const entry = byVoice.get(voice.name) ?? { wakes: 0, missed: 0, right: 0 };
            entry.wakes += wakes.length;
            entry.missed += wakes.filter((item) => !hit.has(item)).length;
            byVoice.set(voice.name, entry);
          }
        });
        const right = await intents(samples, items, grammar, matcher);
        row.right += right;
        const entry = byVoice.get(voice.name);
        if (entry) entry.right += right;
      }
    }
  }
  console.log(`voice: corpus of ${VOICES.length} voices × ${RATES.length} speeds × ${SNRS.length} noise levels; per stream ${COMMANDS.length} wake+command, ${COMMANDS.length} commands alone, ${ORDINARY.length} ordinary sentences`);
  console.log(`  wake: false rejections / false alarms per hour of other speech (keyphrase spotting alone = baseline; check margins; default ${OFFLINE_WAKE_DEFAULTS.verifyMargin})`);
  for (const [label, row] of bySnr) {
    const hours = row.otherSeconds / 3600;
    const cells = thresholds.map((threshold, index) => `${threshold === Number.NEGATIVE_INFINITY ? 'kws only' : `m≥${threshold}${threshold === OFFLINE_WAKE_DEFAULTS.verifyMargin ? '*' : ''}`}: ${percent(row.missed[index] as number, row.wakes)} / ${((row.alarms[index] as number) / hours).toFixed(0)}/h`);
    console.log(`    ${label.padEnd(6)} ${cells.join('  ')}`);
  }
  console.log(`  intents (wake + command ending in the intended intent, default margin):`);
  for (const [label, row] of bySnr) console.log(`    ${label.padEnd(6)} ${percent(row.right, row.wakes)} (${row.right}/${row.wakes})`);
  console.log(`  by voice (all noise levels, default margin): ${[...byVoice].map(([name, entry]) => `${name} FRR ${percent(entry.missed, entry.wakes)} intents ${percent(entry.right, entry.wakes)}`).join('; ')}`);
  const paced = await latency({ engine: 'flite', name: 'slt' }, grammar);
  console.log(`  latency, real time (flite slt, clean): keyword end → cue p50 ${median(paced.cue).toFixed(0)} ms, max ${max(paced.cue).toFixed(0)} ms (target 250, ratio ${(median(paced.cue) / 250).toFixed(2)}); end of speech → intent p50 ${median(paced.intent).toFixed(0)} ms, max ${max(paced.intent).toFixed(0)} ms (target 400, ratio ${(median(paced.intent) / 400).toFixed(2)}; includes the ${DEFAULT_ENDPOINTING.hangoverSeconds} s end-of-speech pause)`);
}
