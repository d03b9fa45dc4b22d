/**
 * The wake-word corpus, made here from Debian's voices (flite, espeak-ng, festival) and generated
 * cabin noise, for the trainer (scripts/wakeword/train.ts) and the benchmark (bench/voice.ts).
 * Deterministic: the same seed gives the same audio.
 *
 * Voices are split three ways: TRAIN_VOICES teach the head; the threshold is chosen on those
 * voices at other speeds and pitches with other sentences; HELD_OUT_VOICES are never used in
 * training or tuning and are what the benchmark's goals are measured on. What the voices read
 * comes from scripts/wakeword/prose.ts: the repository's prose split three ways by a hash, and
 * the installed packages' READMEs for training only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cabinNoise, mixAtSnr, seededRandom } from '../../voice/common/noise.js';
import { DEFAULT_WAKE } from '../../voice/node/engines.js';
import type { Voice } from '../../voice/node/speech.js';
import { concat, silence, synthesizeEach } from '../../voice/node/speech.js';

/** The shipped phrase: the engine's default, declared once (voice/node/engines.ts). */
export const PHRASE = DEFAULT_WAKE.phrase;

/**
 * Recorded voices of other languages (Debian's festival voices for Italian, Czech, Finnish and
 * Catalan), reading the wake phrase spelled in their own language's letters: recorded speakers
 * the English voices do not have, with the accents drivers have. They read the English
 * follow-ups and prose as they are, which makes accented speech and foreign speech for the
 * negatives. A phrase they have no spelling for is not given to them.
 */
const ACCENTED: readonly { readonly voice: Voice; readonly debianPackage: string; readonly says: Readonly<Record<string, string>> }[] = [
  { voice: { engine: 'festival', name: 'pc_diphone' }, debianPackage: 'festvox-itapc16k', says: { 'hey glovebox': 'ei glav box' } },
  { voice: { engine: 'festival', name: 'lp_diphone' }, debianPackage: 'festvox-italp16k', says: { 'hey glovebox': 'ei glav box' } },
  { voice: { engine: 'festival', name: 'czech_dita' }, debianPackage: 'festvox-czech-dita', says: { 'hey glovebox': 'hej glavboks' } },
  { voice: { engine: 'festival', name: 'czech_machac' }, debianPackage: 'festvox-czech-machac', says: { 'hey glovebox': 'hej glavboks' } },
  { voice: { engine: 'festival', name: 'czech_ph' }, debianPackage: 'festvox-czech-ph', says: { 'hey glovebox': 'hej glavboks' } },
  { voice: { engine: 'festival', name: 'suo_fi_lj_diphone' }, debianPackage: 'festvox-suopuhe-lj', says: { 'hey glovebox': 'hei glavboks' } },
  { voice: { engine: 'festival', name: 'hy_fi_mv_diphone' }, debianPackage: 'festvox-suopuhe-mv', says: { 'hey glovebox': 'hei glavboks' } },
  { voice: { engine: 'festival', name: 'upc_ca_ona_hts' }, debianPackage: 'festvox-ca-ona-hts', says: { 'hey glovebox': 'hei glavbocs' } },
];

/**
 * A recorded speaker for the more-voices stage only (ADR 0020): a Czech boy. (festvox-ru's
 * Russian speaker cannot be one: its letter-to-sound rules refuse Latin tokens such as
 * "Vehicle.Speed", so it cannot read the English prose the negatives need; Debian's Hindi,
 * Marathi and Telugu speakers say nothing for Latin letters at all.)
 */
const MORE_ACCENTED: typeof ACCENTED = [{ voice: { engine: 'festival', name: 'czech_krb' }, debianPackage: 'festvox-czech-krb', says: { 'hey glovebox': 'hej glavboks' } }];

/** Voices the head is trained and tuned on. */
export const TRAIN_VOICES: readonly Voice[] = [
  { engine: 'flite', name: 'slt' },
  { engine: 'flite', name: 'rms' },
  { engine: 'espeak-ng', name: 'en-us+m1' },
  { engine: 'espeak-ng', name: 'en-us+m3' },
  { engine: 'espeak-ng', name: 'en-us+f1' },
  { engine: 'espeak-ng', name: 'en-us+f3' },
  { engine: 'espeak-ng', name: 'en+m5' },
  { engine: 'espeak-ng', name: 'en+f4' },
  { engine: 'espeak-ng', name: 'en-gb-scotland+m2' },
  { engine: 'espeak-ng', name: 'en-gb-x-rp+f2' },
  { engine: 'espeak-ng', name: 'en-gb+m7' },
  { engine: 'espeak-ng', name: 'en-us+croak' },
  { engine: 'festival', name: 'ked_diphone' },
  { engine: 'festival', name: 'cmu_us_slt_arctic_hts' },
  ...ACCENTED.map((accented) => accented.voice),
];

/**
 * Voices the more-voices stage adds to training (`--extra more-voices`, ADR 0020): espeak-ng's
 * other speaker variants over its English accents (never the held-out voices' families: klatt,
 * robosoft, edward, f5, gbclan) and one more recorded festival speaker.
 */
export const MORE_VOICES: readonly Voice[] = [
  ...['en-us+Andy', 'en-us+Annie', 'en-us+Denis', 'en+Gene', 'en-us+Lee', 'en+Michael', 'en-us+norbert', 'en+quincy', 'en-us+robert', 'en-gb-x-rp+steph', 'en-us+travis', 'en-us+m6'].map((name): Voice => ({ engine: 'espeak-ng', name })),
  ...MORE_ACCENTED.map((accented) => accented.voice),
];

/**
 * Robotic voices for the robotic-voices stage only (`--extra robotic-voices`, ADR 0030): espeak-ng's
 * adam and benjamin variants, which drive its Klatt synthesiser (klatt 6) as the held-out
 * en+robosoft (klatt 5) does, over two accents. Neither is of a held-out family (klatt, robosoft,
 * edward) nor among the unfamiliar voices. They say the phrase, and its neighbours and prose as
 * negatives, so that a head learning the neighbours apart learns it for a synthetic voice too.
 */
export const ROBOTIC_VOICES: readonly Voice[] = ['en+adam', 'en-us+adam', 'en+benjamin', 'en-us+benjamin'].map((name): Voice => ({ engine: 'espeak-ng', name }));

/**
 * Voices that only ever say the phrase for validation (docs/adr/0023): speakers the head never
 * hears in training, so the trainer can see what a threshold costs a driver whose voice it does
 * not know, as the benchmark's held-out voices do (ADR 0020 took six of them into more-voices;
 * they are kept out of it since). None is of a held-out voice's family or accent. Since ADR
 * 0029 three of them are robotic: espeak-ng variants that drive its Klatt synthesiser with a low
 * or narrow pitch (UniRobot, announcer, david), as the held-out en+robosoft does, so the rule
 * and `--no-worse-than` see what a head costs a voice of that kind (ADR 0028 found a candidate
 * that could not hear robosoft while every validation figure held).
 */
export const UNFAMILIAR_VOICES: readonly Voice[] = ['en+aunty', 'en-gb+boris', 'en-029+Jacky', 'en-gb-x-gbcwmd+max', 'en-us+anika', 'en-us+grandpa', 'en+UniRobot', 'en+announcer', 'en+david'].map((name): Voice => ({ engine: 'espeak-ng', name }));

/** The festival voices the trainer may use, by the Debian package that carries each. */
const FESTIVAL_PACKAGES: Readonly<Record<string, string>> = {
  ked_diphone: 'festvox-kdlpc16k',
  cmu_us_slt_arctic_hts: 'festvox-us-slt-hts',
  ...Object.fromEntries([...ACCENTED, ...MORE_ACCENTED].map((accented) => [accented.voice.name, accented.debianPackage])),
};

/** Debian's festival voices among `voices` this machine lacks, as one apt-get line's packages (null when all are there). */
export function festivalMissing(voices: readonly Voice[], root = '/usr/share/festival/voices'): string | null {
  const folders = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name) : []);
  const have = new Set(folders(root).flatMap((language) => folders(join(root, language))));
  const missing = voices.filter((voice) => voice.engine === 'festival' && !have.has(voice.name)).map((voice) => FESTIVAL_PACKAGES[voice.name] as string);
  return missing.length === 0 ? null : ['festival', ...new Set(missing)].join(' ');
}

/** What `voice` is given to read so that it says `phrase`: the phrase itself, or an accented voice's spelling of it (null when it has none). */
export function spellingFor(phrase: string, voice: Voice): string | null {
  const accented = [...ACCENTED, ...MORE_ACCENTED].find((each) => each.voice.name === voice.name && each.voice.engine === voice.engine);
  return accented === undefined ? phrase : (accented.says[phrase] ?? null);
}

/**
 * The rooms and microphones a clip may be heard through (sox effects): as synthesised, a
 * small reverberant cabin, a narrow microphone, and both.
 */
export const ROOMS: readonly (readonly string[])[] = [[], ['reverb', '30', '50', '40', '100', '5'], ['highpass', '250', 'lowpass', '3800'], ['reverb', '45', '50', '60', '100', '10', 'highpass', '180', 'lowpass', '5500']];

/** Samples heard through a room (ROOMS), the same length as given. */
export function inRoom(samples: Int16Array, room: readonly string[]): Int16Array {
  if (room.length === 0) return samples;
  const format = ['-t', 'raw', '-r', '16000', '-e', 'signed', '-b', '16', '-c', '1'];
  const result = spawnSync('sox', ['-R', ...format, '-', ...format, '-', ...room], { input: Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength), maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`sox ${room.join(' ')} failed: ${result.stderr.toString().trim()}`);
  const out = new Int16Array(samples.length);
  out.set(new Int16Array(result.stdout.buffer, result.stdout.byteOffset, Math.min(samples.length, Math.floor(result.stdout.byteLength / 2))));
  return out;
}

/** Voices never heard in training or tuning: the benchmark's goals are measured on these. */
export const HELD_OUT_VOICES: readonly Voice[] = [
  { engine: 'flite', name: 'awb' },
  { engine: 'flite', name: 'kal16' },
  { engine: 'espeak-ng', name: 'en-us+klatt' },
  { engine: 'espeak-ng', name: 'en+robosoft' },
  { engine: 'espeak-ng', name: 'en+edward' },
  { engine: 'espeak-ng', name: 'en-gb-x-gbclan+f5' },
];

/**
 * Phrases that sound like the wake phrase, or share a word with it, and must not wake; among
 * them the product's name said in passing ("in Glovebox ..."), which drivers and the
 * repository's prose say often and which woke the ADR 0017 head.
 */
export const CONFUSABLES = [
  'hey',
  'glove box',
  'the glovebox is open',
  'hey google',
  'hey, go buy socks',
  'hey love socks',
  'hey glow fox',
  'heavy gloves',
  'hey there, glow box',
  'a gloved box',
  'okay, go back',
  'hey, close the box',
  'play glove box music',
  'hey bob',
  'glovebox',
  'in glovebox',
  'with glovebox',
  'open glovebox',
  'the glovebox app',
  'hey, look in the glovebox',
];

/**
 * The phrase's phonetic neighbours, for training only (`--extra near-phrases`, docs/adr/0026):
 * "hey" and a word one sound or one syllable away from "glovebox", a part of it, or another
 * "...box" name. Said alone and clean, neighbours like these woke the ADR 0025 head and passed
 * its second opinion, so only the head can learn them apart.
 */
export const NEAR_PHRASES = [
  'hey glove',
  'hey box',
  'hey glow',
  'hey love',
  'hey globe',
  'hey grove box',
  'hey club box',
  'hey dove box',
  'hey glove socks',
  'hey glove fox',
  'hey blue box',
  'hey glue box',
  'hey gold box',
  'hey glass box',
  'hey clock box',
  'hey glove bags',
  'hey glove books',
  'hey lovely box',
  'hey cloves',
  'hey loaves',
  'hey go box',
  'hey boxes',
  'they love blocks',
  'hey glover',
  'hey glove compartment',
  'hey jukebox',
  'hey xbox',
  'hey dropbox',
  'hey toolbox',
  'hey shoebox',
  'hey mailbox',
  'hey lunchbox',
  'hey soapbox',
];

/**
 * The neighbours that keep the phrase's shape, two words with one or two sounds changed ("hey
 * glove fox", "hey dove box"), and the rest: a part of the phrase, a word added or run
 * together, another "...box" name. The `far-phrases` stage (ADR 0029) trains on the rest only,
 * to measure whether the close ones are what cost en+robosoft its wakes.
 */
export const CLOSE_NEAR_PHRASES: ReadonlySet<string> = new Set(['hey grove box', 'hey club box', 'hey dove box', 'hey glove socks', 'hey glove fox', 'hey blue box', 'hey glue box', 'hey gold box', 'hey glass box', 'hey clock box', 'hey go box', 'they love blocks', 'hey glove bags', 'hey glove books']);
export const FAR_NEAR_PHRASES: readonly string[] = NEAR_PHRASES.filter((phrase) => !CLOSE_NEAR_PHRASES.has(phrase));

/**
 * The product's name after another word, for training only (`--extra name-leads`, ADR 0032):
 * what nearly every false wake in the validation's READMEs is ("In Glovebox, ...", "So Glovebox
 * ..."), said by voices the head never hears. Never a greeting ("hi", "okay") a driver might
 * mean as the phrase, nor a word that sounds like "hey" ("they", "say", "a"); "play" stays, as
 * "play glove box music" is a command a driver says.
 */
export const NAME_LEAD_PHRASES: readonly string[] = ['in', 'with', 'so', 'the', 'open', 'play', 'my', 'your', 'our', 'this', 'from', 'about', 'inside', 'to', 'and', 'via', 'use', 'by', 'check', 'ask', 'on', 'for', 'is', 'then', 'when', 'if', 'as', 'at', 'into', 'now', 'call', 'start', 'run', 'like', 'without', 'through'].map((lead) => `${lead} glovebox`);

/**
 * Other neighbours, never trained on: what tells whether a head learned the sound of the phrase
 * or only NEAR_PHRASES (scripts/wakeword/nearPhrases.ts). Each wakes the ADR 0025 head for
 * some voices (35 of 168 clips).
 */
export const HELD_NEAR_PHRASES = ['hey globe ox', 'hey love box', 'they glove box', 'hey glow box', 'hey blocks', 'hey gloves'];

/**
 * What a line of the negatives is, for counting its false wakes apart (docs/adr/0038):
 * - `confusable`: one of the CONFUSABLES, said on purpose;
 * - `names`: other speech that names the product ("glove", "glovebox", "glove box" in any form)
 *   or says one of the phrase's listed neighbours (NEAR_PHRASES, HELD_NEAR_PHRASES), as the
 *   docs do when they quote them;
 * - `ordinary`: everything else, speech that shares no word with the phrase but "hey" — what
 *   the public false-alarm figures are counted on.
 */
export type NegativeKind = 'confusable' | 'names' | 'ordinary';
export const NEGATIVE_KINDS: readonly NegativeKind[] = ['ordinary', 'names', 'confusable'];

const spokenWords = (text: string): string => ` ${text.toLowerCase().replace(/[^a-z']+/g, ' ').trim()} `;
const NEIGHBOURS = [...NEAR_PHRASES, ...HELD_NEAR_PHRASES].map(spokenWords);

/** A negative line's kind (NegativeKind): the neighbours as whole words, "glove" at a word's start. */
export function negativeKind(line: string): NegativeKind {
  if (CONFUSABLES.includes(line)) return 'confusable';
  const words = spokenWords(line);
  if (/ glove/.test(words) || NEIGHBOURS.some((neighbour) => words.includes(neighbour))) return 'names';
  return 'ordinary';
}

/** Commands said after the wake phrase (in one breath) in positive clips. */
export const FOLLOW_UPS = ['find a charger', 'navigate to the station', 'reorder my usual', 'open navigation', 'what is my order status', 'take me home', 'start charging', 'cancel'];

/** SNRs of the noise conditions (null: clean). */
export const SNRS: readonly (number | null)[] = [null, 10, 5];

export function voiceLabel(voice: Voice): string {
  return `${voice.engine === 'flite' ? 'flite ' : ''}${voice.name}`;
}

export interface WakeClip {
  readonly samples: Int16Array;
  /** Where the phrase starts and ends (samples). */
  readonly keywordStart: number;
  readonly keywordEnd: number;
}

/** The trailing quiet of a synthesised phrase cut off, so the phrase runs into what follows. */
export function trimmed(samples: Int16Array): Int16Array {
  let start = 0;
  while (start < samples.length && Math.abs(samples[start] as number) < 300) start += 1;
  let end = samples.length;
  while (end > start && Math.abs(samples[end - 1] as number) < 300) end -= 1;
  return samples.subarray(Math.max(0, start - 160), Math.min(samples.length, end + 160));
}

/** Scales samples by a gain, clipped to 16 bits. */
export function gained(samples: Int16Array, gain: number): Int16Array {
  return samples.map((sample) => Math.max(-32768, Math.min(32767, Math.round(sample * gain))));
}

export function noisy(samples: Int16Array, snr: number | null, seed: number): Int16Array {
  return snr === null ? samples : mixAtSnr(samples, cabinNoise(samples.length, seed), snr);
}

/**
 * The wake phrase after a lead-in of quiet and before `follow` (said in one breath, or nothing),
 * with cabin noise at `snr`.
 */
export function wakeClip(phrase: string, voice: Voice, follow: string | null, snr: number | null, seed: number, room: readonly string[] = []): WakeClip {
  const next = seededRandom(seed);
  const lead = silence(0.4 + (next() + 0.5) * 0.8);
  const [said, followed] = synthesizeEach(follow === null ? [phrase] : [phrase, follow], voice) as [Int16Array, Int16Array?];
  const wake = trimmed(said);
  const after = followed === undefined ? silence(1) : concat(silence(0.05 + (next() + 0.5) * 0.25), followed);
  const samples = noisy(gained(inRoom(concat(lead, wake, after, silence(0.3)), room), 0.5 + (next() + 0.5)), snr, seed);
  return { samples, keywordStart: lead.length, keywordEnd: lead.length + wake.length };
}

/** Sentences said one after another with pauses, as one stream, heard through `room`, with cabin noise at `snr`. */
export function speechStream(voice: Voice, sentences: readonly string[], snr: number | null, seed: number, room: readonly string[] = []): Int16Array {
  return spokenLines(voice, sentences, snr, seed, room).samples;
}

/** speechStream, and where each sentence lies in it (samples). */
export function spokenLines(voice: Voice, sentences: readonly string[], snr: number | null, seed: number, room: readonly string[] = []): { samples: Int16Array; lines: { text: string; start: number; end: number }[] } {
  const next = seededRandom(seed);
  const pieces: Int16Array[] = [silence(0.5)];
  const lines: { text: string; start: number; end: number }[] = [];
  let at = pieces[0]?.length ?? 0;
  const said = synthesizeEach(sentences, voice);
  for (const [index, sentence] of sentences.entries()) {
    const spoken = said[index] as Int16Array;
    const pause = silence(0.3 + (next() + 0.5) * 1.2);
    lines.push({ text: sentence, start: at, end: at + spoken.length });
    pieces.push(spoken, pause);
    at += spoken.length + pause.length;
  }
  return { samples: noisy(inRoom(concat(...pieces), room), snr, seed), lines };
}
