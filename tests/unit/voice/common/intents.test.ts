import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntentMatcher, normaliseTranscript, PLATFORM, PLATFORM_INTENTS } from '../../../../voice/common/intents.js';

const matcher = new IntentMatcher([
  { owner: PLATFORM, label: 'Glovebox', intents: PLATFORM_INTENTS },
  {
    owner: 'com.glovebox.navigation',
    label: 'Navigation',
    intents: [
      { name: 'navigateTo', utterances: ['navigate to {place}', 'take me to {place}', 'drive to {place}'], slots: [{ name: 'place', type: 'place' }], page: 'pages/index/index' },
      { name: 'addChargingStop', utterances: ['add a charging stop'] },
    ],
  },
  {
    owner: 'com.glovebox.charging',
    label: 'Charging',
    intents: [
      { name: 'findCharger', utterances: ['find a charger', 'find a charging station', 'where can i charge'] },
      { name: 'chargeTo', utterances: ['charge to {level} percent', 'charge to {level}'], slots: [{ name: 'level', type: 'number' }] },
    ],
  },
]);

test('the wake phrase, politeness and punctuation are not part of the command', () => {
  assert.equal(normaliseTranscript('Hey Glovebox, please find a charger!'), 'find a charger');
  assert.equal(normaliseTranscript('  Could you navigate to the station, thanks '), 'navigate to the station');
});

test('app intents with slots; places keep their article, numbers are read from words or digits', () => {
  assert.deepEqual(matcher.match('Hey Glovebox navigate to the station'), { owner: 'com.glovebox.navigation', intent: 'navigateTo', effect: 'acts', slots: { place: 'the station' }, page: 'pages/index/index', pattern: 'navigate to {place}' });
  assert.deepEqual(matcher.match('where can I charge?')?.intent, 'findCharger');
  assert.deepEqual(matcher.match('charge to eighty percent')?.slots, { level: 80 });
  assert.deepEqual(matcher.match('charge to 90 %')?.slots, { level: 90 });
  assert.equal(matcher.match('add a charging stop')?.owner, 'com.glovebox.navigation');
});

test('platform intents: home, open an app, yes and no', () => {
  // An app's intent that says nothing of its effect acts; the platform's own only show.
  assert.deepEqual([matcher.match('go to the home screen')?.effect, matcher.match('open charging')?.effect], ['shows', 'shows']);
  assert.deepEqual([matcher.match('go to the home screen')?.intent, matcher.match('open charging')?.slots, matcher.match('yes please')?.intent, matcher.match('no thanks')?.intent], ['goHome', { app: 'charging' }, 'confirm', 'cancel']);
});

test('out of grammar goes nowhere: nothing is forced onto the nearest command', () => {
  for (const text of ['tell me a joke', 'find a restaurant', 'navigate', 'charge to lots', '', 'yes no maybe']) assert.equal(matcher.match(text), undefined, text);
});
