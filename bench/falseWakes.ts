/**
 * `npm run bench -- false-wakes`: the shipped wake-word engine's false alarms over many hours of
 * speech that is not the phrase (10 by default; GLOVEBOX_NEGATIVE_HOURS sets it). Issue 20's goal
 * is at most one false wake in 10 hours, which the voice benchmark's hour cannot show: no alarm
 * in one hour only bounds the rate below 3 an hour (95 %).
 *
 * The streams are the voice benchmark's negatives (bench/voice.ts): the repository's prose the
 * trainer never sees, confusable phrases, commands without the wake word, by each benchmark
 * voice in turn at three speeds, a third each clean, at 10 dB and at 5 dB. The prose runs out
 * long before ten hours, so sentences come round again, each time by another voice, speed or
 * noise. Other seeds than the voice benchmark's, so its hour is not counted twice. Only the
 * shipped engine listens (pocketsphinx would take most of a day).
 */
import { SAMPLE_RATE } from '../voice/common/audio.js';
import { loadWakeHead, wakes } from '../voice/node/embeddingWakeWord.js';
import { missingSpeechTools } from '../voice/node/speech.js';
import { SNRS } from '../scripts/wakeword/corpus.js';
import { alarmOf, embeddingScores, levelLabel, negativeStreams, thresholdsWith, unseenProse, wakesOnOneStep } from './voice.js';

/** The rate whose Poisson chance of `count` or fewer events in `hours` is 5 %: a 95 % upper bound, per hour. */
export function upperRate(count: number, hours: number): number {
  const atMost = (rate: number): number => {
    let term = Math.exp(-rate);
    let sum = term;
    for (let k = 1; k <= count; k += 1) {
      term *= rate / k;
      sum += term;
    }
    return sum;
  };
  let low = 0;
  let high = count + 10 + 10 * Math.sqrt(count + 1);
  for (let i = 0; i < 60; i += 1) {
    const middle = (low + high) / 2;
    if (atMost(middle) > 0.05) low = middle;
    else high = middle;
  }
  return high / hours;
}

export async function runFalseWakeBenchmark(): Promise<void> {
  const missing = missingSpeechTools();
  if (missing.length > 0) {
    console.log(`false-wakes: skipped, needs ${missing.join(', ')} (bash scripts/system-deps.sh installs them)`);
    return;
  }
  const wanted = Number(process.env['GLOVEBOX_NEGATIVE_HOURS'] ?? 10);
  if (!(wanted > 0 && wanted <= 100)) throw new Error(`GLOVEBOX_NEGATIVE_HOURS: expected hours between 0 and 100, found ${process.env['GLOVEBOX_NEGATIVE_HOURS']}`);
  const began = performance.now();
  const head = loadWakeHead();
  const thresholds = thresholdsWith(head.threshold);
  const sentences = unseenProse();
  const alarms = thresholds.map(() => 0);
  let oneStep = 0;
  const named: string[] = [];
  let seconds = 0;
  for (const [level, snr] of SNRS.entries()) {
    for (const stream of negativeStreams(sentences, snr, level + 11, (wanted * 3600) / SNRS.length)) {
      seconds += stream.samples.length / SAMPLE_RATE;
      const scores = await embeddingScores(stream.samples);
      thresholds.forEach((threshold, index) => (alarms[index] = (alarms[index] as number) + wakes(scores, threshold).length));
      for (const sample of wakes(scores, head.threshold)) named.push(alarmOf(stream, sample, snr));
      oneStep += wakesOnOneStep(scores, head.threshold).length;
    }
    console.error(`false-wakes: ${levelLabel(snr)} done, ${(seconds / 3600).toFixed(2)} h heard after ${((performance.now() - began) / 60_000).toFixed(1)} min`);
  }
  const hours = seconds / 3600;
  console.log(`false-wakes: the shipped engine over ${hours.toFixed(2)} h of negatives (${sentences.length} prose sentences the trainer never saw, confusables and bare commands, by the voice benchmark's 8 voices at 3 speeds; clean, 10 dB, 5 dB)`);
  for (const [index, threshold] of thresholds.entries()) {
    const count = alarms[index] as number;
    console.log(`  ≥${threshold}${threshold === head.threshold ? '*' : ''}: ${count} false wakes, ${(count / hours).toFixed(2)} an hour (95 % upper bound ${upperRate(count, hours).toFixed(2)} an hour; goal ≤ 0.1, ratio ${(count / hours / 0.1).toFixed(2)})`);
  }
  console.log(`  the rule before ADR 0018 (one step at ${head.threshold}, same scores): ${oneStep} false wakes, ${(oneStep / hours).toFixed(2)} an hour`);
  for (const alarm of named) console.log(`    false wake at the model's threshold (${head.threshold}): ${alarm}`);
  console.log(`  ran in ${((performance.now() - began) / 60_000).toFixed(1)} min`);
}
