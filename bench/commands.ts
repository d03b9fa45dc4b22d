/**
 * `npm run bench -- commands`: what the command recogniser's margin (grammar score per frame
 * minus the free language model's) says about being right, to set CONFIDENT_MARGIN. Each of the
 * bench's synthetic voices says the bundled apps' commands and out-of-grammar requests, clean and
 * with cabin noise at 10 and 5 dB SNR; each utterance goes to the recogniser on its own (no wake
 * word: that engine is measured by `bench -- voice`). Figures per threshold:
 * - right commands that act at once (the rest are read back: one more turn for the driver);
 * - wrong or out-of-grammar utterances that would act at once on an intent that acts (the
 *   failure the threshold exists to prevent; 0 is the goal), and those the grammar rejects.
 * The shipped recogniser is measured beside the earlier one (the free decoder with its second
 * passes, docs/adr/0016), in the same run.
 */
import { framesOf } from '../voice/common/audio.js';
import { activeGrammar } from '../voice/common/grammar.js';
import { IntentMatcher } from '../voice/common/intents.js';
import { cabinNoise, mixAtSnr } from '../voice/common/noise.js';
import { CONFIDENT_MARGIN, heardForCertain, sharesWord } from '../voice/common/recognizer.js';
import type { Recognition } from '../voice/common/recognizer.js';
import { commandVocabulary, OfflineCommandRecognizer } from '../voice/node/commandRecognizer.js';
import type { RecognizerOptions } from '../voice/node/commandRecognizer.js';
import { DEFAULT_WAKE } from '../voice/node/engines.js';
import { concat, missingSpeechTools, silence, synthesize } from '../voice/node/speech.js';
import { bundledIntentSources } from '../cli/node/voiceCommand.js';
import type { Voice } from '../voice/node/speech.js';

/** The seven synthetic voices this benchmark's figures were measured with (flite's four, three espeak-ng variants). */
const VOICES: readonly Voice[] = [
  { engine: 'flite', name: 'slt' },
  { engine: 'flite', name: 'rms' },
  { engine: 'flite', name: 'awb' },
  { engine: 'flite', name: 'kal16' },
  { engine: 'espeak-ng', name: 'en-us+klatt' },
  { engine: 'espeak-ng', name: 'en+robosoft' },
  { engine: 'espeak-ng', name: 'en+edward' },
];
const SNRS: readonly (number | null)[] = [null, 10, 5];
/** In grammar, with the intent each should end in. */
const COMMANDS: ReadonlyArray<readonly [string, string]> = [
  ['find a charger', 'findCharger'],
  ['navigate to the station', 'navigateTo'],
  ['take me home', 'navigateTo'],
  ['drive to the office', 'navigateTo'],
  ['start charging', 'startCharging'],
  ['stop charging', 'stopCharging'],
  ['reorder my usual', 'reorderUsual'],
  ['where is my order', 'orderStatus'],
  ['end the route', 'endRoute'],
  ['add a charging stop', 'addChargingStop'],
  ['open navigation', 'openApp'],
  ['go to the home screen', 'goHome'],
];
/** Nothing the head unit does. */
const OUT_OF_GRAMMAR = ['play some jazz', 'tell me a joke', 'what is the weather', 'call my mother', 'turn up the heat', 'how far is the moon', 'read my messages', 'is it going to rain', 'open the sunroof', 'set a timer', 'who won the game', 'turn on the radio'];
const THRESHOLDS = [0, 6, 9, 12, 15, 18];

interface Heard {
  readonly expected: string | null;
  readonly recognition: Recognition;
}

/** Every voice, level and utterance through one recogniser, each on its own. */
async function hearAll(options: RecognizerOptions): Promise<{ heard: Heard[]; seconds: number }> {
  const recognizer = new OfflineCommandRecognizer(options);
  const heard: Heard[] = [];
  const started = performance.now();
  try {
    for (const voice of VOICES) {
      for (const snr of SNRS) {
        for (const [text, intent] of [...COMMANDS.map(([said, wanted]) => [said, wanted] as const), ...OUT_OF_GRAMMAR.map((said) => [said, null] as const)]) {
          const speech = concat(silence(0.3), synthesize(text, voice), silence(0.4));
          const audio = snr === null ? speech : mixAtSnr(speech, cabinNoise(speech.length, 7), snr);
          recognizer.begin();
          for (const frame of framesOf(audio, 4096)) recognizer.feed(frame.samples);
          heard.push({ expected: intent, recognition: await recognizer.end() });
        }
      }
    }
  } finally {
    await recognizer.close();
  }
  return { heard, seconds: (performance.now() - started) / 1000 };
}

export async function runCommandsBenchmark(): Promise<void> {
  const missing = missingSpeechTools();
  if (missing.length > 0) {
    console.log(`commands: skipped, needs ${missing.join(', ')}`);
    return;
  }
  const sources = bundledIntentSources();
  const vocabulary = commandVocabulary(DEFAULT_WAKE.phrase, DEFAULT_WAKE.pronunciations);
  const grammar = activeGrammar(sources, vocabulary);
  const matcher = new IntentMatcher(sources);
  // The shipped recogniser, and beside it the earlier one whose free decoder ran its second passes.
  for (const [label, freeSecondPass] of [
    ['shipped (the free decoder in one pass)', false],
    ['earlier (the free decoder with its second passes)', true],
  ] as const) {
    const { heard, seconds } = await hearAll({ grammar: grammar.jsgf, pronunciations: vocabulary.pronunciations, freeSecondPass });
    report(label, heard, seconds, matcher);
  }
}

function report(label: string, heard: readonly Heard[], seconds: number, matcher: IntentMatcher): void {
  const acts = (text: string | null): boolean => (text ? matcher.match(text)?.effect === 'acts' : false);
  const intentOf = (recognition: Recognition): string | null => (recognition.accepted && recognition.transcript ? (matcher.match(recognition.transcript)?.intent ?? null) : null);
  const right = heard.filter((item) => item.expected !== null && intentOf(item.recognition) === item.expected);
  const wrong = heard.filter((item) => item.recognition.accepted && intentOf(item.recognition) !== null && intentOf(item.recognition) !== item.expected);
  const oog = heard.filter((item) => item.expected === null);
  const percent = (part: number, whole: number): string => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(0)} %`);
  console.log(`commands, ${label}: ${VOICES.length} voices × ${SNRS.length} noise levels (clean, 10 dB, 5 dB) × ${COMMANDS.length} commands + ${OUT_OF_GRAMMAR.length} out-of-grammar requests: ${heard.length} utterances in ${seconds.toFixed(0)} s`);
  console.log(`  right intent: ${right.length}/${heard.length - oog.length} (${percent(right.length, heard.length - oog.length)}); accepted onto a wrong intent: ${wrong.length}, of them out of grammar ${wrong.filter((item) => item.expected === null).length}/${oog.length}; out of grammar rejected: ${oog.filter((item) => !item.recognition.accepted || intentOf(item.recognition) === null).length}/${oog.length}`);
  const margins = (items: readonly Heard[]): string => {
    const sorted = items.map((item) => item.recognition.margin ?? Number.NaN).filter(Number.isFinite).sort((a, b) => a - b);
    const at = (q: number): string => (sorted.length === 0 ? '—' : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(1));
    return `p10 ${at(0.1)}, median ${at(0.5)}, p90 ${at(0.9)}`;
  };
  console.log(`  margins: right ${margins(right)}; wrong ${margins(wrong)}`);
  console.log('  threshold  right acting at once  right read back  wrong acts at once (acts intents)');
  for (const threshold of THRESHOLDS) {
    const atOnce = right.filter((item) => (item.recognition.margin ?? -Infinity) >= threshold || !acts(item.recognition.transcript)).length;
    const wrongActs = wrong.filter((item) => acts(item.recognition.transcript) && (item.recognition.margin ?? -Infinity) >= threshold).length;
    console.log(`  ${String(threshold).padStart(9)}${threshold === CONFIDENT_MARGIN ? '*' : ' '}  ${percent(atOnce, right.length).padStart(20)}  ${percent(right.length - atOnce, right.length).padStart(15)}  ${String(wrongActs).padStart(5)} of ${wrong.length}`);
  }
  console.log(`  (* CONFIDENT_MARGIN, voice/common/recognizer.ts; "right acting at once" counts intents that only show, which never wait)`);
  // The same with a second witness: the free transcription shares a word of three letters or more with the command.
  console.log('  with the free transcription sharing a word (heardForCertain at the starred row):');
  for (const threshold of THRESHOLDS) {
    const sure = (item: Heard): boolean => (item.recognition.margin ?? -Infinity) >= threshold && sharesWord(item.recognition);
    const atOnce = right.filter((item) => sure(item) || !acts(item.recognition.transcript)).length;
    const wrongActs = wrong.filter((item) => acts(item.recognition.transcript) && sure(item)).length;
    console.log(`  ${String(threshold).padStart(9)}${threshold === CONFIDENT_MARGIN ? '*' : ' '}  ${percent(atOnce, right.length).padStart(20)}  ${percent(right.length - atOnce, right.length).padStart(15)}  ${String(wrongActs).padStart(5)} of ${wrong.length}`);
  }
  const loud = wrong.filter((item) => acts(item.recognition.transcript) && heardForCertain(item.recognition));
  for (const item of loud) console.log(`  wrong and certain: said "${item.expected ?? 'out of grammar'}", heard "${item.recognition.transcript}" (free "${item.recognition.free}", margin ${item.recognition.margin?.toFixed(1)})`);
}
