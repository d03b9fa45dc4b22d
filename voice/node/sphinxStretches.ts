/**
 * A pocketsphinx sidecar that decodes stretches of audio one after another while they stream in
 * (`begin`, `feed`…, `end` answers with the sidecar's result line): what the command recogniser
 * and the wake verifier share. The sidecar is started once and kept; a sidecar that cannot start
 * or stops fails every answer owed, and every later one, with what it said.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { endChunks, endUtterance, startUtterance, writeChunk } from './sidecarChunks.js';

interface Line {
  readonly event: string;
  readonly message?: string;
}

export class SphinxStretches<Result> {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Answers owed, in order: one per `end`. */
  private readonly waiting: { resolve: (result: Result) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | undefined;
  private open = false;
  /** Settles when the sidecar has gone (or never started). */
  private readonly exited: Promise<void>;

  /** `what` names the sidecar in its errors ("the command recogniser"). */
  constructor(script: string, settings: object, what: string, python = '/usr/bin/python3') {
    // -B: no bytecode beside the scripts (their folder is the install's; sphinx_sidecar.py is imported).
    this.child = spawn(python, ['-B', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let said = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    this.child.on('error', (error) => this.fail(new Error(`${what} could not start: ${error.message}`)));
    createInterface({ input: this.child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as Line;
      if (line.event === 'error') said = line.message ?? '';
      else if (line.event === 'result') this.waiting.shift()?.resolve(line as Result);
    });
    this.child.on('exit', (code) => this.fail(new Error(`${what} stopped: ${said || stderr.trim() || `exit ${code}`}`)));
    this.exited = new Promise((resolve) => {
      this.child.on('close', () => resolve());
      this.child.on('error', () => resolve());
    });
    this.child.stdin.on('error', () => undefined);
    this.child.stdin.write(`${JSON.stringify(settings)}\n`);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }

  /** Why the sidecar can no longer answer, once it cannot. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Starts a stretch (an unfinished one is dropped). */
  begin(): void {
    startUtterance(this.child.stdin);
    this.open = true;
  }

  feed(samples: Int16Array): void {
    if (this.open) writeChunk(this.child.stdin, samples);
  }

  /** Ends the stretch: the sidecar's result, as soon as its decoders have finished it. */
  end(): Promise<Result> {
    if (this.failure) return Promise.reject(this.failure);
    this.open = false;
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      endUtterance(this.child.stdin);
    });
  }

  /** Stops the sidecar; settles once it has gone, its temporary folder with it. */
  close(): Promise<void> {
    endChunks(this.child.stdin);
    this.child.kill();
    return this.exited;
  }
}
