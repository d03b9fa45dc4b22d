import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDbc } from '../../../../../vehicle-bus/common/dbc/parser.js';
import { DbcSyntaxError } from '../../../../../vehicle-bus/common/dbc/tokenizer.js';
import { fixtureText } from '../../../../support/fixtures.js';

const FEATURES = parseDbc(fixtureText('vehicle-bus', 'features.dbc'), 'features.dbc');

function message(name: string) {
  const found = FEATURES.messages.find((candidate) => candidate.name === name);
  assert.ok(found, `no message ${name}`);
  return found;
}

function signal(messageName: string, signalName: string) {
  const found = message(messageName).signals.find((candidate) => candidate.name === signalName);
  assert.ok(found, `no signal ${messageName}.${signalName}`);
  return found;
}

describe('DBC parser', () => {
  test('reads the header, nodes over two lines and value tables', () => {
    assert.deepStrictEqual(
      { version: FEATURES.version, nodes: FEATURES.nodes, onOff: [...(FEATURES.valueTables.get('OnOff') ?? [])] },
      { version: 'features', nodes: ['ECU', 'TESTER'], onOff: [[1, 'On'], [0, 'Off']] },
    );
  });

  test('reads a signal line completely', () => {
    const { choices: _choices, comment: _comment, ...rest } = signal('Intel', 'Signed7');
    assert.deepStrictEqual(rest, {
      name: 'Signed7',
      startBit: 12,
      length: 7,
      byteOrder: 'intel',
      signed: true,
      valueType: 'integer',
      factor: 1,
      offset: 0,
      integerScaling: true,
      minimum: -64,
      maximum: 63,
      unit: '',
      receivers: ['TESTER', 'ECU'],
      isMultiplexer: false,
      multiplexerSignal: undefined,
      multiplexerIds: [],
      line: 18,
    });
  });

  test('extended IDs lose bit 31; FD comes from VFrameFormat or a length over 8', () => {
    assert.deepStrictEqual(
      FEATURES.messages.map((m) => [m.name, m.id, m.extended, m.length, m.fd]),
      [
        ['Intel', 100, false, 8, false],
        ['Motorola', 101, false, 8, false],
        ['Extended64', 1024, true, 8, false],
        ['Floats', 102, false, 16, true],
        ['Multiplexed', 103, false, 8, false],
        ['Fd', 104, false, 64, true],
      ],
    );
  });

  test('attributes give cycle times, value types and labels', () => {
    assert.deepStrictEqual(
      {
        cycle: [message('Intel').cycleTimeMs, message('Motorola').cycleTimeMs],
        types: [signal('Floats', 'Single').valueType, signal('Floats', 'Double').valueType],
        flag: [...signal('Intel', 'Flag').choices],
        comments: [message('Intel').comment, signal('Motorola', 'Word').comment],
      },
      {
        cycle: [20, undefined],
        types: ['float32', 'float64'],
        flag: [[1, 'Set'], [0, 'Clear']],
        comments: ['A comment that spans\ntwo lines, with a "quote".', 'Big-endian'],
      },
    );
  });

  test('extended multiplexing: SG_MUL_VAL_ ranges and cascaded switches', () => {
    const shape = message('Multiplexed').signals.map((s) => [s.name, s.isMultiplexer, s.multiplexerSignal, s.multiplexerIds]);
    assert.deepStrictEqual(shape, [
      ['Selector', true, undefined, []],
      ['Always', false, undefined, []],
      ['GroupOneA', false, 'Selector', [1]],
      ['GroupTwoA', false, 'Selector', [2, 3]],
      ['Inner', true, 'Selector', [2, 3]],
      ['InnerFive', false, 'Inner', [5]],
    ]);
  });

  test('a malformed annotation is skipped, and an IMPORT noted, with warnings naming file and line', () => {
    assert.deepStrictEqual(FEATURES.warnings, [
      {
        file: 'features.dbc',
        line: 47,
        column: 5,
        message: 'CM_ "IMPORT _common.dbc" is not followed: load the generated DBC, or add _common.dbc\'s messages',
      },
      {
        file: 'features.dbc',
        line: 50,
        column: 5,
        message: 'CM_ statement skipped: expected BU_, BO_, SG_, EV_ or a comment string after CM_, found `103`',
      },
    ]);
  });

  test('a file with no header, CRLF line ends and a BOM parses', () => {
    const text = '\uFEFFBO_ 1 M: 2 X\r\n SG_ S : 0|16@1+ (1,0) [0|0] "" Y\r\n\r\nVAL_ 1 S 0 "zero";\r\n';
    const database = parseDbc(text, 'bare.dbc');
    assert.deepStrictEqual(
      database.messages.map((m) => [m.name, m.signals.map((s) => [s.name, [...s.choices]])]),
      [['M', [['S', [[0, 'zero']]]]]],
    );
  });

  test('a signal that does not fit its message is dropped with a warning, the rest kept', () => {
    const database = parseDbc('BO_ 1 M: 2 X\n SG_ Fits : 0|8@1+ (1,0) [0|0] "" Y\n SG_ TooFar : 8|16@1+ (1,0) [0|0] "" Y\n', 'fit.dbc');
    assert.deepStrictEqual(
      { signals: database.messages[0]?.signals.map((s) => s.name), warnings: database.warnings.map((w) => `${w.line}: ${w.message}`) },
      { signals: ['Fits'], warnings: ['3: M.TooFar needs byte 2 but the message has 2 bytes; the signal is never decoded'] },
    );
  });

  test('a value list missing its final `;` at the end of the file is kept with a warning', () => {
    const database = parseDbc('BO_ 1 M: 1 X\n SG_ S : 0|8@1+ (1,0) [0|0] "" Y\nVAL_ 1 S 1 "a" 0 "b"\n', 'end.dbc');
    assert.deepStrictEqual(
      { choices: [...(database.messages[0]?.signals[0]?.choices ?? [])], warnings: database.warnings.map((w) => w.line) },
      { choices: [[1, 'a'], [0, 'b']], warnings: [4] },
    );
  });

  const broken: Array<[string, string, Partial<DbcSyntaxError>]> = [
    ['a signal with no byte order', 'BO_ 1 M: 8 X\n SG_ S : 0|8 (1,0) [0|0] "" Y\n', { line: 2, column: 14, expected: '`@`', found: '`(`' }],
    ['a length beyond 64 bits', 'BO_ 1 M: 8 X\n SG_ S : 0|65@1+ (1,0) [0|0] "" Y\n', { line: 2, column: 12, expected: 'a signal length from 1 to 64 bits', found: '`65`' }],
    ['an unterminated string', 'BO_ 1 M: 8 X\n SG_ S : 0|8@1+ (1,0) [0|0] "km/h Y\n', { line: 2, column: 29, expected: 'a closing `"`', found: 'the end of the file' }],
    ['a duplicate message ID', 'BO_ 1 A: 8 X\nBO_ 1 B: 8 X\n', { line: 2, column: 5, found: '`1`' }],
    ['a message longer than CAN FD allows', 'BO_ 1 A: 65 X\n', { line: 1, column: 10, expected: 'a length from 0 to 64 bytes' }],
    ['a stray character', 'BO_ 1 A: 8 X\n SG_ S : 0|8@1+ (1,0) [0|0] "" Y\n$\n', { line: 3, column: 1, found: '"$"' }],
  ];
  for (const [what, text, expected] of broken) {
    test(`a genuinely broken DBC stops with file, line, column, expected and found: ${what}`, () => {
      assert.throws(
        () => parseDbc(text, 'broken.dbc'),
        (error: unknown) => {
          assert.ok(error instanceof DbcSyntaxError);
          assert.equal(error.file, 'broken.dbc');
          for (const [key, value] of Object.entries(expected)) assert.equal(error[key as keyof DbcSyntaxError], value, key);
          assert.match(error.message, /^broken\.dbc:\d+:\d+: expected .+, found .+$/);
          return true;
        },
      );
    });
  }
});
