/**
 * Fuzz targets for every reader of outside input: candump lines, DBC text, OEM configs, app
 * files (app.json and pages) and signed packages. Each input is a real document of its kind,
 * mutated (bytes flipped, lines cut, doubled or shuffled, random text inserted), or plain random
 * text. A target passes an input when its reader returns, or refuses it with the reader's own
 * error (file, line, what was expected): any other exception is a crash.
 * Run briefly in `npm test` (tests/unit/fuzz.test.ts) and at length by `npm run bench -- fuzz`.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { AppError } from '../../miniapps/runtime/common/format/app.js';
import { compileAppFiles, readAppFolder } from '../../miniapps/runtime/node/appFiles.js';
import { openPackage, PackageError } from '../../miniapps/runtime/node/appPackage.js';
import { checkConfigText } from '../../services/node/config/configFile.js';
import { CandumpReader, parseCandumpLine } from '../../vehicle-bus/common/candump.js';
import { DatabaseCodec, FrameDecodeError } from '../../vehicle-bus/common/dbc/codec.js';
import { parseDbc } from '../../vehicle-bus/common/dbc/parser.js';
import { DbcSyntaxError } from '../../vehicle-bus/common/dbc/tokenizer.js';
import { fixturePath, fixtureText } from './fixtures.js';
import { OEM, signedFixture } from './packages.js';
import { repoPath } from './paths.js';

export interface FuzzTarget {
  readonly name: string;
  readonly input: fc.Arbitrary<string | Uint8Array>;
  /** Reads the input; throws only for a crash (an error the reader does not own). */
  readonly run: (input: string | Uint8Array) => void;
}

const text = (input: string | Uint8Array): string => (typeof input === 'string' ? input : new TextDecoder().decode(input));

/** Mutations of a text: each keeps most of it real, so the reader gets past its first check. */
function mutatedText(seeds: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.oneof(fc.string({ maxLength: 40, unit: 'binary' }), fc.constantFrom('"', '[', '{', '&a', '*a', '<<:', '\\', '#', '(', ')', '##', '\t', '\n', ' : ', '-1e309', '99999999999999999999', 'NaN', '\u0000')) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ kind: fc.constant('double' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
  );
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 8 })).map(([seed, edits]) => {
    let result = seed;
    for (const change of edits) {
      const at = result.length === 0 ? 0 : change.at % result.length;
      if (change.kind === 'flip') result = result.slice(0, at) + change.char + result.slice(at + 1);
      else if (change.kind === 'insert') result = result.slice(0, at) + change.piece + result.slice(at);
      else if (change.kind === 'cut') result = result.slice(0, at) + result.slice(at + change.length);
      else result = result.slice(0, at) + result.slice(at, at + change.length) + result.slice(at);
    }
    return result;
  });
}

function mutatedBytes(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean()), { minLength: 1, maxLength: 12 }).map((edits) => {
    let bytes = Uint8Array.from(seed);
    for (const [at, value, truncate] of edits) {
      if (truncate && bytes.length > 0 && value < 8) bytes = bytes.slice(0, at % bytes.length);
      else if (bytes.length > 0) bytes[at % bytes.length] = value;
    }
    return bytes;
  });
}

function owned(error: unknown, ...kinds: ReadonlyArray<new (...args: never[]) => Error>): void {
  if (!kinds.some((kind) => error instanceof kind)) throw error;
}

export function fuzzTargets(): FuzzTarget[] {
  const candump = fixtureText('vehicle-bus', 'sample.candump.log').split('\n').filter((line) => line !== '');
  const dbc = fixtureText('vehicle-bus', 'features.dbc');
  const configs = ['passenger-screen.yaml', 'simulated-ev.yaml', 'tesla-model3.yaml'].map((name) => readFileSync(repoPath('docs', 'config', name), 'utf8'));
  const app = readAppFolder(fixturePath('miniapps', 'charging-wechat'));
  const appJson = text(app.get('app.json') ?? new Uint8Array());
  const page = text(app.get('pages/index/index.wxml') ?? new Uint8Array());
  const pkg = signedFixture();
  return [
    {
      name: 'candump lines',
      input: fc.oneof(mutatedText(candump), fc.string({ maxLength: 600, unit: 'binary' })),
      run: (input) => {
        const line = text(input);
        parseCandumpLine(line, 1);
        // A reader fed the line among good ones keeps each channel's time from running backwards.
        const reader = new CandumpReader();
        const last = new Map<string, number>();
        for (const each of [...candump.slice(0, 3), line, ...candump.slice(3)]) {
          for (const result of [...reader.next(each)]) {
            if (!('frame' in result)) continue;
            if (result.frame.timestamp < (last.get(result.frame.channel) ?? -Infinity)) throw new Error(`time ran backwards on ${result.frame.channel} at line ${result.line}`);
            last.set(result.frame.channel, result.frame.timestamp);
          }
        }
      },
    },
    {
      name: 'DBC text',
      input: mutatedText([dbc]),
      run: (input) => {
        try {
          const codec = new DatabaseCodec(parseDbc(text(input), 'fuzz.dbc'));
          // Whatever parsed, decoding a frame of every length of each message never crashes.
          for (const message of codec.database.messages.slice(0, 20)) {
            for (const length of [0, 1, 8, 64]) {
              try {
                codec.forFrame(message.id, message.extended)?.decode(new Uint8Array(length).fill(0xa5));
              } catch (error) {
                owned(error, FrameDecodeError);
              }
            }
          }
        } catch (error) {
          owned(error, DbcSyntaxError);
        }
      },
    },
    {
      name: 'OEM configs',
      input: fc.oneof(mutatedText(configs), fc.string({ maxLength: 400 })),
      run: (input) => {
        checkConfigText(text(input), 'fuzz.yaml');
        checkConfigText(text(input), 'fuzz.json');
      },
    },
    {
      name: 'app.json and pages',
      input: fc.tuple(mutatedText([appJson]), mutatedText([page])).map(([json, wxml]) => JSON.stringify([json, wxml])),
      run: (input) => {
        const [json, wxml] = JSON.parse(text(input)) as [string, string];
        const files = new Map(app);
        files.set('app.json', new TextEncoder().encode(json));
        files.set('pages/index/index.wxml', new TextEncoder().encode(wxml));
        try {
          compileAppFiles(files);
        } catch (error) {
          owned(error, AppError);
        }
      },
    },
    {
      name: 'signed packages',
      input: mutatedBytes(pkg),
      run: (input) => {
        try {
          openPackage(typeof input === 'string' ? new TextEncoder().encode(input) : input, [OEM.publicKey]);
        } catch (error) {
          owned(error, PackageError, AppError);
        }
      },
    },
  ];
}

export interface FuzzFigures {
  readonly target: string;
  readonly cases: number;
  readonly crashes: number;
  readonly firstCrash: string | null;
  readonly slowestMs: number;
  readonly slowestInput: string;
}

/** Runs `cases` inputs of each target; never stops at a crash (it is counted and the first kept). */
export function fuzz(cases: number, seed: number): FuzzFigures[] {
  return fuzzTargets().map((target) => {
    let crashes = 0;
    let firstCrash: string | null = null;
    let slowestMs = 0;
    let slowestInput = '';
    const samples = fc.sample(target.input, { numRuns: cases, seed });
    for (const input of samples) {
      const started = performance.now();
      try {
        target.run(input);
      } catch (error) {
        crashes += 1;
        firstCrash ??= `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} on ${JSON.stringify(typeof input === 'string' ? input.slice(0, 200) : `${input.length} bytes`)}`;
      }
      const elapsed = performance.now() - started;
      if (elapsed > slowestMs) {
        slowestMs = elapsed;
        slowestInput = typeof input === 'string' ? `${input.length} characters` : `${input.length} bytes`;
      }
    }
    return { target: target.name, cases: samples.length, crashes, firstCrash, slowestMs, slowestInput };
  });
}
