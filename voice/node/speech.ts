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
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-speech-'));
  try {
    const raw = join(folder, 'raw.wav');
    const out = join(folder, 'out.wav');
    const rate = voice.rate ?? 1;
    // From a file, so a text that starts with "-" is never taken for an option.
    const words = join(folder, 'text.txt');
    writeFileSync(words, `${text}\n`);
    if (voice.engine === 'flite') run('flite', ['-voice', voice.name, '--setf', `duration_stretch=${(1 / rate).toFixed(3)}`, '-f', words, '-o', raw]);
    else if (voice.engine === 'festival') run('text2wave', ['-eval', `(voice_${voice.name})`, '-eval', `(Parameter.set 'Duration_Stretch ${(1 / rate).toFixed(3)})`, '-o', raw, words]);
    else run('espeak-ng', ['-v', voice.name, '-s', String(Math.round(160 * rate)), '-w', raw, '-f', words]);
    const pitch = voice.pitch ?? 1;
    run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', out, ...(pitch !== 1 ? ['pitch', (1200 * Math.log2(pitch)).toFixed(0)] : [])]);
    return readWav(out);
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
