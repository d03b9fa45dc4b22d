/**
 * The offline command recogniser: one utterance decoded against the command grammar and by the
 * general language model (pocketsphinx, in a sidecar). The grammar always finds its nearest
 * command; when the language model explains the audio better (a higher score per frame than
 * the grammar's, by more than the margin), the utterance is out of grammar and rejected, so
 * "tell me a joke" is not forced onto "cancel".
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { framesOf } from '../common/audio.js';
import { endChunks, writeChunk } from './sidecarChunks.js';

export interface Recognition {
  /** What the grammar heard (its nearest command), or null when it heard nothing. */
  readonly transcript: string | null;
  /** The free transcription by the language model, for the log. */
  readonly free: string | null;
  /** Grammar score per frame minus the language model's: above the margin, accepted. */
  readonly margin: number | null;
  readonly accepted: boolean;
}

export interface RecognizerOptions {
  readonly grammar: string;
  readonly pronunciations?: Readonly<Record<string, string>>;
  /** How much better (per frame) the language model must be to reject; 0 by default. */
  readonly rejectMargin?: number;
  readonly python?: string;
}

const SIDECAR = fileURLToPath(new URL('../../../voice/node/sidecar/pocketsphinx_command.py', import.meta.url));
export const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

let dictionary: Set<string> | undefined;

/** Whether the recogniser's dictionary (CMUdict as Debian ships it) has this word. */
export function inDictionary(word: string, extra: Readonly<Record<string, string>> = {}): boolean {
  if (word in extra) return true;
  dictionary ??= new Set(
    readFileSync(`${MODEL_DIR}/cmudict-en-us.dict`, 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[0] ?? '')
      .filter((entry) => entry !== '' && !entry.includes('(')),
  );
  return dictionary.has(word);
}

export function recognize(samples: Int16Array, options: RecognizerOptions): Promise<Recognition> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.python ?? '/usr/bin/python3', [SIDECAR], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let answered = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => reject(new Error(`the command recogniser could not start: ${error.message}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as { event: string; message?: string; grammar: { text: string; scorePerFrame: number } | null; free: { text: string; scorePerFrame: number } | null };
      answered = true;
      if (message.event === 'error') {
        reject(new Error(`the command recogniser failed: ${message.message ?? ''}`));
        return;
      }
      const margin = message.grammar && message.free ? message.grammar.scorePerFrame - message.free.scorePerFrame : message.grammar ? Number.POSITIVE_INFINITY : null;
      resolve({ transcript: message.grammar?.text ?? null, free: message.free?.text ?? null, margin, accepted: margin !== null && margin > -(options.rejectMargin ?? 0) });
    });
    child.on('exit', (code) => {
      if (!answered) reject(new Error(`the command recogniser stopped: ${stderr.trim() || `exit ${code}`}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.write(`${JSON.stringify({ grammar: options.grammar, pronunciations: options.pronunciations ?? {} })}\n`);
    for (const frame of framesOf(samples, 4096)) writeChunk(child.stdin, frame.samples);
    endChunks(child.stdin);
  });
}
