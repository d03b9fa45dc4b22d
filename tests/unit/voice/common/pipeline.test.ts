/**
 * The voice pipeline's turns, with scripted parts: a wake engine that fires where told, a
 * recogniser that records what it was fed, a speaker, and timers the test fires by hand. Audio
 * is a tone for speech over a quiet floor, so endpointing is exact on the sample clock.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AudioFrame } from '../../../../voice/common/audio.js';
import { concat, framesOf, SAMPLE_RATE } from '../../../../voice/common/audio.js';
import type { Dialogue, Reply, Timers, Turn, VoiceEvent } from '../../../../voice/common/pipeline.js';
import { VoicePipeline } from '../../../../voice/common/pipeline.js';
import type { Recognition, Recognizer } from '../../../../voice/common/recognizer.js';
import type { WakeDetection, WakeWordEngine } from '../../../../voice/common/wakeWord.js';
import { cabinNoise, mixAtSnr } from '../../../../voice/common/noise.js';

const tone = (seconds: number): Int16Array => Int16Array.from({ length: Math.round(seconds * SAMPLE_RATE) }, (_, i) => Math.round(6000 * Math.sin(i / 5)));
const quiet = (seconds: number): Int16Array => Int16Array.from({ length: Math.round(seconds * SAMPLE_RATE) }, (_, i) => (i % 7) - 3);

class ScriptedWake implements WakeWordEngine {
  readonly name = 'scripted';
  private readonly listeners = new Set<(detection: WakeDetection) => void>();
  /** `ahead`: the detection is stamped this many samples after the frame that carries it. */
  constructor(
    private readonly at: Set<number>,
    private readonly ahead = 0,
    readonly stampUncertaintySeconds = 0,
  ) {}
  process(frame: AudioFrame): void {
    for (const sample of this.at) {
      if (sample > frame.start && sample <= frame.start + frame.samples.length) for (const listener of this.listeners) listener({ engine: this.name, phrase: 'hey glovebox', endSample: sample + this.ahead });
    }
  }
  onDetection(listener: (detection: WakeDetection) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  sync = (): Promise<void> => Promise.resolve();
  finish = (): Promise<void> => Promise.resolve();
  close(): void {}
}

class RecordingRecognizer implements Recognizer {
  readonly name = 'recording';
  fed = 0;
  begun = 0;
  hang = false;
  begin(): void {
    this.begun += 1;
    this.fed = 0;
  }
  feed(samples: Int16Array): void {
    this.fed += samples.length;
  }
  end(): Promise<Recognition> {
    return this.hang ? new Promise(() => undefined) : Promise.resolve({ transcript: 'find a charger', free: 'find a charger', margin: 20, accepted: true });
  }
  close(): void {}
}

class HandTimers implements Timers {
  private readonly due = new Map<number, () => void>();
  private next = 0;
  set(callback: () => void): unknown {
    this.next += 1;
    this.due.set(this.next, callback);
    return this.next;
  }
  clear(handle: unknown): void {
    this.due.delete(handle as number);
  }
  fireAll(): void {
    for (const [handle, callback] of [...this.due]) {
      this.due.delete(handle);
      callback();
    }
  }
}

function rig(wakeAt: number[], replies: Reply[] = [{}], ahead = 0, uncertainty = 0) {
  const recognizer = new RecordingRecognizer();
  const timers = new HandTimers();
  const spoken: string[] = [];
  let finishSpeaking: (() => void) | undefined;
  let stopped = 0;
  const turns: Turn[] = [];
  const silent: string[] = [];
  const dialogue: Dialogue = {
    heard: (_recognition, turn) => {
      turns.push(turn);
      return replies.shift() ?? {};
    },
    silent: (_turn, reason) => {
      silent.push(reason);
      return {};
    },
  };
  const pipeline = new VoicePipeline({
    wake: new ScriptedWake(new Set(wakeAt), ahead, uncertainty),
    recognizer: () => recognizer,
    dialogue,
    speaker: {
      speak: (text) => {
        spoken.push(text);
        return new Promise<void>((resolve) => (finishSpeaking = resolve));
      },
      stop: () => {
        stopped += 1;
        finishSpeaking?.();
      },
    },
    timers,
    // The pre-roll these tests were written around (the shipped one is shorter).
    settings: { prerollSeconds: 0.15 },
  });
  const events: VoiceEvent[] = [];
  pipeline.on((event) => events.push(event));
  let at = 0;
  const play = async (samples: Int16Array): Promise<void> => {
    for (const frame of framesOf(samples, 512, at)) {
      pipeline.process(frame);
      await pipeline.settled();
    }
    at += samples.length;
  };
  return { pipeline, recognizer, timers, spoken, turns, silent, events, play, finishSpeaking: () => finishSpeaking?.(), stopped: () => stopped };
}

const states = (events: readonly VoiceEvent[]): string[] => events.filter((event) => event.type === 'state').map((event) => (event.type === 'state' ? event.state : ''));

test('wake → listening at once → the command from just before the reported end → thinking → reply spoken → idle', async () => {
  const wakeAt = SAMPLE_RATE; // the keyword "ended" at 1.0 s
  const r = rig([wakeAt], [{ say: 'Finding chargers' }]);
  await r.play(quiet(1.0));
  await r.play(tone(1.0));
  await r.play(quiet(0.6));
  assert.deepEqual(states(r.events), ['listening', 'thinking', 'speaking']);
  // Listening is announced in the frame that carried the detection.
  const wake = r.events.find((event) => event.type === 'wake');
  assert.equal(wake?.sample, wakeAt);
  // The recogniser heard from 150 ms before the reported end (the pre-roll) to the endpoint.
  const transcript = r.events.find((event) => event.type === 'transcript');
  assert.ok(transcript?.type === 'transcript');
  assert.equal(transcript.turn.start, wakeAt, 'speech starts where the tone starts');
  assert.ok(Math.abs(transcript.turn.end - 2 * SAMPLE_RATE) <= 512, `speech ends with the tone: ${transcript.turn.end}`);
  assert.ok(r.recognizer.fed >= 0.15 * SAMPLE_RATE + SAMPLE_RATE, `pre-roll fed: ${r.recognizer.fed}`);
  assert.deepEqual(r.spoken, ['Finding chargers']);
  r.finishSpeaking();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(r.pipeline.state, 'idle');
});

test('a wake stamped ahead of its frame starts listening at the stamp (less the pre-roll), not at the frame', async () => {
  const fed = async (ahead: number): Promise<number> => {
    const r = rig([8000], [{}], ahead);
    await r.play(quiet(1.0));
    await r.play(tone(1.0));
    await r.play(quiet(0.6));
    assert.ok(r.events.some((event) => event.type === 'transcript'));
    return r.recognizer.fed;
  };
  assert.equal((await fed(0)) - (await fed(4000)), 4000);
});

test('an engine whose stamp is uncertain: the recogniser hears its tail of the phrase, the endpointer starts at the stamp', async () => {
  // The wake phrase is a tone up to its stamp at 1.0 s; then the driver says nothing.
  const r = rig([SAMPLE_RATE], [{}], 0, 0.3);
  await r.play(quiet(0.5));
  await r.play(tone(0.5));
  await r.play(quiet(4.2));
  // Heard from 0.45 s before the stamp (0.15 pre-roll + 0.3 uncertainty)…
  assert.ok(r.recognizer.fed >= 0.45 * SAMPLE_RATE, `fed ${r.recognizer.fed}`);
  // …but the phrase's own tail is not a command: nothing was said after it.
  assert.equal(r.turns.length, 0);
  assert.deepEqual(r.silent, ['no-speech']);
});

test('a command ends in cabin rumble: the turn ends at the end of speech, not at the next lull', async () => {
  // Brown rumble swings by 15 dB from frame to frame, enough to pass for speech below 200 Hz.
  const ends: number[] = [];
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const speech = concat(quiet(3), tone(1), quiet(3));
    const r = rig([3 * SAMPLE_RATE]);
    await r.play(mixAtSnr(speech, cabinNoise(speech.length, seed), 10));
    const transcript = r.events.find((event) => event.type === 'transcript');
    ends.push(transcript?.type === 'transcript' ? transcript.turn.end / SAMPLE_RATE : Number.NaN);
  }
  assert.ok(
    ends.every((end) => Math.abs(end - 4) <= 0.1),
    `each command ends with the speech at 4.0 s: ${ends.map((end) => end.toFixed(2)).join(', ')}`,
  );
});

test('nothing said after the wake word: a no-speech timeout on the sample clock, then idle', async () => {
  const r = rig([8000]);
  await r.play(quiet(0.5));
  await r.play(quiet(3.7)); // the endpointer starts at the wake's stamp (0.5 s): 4.2 s < 4.5 s
  assert.equal(r.pipeline.state, 'listening');
  await r.play(quiet(0.3));
  assert.equal(r.pipeline.state, 'idle');
  assert.deepEqual(r.silent, ['no-speech']);
  assert.ok(r.events.some((event) => event.type === 'timeout' && event.reason === 'no-speech'));
});

test('talking on past the maximum: cut there and recognised as it is', async () => {
  const r = rig([8000]);
  await r.play(quiet(0.5));
  await r.play(tone(9));
  assert.ok(r.events.some((event) => event.type === 'timeout' && event.reason === 'max-length'));
  assert.equal(r.turns.length, 1);
});

test('a recogniser that hangs: the thinking watchdog returns to idle and the dialogue hears of it', async () => {
  const r = rig([8000]);
  r.recognizer.hang = true;
  await r.play(quiet(0.5));
  const playing = r.play(concat(tone(1), quiet(0.6)));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(r.pipeline.state, 'thinking');
  r.timers.fireAll();
  await playing;
  assert.equal(r.pipeline.state, 'idle');
  assert.deepEqual(r.silent, ['thinking']);
  assert.ok(r.events.some((event) => event.type === 'timeout' && event.reason === 'thinking'));
});

test('barge-in: a wake word while a reply is spoken stops it and listens afresh', async () => {
  const r = rig([8000, 3 * SAMPLE_RATE], [{ say: 'a long answer' }, {}]);
  await r.play(quiet(0.5));
  await r.play(tone(1));
  await r.play(quiet(0.6));
  assert.equal(r.pipeline.state, 'speaking');
  // The pipeline is busy speaking; the microphone still hears (a live source does not wait).
  for (const frame of framesOf(quiet(1.2), 512, Math.round(2.1 * SAMPLE_RATE))) r.pipeline.process(frame);
  assert.equal(r.stopped(), 1);
  assert.equal(r.pipeline.state, 'listening');
  assert.ok(r.events.some((event) => event.type === 'wake' && event.bargeIn));
});

test('a question (a payment read-back) is spoken, then the answer is heard without the wake word, in the same conversation', async () => {
  const r = rig([8000], [{}, {}]);
  await r.play(quiet(0.5));
  await r.play(tone(1));
  await r.play(quiet(0.6));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(r.pipeline.state, 'idle');
  r.pipeline.ask('Pay 12 euros to Pizza Nova?');
  assert.equal(r.pipeline.state, 'speaking');
  r.finishSpeaking();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(r.pipeline.state, 'listening');
  await r.play(tone(0.5));
  await r.play(quiet(0.6));
  assert.deepEqual(
    r.turns.map((turn) => [turn.conversation, turn.turn]),
    [
      [1, 1],
      [1, 2],
    ],
  );
});

