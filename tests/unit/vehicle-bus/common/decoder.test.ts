import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CandumpReader } from '../../../../vehicle-bus/common/candump.js';
import { DatabaseCodec } from '../../../../vehicle-bus/common/dbc/codec.js';
import { parseDbc } from '../../../../vehicle-bus/common/dbc/parser.js';
import { FrameDecoder } from '../../../../vehicle-bus/common/decoder.js';
import { ProblemTally } from '../../../../vehicle-bus/common/problems.js';
import { fixtureText } from '../../../support/fixtures.js';

test('a log with every kind of bad input: each counted by kind with its line, no value from a bad frame', () => {
  const decoder = new FrameDecoder(new DatabaseCodec(parseDbc(fixtureText('vehicle-bus', 'features.dbc'), 'features.dbc')), { channels: ['can0'] });
  const lineProblems = new ProblemTally();
  const reader = new CandumpReader();
  const decoded: Array<[number, string]> = [];
  fixtureText('vehicle-bus', 'sample.candump.log')
    .split('\n')
    .forEach((text) => {
      for (const parsed of reader.next(text)) {
        if ('problem' in parsed) lineProblems.add(parsed.problem.kind, parsed.problem.message, parsed.problem.line);
        if (!('frame' in parsed) || !decoder.accepts(parsed.frame)) continue;
        const outcome = decoder.decode(parsed.frame, parsed.line);
        if (outcome.ok) decoded.push([parsed.line, outcome.value.message.message.name]);
      }
    });
  const byKind = (tally: ProblemTally) => Object.fromEntries(tally.summary().map((entry) => [entry.kind, entry.examples.map((example) => example.line)]));
  assert.deepStrictEqual(
    { decoded, lines: byKind(lineProblems), frames: byKind(decoder.problems) },
    {
      decoded: [
        [1, 'Intel'],
        [2, 'Motorola'],
        [3, 'Extended64'],
        [8, 'Intel'],
        [11, 'Fd'],
        [15, 'Multiplexed'],
      ],
      lines: { 'malformed-line': [4], 'non-hex-data': [6], 'odd-hex-length': [7], 'timestamp-reordered': [8], 'bad-id': [13] },
      frames: { 'unknown-id': [5], 'wrong-length': [9], 'remote-frame': [12], 'bad-multiplexer': [14] },
    },
  );
});
