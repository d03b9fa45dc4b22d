/**
 * Commands after the wake word, recognised offline against a grammar built from intents, on
 * synthesised speech: in-grammar commands come back word for word; ordinary speech is rejected,
 * not forced onto the nearest command.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildGrammar } from '../../../../voice/common/grammar.js';
import { IntentMatcher, PLATFORM, PLATFORM_INTENTS } from '../../../../voice/common/intents.js';
import type { IntentSource } from '../../../../voice/common/intents.js';
import { commandVocabulary, inDictionary, LEAD_IN, MODEL_DIR, OfflineCommandRecognizer, recognize } from '../../../../voice/node/commandRecognizer.js';
import { concat, missingSpeechTools, silence, synthesize } from '../../../../voice/node/speech.js';

const ready = spawnSync('/usr/bin/python3', ['-c', 'import pocketsphinx'], { encoding: 'utf8' }).status === 0 && existsSync(`${MODEL_DIR}/en-us.lm.bin`);
const missing = [...missingSpeechTools(), ...(ready ? [] : ['python3-pocketsphinx', 'pocketsphinx-en-us'])];
const SKIP = missing.length > 0 ? `needs ${missing.join(', ')} (npm test installs them where apt is usable)` : false;

const SOURCES: IntentSource[] = [
  { owner: PLATFORM, label: 'Glovebox', intents: PLATFORM_INTENTS },
  { owner: 'nav', label: 'Navigation', intents: [{ name: 'navigateTo', utterances: ['navigate to {place}', 'take me to {place}'], slots: [{ name: 'place', type: 'place', values: ['home', 'work', 'the station', 'the airport', 'the stadium'] }] }] },
  { owner: 'charge', label: 'Charging', intents: [{ name: 'findCharger', utterances: ['find a charger', 'find a charging station', 'where can i charge'] }] },
  { owner: 'food', label: 'Food', intents: [{ name: 'reorderUsual', utterances: ['reorder my usual', 'order my usual'] }, { name: 'orderStatus', utterances: ['where is my order'] }] },
];

test('in-grammar commands are recognised and mapped to their intents; ordinary speech is rejected', { skip: SKIP }, async () => {
  const grammar = buildGrammar(SOURCES, { isKnown: (word) => inDictionary(word), appNames: ['Navigation', 'Charging', 'Food'] });
  const matcher = new IntentMatcher(SOURCES);
  const say = (text: string): Int16Array => concat(silence(0.2), synthesize(text, { engine: 'flite', name: 'slt' }), silence(0.3));
  for (const [text, intent] of [
    ['find a charger', 'findCharger'],
    ['navigate to the station', 'navigateTo'],
    ['where is my order', 'orderStatus'],
    ['yes', 'confirm'],
  ] as const) {
    const heard = await recognize(say(text), { grammar: grammar.jsgf });
    assert.equal(heard.transcript, text, JSON.stringify(heard));
    assert.ok(heard.accepted, `${text}: ${JSON.stringify(heard)}`);
    assert.equal(matcher.match(heard.transcript ?? '')?.intent, intent);
  }
  for (const text of ['tell me a joke', 'what is the weather like today']) {
    const heard = await recognize(say(text), { grammar: grammar.jsgf });
    assert.equal(heard.accepted, false, `${text} was forced onto "${heard.transcript}": ${JSON.stringify(heard)}`);
  }
});

test('the lead-in: every tail of the wake phrase as one optional word, never in a transcript', { skip: SKIP }, async () => {
  const vocabulary = commandVocabulary('hey glovebox', { glovebox: 'G L AH V B AA K S' });
  assert.equal(vocabulary.pronunciations[LEAD_IN], 'S');
  assert.equal(vocabulary.pronunciations[`${LEAD_IN}(3)`], 'AA K S');
  assert.equal(vocabulary.pronunciations[`${LEAD_IN}(10)`], 'HH EY G L AH V B AA K S');
  assert.throws(() => commandVocabulary('hey quxbox'), /"quxbox" has no pronunciation/);
  const grammar = buildGrammar(SOURCES, { ...vocabulary, appNames: ['Navigation', 'Charging', 'Food'] });
  assert.match(grammar.jsgf, new RegExp(`public <command> = \\[${LEAD_IN}\\] \\(`));
  // The recogniser started listening inside "glovebox": its last 40, 30 or 20 %, then the
  // command. Without the lead-in, the grammar heard these as "close the app", "yes please",
  // "start navigation"…
  const voice = { engine: 'flite', name: 'slt' } as const;
  const wake = synthesize('glovebox', voice);
  for (const [cut, text, intent] of [
    [0.6, 'reorder my usual', 'reorderUsual'],
    [0.7, 'reorder my usual', 'reorderUsual'],
    [0.7, 'navigate to the station', 'navigateTo'],
    [0.8, 'open navigation', 'openApp'],
  ] as const) {
    const tail = wake.subarray(Math.round(wake.length * cut));
    const heard = await recognize(concat(tail, synthesize(text, voice), silence(0.3)), { grammar: grammar.jsgf, pronunciations: vocabulary.pronunciations });
    assert.equal(heard.transcript, text, JSON.stringify(heard));
    assert.equal(new IntentMatcher(SOURCES).match(heard.transcript ?? '')?.intent, intent);
  }
});

test('a recogniser leaves nothing behind in the temporary folder, even when it is killed', { skip: SKIP }, async () => {
  // The sidecar writes its dictionary (3 MB) and grammar to a folder of its own; on a head unit
  // /tmp is RAM, and the voice assistant starts a recogniser each time the apps change.
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-recogniser-test-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  try {
    const grammar = buildGrammar(SOURCES, { isKnown: (word) => inDictionary(word), appNames: [] });
    const recognizer = new OfflineCommandRecognizer({ grammar: grammar.jsgf });
    recognizer.begin();
    recognizer.feed(concat(silence(0.2), synthesize('find a charger', { engine: 'flite', name: 'slt' }), silence(0.3)));
    assert.equal((await recognizer.end()).transcript, 'find a charger');
    // Killed mid-utterance, the way the assistant drops a recogniser whose grammar went stale.
    recognizer.begin();
    recognizer.feed(silence(0.5));
    await recognizer.close();
    assert.deepEqual(readdirSync(folder), []);
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(folder, { recursive: true, force: true });
  }
});
