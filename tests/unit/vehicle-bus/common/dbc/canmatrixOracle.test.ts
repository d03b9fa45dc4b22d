/**
 * The real-vehicle DBCs (Tesla, opendbc, Hyundai Kona) have no golden file: Debian's canmatrix
 * decodes the same generated frames in the test itself and we must agree with it on every
 * raw value (exactly) and physical value (canmatrix uses Decimal; 1e-9 relative).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DatabaseCodec } from '../../../../../vehicle-bus/common/dbc/codec.js';
import { FrameDecodeError } from '../../../../../vehicle-bus/common/dbc/codec.js';
import { loadDbcCodec } from '../../../../../vehicle-bus/node/loadDbc.js';
import { SIMULATOR_DBC } from '../../../../../vehicle-bus/node/projectFiles.js';
import type { CanmatrixFrame, CanmatrixResult } from '../../../../support/canmatrix.js';
import { canmatrixDecode, NO_CANMATRIX } from '../../../../support/canmatrix.js';
import { framesFor, hex, seededRandom } from '../../../../support/frames.js';
import { NO_VEHICLE_DATA, vehicleData } from '../../../../support/paths.js';

function realDbcFiles(): string[] {
  if (NO_VEHICLE_DATA) return [];
  return ['tesla_model3', 'opendbc', 'hyundai_kona_ev'].flatMap((folder) =>
    readdirSync(vehicleData('dbc', folder))
      .filter((name) => name.endsWith('.dbc'))
      .sort()
      .map((name) => join(vehicleData('dbc', folder), name)),
  );
}

function closeEnough(ours: number, theirs: number): boolean {
  if (Object.is(ours, theirs)) return true;
  return Math.abs(ours - theirs) <= 1e-9 * Math.max(1, Math.abs(theirs));
}

interface Disagreement {
  message: string;
  data: string;
  detail: string;
}

/** Compares our decode of each frame with canmatrix's; returns the disagreements. */
function compare(codec: DatabaseCodec, frames: Array<CanmatrixFrame & { message: string }>, theirs: CanmatrixResult[]): Disagreement[] {
  const problems: Disagreement[] = [];
  frames.forEach((frame, index) => {
    const result = theirs[index] as CanmatrixResult;
    const message = codec.forFrame(frame.id, frame.extended);
    assert.ok(message);
    const note = (detail: string): void => {
      problems.push({ message: frame.message, data: frame.data, detail });
    };
    let ours: ReturnType<typeof message.decode>;
    try {
      ours = message.decode(Buffer.from(frame.data, 'hex'));
    } catch (error) {
      assert.ok(error instanceof FrameDecodeError);
      // We refuse a multiplexer value with no group (as cantools does); canmatrix then returns
      // only the signals outside every group. It must not have found a group we did not.
      if ('error' in result) return;
      const grouped = Object.keys(result.signals).filter((name) => {
        const definition = message.signals[message.signalIndex.get(name) ?? -1]?.definition;
        return definition?.multiplexerSignal !== undefined;
      });
      if (grouped.length > 0) note(`we refused (${error.message}) but canmatrix decoded ${grouped.join(', ')}`);
      return;
    }
    if ('error' in result) {
      note(`canmatrix refused: ${result.error}`);
      return;
    }
    const ourNames = [...ours.keys()].sort();
    const theirNames = Object.keys(result.signals).sort();
    if (ourNames.join() !== theirNames.join()) note(`signals differ: ours ${ourNames.join()} / canmatrix ${theirNames.join()}`);
    for (const [name, signal] of ours) {
      const their = result.signals[name];
      if (!their) continue;
      const ourRaw = String(signal.raw);
      if (typeof signal.raw === 'bigint' ? ourRaw !== their[0] : !closeEnough(signal.raw, Number(their[0]))) note(`${name} raw ${ourRaw} vs ${their[0]}`);
      if (!closeEnough(Number(signal.physical), Number(their[1]))) note(`${name} physical ${String(signal.physical)} vs ${their[1]}`);
    }
  });
  return problems;
}

function framesOf(codec: DatabaseCodec, seed: number): Array<CanmatrixFrame & { message: string }> {
  const random = seededRandom(seed);
  const frames: Array<CanmatrixFrame & { message: string }> = [];
  for (const message of codec.messages) {
    for (const data of framesFor(message, random)) {
      frames.push({ id: message.message.id, extended: message.message.extended, data: hex(data), message: message.message.name });
    }
  }
  return frames;
}

describe('decoding agrees with Debian canmatrix', { skip: NO_CANMATRIX }, () => {
  test("the simulator's own DBC (bare clone)", () => {
    const codec = loadDbcCodec(SIMULATOR_DBC);
    const frames = framesOf(codec, 1);
    const [theirs] = canmatrixDecode([{ dbc: SIMULATOR_DBC, frames }]);
    assert.deepStrictEqual(compare(codec, frames, theirs ?? []), []);
  });

  test('every real vehicle DBC in the shared data', { skip: NO_VEHICLE_DATA }, () => {
    const files = realDbcFiles();
    const codecs = files.map((file) => loadDbcCodec(file));
    const jobs = codecs.map((codec, index) => ({ dbc: files[index] as string, frames: framesOf(codec, 100 + index) }));
    const results = canmatrixDecode(jobs);
    const disagreements = jobs.flatMap((job, index) =>
      compare(codecs[index] as DatabaseCodec, job.frames, results[index] ?? []).map((problem) => ({ dbc: job.dbc.split('/dbc/')[1], ...problem })),
    );
    const frameCount = jobs.reduce((sum, job) => sum + job.frames.length, 0);
    assert.ok(frameCount > 3000, `expected thousands of frames, generated ${frameCount}`);
    assert.deepStrictEqual(disagreements.slice(0, 20), []);
  });
});
