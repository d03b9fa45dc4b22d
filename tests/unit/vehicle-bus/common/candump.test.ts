import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CandumpReader, formatCandumpLine, parseCandumpLine } from '../../../../vehicle-bus/common/candump.js';
import { fixtureText } from '../../../support/fixtures.js';

function parse(line: string) {
  const parsed = parseCandumpLine(line, 7);
  if ('frame' in parsed) return { ...parsed.frame, data: Buffer.from(parsed.frame.data).toString('hex') };
  if ('problem' in parsed) return { kind: parsed.problem.kind, line: parsed.problem.line };
  return 'blank';
}

describe('candump log lines', () => {
  test('classic, extended, FD, remote and dotted frames', () => {
    assert.deepStrictEqual(
      [
        parse('(1436509052.249713) can0 123#DEADBEEF'),
        parse('(0.5) vcan1 12345678#'),
        parse('(2.000000) can0 123##3' + '11'.repeat(12)),
        parse('(3.000000) can0 123#R'),
        parse('(4.000000) can0 123#DE.AD'),
        parse('(5.000000) can0 123#0102 R'),
      ],
      [
        { timestamp: 1436509052.249713, channel: 'can0', id: 0x123, extended: false, data: 'deadbeef', fd: false, remote: false },
        { timestamp: 0.5, channel: 'vcan1', id: 0x12345678, extended: true, data: '', fd: false, remote: false },
        { timestamp: 2, channel: 'can0', id: 0x123, extended: false, data: '11'.repeat(12), fd: true, remote: false },
        { timestamp: 3, channel: 'can0', id: 0x123, extended: false, data: '', fd: false, remote: true },
        { timestamp: 4, channel: 'can0', id: 0x123, extended: false, data: 'dead', fd: false, remote: false },
        { timestamp: 5, channel: 'can0', id: 0x123, extended: false, data: '0102', fd: false, remote: false },
      ],
    );
  });

  test('every kind of bad line is a problem with its line number, never an exception', () => {
    assert.deepStrictEqual(
      [
        parse('not a frame'),
        parse('(1.0) can0 12#00'),
        parse('(1.0) can0 800#00'),
        parse('(1.0) can0 123#XY'),
        parse('(1.0) can0 123#ABC'),
        parse('(1.0) can0 123#' + '00'.repeat(9)),
        parse('(1.0) can0 123##1' + '00'.repeat(9)),
        parse('(1.0) can0 2FFFFFFF#00'),
        parse(''),
        parse('# a comment'),
      ],
      [
        { kind: 'malformed-line', line: 7 },
        { kind: 'bad-id', line: 7 },
        { kind: 'bad-id', line: 7 },
        { kind: 'non-hex-data', line: 7 },
        { kind: 'odd-hex-length', line: 7 },
        { kind: 'bad-length', line: 7 },
        { kind: 'bad-length', line: 7 },
        { kind: 'bad-id', line: 7 },
        'blank',
        'blank',
      ],
    );
  });

  test('a frame whose time goes backwards on its channel is dropped as a problem', () => {
    const reader = new CandumpReader();
    const results = ['(2.0) can0 001#00', '(3.0) can1 001#00', '(1.0) can0 001#00', '(2.5) can0 001#00'].map((line) => {
      const parsed = reader.next(line);
      return 'frame' in parsed ? 'frame' : 'problem' in parsed ? `${parsed.problem.kind}@${parsed.problem.line}` : 'blank';
    });
    assert.deepStrictEqual(results, ['frame', 'frame', 'timestamp-backwards@3', 'frame']);
  });

  test('formatting a parsed line gives the line back', () => {
    const lines = fixtureText('vehicle-bus', 'sample.candump.log').split('\n');
    for (const line of lines) {
      const parsed = parseCandumpLine(line, 1);
      if ('frame' in parsed && !parsed.frame.fd) assert.equal(formatCandumpLine(parsed.frame), line);
    }
  });
});
