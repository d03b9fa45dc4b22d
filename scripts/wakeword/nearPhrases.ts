/**
 * `node build/scripts/wakeword/nearPhrases.js [--head FILE]...` (after `npx tsc -b`): how often
 * wake heads wake on the phrase's phonetic neighbours, and what their second opinion makes of
 * those wakes (docs/adr/0026). Each neighbour is said alone by the training voices and by the
 * voices no head hears in training (UNFAMILIAR_VOICES), clean and at 10 and 5 dB, at a speed
 * the trainer never reads them at. It prints, per head, the wakes on the neighbours no head is
 * trained on (HELD_NEAR_PHRASES) and on the ones the near-phrases stage trains on
 * (NEAR_PHRASES), and how many of them the head's verifier keeps. Heads are given in turn the
 * same audio. Needs what the trainer needs, and python3-pocketsphinx for the verifier.
 */
import { parseArgs } from 'node:util';
import { SAMPLE_RATE } from '../../voice/common/audio.js';
import { cepstralMeanOf } from '../../voice/common/wakeHead.js';
import type { WakeHead } from '../../voice/node/embeddingWakeWord.js';
import { embeddingScores, loadWakeHead, WAKE_HEAD_FILE, wakes } from '../../voice/node/embeddingWakeWord.js';
import { DEFAULT_WAKE } from '../../voice/node/engines.js';
import type { Voice } from '../../voice/node/speech.js';
import { SphinxVerifier, verdictAt } from '../../voice/node/wakeVerifier.js';
import { shippedPath } from '../../base/node/shippedFiles.js';
import { HELD_NEAR_PHRASES, NEAR_PHRASES, ROOMS, SNRS, speechStream, TRAIN_VOICES, UNFAMILIAR_VOICES, voiceLabel } from './corpus.js';

const SEED = 2600;
/** A speed between the ones the near-phrases stage reads at (0.9 and 1.1, each ±5 %). */
const RATE = 1;

interface Said {
  readonly phrase: string;
  readonly heard: string;
  readonly samples: Int16Array;
}

/** Every phrase by every voice, in turn clean, at 10 and at 5 dB, through the rooms in turn. */
function sayAll(phrases: readonly string[], voices: readonly Voice[], seed: number): Said[] {
  const out: Said[] = [];
  let n = 0;
  for (const voice of voices) {
    for (const phrase of phrases) {
      n += 1;
      const snr = SNRS[n % SNRS.length] ?? null;
      out.push({ phrase, heard: `${voiceLabel(voice)} ${snr === null ? 'clean' : `${snr} dB`}`, samples: speechStream({ ...voice, rate: RATE }, [phrase], snr, seed + n, ROOMS[n % ROOMS.length]) });
    }
  }
  return out;
}

/** How many of the clips wake the head, and how many of those its verifier keeps (all, when it has none). */
async function measure(head: WakeHead, verifier: SphinxVerifier, clips: readonly Said[]): Promise<{ woke: Said[]; kept: Said[] }> {
  const woke: Said[] = [];
  const kept: Said[] = [];
  for (const clip of clips) {
    const first = wakes(await embeddingScores(clip.samples, head), head.threshold, head.hold)[0];
    if (first === undefined) continue;
    woke.push(clip);
    if (head.verify === null || (await verdictAt(clip.samples, first, head.verify, verifier)).accepted) kept.push(clip);
  }
  return { woke, kept };
}

export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: { head: { type: 'string', multiple: true, default: [] } } });
  const paths = values.head.length > 0 ? values.head : [shippedPath(WAKE_HEAD_FILE)];
  const heads = paths.map((path) => loadWakeHead(path));
  const voices = [...TRAIN_VOICES, ...UNFAMILIAR_VOICES];
  const held = sayAll(HELD_NEAR_PHRASES, voices, SEED);
  const trained = sayAll(NEAR_PHRASES, voices, SEED + 5000);
  const seconds = [...held, ...trained].reduce((sum, clip) => sum + clip.samples.length / SAMPLE_RATE, 0);
  console.log(`near: ${held.length} clips of ${HELD_NEAR_PHRASES.length} held-out neighbours, ${trained.length} of ${NEAR_PHRASES.length} trained-on ones (${(seconds / 60).toFixed(1)} min), by ${voices.length} voices at rate ${RATE}`);
  for (const [index, head] of heads.entries()) {
    const verifier = new SphinxVerifier(head.phrase, DEFAULT_WAKE.pronunciations, head.verify ? { cmn: cepstralMeanOf(head.verify) } : {});
    try {
      const heldOut = await measure(head, verifier, held);
      const trainedOn = await measure(head, verifier, trained);
      const rule = head.verify === null ? 'no verifier' : `verifier margin ${head.verify.minMargin}`;
      console.log(`near: ${paths[index]} (threshold ${head.threshold}, ${rule}): held-out neighbours wake the head ${heldOut.woke.length} of ${held.length}, kept ${heldOut.kept.length}; trained-on neighbours wake it ${trainedOn.woke.length} of ${trained.length}, kept ${trainedOn.kept.length}`);
      const byPhrase = new Map<string, number>();
      for (const clip of heldOut.kept) byPhrase.set(clip.phrase, (byPhrase.get(clip.phrase) ?? 0) + 1);
      console.log(`near:   held-out kept by phrase: ${HELD_NEAR_PHRASES.map((phrase) => `"${phrase}" ${byPhrase.get(phrase) ?? 0}`).join(', ')}`);
    } finally {
      await verifier.close();
    }
  }
}

await main(process.argv.slice(2));
