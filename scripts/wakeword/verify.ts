/**
 * `npm run verify:wake [-- --head FILE --window S --hours H --write --dump FILE --cmn batch|live]`: sets a wake head's
 * second opinion (docs/adr/0025) on validation audio only. The phrase by the training voices
 * (as the trainer's validation says it) and by the voices the head never hears
 * (UNFAMILIAR_VOICES), clean and at 10 and 5 dB, each followed by a command; the head's wakes
 * on them are scored by the verifier (voice/node/wakeVerifier.ts), and the margin is the highest
 * at which neither group loses more than VERIFY_BUDGET of them (scripts/wakeword/rule.ts); in
 * heavy noise (the speech measured under NOISY_BELOW_DB over the cabin's noise) a stricter one,
 * where neither loses more than NOISY_VERIFY_BUDGET of its wakes there (docs/adr/0036). It
 * prints the margins, and what the verifier makes of the validation speech's near wakes (the
 * repository's validation share of prose by the same voices, where the head's score holds
 * at 0.3 for two steps), and of the confusables said by the same voices where the head wakes
 * at its rule: how many it turns down. `--write` records the rule in the head file; `--dump`
 * writes every scored wake (margin, measured level, the noise it was made with) as JSON; `--cmn
 * live` scores with the verifier before docs/adr/0037, for comparison.
 * About 12 minutes on two cores; needs what the trainer needs, and python3-pocketsphinx. Run it
 * after `npm run train:wake`, which writes a head without a verify rule (the head alone).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SAMPLE_RATE } from '../../voice/common/audio.js';
import type { VerifyRule } from '../../voice/common/wakeHead.js';
import { cepstralMeanOf, marginFor, readVerifyRule } from '../../voice/common/wakeHead.js';
import type { WakeHead } from '../../voice/node/embeddingWakeWord.js';
import { embeddingScores, loadWakeHead, WAKE_HEAD_FILE, wakes } from '../../voice/node/embeddingWakeWord.js';
import { DEFAULT_WAKE } from '../../voice/node/engines.js';
import { missingSpeechTools } from '../../voice/node/speech.js';
import type { Voice } from '../../voice/node/speech.js';
import { heardBefore, SphinxVerifier, verdictOf } from '../../voice/node/wakeVerifier.js';

import { shippedPath } from '../../base/node/shippedFiles.js';
import { CONFUSABLES, festivalMissing, FOLLOW_UPS, HELD_NEAR_PHRASES, ROOMS, SNRS, spellingFor, spokenLines, TRAIN_VOICES, UNFAMILIAR_VOICES, voiceLabel, wakeClip } from './corpus.js';
import { proseFor } from './prose.js';
import type { VerifiedWake } from './rule.js';
import { NOISY_VERIFY_BUDGET, VERIFY_BUDGET, verifyRule } from './rule.js';

/** The held score the near wakes are found at: looser than any rule, so there are enough of them. */
const NEAR = { threshold: 0.3, hold: { steps: 2, by: 'lowest' } } as const;
const SEED = 2500;
/** The phrase's speeds, a follow-up each in turn (the trainer's validation says it at 1.05). */
const RATES = [0.95, 1.05, 1.2];
/** The margins the sweep prints, beside the one set. */
const SWEEP = [-20, -18, -16, -14, -12, -10, -8, -6];

/** A wake the verifier scored (VerifiedWake: its margin and the speech over noise it measured), and the noise the audio was made with (null: clean). */
interface Scored extends VerifiedWake {
  readonly level: number | null;
}

/** The verifier's margin on the stretch before `to`, and the speech over noise there. */
async function scoredAt(verifier: SphinxVerifier, samples: Int16Array, to: number, windowSeconds: number, level: number | null): Promise<Scored> {
  const heard = heardBefore(samples, to, windowSeconds);
  return { margin: verdictOf(await verifier.score(heard.stretch), { minMargin: 0 }).margin, snrDb: heard.snrDb, level };
}

/** The wakes the head woke on (within a second of the phrase), scored, and how many it missed. */
async function wakeMargins(head: WakeHead, verifier: SphinxVerifier, voices: readonly Voice[], windowSeconds: number, seed: number): Promise<{ margins: Scored[]; missed: number }> {
  const margins: Scored[] = [];
  let missed = 0;
  let n = 0;
  for (const voice of voices) {
    const spelling = spellingFor(head.phrase, voice);
    if (spelling === null) continue;
    for (const snr of SNRS) {
      for (const [index, follow] of FOLLOW_UPS.entries()) {
        n += 1;
        const clip = wakeClip(spelling, { ...voice, rate: RATES[index % RATES.length] as number }, follow, snr, seed + n, ROOMS[n % ROOMS.length]);
        const woke = wakes(await embeddingScores(clip.samples, head), head.threshold, head.hold).find((sample) => sample > clip.keywordStart && sample <= clip.keywordEnd + SAMPLE_RATE);
        if (woke === undefined) missed += 1;
        else margins.push(await scoredAt(verifier, clip.samples, woke, windowSeconds, snr));
      }
    }
  }
  return { margins, missed };
}

const shown = (scored: readonly Scored[]): string =>
  scored
    .map((each) => each.margin ?? Number.NEGATIVE_INFINITY)
    .sort((a, b) => a - b)
    .slice(0, 6)
    .map((each) => (Number.isFinite(each) ? each.toFixed(1) : 'no path'))
    .join(', ');

const levelOf = (level: number | null): string => (level === null ? 'clean' : `${level} dB`);
const keeps = (margin: number | null, at: number): boolean => margin !== null && margin >= at;
/** The measured speech over noise of some wakes: lowest, median and highest. */
function spread(scored: readonly Scored[]): string {
  const values = scored.map((each) => each.snrDb ?? Number.NaN).filter((each) => !Number.isNaN(each)).sort((a, b) => a - b);
  return values.length === 0 ? 'none' : `${(values[0] as number).toFixed(1)} / ${(values[Math.floor(values.length / 2)] as number).toFixed(1)} / ${(values[values.length - 1] as number).toFixed(1)} dB (${values.length})`;
}

export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: { head: { type: 'string' }, window: { type: 'string', default: '1.2' }, hours: { type: 'string', default: '1' }, write: { type: 'boolean', default: false }, dump: { type: 'string' }, cmn: { type: 'string', default: 'batch' } } });
  const path = values.head ?? shippedPath(WAKE_HEAD_FILE);
  const windowSeconds = Number(values.window);
  const hours = Number(values.hours);
  if (!(hours >= 0 && hours <= 20)) throw new Error(`--hours: expected hours from 0 to 20, found ${values.hours}`);
  // The model file's reader checks the window and the normalisation (--cmn: batch, the shipped verifier, or live, the one before docs/adr/0037).
  const cmn = cepstralMeanOf(readVerifyRule({ windowSeconds, minMargin: 0, cmn: values.cmn }) ?? {});
  const missing = [...missingSpeechTools(), ...(festivalMissing(TRAIN_VOICES) ? [`apt-get install ${festivalMissing(TRAIN_VOICES)}`] : [])];
  if (missing.length > 0) throw new Error(`verify:wake needs ${missing.join(', ')} (bash scripts/system-deps.sh)`);
  const head = loadWakeHead(path);
  const verifier = new SphinxVerifier(head.phrase, DEFAULT_WAKE.pronunciations, { cmn });
  const began = Date.now();
  try {
    const groups = [
      { name: 'training voices', ...(await wakeMargins(head, verifier, TRAIN_VOICES, windowSeconds, SEED)) },
      { name: 'unfamiliar voices', ...(await wakeMargins(head, verifier, UNFAMILIAR_VOICES, windowSeconds, SEED + 500)) },
    ];
    const rule = verifyRule(groups.map((group) => group.margins), windowSeconds);
    for (const group of groups) console.log(`verify: ${group.name}: ${group.margins.length} wakes by the head (${group.missed} missed by it), lowest margins ${shown(group.margins)}`);
    if (rule === null) throw new Error('no validation wakes to set the margin on');
    console.log(`verify: margin ${rule.minMargin} (each group loses at most ${VERIFY_BUDGET * 100} % of the head's wakes; window ${windowSeconds} s)`);
    if (rule.noisy) console.log(`verify: in heavy noise (speech under ${rule.noisy.belowSnrDb} dB over the cabin's noise, docs/adr/0036) margin ${rule.noisy.minMargin} (each group loses at most ${NOISY_VERIFY_BUDGET * 100} % of its wakes there)`);
    const near: (Scored & { heard: string })[] = [];
    const voices = [...TRAIN_VOICES, ...UNFAMILIAR_VOICES];
    const sentences = proseFor(shippedPath('README.md').replace(/README\.md$/, ''), 'validation');
    let seconds = 0;
    for (let n = 0; seconds < hours * 3600; n += 1) {
      const voice = voices[n % voices.length] as Voice;
      const snr = SNRS[n % SNRS.length] ?? null;
      const stream = spokenLines(voice, Array.from({ length: 8 }, (_, k) => sentences[(n * 8 + k) % sentences.length] as string), snr, SEED + 1000 + n);
      seconds += stream.samples.length / SAMPLE_RATE;
      for (const sample of wakes(await embeddingScores(stream.samples, head), NEAR.threshold, NEAR.hold)) {
        const line = [...stream.lines].reverse().find((each) => sample >= each.start);
        near.push({ ...(await scoredAt(verifier, stream.samples, sample, windowSeconds, snr)), heard: `${voiceLabel(voice)} ${levelOf(snr)}: "${line?.text ?? '(the opening pause)'}"` });
      }
    }
    // The confusables (the name in passing, the phrase's neighbours) by every voice, where the head wakes at its own rule.
    const confusable: (Scored & { heard: string })[] = [];
    let said = 0;
    for (const [n, text] of [...CONFUSABLES, ...HELD_NEAR_PHRASES].entries()) {
      for (const [level, snr] of SNRS.entries()) {
        const voice = voices[(n * SNRS.length + level) % voices.length] as Voice;
        const stream = spokenLines(voice, [text, text], snr, SEED + 3000 + n * 10 + level);
        said += 2;
        for (const sample of wakes(await embeddingScores(stream.samples, head), head.threshold, head.hold)) confusable.push({ ...(await scoredAt(verifier, stream.samples, sample, windowSeconds, snr)), heard: `${voiceLabel(voice)} ${levelOf(snr)}: "${text}"` });
      }
    }
    const all = groups.flatMap((group) => group.margins);
    for (const snr of SNRS) console.log(`verify: made at ${levelOf(snr)}, speech over noise measured (lowest / median / highest): the phrase ${spread(all.filter((each) => each.level === snr))}; near wakes ${spread(near.filter((each) => each.level === snr))}`);
    // Every margin below is the engine's reading of a rule (marginFor), the sweep's and the one set.
    const standsBy = (judge: Pick<VerifyRule, 'minMargin' | 'noisy'>) => (each: Scored): boolean => keeps(each.margin, marginFor(judge, each.snrDb));
    const sweepLine = (label: string, judge: Pick<VerifyRule, 'minMargin' | 'noisy'>): void => {
      const stands = standsBy(judge);
      console.log(`verify: at ${label}: lost ${groups.map((group) => `${group.margins.filter((each) => !stands(each)).length} of ${group.margins.length} ${group.name}`).join(', ')}; near wakes kept ${near.filter(stands).length} of ${near.length}; confusable wakes kept ${confusable.filter(stands).length} of ${confusable.length}`);
    };
    for (const at of SWEEP) sweepLine(`margin ${at}`, { minMargin: at });
    const { noisy } = rule;
    if (noisy) for (const at of SWEEP.filter((each) => each >= rule.minMargin)) sweepLine(`margin ${rule.minMargin}, ${at} in heavy noise`, { minMargin: rule.minMargin, noisy: { ...noisy, minMargin: at } });
    const stands = standsBy(rule);
    const kept = near.filter(stands);
    console.log(`verify: validation speech ${(seconds / 3600).toFixed(2)} h: ${near.length} near wakes (held ≥${NEAR.threshold} for ${NEAR.hold.steps} steps), the verifier turns down ${near.length - kept.length} and keeps ${kept.length}`);
    for (const each of kept) console.log(`  kept at margin ${(each.margin as number).toFixed(1)} (${each.snrDb?.toFixed(1) ?? '?'} dB over the noise): ${each.heard}`);
    const keptConfusables = confusable.filter(stands);
    console.log(`verify: ${said} confusables and held-out neighbours said (CONFUSABLES, HELD_NEAR_PHRASES), ${confusable.length} wakes by the head at its rule: the verifier turns down ${confusable.length - keptConfusables.length} and keeps ${keptConfusables.length}`);
    for (const each of keptConfusables) console.log(`  kept at margin ${(each.margin as number).toFixed(1)} (${each.snrDb?.toFixed(1) ?? '?'} dB over the noise): ${each.heard}`);
    if (values.dump !== undefined) writeFileSync(values.dump, `${JSON.stringify({ rule, groups, near, confusable })}\n`);
    if (values.write) {
      const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      writeFileSync(path, `${JSON.stringify({ ...file, verify: { ...rule, cmn } }, null, 1)}\n`);
      console.log(`verify: wrote the rule into ${path}`);
    }
    console.log(`verify: ran in ${((Date.now() - began) / 60_000).toFixed(1)} min`);
  } finally {
    await verifier.close();
  }
}

await main(process.argv.slice(2));
