/**
 * cantools 42.0.3 decoded random frames of every message in its own DBC test corpus; we must
 * decode the same frames to the same raw values, physical values and labels, and refuse the
 * frames it refuses.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { DatabaseCodec } from '../../../../../vehicle-bus/common/dbc/codec.js';
import { FrameDecodeError } from '../../../../../vehicle-bus/common/dbc/codec.js';
import type { RawValue } from '../../../../../vehicle-bus/common/dbc/model.js';
import { loadDbcCodec } from '../../../../../vehicle-bus/node/loadDbc.js';
import { NO_VEHICLE_DATA, vehicleData } from '../../../../support/paths.js';

interface OracleLine {
  dbc: string;
  message: string;
  id: number;
  extended: boolean;
  data: string;
  raw?: Record<string, number | string>;
  phys?: Record<string, number | string>;
  choices?: Record<string, string>;
  error?: string;
}

/** The oracle writes values JSON cannot hold as strings; ours become the same strings. */
function asOracleValue(value: RawValue): number | string {
  if (typeof value === 'bigint') return value.toString();
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

function oracleLines(): OracleLine[] {
  if (NO_VEHICLE_DATA) return [];
  const text = readFileSync(vehicleData('oracle', 'random_frames.cantools_tests.cantools-42.0.3.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OracleLine);
}

describe('decoding matches cantools on its DBC corpus', { skip: NO_VEHICLE_DATA }, () => {
  const lines = oracleLines();
  const byFile = new Map<string, OracleLine[]>();
  for (const line of lines) byFile.set(line.dbc, [...(byFile.get(line.dbc) ?? []), line]);
  for (const [file, fileLines] of byFile) {
    test(file, () => {
      const codec: DatabaseCodec = loadDbcCodec(vehicleData(file));
      const ours = fileLines.map((line) => {
        const message = codec.forFrame(line.id, line.extended);
        assert.ok(message, `${file}: no message for id ${line.id}`);
        try {
          const decoded = message.decode(Buffer.from(line.data, 'hex'));
          const raw: Record<string, number | string> = {};
          const phys: Record<string, number | string> = {};
          const choices: Record<string, string> = {};
          for (const [name, signal] of decoded) {
            raw[name] = asOracleValue(signal.raw);
            phys[name] = asOracleValue(signal.physical);
            if (signal.label !== undefined) choices[name] = signal.label;
          }
          return { message: message.message.name, data: line.data, raw, phys, choices };
        } catch (error) {
          assert.ok(error instanceof FrameDecodeError, String(error));
          return { message: message.message.name, data: line.data, error: `DecodeError: ${error.message}` };
        }
      });
      const expected = fileLines.map((line) =>
        line.error === undefined
          ? { message: line.message, data: line.data, raw: line.raw, phys: line.phys, choices: line.choices ?? {} }
          : { message: line.message, data: line.data, error: line.error },
      );
      assert.deepStrictEqual(ours, expected);
    });
  }
});
