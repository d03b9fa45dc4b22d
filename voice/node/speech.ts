/**
 * Synthesised speech from Debian's voices: flite (slt, rms, awb, kal16) and espeak-ng (with
 * its klatt, robosoft and edward variants), resampled by sox to the 16 kHz mono the pipeline
 * takes. The tests build their corpus with it; the simulator turns typed utterances into sound
 * with it, so they go through the real pipeline; spoken replies use it too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWav } from './wav.js';

export interface Voice {
  readonly engine: 'flite' | 'espeak-ng' | 'festival';
  /** flite: slt, rms, awb, kal16; espeak-ng: e.g. en-us+klatt; festival (corpus only): ked_diphone, cmu_us_slt_arctic_hts. */
  readonly name: string;
  /** 1 is the voice's own pace; 1.2 is 20 % faster. */
  readonly rate?: number;
  /** 1 is the voice's own pitch; 1.1 is 10 % higher (shifted by sox, tempo kept). */
  readonly pitch?: number;
}

export class SpeechError extends Error {}

/** Which of the programs speech needs are missing (empty when all are there). */
export function missingSpeechTools(): string[] {
  return ['flite', 'espeak-ng', 'sox'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw new SpeechError(`${command} could not run (${result.error.message}); install it: apt-get install ${command === 'sox' ? 'sox' : command}`);
  if (result.status !== 0) throw new SpeechError(`${command} ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim()}`);
}

/** `text` spoken by `voice`, as 16 kHz mono samples. */
export function synthesize(text: string, voice: Voice): Int16Array {
  return synthesizeEach([text], voice)[0] as Int16Array;
}

/**
 * Festival's part of text2wave (Debian's script, which starts festival and loads a voice for
 * every text, most of its time for a sentence): the same steps for each text in one process,
 * so a voice reading many sentences starts once. Each file is what text2wave writes for it:
 * before each text the random numbers start again as in a new process (the Czech voices draw
 * pauses from them, and size their range on the first draw).
 */
const FESTIVAL_EACH = `(load (path-append datadir "init.scm"))
(define (glovebox_save utt)
  (if (eq? glovebox_samples 0) (wave.save.header glovebox_fp (utt.wave utt) 'riff nil (list (list "numsamples" 0))))
  (set! glovebox_samples (+ glovebox_samples (get_param 'num_samples (wave.info (utt.wave utt)) 0)))
  (wave.save.data.fp (utt.wave utt) glovebox_fp 'riff nil)
  (set! glovebox_utt utt))
(set! tts_hooks (list utt.synth glovebox_save))
(define (glovebox_fresh)
  (srand 1)
  (if (symbol-bound? 'czech-rand-range) (set! czech-rand-range nil)))
(define (glovebox_speak in out)
  (set! glovebox_samples 0)
  (set! glovebox_fp (fopen out "wb"))
  (tts_file in (tts_find_text_mode in auto-text-mode-alist))
  (fseek glovebox_fp 0 0)
  (wave.save.header glovebox_fp (utt.wave glovebox_utt) 'riff nil (list (list "numsamples" glovebox_samples)))
  (fclose glovebox_fp))
`;

/** Each of `texts` spoken by `voice`, as 16 kHz mono samples (festival loads its voice once for them all). */
export function synthesizeEach(texts: readonly string[], voice: Voice): Int16Array[] {
  if (texts.length === 0) return [];
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-speech-'));
  try {
    const rate = voice.rate ?? 1;
    const pitch = voice.pitch ?? 1;
    // From files, so a text that starts with "-" is never taken for an option.
    const files = texts.map((text, index) => {
      const words = join(folder, `text${index}.txt`);
      writeFileSync(words, `${text}\n`);
      return { words, raw: join(folder, `raw${index}.wav`), out: join(folder, `out${index}.wav`) };
    });
    if (voice.engine === 'festival') {
      const script = join(folder, 'speak.scm');
      const quoted = (path: string): string => JSON.stringify(path);
      const select = `(glovebox_fresh)\n(voice_${voice.name})\n(Parameter.set 'Duration_Stretch ${(1 / rate).toFixed(3)})\n`;
      writeFileSync(script, `${FESTIVAL_EACH}${files.map((file) => `${select}(glovebox_speak ${quoted(file.words)} ${quoted(file.raw)})\n`).join('')}`);
      run('festival', ['--script', script]);
    }
    return files.map((file) => {
      if (voice.engine === 'flite') run('flite', ['-voice', voice.name, '--setf', `duration_stretch=${(1 / rate).toFixed(3)}`, '-f', file.words, '-o', file.raw]);
      else if (voice.engine === 'espeak-ng') run('espeak-ng', ['-v', voice.name, '-s', String(Math.round(160 * rate)), '-w', file.raw, '-f', file.words]);
      run('sox', ['-R', file.raw, '-r', '16000', '-c', '1', '-b', '16', file.out, ...(pitch !== 1 ? ['pitch', (1200 * Math.log2(pitch)).toFixed(0)] : [])]);
      return readWav(file.out);
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Silence of this many seconds. */
export function silence(seconds: number): Int16Array {
  return new Int16Array(Math.round(seconds * 16_000));
}

/** The pieces one after another (the sample helper lives with the other audio helpers). */
export { concat } from '../common/audio.js';
