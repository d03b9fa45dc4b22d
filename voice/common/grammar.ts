/**
 * The command grammar (JSGF) a recogniser listens for after the wake word, built from the
 * active intents: every sample utterance, each {slot} replaced by what may be said for it (the
 * slot's declared values, number words for numbers, the installed apps' names for "open {app}").
 * Words the recogniser's dictionary lacks are reported, and their utterances left out, rather
 * than failing the whole grammar.
 */
import type { IntentSource } from './intents.js';
import { PLATFORM } from './intents.js';

export interface Grammar {
  readonly jsgf: string;
  /** Utterances left out, and why. */
  readonly skipped: readonly string[];
  readonly utterances: number;
}

/** Number words a number slot may take (the intent matcher reads them back as numbers). */
export const NUMBER_WORDS = ['ten', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'one hundred'];

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' {}]+/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
}

export interface GrammarOptions {
  readonly isKnown: (word: string) => boolean;
  readonly appNames?: readonly string[];
  /**
   * A dictionary word that may come before any command: the recogniser's word for whatever tail
   * of the wake phrase it hears first (it starts listening a little before the wake stamp).
   */
  readonly leadIn?: string;
}

export function buildGrammar(sources: readonly IntentSource[], options: GrammarOptions): Grammar {
  const rules: string[] = [];
  const alternatives: string[] = [];
  const skipped: string[] = [];
  let utterances = 0;
  sources.forEach((source, sourceIndex) => {
    source.intents.forEach((intent, intentIndex) => {
      const slotRules = new Map<string, string>();
      for (const slot of intent.slots ?? []) {
        const values = slot.type === 'app' ? (options.appNames ?? []) : slot.type === 'number' ? NUMBER_WORDS : (slot.values ?? []);
        const usable = values.map((value) => words(value).join(' ')).filter((value) => value !== '' && words(value).every(options.isKnown));
        for (const value of values) if (!usable.includes(words(value).join(' '))) skipped.push(`${source.owner} ${intent.name} {${slot.name}}: "${value}" has a word the dictionary lacks`);
        if (usable.length === 0) continue;
        const rule = `slot_${sourceIndex}_${intentIndex}_${slot.name.toLowerCase()}`;
        rules.push(`<${rule}> = ${[...new Set(usable)].join(' | ')};`);
        slotRules.set(slot.name, rule);
      }
      for (const utterance of intent.utterances) {
        const parts = words(utterance).map((word) => {
          const slot = /^\{(\w+)\}$/.exec(word)?.[1];
          if (slot === undefined) return options.isKnown(word) ? word : { missing: word };
          const rule = slotRules.get(slot);
          return rule ? `<${rule}>` : { missing: `{${slot}} (no values to listen for)` };
        });
        const missing = parts.find((part): part is { missing: string } => typeof part !== 'string');
        if (missing) {
          skipped.push(`${source.owner} ${intent.name} "${utterance}": ${missing.missing.startsWith('{') ? missing.missing : `"${missing.missing}" is not in the dictionary`}`);
          continue;
        }
        alternatives.push((parts as string[]).join(' '));
        utterances += 1;
      }
    });
  });
  const commands = [...new Set(alternatives)].join(' | ') || '<VOID>';
  const command = options.leadIn && alternatives.length > 0 ? `[${options.leadIn}] (${commands})` : commands;
  const jsgf = ['#JSGF V1.0;', 'grammar glovebox;', `public <command> = ${command};`, ...rules, ''].join('\n');
  return { jsgf, skipped, utterances };
}

/**
 * The grammar for the intents active now, with the installed apps' names (every source but the
 * platform's) for "open {app}": the one derivation the assistant, the CLI and the benchmarks use.
 */
export function activeGrammar(sources: readonly IntentSource[], vocabulary: Omit<GrammarOptions, 'appNames'>): Grammar {
  return buildGrammar(sources, { ...vocabulary, appNames: sources.filter((source) => source.owner !== PLATFORM).map((source) => source.label) });
}
