/**
 * Decoding and encoding of CAN frames with a DBC database.
 *
 * Each signal is compiled once into the byte chunks it covers, so that Intel and Motorola
 * signals alike decode as a sum of `chunk × 2^k`: number arithmetic up to 53 bits, BigInt
 * beyond (held exactly), IEEE float and double by their bit pattern. Multiplexing follows
 * cantools: a switch selects a group of signals by its raw value, groups may nest (extended
 * multiplexing), and a switch value for which no signal is defined refuses the frame.
 */
import type { Database, MessageDefinition, RawValue, SignalDefinition } from './model.js';
import { EXTENDED_ID_FLAG } from './model.js';
import { normaliseRaw } from './parser.js';

/** The largest length decoded with plain number arithmetic; longer integer signals use BigInt. */
const MAX_NUMBER_BITS = 52;

/** A physical value: a number, or a BigInt when the DBC scaling is integral and the value is beyond 2^53. */
export type PhysicalValue = number | bigint;

interface Chunk {
  readonly byte: number;
  readonly shift: number;
  readonly mask: number;
  /** Where the chunk's bits land in the value: value += chunk × 2^position. */
  readonly position: number;
}

export interface CompiledSignal {
  readonly definition: SignalDefinition;
  readonly index: number;
  readonly chunks: readonly Chunk[];
  /** The smallest frame (bytes) that holds every bit of the signal. */
  readonly bytesNeeded: number;
  /**
   * For integer signals of up to 52 bits: reads the unsigned bit pattern as a number, with
   * the chunk arithmetic unrolled for the common one-, two- and three-byte cases. Undefined
   * for floats and wider signals (they take the general path).
   */
  readonly readUnsigned: ((data: Uint8Array) => number) | undefined;
  /** 2^(length-1) for signed signals read by readUnsigned, else 0: values at or above it are negative. */
  readonly signThreshold: number;
}

interface SwitchEntry {
  readonly signal: CompiledSignal;
  readonly children: ReadonlyMap<number, MultiplexNode>;
}

interface MultiplexNode {
  readonly signals: readonly CompiledSignal[];
  readonly switches: readonly SwitchEntry[];
}

/** Why a frame was refused, as a value (see MessageCodec.select). */
type Refusal = typeof LENGTH_REFUSAL | { readonly switchEntry: SwitchEntry; readonly value: RawValue };
const LENGTH_REFUSAL = { length: true } as const;

/** One switch whose groups hold no further switches (most multiplexed messages): groups precomputed. */
interface SingleLevel {
  readonly switchSignal: CompiledSignal;
  readonly switchEntry: SwitchEntry;
  readonly groups: ReadonlyMap<number, readonly CompiledSignal[]>;
}

export class FrameDecodeError extends Error {
  constructor(
    readonly kind: 'multiplexer' | 'length',
    message: string,
  ) {
    super(message);
    this.name = 'FrameDecodeError';
  }
}

function chunksOf(signal: SignalDefinition): Chunk[] {
  const chunks: Chunk[] = [];
  if (signal.byteOrder === 'intel') {
    let bit = signal.startBit;
    let position = 0;
    while (position < signal.length) {
      const shift = bit & 7;
      const take = Math.min(8 - shift, signal.length - position);
      chunks.push({ byte: bit >> 3, shift, mask: (1 << take) - 1, position });
      bit += take;
      position += take;
    }
    return chunks;
  }
  // Motorola: the start bit is the MSB in sawtooth numbering; walk towards the LSB in
  // big-endian bit order (0 = MSB of byte 0).
  let linear = (signal.startBit >> 3) * 8 + (7 - (signal.startBit & 7));
  let remaining = signal.length;
  while (remaining > 0) {
    const fromMsb = linear & 7;
    const available = 8 - fromMsb;
    const take = Math.min(available, remaining);
    remaining -= take;
    chunks.push({ byte: linear >> 3, shift: available - take, mask: (1 << take) - 1, position: remaining });
    linear += take;
  }
  return chunks;
}

/** Builds the unrolled reader for a number-sized integer signal. */
function unsignedReader(chunks: readonly Chunk[]): (data: Uint8Array) => number {
  const [a, b, c] = chunks as [Chunk, Chunk?, Chunk?];
  const weightA = 2 ** a.position;
  if (!b) return (data) => (((data[a.byte] as number) >> a.shift) & a.mask) * weightA;
  const weightB = 2 ** b.position;
  if (!c) {
    return (data) => (((data[a.byte] as number) >> a.shift) & a.mask) * weightA + (((data[b.byte] as number) >> b.shift) & b.mask) * weightB;
  }
  const weightC = 2 ** c.position;
  if (chunks.length === 3) {
    return (data) =>
      (((data[a.byte] as number) >> a.shift) & a.mask) * weightA +
      (((data[b.byte] as number) >> b.shift) & b.mask) * weightB +
      (((data[c.byte] as number) >> c.shift) & c.mask) * weightC;
  }
  const bytes = Int32Array.from(chunks, (chunk) => chunk.byte);
  const shifts = Int32Array.from(chunks, (chunk) => chunk.shift);
  const masks = Int32Array.from(chunks, (chunk) => chunk.mask);
  const weights = Float64Array.from(chunks, (chunk) => 2 ** chunk.position);
  return (data) => {
    let value = 0;
    for (let i = 0; i < bytes.length; i += 1) value += (((data[bytes[i] as number] as number) >> (shifts[i] as number)) & (masks[i] as number)) * (weights[i] as number);
    return value;
  };
}

function compileSignal(definition: SignalDefinition, index: number): CompiledSignal {
  const chunks = chunksOf(definition);
  const bytesNeeded = Math.max(...chunks.map((chunk) => chunk.byte)) + 1;
  const numberSized = definition.valueType === 'integer' && definition.length <= MAX_NUMBER_BITS;
  return {
    definition,
    index,
    chunks,
    bytesNeeded,
    readUnsigned: numberSized ? unsignedReader(chunks) : undefined,
    signThreshold: numberSized && definition.signed ? 2 ** (definition.length - 1) : 0,
  };
}

const float32View = new DataView(new ArrayBuffer(8));

/** Reads the signal's unsigned bit pattern as a number (length <= 52) or BigInt. */
function readBits(signal: CompiledSignal, data: Uint8Array): RawValue {
  const chunks = signal.chunks;
  if (signal.definition.length <= MAX_NUMBER_BITS) {
    let value = 0;
    for (let i = 0; i < chunks.length; i += 1) {
      const chunk = chunks[i] as Chunk;
      value += (((data[chunk.byte] as number) >> chunk.shift) & chunk.mask) * 2 ** chunk.position;
    }
    return value;
  }
  let value = 0n;
  for (const chunk of chunks) {
    value += BigInt(((data[chunk.byte] as number) >> chunk.shift) & chunk.mask) << BigInt(chunk.position);
  }
  return value;
}

/** The raw value of a signal: signed, float or integer as the DBC says. */
export function decodeRaw(signal: CompiledSignal, data: Uint8Array): RawValue {
  const definition = signal.definition;
  const bits = readBits(signal, data);
  if (definition.valueType === 'float32') {
    float32View.setUint32(0, Number(bits));
    return float32View.getFloat32(0);
  }
  if (definition.valueType === 'float64') {
    float32View.setBigUint64(0, BigInt(bits));
    return float32View.getFloat64(0);
  }
  if (typeof bits === 'number') {
    if (definition.signed && bits >= 2 ** (definition.length - 1)) return bits - 2 ** definition.length;
    return bits;
  }
  const length = BigInt(definition.length);
  const signedBits = definition.signed && bits >= 1n << (length - 1n) ? bits - (1n << length) : bits;
  return normaliseRaw(signedBits);
}

/**
 * raw × factor + offset, as cantools computes it: in float64, except that integral scaling of
 * a raw value beyond 2^53 stays exact (BigInt).
 */
export function toPhysical(definition: SignalDefinition, raw: RawValue): PhysicalValue {
  if (typeof raw === 'number') {
    const value = raw * definition.factor + definition.offset;
    if (definition.integerScaling && definition.valueType === 'integer' && !Number.isSafeInteger(value)) {
      return normaliseRaw(BigInt(raw) * BigInt(definition.factor) + BigInt(definition.offset));
    }
    return value;
  }
  if (definition.integerScaling) return normaliseRaw(raw * BigInt(definition.factor) + BigInt(definition.offset));
  return Number(raw) * definition.factor + definition.offset;
}

/** Inverse of toPhysical for encoding: rounds to the nearest raw value. */
export function toRaw(definition: SignalDefinition, physical: PhysicalValue): RawValue {
  if (definition.valueType !== 'integer') return (Number(physical) - definition.offset) / definition.factor;
  if (typeof physical === 'bigint' || (definition.integerScaling && Math.abs(physical) > Number.MAX_SAFE_INTEGER)) {
    // Beyond 2^53 only integral scaling is exact; the physical value is then an integer too.
    const exact = typeof physical === 'bigint' ? physical : BigInt(Math.round(physical));
    return normaliseRaw((exact - BigInt(definition.offset)) / BigInt(definition.factor));
  }
  const raw = Math.round((physical - definition.offset) / definition.factor);
  return raw;
}

/** The start bit in one numbering for both byte orders (cantools' sort key). */
function linearStartBit(signal: SignalDefinition): number {
  return signal.byteOrder === 'intel' ? signal.startBit : (signal.startBit >> 3) * 8 + (7 - (signal.startBit & 7));
}

function formatAlternatives(values: readonly number[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

export interface DecodedSignal {
  readonly raw: RawValue;
  readonly physical: PhysicalValue;
  /** The VAL_ label of the raw value, when the DBC has one. */
  readonly label: string | undefined;
}

/** One compiled message: the codec for every frame with its ID. */
export class MessageCodec {
  readonly signals: readonly CompiledSignal[];
  readonly signalIndex: ReadonlyMap<string, number>;
  private readonly root: MultiplexNode;
  private readonly multiplexed: boolean;
  private readonly singleLevel: SingleLevel | undefined;
  private readonly bytesNeeded: number;

  constructor(readonly message: MessageDefinition) {
    this.signals = message.signals.map(compileSignal);
    this.signalIndex = new Map(this.signals.map((signal) => [signal.definition.name, signal.index]));
    this.multiplexed = message.signals.some((signal) => signal.isMultiplexer);
    this.root = this.buildNode((signal) => signal.definition.multiplexerSignal === undefined);
    this.bytesNeeded = Math.max(0, ...this.signals.map((signal) => signal.bytesNeeded));
    const [onlySwitch, ...otherSwitches] = this.root.switches;
    if (onlySwitch && otherSwitches.length === 0 && [...onlySwitch.children.values()].every((child) => child.switches.length === 0)) {
      const groups = new Map<number, readonly CompiledSignal[]>();
      for (const [value, child] of onlySwitch.children) groups.set(value, [...this.root.signals, ...child.signals]);
      this.singleLevel = { switchSignal: onlySwitch.signal, switchEntry: onlySwitch, groups };
    }
  }

  private buildNode(belongs: (signal: CompiledSignal) => boolean): MultiplexNode {
    const signals = this.signals.filter(belongs);
    // Independent switches are checked in start-bit order, as cantools does, so that a frame
    // refused for two reasons is refused with the same message.
    const switches = signals
      .filter((signal) => signal.definition.isMultiplexer)
      .sort((a, b) => linearStartBit(a.definition) - linearStartBit(b.definition))
      .map((switchSignal) => {
        const children = new Map<number, MultiplexNode>();
        const name = switchSignal.definition.name;
        const ids = new Set<number>();
        for (const signal of this.signals) {
          if (signal.definition.multiplexerSignal === name) for (const id of signal.definition.multiplexerIds) ids.add(id);
        }
        for (const id of ids) {
          children.set(
            id,
            this.buildNode((signal) => signal.definition.multiplexerSignal === name && signal.definition.multiplexerIds.includes(id)),
          );
        }
        return { signal: switchSignal, children };
      })
      .filter((entry) => entry.children.size > 0);
    return { signals, switches };
  }

  /**
   * Checks the frame and returns the signals present in it (all of them, or those its
   * multiplexer values select). Throws FrameDecodeError for a frame too short for the
   * message's signals or a multiplexer value with no signals.
   */
  activeSignals(data: Uint8Array): readonly CompiledSignal[] {
    const selected = this.select(data);
    if (!Array.isArray(selected)) throw this.refusalError(selected as Refusal, data);
    return selected as readonly CompiledSignal[];
  }

  /**
   * activeSignals without the throw, for the hot path: a refusal is a plain value, turned into
   * an error (with its message) only by callers that want one; building an Error and its stack
   * for every refused frame would cost more than decoding it.
   */
  private select(data: Uint8Array): readonly CompiledSignal[] | Refusal {
    if (data.length < this.bytesNeeded) return LENGTH_REFUSAL;
    if (!this.multiplexed) return this.signals;
    if (this.singleLevel) {
      const value = decodeRaw(this.singleLevel.switchSignal, data);
      const group = typeof value === 'number' ? this.singleLevel.groups.get(value) : undefined;
      return group ?? { switchEntry: this.singleLevel.switchEntry, value };
    }
    const active: CompiledSignal[] = [];
    return this.collect(this.root, data, active) ?? active;
  }

  private collect(node: MultiplexNode, data: Uint8Array, into: CompiledSignal[]): Refusal | undefined {
    for (const signal of node.signals) into.push(signal);
    for (const switchEntry of node.switches) {
      const value = decodeRaw(switchEntry.signal, data);
      const child = typeof value === 'number' ? switchEntry.children.get(value) : undefined;
      if (!child) return { switchEntry, value };
      const refused = this.collect(child, data, into);
      if (refused) return refused;
    }
    return undefined;
  }

  private refusalError(refusal: Refusal, data: Uint8Array): FrameDecodeError {
    if (!('switchEntry' in refusal)) {
      return new FrameDecodeError('length', `${this.message.name} needs ${this.bytesNeeded} bytes for its signals, the frame has ${data.length}`);
    }
    const expected = formatAlternatives([...refusal.switchEntry.children.keys()].sort((a, b) => a - b));
    return new FrameDecodeError('multiplexer', `expected multiplexer id ${expected}, but got ${refusal.value}`);
  }

  /** Decodes a frame into name → raw, physical and label. Throws FrameDecodeError. */
  decode(data: Uint8Array): Map<string, DecodedSignal> {
    const result = new Map<string, DecodedSignal>();
    for (const signal of this.activeSignals(data)) {
      const raw = decodeRaw(signal, data);
      result.set(signal.definition.name, {
        raw,
        physical: toPhysical(signal.definition, raw),
        label: signal.definition.choices.get(raw),
      });
    }
    return result;
  }

  /**
   * The hot path: physical values as float64 by signal index, with `present[i]` 1 for the
   * signals in this frame. Allocates nothing. Returns false (and writes nothing useful) for a
   * frame it cannot decode.
   */
  decodeInto(data: Uint8Array, values: Float64Array, present: Uint8Array): boolean {
    const selected = this.select(data);
    if (!Array.isArray(selected)) return false;
    const active = selected as readonly CompiledSignal[];
    if (active !== this.signals) present.fill(0, 0, this.signals.length);
    for (let i = 0; i < active.length; i += 1) {
      const signal = active[i] as CompiledSignal;
      const definition = signal.definition;
      const read = signal.readUnsigned;
      let raw: number;
      if (read !== undefined) {
        raw = read(data);
        if (signal.signThreshold !== 0 && raw >= signal.signThreshold) raw -= 2 * signal.signThreshold;
      } else {
        raw = Number(decodeRaw(signal, data));
      }
      values[signal.index] = raw * definition.factor + definition.offset;
      present[signal.index] = 1;
    }
    return true;
  }

  /**
   * Encodes signal values into a frame of the message's length. Values are physical numbers
   * (or BigInt), or VAL_ labels. Signals missing from `values` are encoded as raw 0. Only the
   * signals that the encoded switch values select are written.
   */
  encode(values: Readonly<Record<string, PhysicalValue | string>>, options: { scaled?: boolean } = {}): Uint8Array {
    const scaled = options.scaled ?? true;
    const data = new Uint8Array(this.message.length);
    const rawOf = (signal: CompiledSignal): RawValue => {
      const definition = signal.definition;
      const value = values[definition.name];
      if (value === undefined) return 0;
      if (typeof value === 'string') {
        for (const [raw, label] of definition.choices) if (label === value) return raw;
        throw new RangeError(`${this.message.name}.${definition.name}: no value is labelled "${value}"`);
      }
      return clampRaw(definition, scaled ? toRaw(definition, value) : value);
    };
    const writeNode = (node: MultiplexNode): void => {
      for (const signal of node.signals) writeRaw(signal, data, rawOf(signal));
      for (const { signal, children } of node.switches) {
        const selected = rawOf(signal);
        const child = typeof selected === 'number' ? children.get(selected) : undefined;
        if (child) writeNode(child);
      }
    };
    writeNode(this.root);
    return data;
  }
}

/** Saturates an integer raw value to what the signal's bits can hold (a speed past the top stays at the top). */
export function clampRaw(definition: SignalDefinition, raw: RawValue): RawValue {
  if (definition.valueType !== 'integer') return raw;
  const length = BigInt(definition.length);
  const min = definition.signed ? -(1n << (length - 1n)) : 0n;
  const max = definition.signed ? (1n << (length - 1n)) - 1n : (1n << length) - 1n;
  if (typeof raw === 'number' && definition.length <= 52) {
    return Math.min(Number(max), Math.max(Number(min), raw));
  }
  const value = BigInt(raw);
  return normaliseRaw(value < min ? min : value > max ? max : value);
}

/** Writes a raw value (two's complement for negatives, bit pattern for floats) into the frame. */
export function writeRaw(signal: CompiledSignal, data: Uint8Array, raw: RawValue): void {
  const definition = signal.definition;
  let bits: bigint;
  if (definition.valueType === 'float32') {
    float32View.setFloat32(0, Number(raw));
    bits = BigInt(float32View.getUint32(0));
  } else if (definition.valueType === 'float64') {
    float32View.setFloat64(0, Number(raw));
    bits = float32View.getBigUint64(0);
  } else {
    bits = BigInt.asUintN(definition.length, BigInt(raw));
  }
  for (const chunk of signal.chunks) {
    const part = Number((bits >> BigInt(chunk.position)) & BigInt(chunk.mask));
    const byte = data[chunk.byte] as number;
    data[chunk.byte] = (byte & ~(chunk.mask << chunk.shift)) | (part << chunk.shift);
  }
}

/** The key under which a frame's message is found: the DBC's own ID (bit 31 set for extended). */
export function frameKey(id: number, extended: boolean): number {
  return extended ? (id | EXTENDED_ID_FLAG) >>> 0 : id;
}

/** Every message of a database, compiled and indexed by frame ID. */
export class DatabaseCodec {
  private readonly byKey = new Map<number, MessageCodec>();
  private readonly byName = new Map<string, MessageCodec>();

  constructor(readonly database: Database) {
    for (const message of database.messages) {
      const codec = new MessageCodec(message);
      this.byKey.set(frameKey(message.id, message.extended), codec);
      this.byName.set(message.name, codec);
    }
  }

  /** The codec for a frame ID, or undefined when the DBC does not define it. */
  forFrame(id: number, extended: boolean): MessageCodec | undefined {
    return this.byKey.get(extended ? (id | EXTENDED_ID_FLAG) >>> 0 : id);
  }

  forName(name: string): MessageCodec | undefined {
    return this.byName.get(name);
  }

  get messages(): IterableIterator<MessageCodec> {
    return this.byName.values();
  }
}
