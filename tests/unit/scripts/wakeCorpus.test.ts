/**
 * The wake-word corpus's voices (scripts/wakeword/corpus.ts): which phrase each voice is given
 * to read, what the trainer tells a machine that lacks a festival voice, which neighbours the
 * head is taught against, and how a negative line is counted. The text they read is tested in
 * wakeProse.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLOSE_NEAR_PHRASES, CONFUSABLES, FAR_NEAR_PHRASES, festivalMissing, HELD_NEAR_PHRASES, HELD_OUT_VOICES, MORE_VOICES, NAME_LEAD_PHRASES, NEAR_PHRASES, negativeKind, ROBOTIC_VOICES, PHRASE, spellingFor, TRAIN_VOICES, UNFAMILIAR_VOICES } from '../../../scripts/wakeword/corpus.js';

test('English voices read the phrase as it is; accented voices read their own spelling, and none for a phrase they lack', () => {
  assert.equal(spellingFor(PHRASE, { engine: 'flite', name: 'slt' }), PHRASE);
  assert.equal(spellingFor('hey volvo', { engine: 'espeak-ng', name: 'en-us+m1' }), 'hey volvo');
  const czech = TRAIN_VOICES.find((voice) => voice.name === 'czech_machac');
  assert.ok(czech, 'a Czech voice trains the head');
  assert.equal(spellingFor(PHRASE, czech), 'hej glavboks');
  assert.equal(spellingFor('hey volvo', czech), null, 'an OEM phrase is not guessed at in another language');
  // Every training voice can say the shipped phrase.
  for (const voice of TRAIN_VOICES) assert.notEqual(spellingFor(PHRASE, voice), null, voice.name);
});

test('no voice is both trained on and held out', () => {
  const trained = new Set([...TRAIN_VOICES, ...MORE_VOICES, ...ROBOTIC_VOICES].map((voice) => `${voice.engine}/${voice.name}`));
  for (const voice of HELD_OUT_VOICES) assert.ok(!trained.has(`${voice.engine}/${voice.name}`), voice.name);
});

test('the more-voices and robotic-voices stages and the unfamiliar validation voices add new speakers only, none of a held-out voice\'s family, each able to say the phrase', () => {
  const key = (voice: { engine: string; name: string }): string => `${voice.engine}/${voice.name}`;
  const trained = new Set(TRAIN_VOICES.map(key));
  const added = [...MORE_VOICES, ...ROBOTIC_VOICES, ...UNFAMILIAR_VOICES];
  assert.equal(new Set(added.map(key)).size, added.length, 'no voice twice, and none both in a training stage and only in validation');
  for (const voice of added) assert.ok(!trained.has(key(voice)), `${voice.name} is already a training voice`);
  // An espeak-ng voice is a language and a speaker variant ("en-us+klatt"): a held-out voice's
  // variant ("klatt", and its siblings "klatt2"...) or its accent's own variant would leak it.
  const family = (name: string): string => (name.split('+')[1] ?? name).replace(/\d+$/, '').toLowerCase();
  const heldFamilies = new Set(HELD_OUT_VOICES.filter((voice) => voice.engine === 'espeak-ng').map((voice) => family(voice.name)));
  const heldAccents = new Set(HELD_OUT_VOICES.filter((voice) => voice.engine === 'espeak-ng' && /^en-gb-x-/.test(voice.name)).map((voice) => voice.name.split('+')[0]));
  for (const voice of added.filter((each) => each.engine === 'espeak-ng')) {
    assert.ok(!heldFamilies.has(family(voice.name)), `${voice.name} shares a held-out voice's variant`);
    assert.ok(!heldAccents.has(voice.name.split('+')[0]), `${voice.name} shares a held-out voice's accent`);
  }
  // flite's kal16 is held out: festival's kal diphone voice is the same speaker, so it is not used.
  assert.ok(!added.some((voice) => /^kal/.test(voice.name)));
  for (const voice of added) assert.notEqual(spellingFor(PHRASE, voice), null, voice.name);
  assert.equal(spellingFor(PHRASE, { engine: 'festival', name: 'czech_krb' }), 'hej glavboks');
  assert.ok(UNFAMILIAR_VOICES.length >= 6, 'enough unfamiliar speakers that one odd voice does not set the rule');
});

test('the phrase\'s neighbours are never the phrase, and the held-out ones are not trained on (ADR 0026)', () => {
  const squeezed = (text: string): string => text.toLowerCase().replace(/[^a-z]/g, '');
  for (const phrase of [...NEAR_PHRASES, ...HELD_NEAR_PHRASES]) {
    assert.doesNotMatch(phrase, /\bhey,?\s+glove\s?box\b/i, phrase);
    assert.notEqual(squeezed(phrase), squeezed(PHRASE), phrase);
  }
  const trained = new Set([...NEAR_PHRASES, ...CONFUSABLES].map(squeezed));
  for (const phrase of HELD_NEAR_PHRASES) assert.ok(!trained.has(squeezed(phrase)), `${phrase} is held out, yet trained on`);
  assert.equal(new Set(NEAR_PHRASES.map(squeezed)).size, NEAR_PHRASES.length, 'no neighbour twice');
});

test('the name-leads stage says the name after another word, never after a greeting or a word that rhymes with "hey" (ADR 0032)', () => {
  const leads = NAME_LEAD_PHRASES.map((phrase) => {
    const match = /^([a-z]+) glovebox$/.exec(phrase);
    assert.ok(match, `${phrase}: expected one word and "glovebox"`);
    return match[1] as string;
  });
  assert.equal(new Set(leads).size, leads.length, 'no lead twice');
  for (const lead of leads) {
    assert.ok(!['hey', 'hi', 'hello', 'okay', 'ok', 'yo'].includes(lead), `${lead} is a greeting a driver may mean as the phrase`);
    // "play" stays: a driver's media command ("play glove box music") must not wake.
    assert.ok(!['they', 'say', 'pay', 'day', 'way', 'may', 'hay', 'a', 'eh', 'weigh'].includes(lead), `${lead} sounds like "hey"`);
  }
  const held = new Set(HELD_NEAR_PHRASES);
  assert.ok(NAME_LEAD_PHRASES.every((phrase) => !held.has(phrase)));
});

test('a negative line is counted by what it says: a confusable, the name or a neighbour, or ordinary speech (ADR 0038)', () => {
  for (const phrase of CONFUSABLES) assert.equal(negativeKind(phrase), 'confusable', phrase);
  // The docs quote the neighbours and the name in passing: counted with the name, not as ordinary speech.
  assert.equal(negativeKind('glovebox hey glove books hey clock box and to glovebox then twelve others.'), 'names');
  assert.equal(negativeKind('hey lunchbox was left out too, since CMUdict lacks lunchbox'), 'names');
  assert.equal(negativeKind('Hey Globe ox, a held neighbour'), 'names');
  assert.equal(negativeKind('In Glovebox, each app runs in a worker'), 'names');
  assert.equal(negativeKind('keep your gloves on'), 'names');
  // A word that merely ends like a neighbour, or "hey" on its own, is ordinary speech.
  assert.equal(negativeKind('since CMUdict lacks lunchbox'), 'ordinary');
  assert.equal(negativeKind('they said hey to the driver'), 'ordinary');
  assert.equal(negativeKind('Benchmarks print figures and ratios against a baseline measured in the same run'), 'ordinary');
  assert.equal(negativeKind('find a charger'), 'ordinary');
});

test('the close neighbours are neighbours, so far-phrases leaves out exactly them (ADR 0029)', () => {
  // CLOSE_NEAR_PHRASES is matched against NEAR_PHRASES by text: a typo would silently keep a close neighbour among the far ones.
  for (const phrase of CLOSE_NEAR_PHRASES) assert.ok(NEAR_PHRASES.includes(phrase), `${phrase} is not one of NEAR_PHRASES`);
  assert.equal(FAR_NEAR_PHRASES.length + CLOSE_NEAR_PHRASES.size, NEAR_PHRASES.length);
  assert.ok(FAR_NEAR_PHRASES.every((phrase) => !CLOSE_NEAR_PHRASES.has(phrase)));
});

test('a missing festival voice is named by its Debian package, in one apt-get line', () => {
  const root = mkdtempSync(join(tmpdir(), 'glovebox-festival-'));
  try {
    assert.match(festivalMissing(TRAIN_VOICES, root) ?? '', /^festival festvox-kdlpc16k festvox-us-slt-hts festvox-itapc16k .*festvox-ca-ona-hts$/);
    // Debian's layout: voices/<language>/<voice>; a stray file beside them is not a voice.
    writeFileSync(join(root, 'README'), 'not a language');
    for (const voice of TRAIN_VOICES.filter((each) => each.engine === 'festival' && each.name !== 'czech_ph')) mkdirSync(join(root, 'some-language', voice.name), { recursive: true });
    assert.equal(festivalMissing(TRAIN_VOICES, root), 'festival festvox-czech-ph');
    mkdirSync(join(root, 'czech', 'czech_ph'), { recursive: true });
    assert.equal(festivalMissing(TRAIN_VOICES, root), null);
    // The more-voices stage's speakers are asked for only when the stage is.
    assert.equal(festivalMissing([...TRAIN_VOICES, ...MORE_VOICES], root), 'festival festvox-czech-krb');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
