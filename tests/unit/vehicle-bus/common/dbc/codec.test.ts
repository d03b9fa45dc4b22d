import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { CompiledSignal } from '../../../../../vehicle-bus/common/dbc/codec.js';
import { DatabaseCodec, decodeRaw, FrameDecodeError, MessageCodec, writeRaw } from '../../../../../vehicle-bus/common/dbc/codec.js';
import type { MessageDefinition, RawValue, SignalDefinition } from '../../../../../vehicle-bus/common/dbc/model.js';
import { parseDbc } from '../../../../../vehicle-bus/common/dbc/parser.js';
import { fixtureText } from '../../../../support/fixtures.js';

const FEATURES = new DatabaseCodec(parseDbc(fixtureText('vehicle-bus', 'features.dbc'), 'features.dbc'));

function decodeHex(name: string, hex: string): Record<string, unknown> {
  const codec = FEATURES.forName(name);
  assert.ok(codec);
  const result: Record<string, unknown> = {};
  for (const [signal, value] of codec.decode(Buffer.from(hex, 'hex'))) result[signal] = value.label ?? value.physical;
  return result;
}

describe('codec: known frames of our feature DBC', () => {
  test('Intel: offset and factor, a signed field across bytes, a 40-bit field, a label', () => {
    // Unsigned12 = 0x014 (20 → 0 km/h); Signed7 = bits 12..18 = 0b1111111 (-1); Flag = bit 19 = 1; Wide40 = 0x0123456789.
    const wide = 0x0123456789;
    const bytes = new Uint8Array(8);
    const value = 0x014 + 0x7f * 2 ** 12 + 1 * 2 ** 19 + wide * 2 ** 20;
    let rest = BigInt(value);
    for (let i = 0; i < 8; i += 1) {
      bytes[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    assert.deepStrictEqual(decodeHex('Intel', Buffer.from(bytes).toString('hex')), { Unsigned12: 0, Signed7: -1, Flag: 'Set', Wide40: wide });
  });

  test('Motorola: big-endian words, a signed field, a nibble that crosses a byte boundary', () => {
    // Word = bytes 0-1; Signed11 = linear bits 18..28 (byte 2 bits 5..0, byte 3 bits 7..3); Nibble = linear 29..32.
    // byte2 = 0b00_111111, byte3 = 0b11111_101, byte4 = 0b1_0000000 → Signed11 = all ones (-1 → -0.1 V), Nibble = 0b1011.
    assert.deepStrictEqual(decodeHex('Motorola', '12343FFD80000000'), { Word: 0x1234, Signed11: -0.1, Nibble: 0b1011 });
  });

  test('64-bit values beyond 2^53 stay exact (BigInt)', () => {
    assert.deepStrictEqual(decodeHex('Extended64', 'FFFFFFFFFFFFFFFF'), { Everything: 18446744073709551615n });
    assert.deepStrictEqual(decodeHex('Extended64', '0100000000002000'), { Everything: 0x0020000000000001n });
  });

  test('IEEE float and double by bit pattern, then scaled', () => {
    const data = Buffer.alloc(16);
    data.writeFloatLE(1.5, 0);
    data.writeDoubleLE(-2.25, 8);
    assert.deepStrictEqual(decodeHex('Floats', data.toString('hex')), { Single: 1.5, Double: -3.5 });
  });

  test('CAN FD: a signal in byte 63 of a 64-byte frame', () => {
    const data = Buffer.alloc(64);
    data[0] = 3;
    data[63] = 0xfe;
    assert.deepStrictEqual(decodeHex('Fd', data.toString('hex')), { Last: 254, Gear: 'D' });
  });

  test('multiplexing: the switch selects a group; a cascaded switch selects its own', () => {
    assert.deepStrictEqual(
      [decodeHex('Multiplexed', '01AA0000000000FF'), decodeHex('Multiplexed', '03010205070000FF')],
      [
        { Selector: 1, Always: 255, GroupOneA: 0xaa },
        { Selector: 3, Always: 255, GroupTwoA: 0x0201, Inner: 5, InnerFive: 7 },
      ],
    );
  });

  test('a switch value with no group refuses the frame, as cantools does', () => {
    assert.throws(() => decodeHex('Multiplexed', '0900000000000000'), new FrameDecodeError('multiplexer', 'expected multiplexer id 1, 2 or 3, but got 9'));
    assert.throws(() => decodeHex('Multiplexed', '0300000000000000'), new FrameDecodeError('multiplexer', 'expected multiplexer id 5, but got 0'));
  });

  test('a frame too short for its signals is refused; one that covers them decodes', () => {
    assert.throws(() => decodeHex('Intel', '14000000'), /Intel needs 8 bytes for its signals, the frame has 4/);
    assert.deepStrictEqual(decodeHex('Motorola', '1234000000'), { Word: 0x1234, Signed11: 0, Nibble: 0 });
  });

  test('encode writes labels, physical values and the selected group only', () => {
    const codec = FEATURES.forName('Multiplexed') as MessageCodec;
    const frame = codec.encode({ Selector: 2, GroupTwoA: 513, GroupOneA: 99, Inner: 5, InnerFive: 7, Always: 1 });
    assert.equal(Buffer.from(frame).toString('hex').toUpperCase(), '0201020507000001');
    const intel = FEATURES.forName('Intel') as MessageCodec;
    assert.deepStrictEqual(intel.decode(intel.encode({ Unsigned12: 100.5, Flag: 'Set' })).get('Unsigned12')?.physical, 100.5);
  });

  test('encode saturates a value beyond the signal’s range instead of wrapping', () => {
    const intel = FEATURES.forName('Intel') as MessageCodec;
    const decoded = intel.decode(intel.encode({ Unsigned12: 99999, Signed7: -1000 }));
    assert.deepStrictEqual([decoded.get('Unsigned12')?.raw, decoded.get('Signed7')?.raw], [4095, -64]);
  });
});

/** A signal placed at a random valid position of a frame of `bytes` bytes. */
const signalArbitrary = fc
  .record({
    byteOrder: fc.constantFrom<'intel' | 'motorola'>('intel', 'motorola'),
    kind: fc.constantFrom('integer', 'integer', 'integer', 'float32', 'float64'),
    length: fc.integer({ min: 1, max: 64 }),
    signed: fc.boolean(),
    bytes: fc.constantFrom(8, 8, 12, 64),
    placement: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ byteOrder, kind, length, signed, bytes, placement }) => {
    const bits = kind === 'float32' ? 32 : kind === 'float64' ? 64 : length;
    const first = Math.floor(placement * (bytes * 8 - bits));
    const startBit = byteOrder === 'intel' ? first : (first >> 3) * 8 + (7 - (first & 7));
    const definition: SignalDefinition = {
      name: 'S',
      startBit,
      length: bits,
      byteOrder,
      signed,
      valueType: kind as SignalDefinition['valueType'],
      factor: 1,
      offset: 0,
      integerScaling: true,
      minimum: 0,
      maximum: 0,
      unit: '',
      receivers: [],
      isMultiplexer: false,
      multiplexerSignal: undefined,
      multiplexerIds: [],
      choices: new Map(),
      comment: undefined,
      line: 1,
    };
    const message: MessageDefinition = { id: 1, extended: false, name: 'M', length: bytes, sender: '', signals: [definition], cycleTimeMs: undefined, fd: bytes > 8, comment: undefined, line: 1 };
    return new MessageCodec(message).signals[0] as CompiledSignal;
  });

function rawArbitrary(signal: CompiledSignal): fc.Arbitrary<RawValue> {
  const { length, signed, valueType } = signal.definition;
  if (valueType === 'float32') return fc.float({ noNaN: true });
  if (valueType === 'float64') return fc.double({ noNaN: true });
  const min = signed ? -(1n << BigInt(length - 1)) : 0n;
  const max = signed ? (1n << BigInt(length - 1)) - 1n : (1n << BigInt(length)) - 1n;
  return fc.bigInt(min, max).map((value) => (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value));
}

/** The frame with only the signal's bits kept. */
function maskToSignal(signal: CompiledSignal, frame: Uint8Array): Uint8Array {
  const masked = new Uint8Array(frame.length);
  for (const chunk of signal.chunks) masked[chunk.byte] = (masked[chunk.byte] as number) | ((frame[chunk.byte] as number) & (chunk.mask << chunk.shift));
  return masked;
}

describe('codec properties (fast-check)', () => {
  test('decode(encode(raw)) === raw for every byte order, length, sign and float kind', () => {
    fc.assert(
      fc.property(
        signalArbitrary.chain((signal) => fc.tuple(fc.constant(signal), rawArbitrary(signal))),
        ([signal, raw]) => {
          const frame = new Uint8Array(signal.bytesNeeded);
          writeRaw(signal, frame, raw);
          assert.ok(Object.is(decodeRaw(signal, frame), raw) || decodeRaw(signal, frame) === raw, `${String(decodeRaw(signal, frame))} !== ${String(raw)}`);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('encode(decode(frame)) reproduces exactly the signal’s bits of any frame', () => {
    fc.assert(
      fc.property(
        signalArbitrary.chain((signal) => fc.tuple(fc.constant(signal), fc.uint8Array({ minLength: signal.bytesNeeded, maxLength: signal.bytesNeeded }))),
        ([signal, frame]) => {
          const raw = decodeRaw(signal, frame);
          // NaN has many bit patterns; JS keeps the payload through a DataView, so this is exact too.
          const rebuilt = new Uint8Array(frame.length);
          writeRaw(signal, rebuilt, raw);
          if (typeof raw === 'number' && Number.isNaN(raw)) return;
          assert.deepStrictEqual(rebuilt, maskToSignal(signal, frame));
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('writing one signal never touches the bits of another', () => {
    fc.assert(
      fc.property(signalArbitrary, fc.uint8Array({ minLength: 64, maxLength: 64 }), (signal, background) => {
        const frame = background.slice(0, signal.bytesNeeded);
        const before = frame.slice();
        writeRaw(signal, frame, 0);
        const untouched = (value: Uint8Array) => value.map((byte, index) => byte & ~(maskToSignal(signal, new Uint8Array(frame.length).fill(0xff))[index] as number));
        assert.deepStrictEqual(untouched(frame), untouched(before));
      }),
      { numRuns: 1000 },
    );
  });
});
