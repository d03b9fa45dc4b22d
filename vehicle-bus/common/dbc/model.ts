/**
 * The in-memory form of a DBC database: what the parser produces and the codec consumes.
 * Field names follow the DBC file (start bit, factor, offset) so a reader can hold the file
 * and the object side by side.
 */

/** A raw value: a JS number while it is exact (|v| <= 2^53 - 1), a BigInt beyond that. */
export type RawValue = number | bigint;

export type ByteOrder = 'intel' | 'motorola';

/** SIG_VALTYPE_: 0 integer (default), 1 IEEE float (32 bit), 2 IEEE double (64 bit). */
export type ValueType = 'integer' | 'float32' | 'float64';

export interface SignalDefinition {
  readonly name: string;
  /** Start bit as written in the DBC: the LSB for Intel, the MSB (sawtooth numbering) for Motorola. */
  readonly startBit: number;
  /** Length in bits, 1..64 (512 bits are addressable in a 64-byte CAN FD frame). */
  readonly length: number;
  readonly byteOrder: ByteOrder;
  readonly signed: boolean;
  readonly valueType: ValueType;
  readonly factor: number;
  readonly offset: number;
  /**
   * True when factor and offset were both written as integers. Then the physical value of a
   * raw value beyond 2^53 is computed exactly (as cantools does with Python integers).
   */
  readonly integerScaling: boolean;
  readonly minimum: number;
  readonly maximum: number;
  readonly unit: string;
  readonly receivers: readonly string[];
  /** This signal is a multiplexer switch (`M`, or `mNM` in extended multiplexing). */
  readonly isMultiplexer: boolean;
  /** The switch that selects this signal, or undefined when the signal is always present. */
  readonly multiplexerSignal: string | undefined;
  /** The switch values (raw) for which this signal is present; empty when not multiplexed. */
  readonly multiplexerIds: readonly number[];
  /** VAL_ labels by raw value. */
  readonly choices: ReadonlyMap<RawValue, string>;
  readonly comment: string | undefined;
  /** 1-based line in the DBC file where the signal is defined. */
  readonly line: number;
}

export interface MessageDefinition {
  /** The frame ID without the extended flag (bit 31 in the DBC). */
  readonly id: number;
  readonly extended: boolean;
  readonly name: string;
  /** Length in bytes as declared (DLC translated to bytes; up to 64 for CAN FD). */
  readonly length: number;
  readonly sender: string;
  readonly signals: readonly SignalDefinition[];
  /** GenMsgCycleTime in ms, when the DBC gives one greater than zero. */
  readonly cycleTimeMs: number | undefined;
  /** CAN FD: by VFrameFormat, or implied by a length over 8 bytes. */
  readonly fd: boolean;
  readonly comment: string | undefined;
  readonly line: number;
}

export interface DbcWarning {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type AttributeValue = number | string;

export interface AttributeDefinition {
  readonly name: string;
  /** The object kind the attribute applies to: '' (the database), BU_, BO_, SG_ or EV_. */
  readonly objectType: '' | 'BU_' | 'BO_' | 'SG_' | 'EV_';
  readonly valueType: 'INT' | 'HEX' | 'FLOAT' | 'STRING' | 'ENUM';
  readonly enumValues: readonly string[];
  readonly defaultValue: AttributeValue | undefined;
}

export interface Database {
  /** Where the database came from (a path, or a name given by the caller), for messages. */
  readonly file: string;
  readonly version: string;
  readonly nodes: readonly string[];
  readonly messages: readonly MessageDefinition[];
  readonly valueTables: ReadonlyMap<string, ReadonlyMap<RawValue, string>>;
  readonly attributeDefinitions: ReadonlyMap<string, AttributeDefinition>;
  /** Recoverable problems: the statement was skipped, the rest of the file was kept. */
  readonly warnings: readonly DbcWarning[];
}

/** The DBC writes extended IDs with bit 31 set. */
export const EXTENDED_ID_FLAG = 0x80000000;

/** Vector's pseudo message that holds signals assigned to no message; it is never on the bus. */
export const INDEPENDENT_SIGNALS_MESSAGE_ID = 0xc0000000;
