/**
 * The assistant's decisions at the end of each turn, fed recognitions directly: a command that
 * acts is never carried out on a guess, out-of-grammar speech does nothing, every outcome has a
 * reply, and a payment's time to answer starts after its question.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VoiceCommands } from '../../../../services/node/voiceDispatch.js';
import type { VoiceLogEntry } from '../../../../services/node/voiceTurns.js';
import { VoiceTurns } from '../../../../services/node/voiceTurns.js';
import { PROMPTS } from '../../../../voice/common/prompts.js';
import type { Recognition } from '../../../../voice/common/recognizer.js';
import { CONFIDENT_MARGIN } from '../../../../voice/common/recognizer.js';

const NAVIGATION = { id: 'com.nav', name: 'Navigation', intents: [{ name: 'navigateTo', utterances: ['drive to {place}'], slots: [{ name: 'place', type: 'place', values: ['the office', 'home'] }], page: 'pages/index/index' }] };
const CHARGING = { id: 'com.charge', name: 'Charging', intents: [{ name: 'findCharger', effect: 'shows' as const, utterances: ['find a charger'] }] };

function setUp(maxVoiceTurns: number | null = 3) {
  const launched: string[] = [];
  const answers: boolean[] = [];
  const log: string[] = [];
  const timers: Array<{ run: () => void; ms: number; cleared: boolean }> = [];
  const commands = new VoiceCommands(() => [NAVIGATION, CHARGING], { launch: (appId, _page, intent) => void launched.push(`${appId} ${intent?.name ?? ''} ${JSON.stringify(intent?.slots ?? {})}`), home: () => void launched.push('home'), answer: () => undefined });
  const turns = new VoiceTurns({
    commands,
    restrictions: () => ({ state: 'MOVING', flags: [], maxVoiceTurns }),
    mayOpen: () => ({ allowed: true, reason: 'allowed' }),
    answer: (accepted) => void answers.push(accepted),
    log: (_sample: number, event: VoiceLogEntry['event'], text: string) => void log.push(`${event}: ${text}`),
    timers: {
      set: (run, ms) => {
        const timer = { run, ms, cleared: false };
        timers.push(timer);
        return timer;
      },
      clear: (handle) => void ((handle as { cleared: boolean }).cleared = true),
    },
  });
  return { turns, launched, answers, log, timers };
}

/** What the recogniser says; the free transcription agrees with the grammar unless given. */
const heard = (transcript: string | null, margin: number | null, accepted = transcript !== null, free: string | null = transcript): Recognition => ({ transcript, free, margin, accepted });
const turn = (n = 1) => ({ conversation: 1, turn: n, start: 0, end: 16_000 });

describe('voice turns', () => {
  test('a command that acts, heard for certain, is carried out at once', () => {
    const { turns, launched } = setUp();
    assert.deepStrictEqual(turns.heard(heard('drive to the office', CONFIDENT_MARGIN + 5), turn()), { say: 'Navigation' });
    assert.deepStrictEqual(launched, ['com.nav navigateTo {"place":"the office"}']);
  });

  test('heard with little certainty, it is read back and waits for a yes; anything else does nothing', () => {
    const { turns, launched, log } = setUp();
    assert.deepStrictEqual(turns.heard(heard('drive to the office', CONFIDENT_MARGIN - 3), turn()), { say: 'Drive to the office? Say "yes" or "cancel".', listen: true });
    assert.deepStrictEqual(launched, []);
    assert.deepStrictEqual(turns.heard(heard('find a charger', 20), turn(2)), { say: PROMPTS.cancelled });
    assert.deepStrictEqual(launched, [], 'not a yes: nothing done, not even the other command');
    turns.heard(heard('drive to the office', 1), turn());
    assert.deepStrictEqual(turns.silent(turn(2), 'no-speech'), { say: PROMPTS.cancelled });
    turns.heard(heard('drive to the office', 1), turn());
    assert.deepStrictEqual(turns.heard(heard('yes', 20), turn(2)), { say: 'Navigation' });
    assert.deepStrictEqual(launched, ['com.nav navigateTo {"place":"the office"}']);
    assert.ok(log.some((line) => line.startsWith('decision: unsure (margin 1.0, below')), log.join('\n'));
  });

  test('a high margin alone is not enough: the free transcription, sharing none of its words, sends it to a read-back', () => {
    const { turns, launched, log } = setUp();
    // As the wake benchmark saw: an out-of-grammar request ("play some jazz" in an unusual voice) fitting a command well.
    assert.deepStrictEqual(turns.heard(heard('drive to the office', CONFIDENT_MARGIN + 8, true, 'play some jazz'), turn()), { say: 'Drive to the office? Say "yes" or "cancel".', listen: true });
    assert.deepStrictEqual(launched, []);
    assert.ok(log.some((line) => line.includes('"play some jazz" shares no word')), log.join('\n'));
    assert.deepStrictEqual(turns.heard(heard('drive to the office', CONFIDENT_MARGIN + 8, true, 'right to the office'), turn()), { say: PROMPTS.cancelled }, 'not a yes: cancelled');
    assert.deepStrictEqual(turns.heard(heard('drive to the office', CONFIDENT_MARGIN + 8, true, 'right to the office'), turn()), { say: 'Navigation' }, 'both witnesses agree: at once');
  });

  test('a command that only shows something is not asked about; out-of-grammar speech does nothing and says so', () => {
    const { turns, launched } = setUp();
    assert.deepStrictEqual(turns.heard(heard('find a charger', 1), turn()), { say: 'Charging' });
    assert.deepStrictEqual(turns.heard(heard('drive to the office', -5, false), turn()), { say: PROMPTS.notCaught });
    assert.deepStrictEqual(turns.heard(heard('play some jazz', 30), turn()), { say: PROMPTS.notCaught });
    assert.deepStrictEqual(launched, ['com.charge findCharger {}']);
  });

  test('every silence has a reply: nothing heard, too slow, an error', () => {
    const { turns } = setUp();
    assert.deepStrictEqual([turns.silent(turn(), 'no-speech'), turns.silent(turn(), 'thinking'), turns.silent(turn(), 'error')], [{ say: PROMPTS.notCaught }, { say: PROMPTS.tooSlow }, { say: PROMPTS.failed }]);
    assert.deepStrictEqual(turns.heard(heard('yes', 20), turn()), { say: PROMPTS.nothingAsked });
  });

  test("a payment's time to answer starts when listening begins after its question; late is cancelled", () => {
    const { turns, answers, timers, log } = setUp();
    turns.confirm('Food', 8000);
    assert.equal(timers.length, 0, 'no clock while the question is being said');
    turns.listening(32_000);
    assert.deepStrictEqual(timers.map((timer) => timer.ms), [8000]);
    timers[0]?.run();
    assert.deepStrictEqual(answers, [false]);
    assert.ok(log.includes('decision: no answer within 8 s of the question: cancelled'), log.join('\n'));
    // The yes that comes after is too late: the turn ends "Cancelled." and nothing is paid twice.
    assert.deepStrictEqual(turns.heard(heard('yes', 20), turn(2)), { say: PROMPTS.cancelled });
    assert.deepStrictEqual(answers, [false]);
    turns.confirm('Food', 8000);
    turns.listening(0);
    assert.deepStrictEqual(turns.heard(heard('yes', 20), turn(2)), { say: PROMPTS.confirmed });
    assert.deepStrictEqual([answers, timers[1]?.cleared], [[false, true], true]);
  });

  test('past the turn budget while driving nothing is done, and a waiting payment is cancelled', () => {
    const { turns, answers, launched } = setUp(1);
    assert.deepStrictEqual(turns.heard(heard('drive to the office', 30), turn(2)), { say: PROMPTS.parkedOnly });
    turns.confirm('Food', 0);
    assert.deepStrictEqual(turns.heard(heard('yes', 30), turn(2)), { say: PROMPTS.parkedOnly });
    assert.deepStrictEqual([answers, launched], [[false], []]);
  });
});
