/**
 * Intents from what the driver said: each app's `car.voiceIntents` (sample utterances with
 * {slots}) and the platform's own (go home, open an app, yes, no) as patterns, matched against
 * a transcript. A transcript that matches no pattern is out of grammar and goes nowhere:
 * nothing is forced onto the nearest command. The voice pipeline (wake word, recognition) feeds
 * this with transcripts; until then the simulator's text box does.
 */

export interface IntentSlot {
  readonly name: string;
  readonly type: string;
  /** What may be said for it, for a recogniser that needs a closed grammar ("home", "the station"). */
  readonly values?: readonly string[];
}

/**
 * What carrying out an intent does: `shows` something (a list, a status), `acts` (starts a route,
 * a charge, an order: the default, so an app that says nothing is treated with care), or `pays`
 * (ends in a payment, which is always confirmed at the payment itself).
 */
export const INTENT_EFFECTS = ['shows', 'acts', 'pays'] as const;
export type IntentEffect = (typeof INTENT_EFFECTS)[number];

export interface IntentDeclaration {
  readonly name: string;
  readonly utterances: readonly string[];
  readonly slots?: readonly IntentSlot[];
  readonly page?: string;
  readonly effect?: IntentEffect;
}

/** Whose intents: an app (by id) or the platform. */
export interface IntentSource {
  readonly owner: string;
  /** What the driver calls it ("open Charging"). */
  readonly label: string;
  readonly intents: readonly IntentDeclaration[];
}

export interface MatchedIntent {
  readonly owner: string;
  readonly intent: string;
  /** The declaration's effect (an app's intent without one: acts; the platform's own: shows). */
  readonly effect: IntentEffect;
  readonly slots: Readonly<Record<string, string | number>>;
  readonly page?: string;
  /** The utterance pattern that matched. */
  readonly pattern: string;
}

export const PLATFORM = 'platform';

/** The platform's own intents. `open {app}` is filled with the installed apps' names. */
export const PLATFORM_INTENTS: readonly IntentDeclaration[] = [
  { name: 'goHome', utterances: ['go home screen', 'home screen', 'go to the home screen', 'show the home screen', 'close the app'] },
  { name: 'openApp', utterances: ['open {app}', 'start {app}', 'launch {app}', 'show {app}'], slots: [{ name: 'app', type: 'app' }] },
  { name: 'confirm', utterances: ['yes', 'yes please', 'confirm', 'yes confirm', 'do it', 'go ahead'] },
  { name: 'cancel', utterances: ['no', 'cancel', 'no thanks', 'stop', 'never mind'] },
];

/** Said before or after a command without changing it. */
const FILLER = /^(hey glovebox|ok glovebox|glovebox|please|can you|could you|would you|i want to|i'd like to|id like to|let's|lets)\s+|\s+(please|thanks|thank you)$/;

const NUMBERS: Readonly<Record<string, number>> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100 };

export function normaliseTranscript(text: string): string {
  let result = text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^a-z0-9' %]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (let previous = ''; previous !== result; ) {
    previous = result;
    result = result.replace(FILLER, '').trim();
  }
  return result;
}

/** "eighty", "80", "80 %", "eighty percent" → 80; undefined when it is not a number. */
function numberOf(text: string): number | undefined {
  const digits = /^(\d+(?:\.\d+)?)\s*(%|percent)?$/.exec(text);
  if (digits) return Number(digits[1]);
  const words = text.replace(/\s*(%|percent)$/, '').split(/[ -]/);
  if (words.length === 0 || words.some((word) => NUMBERS[word] === undefined)) return undefined;
  return words.reduce((sum, word) => (word === 'hundred' ? Math.max(sum, 1) * 100 : sum + (NUMBERS[word] as number)), 0);
}

interface CompiledPattern {
  readonly owner: string;
  readonly intent: IntentDeclaration;
  readonly pattern: string;
  readonly regex: RegExp;
  readonly slotNames: readonly string[];
  /** Literal words: a longer literal match wins over a shorter one. */
  readonly literalLength: number;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(owner: string, intent: IntentDeclaration, utterance: string): CompiledPattern {
  const slotNames: string[] = [];
  const normalised = utterance.toLowerCase().replace(/[^a-z0-9'{} %]+/g, ' ').replace(/\s+/g, ' ').trim();
  const source = normalised
    .split(/(\{\w+\})/)
    .map((part) => {
      const slot = /^\{(\w+)\}$/.exec(part);
      if (!slot) return escape(part);
      slotNames.push(slot[1] as string);
      return '(.+?)';
    })
    .join('');
  return { owner, intent, pattern: utterance, regex: new RegExp(`^${source}$`), slotNames, literalLength: normalised.replace(/\{\w+\}/g, '').length };
}

export class IntentMatcher {
  private readonly patterns: CompiledPattern[];

  constructor(sources: readonly IntentSource[]) {
    this.patterns = sources.flatMap((source) => source.intents.flatMap((intent) => intent.utterances.map((utterance) => compile(source.owner, intent, utterance))));
    // Most specific first: more literal words, then fewer slots.
    this.patterns.sort((a, b) => b.literalLength - a.literalLength || a.slotNames.length - b.slotNames.length);
  }

  /** The intent the transcript says, or undefined when it is out of grammar. */
  match(transcript: string): MatchedIntent | undefined {
    const text = normaliseTranscript(transcript);
    if (text === '') return undefined;
    for (const candidate of this.patterns) {
      const found = candidate.regex.exec(text);
      if (!found) continue;
      const slots: Record<string, string | number> = {};
      let valid = true;
      candidate.slotNames.forEach((name, index) => {
        const value = (found[index + 1] as string).trim();
        const type = candidate.intent.slots?.find((slot) => slot.name === name)?.type;
        if (type === 'number') {
          const number = numberOf(value);
          if (number === undefined) valid = false;
          else slots[name] = number;
        } else slots[name] = value.replace(/^(the|a|an|my) /, (article) => (type === 'place' ? article : ''));
      });
      if (!valid) continue;
      const effect = candidate.owner === PLATFORM ? 'shows' : (candidate.intent.effect ?? 'acts');
      return { owner: candidate.owner, intent: candidate.intent.name, effect, slots, ...(candidate.intent.page ? { page: candidate.intent.page } : {}), pattern: candidate.pattern };
    }
    return undefined;
  }
}
