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

  /** Feeds lines; each result as `frame@line=time` or `kind@line`. */
  function read(lines: readonly string[]): string[] {
    const reader = new CandumpReader();
    return [...lines.flatMap((line) => reader.next(line)), ...reader.end()].map((result) =>
      'frame' in result ? `${result.frame.channel}@${result.line}=${result.frame.timestamp}` : `${result.problem.kind}@${result.problem.line}`,
    );
  }

  test('a frame a little behind its channel is kept at the channel’s time; channels keep their own time', () => {
    assert.deepStrictEqual(read(['(2.0) can0 001#00', '(3.0) can1 001#00', '(1.5) can0 001#00', '(2.5) can0 001#00', '(2.5) can0 001#00']), [
      'can0@1=2',
      'can1@2=3',
      'timestamp-reordered@3',
      'can0@3=2',
      'can0@4=2.5',
      'can0@5=2.5',
    ]);
  });

  test('one frame from the future is an outlier: dropped with its line, and the log goes on (issue 17)', () => {
    const lines = ['(10.0) can0 001#00', '(1000010.0) can0 001#01', ...['10.1', '10.2', '10.3', '10.4', '10.5'].map((time) => `(${time}) can0 001#02`)];
    assert.deepStrictEqual(read(lines), ['can0@1=10', 'timestamp-jump@2', 'can0@3=10.1', 'can0@4=10.2', 'can0@5=10.3', 'can0@6=10.4', 'can0@7=10.5']);
  });

  test('a log whose clock really jumps is followed: forwards as it is, backwards shifted so time runs on', () => {
    const forwards = ['(10.0) can0 001#00', '(5000.0) can0 001#00', '(5000.1) can0 001#00', '(5000.2) can0 001#00', '(5000.3) can0 001#00'];
    assert.deepStrictEqual(read(forwards), ['can0@1=10', 'timestamp-resync@2', 'can0@2=5000', 'can0@3=5000.1', 'can0@4=5000.2', 'can0@5=5000.3']);
    const backwards = ['(500.0) can0 001#00', '(3.0) can0 001#00', '(3.5) can0 001#00', '(4.0) can0 001#00', '(4.5) can0 001#00'];
    assert.deepStrictEqual(read(backwards), ['can0@1=500', 'timestamp-resync@2', 'can0@2=500', 'can0@3=500.5', 'can0@4=501', 'can0@5=501.5']);
  });

  test('frames still held at the end of the log are reported, not lost silently', () => {
    assert.deepStrictEqual(read(['(10.0) can0 001#00', '(9000.0) can0 001#00', '(9000.1) can0 001#00']), ['can0@1=10', 'timestamp-jump@2', 'timestamp-jump@3']);
  });

  test('the line parser is linear: 200,000 blanks and junk after a frame, or a 10 MB line, are refused by length at once', () => {
    const blanks = `(1.0) can0 123#00${' '.repeat(200_000)}x`;
    const huge = `(1.0) can0 123#${'A'.repeat(10_000_000)}`;
    const spaced = `(1.0) can0 123#00${' \t'.repeat(200)}x`;
    assert.deepStrictEqual([parse(blanks), parse(huge), parse(spaced)], [
      { kind: 'line-too-long', line: 7 },
      { kind: 'line-too-long', line: 7 },
      { kind: 'malformed-line', line: 7 },
    ]);
  });

  test('formatting a parsed line gives the line back', () => {
    const lines = fixtureText('vehicle-bus', 'sample.candump.log').split('\n');
    for (const line of lines) {
      const parsed = parseCandumpLine(line, 1);
      if ('frame' in parsed && !parsed.frame.fd) assert.equal(formatCandumpLine(parsed.frame), line);
    }
  });
});
