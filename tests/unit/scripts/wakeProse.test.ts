/**
 * The text the wake-word corpus is read from (scripts/wakeword/prose.ts): how the docs' prose is
 * shared between training, tuning and the benchmark, the benchmark's share frozen in a file
 * (docs/adr/0039), and which other writers' sentences the trainer reads besides.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { shippedPath } from '../../../base/node/shippedFiles.js';
import { FROZEN_PROSE, frozenProseText, markdownSentences, packageSentences, proseFor, proseShare, readFrozenProse } from '../../../scripts/wakeword/prose.js';

test('a prose sentence keeps its share whatever the documents around it say', () => {
  const root = mkdtempSync(join(tmpdir(), 'glovebox-prose-'));
  try {
    mkdirSync(join(root, 'docs', 'adr'), { recursive: true });
    const sentences = Array.from({ length: 60 }, (_, i) => `The head unit reads signal number ${'abcdefghij'[i % 10]} from bus ${'klmnopqrst'[Math.floor(i / 10)]} today.`);
    writeFileSync(join(root, 'README.md'), `${sentences.join(' ')}\n`);
    const before = Object.fromEntries((['training', 'validation', 'benchmark'] as const).map((share) => [share, proseFor(root, share)]));
    // Every share gets some, and no sentence is in two.
    for (const share of Object.values(before)) assert.ok(share.length > 5, `${share.length} sentences in a share`);
    assert.equal(new Set(Object.values(before).flat()).size, 60);
    // A paragraph added before them moves nothing from one share to another.
    writeFileSync(join(root, 'docs', 'a-new-page.md'), 'A new paragraph arrives in the docs today, written first.\n');
    for (const [share, list] of Object.entries(before)) for (const sentence of list) assert.equal(proseShare(sentence), share, sentence);
    assert.deepEqual(proseFor(root, 'benchmark').filter((sentence) => !sentence.startsWith('A new')), before['benchmark']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('only the speakable prose of markdown is read: no code, tables, headings, markup, links or the wake phrase', () => {
  const markdown = [
    '# A heading is not read aloud here',
    'The kiosk starts the simulator when no Electron binary exists. See [the guide](https://example.com/guide) for more on this.',
    '```',
    'const code = "is never read aloud by anyone";',
    '```',
    '| a table | row is | not read | aloud |',
    '<img src="logo.png" alt="a picture is not read either">',
    'Visit https://example.com/a/long/path today for the whole story.',
    'Say hey glovebox and then a command to the car.',
    'Too short.',
  ].join('\n');
  assert.deepEqual(markdownSentences(markdown), ['The kiosk starts the simulator when no Electron binary exists.', 'See the guide for more on this.', 'Visit today for the whole story.']);
});

test("other packages' READMEs give training sentences by hash, every third led by the product's name", () => {
  const root = mkdtempSync(join(tmpdir(), 'glovebox-packages-'));
  try {
    assert.throws(() => packageSentences(root, 1), /node_modules: missing; run npm ci first/);
    const sentences = Array.from({ length: 40 }, (_, i) => `This library parses item number ${'abcdefghij'[i % 10]} of group ${'klmn'[Math.floor(i / 10)]} quickly.`);
    mkdirSync(join(root, 'node_modules', 'plain'), { recursive: true });
    mkdirSync(join(root, 'node_modules', '@scope', 'inner'), { recursive: true });
    mkdirSync(join(root, 'node_modules', 'no-readme'), { recursive: true });
    writeFileSync(join(root, 'node_modules', '.package-lock.json'), '{}');
    writeFileSync(join(root, 'node_modules', 'plain', 'README.md'), sentences.slice(0, 20).join(' '));
    writeFileSync(join(root, 'node_modules', '@scope', 'inner', 'readme.md'), sentences.slice(20).join(' '));
    const all = packageSentences(root, 1);
    assert.equal(all.length, 40, 'both READMEs, scoped and not, whatever the case of their names');
    all.forEach((sentence, index) => {
      if (index % 3 === 0) assert.match(sentence, /^(Glovebox|In Glovebox,|The glovebox|So Glovebox|With Glovebox|Glovebox, then) this library parses/, sentence);
      else assert.match(sentence, /^This library parses/, sentence);
    });
    const some = packageSentences(root, 4);
    assert.ok(some.length > 3 && some.length < 20, `${some.length} of 40 chosen at one in four`);
    assert.deepEqual(packageSentences(root, 4), some, 'the same sentences every run');
    const rest = packageSentences(root, 4, 'rest');
    const bare = (sentence: string): string => sentence.replace(/^.*this library/, 'This library');
    assert.equal(some.length + rest.length, 40, 'the rest is every sentence the hash left out');
    assert.ok(!rest.map(bare).some((sentence) => some.map(bare).includes(sentence)), 'no sentence is in both parts');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the frozen benchmark prose is read back as written, and the trainer never reads a sentence of it (ADR 0039)', () => {
  const root = mkdtempSync(join(tmpdir(), 'glovebox-frozen-'));
  try {
    mkdirSync(join(root, 'docs', 'adr'), { recursive: true });
    const sentences = Array.from({ length: 60 }, (_, i) => `The cluster shows warning number ${'abcdefghij'[i % 10]} for circuit ${'klmnopqrst'[Math.floor(i / 10)]} today.`);
    writeFileSync(join(root, 'README.md'), `${sentences.join(' ')}\n`);
    const file = join(root, 'prose.txt');
    writeFileSync(file, frozenProseText(root));
    const before = proseFor(root, 'benchmark');
    assert.deepEqual(readFrozenProse(file), before);
    // The docs move on; the frozen file does not, and still shares nothing with training.
    writeFileSync(join(root, 'README.md'), `${sentences.slice(30).join(' ')} A new page of prose arrives in the docs today, quoting the benchmark.\n`);
    const frozen = readFrozenProse(file);
    assert.deepEqual(frozen, before);
    for (const share of ['training', 'validation'] as const) assert.ok(!proseFor(root, share).some((sentence) => frozen.includes(sentence)), share);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the repository\'s frozen prose passes its own checks: benchmark sentences, speakable, each once', () => {
  const frozen = readFrozenProse(shippedPath(FROZEN_PROSE));
  assert.ok(frozen.length > 1000, `${frozen.length} sentences`);
});

test('a frozen prose file with a bad line is refused with its line and what was wrong', () => {
  const root = mkdtempSync(join(tmpdir(), 'glovebox-frozen-'));
  try {
    const ofShare = (share: string): string => {
      for (let i = 0; ; i += 1) {
        const sentence = `The seat heater reaches level ${'abcdefghijklmnop'[i % 16]} after ${'qrstuvwxyz'[Math.floor(i / 16) % 10]} minutes.`;
        if (proseShare(sentence) === share) return sentence;
      }
    };
    const good = ofShare('benchmark');
    const file = join(root, 'prose.txt');
    const refused = (lines: readonly string[], pattern: RegExp): void => {
      writeFileSync(file, `${lines.join('\n')}\n`);
      assert.throws(() => readFrozenProse(file), pattern);
    };
    refused([good, ofShare('training')], new RegExp(`prose\\.txt:2: ".*" is of the training share, which the trainer reads`));
    refused([good, '**Bold** words are markup, not speech.'], /prose\.txt:2: expected one speakable sentence .* found "\*\*Bold/);
    refused(['Too short.'], /prose\.txt:1: expected one speakable sentence/);
    refused([good, good], /prose\.txt:2: ".*" is said already at line 1/);
    writeFileSync(file, '');
    assert.throws(() => readFrozenProse(file), /prose\.txt: expected the benchmark's prose, one sentence a line; found no sentence/);
    writeFileSync(file, `${good}\n`);
    assert.deepEqual(readFrozenProse(file), [good]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
