/**
 * The offline command recogniser: each utterance decoded against the command grammar and by the
 * general language model (pocketsphinx, in a sidecar that stays up and decodes while the driver
 * speaks, so the answer is ready soon after the end of speech). The grammar always finds its
 * nearest command; when the language model explains the audio better (a higher score per frame
 * than the grammar's, by more than the margin), the utterance is out of grammar and rejected,
 * so "tell me a joke" is not forced onto "cancel".
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { framesOf } from '../common/audio.js';
import type { Recognition, Recognizer } from '../common/recognizer.js';
import { SphinxStretches } from './sphinxStretches.js';

export type { Recognition } from '../common/recognizer.js';

export interface RecognizerOptions {
  readonly grammar: string;
  readonly pronunciations?: Readonly<Record<string, string>>;
  /** How much better (per frame) the language model must be to reject; 0 by default. */
  readonly rejectMargin?: number;
  /**
   * Whether the free language model's decoder runs its second passes (flat lexicon, best path)
   * when an utterance ends. Off: they delay every answer by 65–126 ms and the margins were
   * measured both ways (`bench -- commands`, docs/adr/0016); on is the earlier recogniser.
   */
  readonly freeSecondPass?: boolean;
  readonly python?: string;
}

const SIDECAR = fileURLToPath(new URL('../../../voice/node/sidecar/pocketsphinx_command.py', import.meta.url));
export const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

let dictionary: Map<string, string> | undefined;

/** CMUdict as Debian ships it: each word's first pronunciation. */
function cmudict(): Map<string, string> {
  dictionary ??= new Map(
    readFileSync(`${MODEL_DIR}/cmudict-en-us.dict`, 'utf8')
      .split('\n')
      .map((line) => /^(\S+)\s+(.+)$/.exec(line.trim()))
      .filter((match): match is RegExpExecArray => match !== null && !(match[1] ?? '').includes('('))
      .map((match) => [match[1] as string, (match[2] as string).replace(/#.*$/, '').trim()]),
  );
  return dictionary;
}

/** Whether the recogniser's dictionary (CMUdict as Debian ships it) has this word. */
export function inDictionary(word: string, extra: Readonly<Record<string, string>> = {}): boolean {
  return word in extra || cmudict().has(word);
}

/**
 * The grammar's word for a tail of the wake phrase (docs/adr/0015). The recogniser starts
 * listening a little before the wake stamp, so it may hear "…box" before the command; this word,
 * optional before every command, takes it, and is never part of a transcript.
 */
export const LEAD_IN = 'wakephrasetail';

/** What the command grammar and its recogniser share: the words they know, the lead-in's phones. */
export interface CommandVocabulary {
  readonly isKnown: (word: string) => boolean;
  readonly pronunciations: Readonly<Record<string, string>>;
  readonly leadIn: string;
}

/**
 * The vocabulary for commands said after `wakePhrase`: CMUdict, the phrase's own words
 * (`pronunciations`, for words CMUdict lacks) and the lead-in, whose pronunciations are every
 * tail of the phrase's phones ("S", "K S", "AA K S"… up to the whole phrase).
 */
export function commandVocabulary(wakePhrase: string, pronunciations: Readonly<Record<string, string>> = {}): CommandVocabulary {
  const phones = wakePhrase
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '')
    .flatMap((word) => {
      const found = pronunciations[word] ?? cmudict().get(word);
      if (found === undefined) throw new Error(`the wake phrase's word "${word}" has no pronunciation: give it in the wake settings' pronunciations`);
      return found.split(/\s+/);
    });
  const tails: Record<string, string> = {};
  for (let from = phones.length - 1; from >= 0; from -= 1) {
    const n = phones.length - from;
    tails[n === 1 ? LEAD_IN : `${LEAD_IN}(${n})`] = phones.slice(from).join(' ');
  }
  const all = { ...pronunciations, ...tails };
  return { isKnown: (word) => inDictionary(word, all), pronunciations: all, leadIn: LEAD_IN };
}

/** A grammar transcript without the lead-in; null when nothing else was heard. */
function withoutLeadIn(text: string | undefined): string | null {
  const rest = (text ?? '')
    .split(/\s+/)
    .filter((word) => word !== '' && word !== LEAD_IN)
    .join(' ');
  return rest === '' ? null : rest;
}

interface SidecarResult {
  readonly grammar: { readonly text: string; readonly scorePerFrame: number } | null;
  readonly free: { readonly text: string; readonly scorePerFrame: number } | null;
}

/** One recogniser per grammar: utterances one after another (`begin`, `feed`…, `end`). */
export class OfflineCommandRecognizer implements Recognizer {
  readonly name = 'offline';
  private readonly sidecar: SphinxStretches<SidecarResult>;

  constructor(private readonly options: RecognizerOptions) {
    const settings = { grammar: options.grammar, pronunciations: options.pronunciations ?? {}, freeSecondPass: options.freeSecondPass ?? false };
    this.sidecar = new SphinxStretches(SIDECAR, settings, 'the command recogniser', options.python);
  }

  private judge(message: SidecarResult): Recognition {
    const margin = message.grammar && message.free ? message.grammar.scorePerFrame - message.free.scorePerFrame : message.grammar ? Number.POSITIVE_INFINITY : null;
    return { transcript: withoutLeadIn(message.grammar?.text), free: message.free?.text ?? null, margin, accepted: margin !== null && margin > -(this.options.rejectMargin ?? 0) };
  }

  /** Starts an utterance (an unfinished one is dropped). */
  begin(): void {
    this.sidecar.begin();
  }

  feed(samples: Int16Array): void {
    this.sidecar.feed(samples);
  }

  /** Ends the utterance: what was said, as soon as both decoders have finished it. */
  async end(): Promise<Recognition> {
    return this.judge(await this.sidecar.end());
  }

  /** Stops the sidecar; settles once it has gone, its temporary folder with it. */
  close(): Promise<void> {
    return this.sidecar.close();
  }
}

/** One utterance recognised by a recogniser of its own (tests, the CLI). */
export async function recognize(samples: Int16Array, options: RecognizerOptions): Promise<Recognition> {
  const recognizer = new OfflineCommandRecognizer(options);
  try {
    recognizer.begin();
    for (const frame of framesOf(samples, 4096)) recognizer.feed(frame.samples);
    return await recognizer.end();
  } finally {
    await recognizer.close();
  }
}
