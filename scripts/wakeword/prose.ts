/**
 * The written text the wake-word corpus is read from: this repository's own prose (README and
 * docs), split by a hash so the trainer's and the benchmark's never overlap (proseShare), the
 * benchmark's share frozen in a file (readFrozenProse, docs/adr/0039), and sentences of the
 * installed packages' READMEs for training only (packageSentences). The audio is made from it
 * by scripts/wakeword/corpus.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Which use a prose sentence is kept for: teaching the head, choosing its threshold, or the benchmark's negatives. */
export type ProseShare = 'training' | 'validation' | 'benchmark';
const SHARES: readonly ProseShare[] = ['training', 'validation', 'benchmark'];

/**
 * A sentence's share, from a hash of its words: a third each, and the same share whatever else
 * the documents say, so a new paragraph never moves a sentence the trainer heard into the
 * benchmark (a split by position did, every time the docs changed).
 */
export function proseShare(sentence: string): ProseShare {
  return SHARES[(createHash('sha256').update(sentence.toLowerCase()).digest()[0] as number) % 3] as ProseShare;
}

/** The sentences of one share, of those given. */
export function proseOfShare(sentences: readonly string[], share: ProseShare): string[] {
  return sentences.filter((sentence) => proseShare(sentence) === share);
}

/** The repository's prose sentences of one share. */
export function proseFor(root: string, share: ProseShare): string[] {
  return proseOfShare(proseSentences(root), share);
}

/** Sentences of the repository's own prose: no code, no tables, 4 to 22 words, never the wake phrase. */
export function proseSentences(root: string): string[] {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`), ...readdirSync(join(root, 'docs/adr')).filter((name) => name.endsWith('.md')).map((name) => `docs/adr/${name}`)].sort();
  return [...new Set(files.flatMap((file) => markdownSentences(readFileSync(join(root, file), 'utf8'))))];
}

/** The speakable sentences of a markdown text: no code, no tables, no headings, 4 to 22 words, never the wake phrase. */
export function markdownSentences(markdown: string): string[] {
  const sentences: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced || line.startsWith('|') || line.startsWith('#') || line.startsWith('    ') || line.trimStart().startsWith('<')) continue;
    const text = line.replace(/`[^`]*`/g, ' ').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/https?:\/\/\S+/g, ' ').replace(/[*_>#]/g, ' ').replace(/^\s*[-\d.]+\s/, ' ');
    for (const sentence of text.split(/(?<=[.!?;:])\s+/)) {
      const spoken = spokenSentence(sentence);
      if (spoken !== null) sentences.push(spoken);
    }
  }
  return sentences;
}

/** A sentence as a voice reads it: its words only, 4 to 22 of them, never the wake phrase (null otherwise). */
function spokenSentence(sentence: string): string | null {
  const words = sentence.replace(/[^A-Za-z' ,.?!-]/g, ' ').split(/\s+/).filter((word) => /^[A-Za-z]/.test(word));
  if (words.length < 4 || words.length > 22) return null;
  const spoken = words.join(' ');
  return /hey,?\s+glove\s?box/i.test(spoken) ? null : spoken;
}

/** Where the benchmark's prose is frozen, from the repository's root (`npm run freeze:prose` writes it). */
export const FROZEN_PROSE = 'bench/negatives/prose.txt';

/**
 * The benchmark's prose, frozen (docs/adr/0039): the benchmark share of the docs as they were
 * when it was last written (`npm run freeze:prose`), one sentence a line. Read from the file,
 * not the docs, so a new ADR quoting the benchmark's false wakes does not change what the next
 * run hears. Every line is checked: a sentence as markdownSentences would give it, of the
 * benchmark's share (so the trainer, which reads the docs, never heard it), said once.
 */
export function readFrozenProse(path: string): string[] {
  const seen = new Map<string, number>();
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [index, line] of lines.entries()) {
    const where = `${path}:${index + 1}`;
    if (spokenSentence(line) !== line) throw new Error(`${where}: expected one speakable sentence (4 to 22 words of letters, no markup, never the wake phrase), found "${line}"`);
    const share = proseShare(line);
    if (share !== 'benchmark') throw new Error(`${where}: "${line}" is of the ${share} share, which the trainer reads; the benchmark's prose must be of the benchmark share`);
    const before = seen.get(line);
    if (before !== undefined) throw new Error(`${where}: "${line}" is said already at line ${before}`);
    seen.set(line, index + 1);
  }
  if (lines.length === 0) throw new Error(`${path}: expected the benchmark's prose, one sentence a line; found no sentence`);
  return lines;
}

/** The text of a frozen prose file: the benchmark share of the docs under `root`, one a line. */
export function frozenProseText(root: string): string {
  return `${proseFor(root, 'benchmark').join('\n')}\n`;
}

/**
 * How a sentence of other prose is made to mention the product, as drivers and passengers do
 * ("Glovebox says ...", "in Glovebox, ..."): the name without "hey" must not wake (ADR 0019).
 */
const NAME_LEADS = ['Glovebox', 'In Glovebox,', 'The glovebox', 'So Glovebox', 'With Glovebox', 'Glovebox, then'];

/**
 * More speech for training only, beyond the repository's prose (ADR 0019): sentences of the
 * READMEs of the npm packages the lockfile installs (node_modules), other writers on other
 * subjects, chosen by hash (`oneIn`), every third led by the product's name (NAME_LEADS).
 * None of it is ever in the benchmark, which reads only the repository's benchmark share.
 * `part` 'rest' is every sentence the hash leaves out, which the trainer's long validation
 * speech reads (ADR 0022), so the two never share a sentence.
 */
export function packageSentences(root: string, oneIn: number, part: 'chosen' | 'rest' = 'chosen'): string[] {
  const modules = join(root, 'node_modules');
  if (!existsSync(modules)) throw new Error(`${modules}: missing; run npm ci first (the trainer reads the installed packages' READMEs)`);
  const folders = (folder: string): string[] => readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
  const packages = folders(modules).flatMap((name) => (name.startsWith('@') ? folders(join(modules, name)).map((inner) => `${name}/${inner}`) : [name]));
  const readmes = packages.sort().flatMap((name) => {
    const found = readdirSync(join(modules, name)).find((file) => file.toLowerCase() === 'readme.md');
    return found === undefined ? [] : [join(modules, name, found)];
  });
  const chosen = [...new Set(readmes.flatMap((file) => markdownSentences(readFileSync(file, 'utf8'))))].filter((sentence) => (createHash('sha256').update(sentence).digest().readUInt32BE(0) % oneIn === 0) === (part === 'chosen'));
  return chosen.map((sentence, index) => {
    if (index % 3 !== 0) return sentence;
    const lead = NAME_LEADS[(index / 3) % NAME_LEADS.length] as string;
    return `${lead} ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
  });
}

