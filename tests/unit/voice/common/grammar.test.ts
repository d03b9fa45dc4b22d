import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeGrammar, buildGrammar } from '../../../../voice/common/grammar.js';
import { PLATFORM, PLATFORM_INTENTS } from '../../../../voice/common/intents.js';

const KNOWN = new Set('find a charger navigate to the station home work charge percent open start launch show go screen yes please confirm do it ahead no cancel thanks stop never mind close app charging food navigation ten twenty thirty forty fifty sixty seventy eighty ninety one hundred'.split(' '));

test('every sample utterance with its slots’ values; words the dictionary lacks are left out and said', () => {
  const grammar = buildGrammar(
    [
      { owner: PLATFORM, label: 'Glovebox', intents: PLATFORM_INTENTS },
      {
        owner: 'com.glovebox.navigation',
        label: 'Navigation',
        intents: [{ name: 'navigateTo', utterances: ['navigate to {place}', 'zoom to {place}'], slots: [{ name: 'place', type: 'place', values: ['home', 'work', 'the station', 'Quxville'] }] }],
      },
      { owner: 'com.glovebox.charging', label: 'Charging', intents: [{ name: 'chargeTo', utterances: ['charge to {level} percent'], slots: [{ name: 'level', type: 'number' }] }] },
    ],
    { isKnown: (word) => KNOWN.has(word), appNames: ['Charging', 'Food', 'Navigation'] },
  );
  assert.match(grammar.jsgf, /^#JSGF V1\.0;\ngrammar glovebox;\npublic <command> = /);
  assert.match(grammar.jsgf, /navigate to <slot_1_0_place>/);
  assert.match(grammar.jsgf, /<slot_1_0_place> = home \| work \| the station;/);
  assert.match(grammar.jsgf, /charge to <slot_2_0_level> percent/);
  assert.match(grammar.jsgf, /<slot_0_1_app> = charging \| food \| navigation;/);
  assert.ok(grammar.skipped.includes('com.glovebox.navigation navigateTo {place}: "Quxville" has a word the dictionary lacks'));
  assert.ok(grammar.skipped.includes('com.glovebox.navigation navigateTo "zoom to {place}": "zoom" is not in the dictionary'));
  assert.ok(grammar.utterances > 10);
});

test('a lead-in word may come before any command, and only where there are commands', () => {
  const sources = [{ owner: PLATFORM, label: 'Glovebox', intents: PLATFORM_INTENTS }];
  const grammar = buildGrammar(sources, { isKnown: (word) => KNOWN.has(word) || word === 'tail', leadIn: 'tail' });
  assert.match(grammar.jsgf, /\npublic <command> = \[tail\] \(.*\bcancel\b.*\);\n/);
  const empty = buildGrammar([], { isKnown: () => true, leadIn: 'tail' });
  assert.match(empty.jsgf, /public <command> = <VOID>;/);
});

test('the active grammar offers every installed app by name for "open {app}", and never the platform', () => {
  const grammar = activeGrammar(
    [
      { owner: 'com.glovebox.food', label: 'Food', intents: [] },
      { owner: PLATFORM, label: 'Glovebox', intents: PLATFORM_INTENTS },
      { owner: 'com.glovebox.charging', label: 'Charging', intents: [] },
    ],
    { isKnown: (word) => KNOWN.has(word) || word === 'glovebox' },
  );
  // The platform is not first here: where it stands does not matter.
  assert.match(grammar.jsgf, /<slot_1_\d+_app> = food \| charging;/);
  assert.doesNotMatch(grammar.jsgf.replace('grammar glovebox;', ''), /glovebox/);
});
