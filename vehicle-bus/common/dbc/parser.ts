/**
 * DBC parser. Structure statements (BO_, SG_) that are malformed stop the parse with an error
 * naming file, line and column; annotation statements (CM_, BA_, VAL_ and the rest) that are
 * malformed are skipped with a warning, because real files carry such lines and the frames
 * still decode (cantools refuses a whole file for one bad CM_; we keep the rest).
 */
import type {
  AttributeDefinition,
  AttributeValue,
  Database,
  DbcWarning,
  MessageDefinition,
  RawValue,
  SignalDefinition,
  ValueType,
} from './model.js';
import { EXTENDED_ID_FLAG, INDEPENDENT_SIGNALS_MESSAGE_ID } from './model.js';
import type { Token } from './tokenizer.js';
import { DbcSyntaxError, describeToken, tokenize } from './tokenizer.js';

interface MutableSignal {
  name: string;
  startBit: number;
  length: number;
  byteOrder: 'intel' | 'motorola';
  signed: boolean;
  valueType: ValueType;
  factor: number;
  offset: number;
  integerScaling: boolean;
  minimum: number;
  maximum: number;
  unit: string;
  receivers: string[];
  isMultiplexer: boolean;
  multiplexerSignal: string | undefined;
  multiplexerIds: number[];
  /** Set when SG_MUL_VAL_ has spoken for this signal; its ranges replace the `mN` value. */
  extendedMultiplexing: boolean;
  choices: Map<RawValue, string>;
  comment: string | undefined;
  line: number;
}

interface MutableMessage {
  rawId: number;
  id: number;
  extended: boolean;
  name: string;
  length: number;
  sender: string;
  signals: MutableSignal[];
  comment: string | undefined;
  line: number;
  attributes: Map<string, AttributeValue>;
}

/** Statements we read past without a warning: valid DBC that nothing in Glovebox uses. */
const IGNORED_STATEMENTS = new Set([
  'BO_TX_BU_', 'EV_', 'ENVVAR_DATA_', 'SGTYPE_', 'SGTYPE_VAL_', 'SIG_GROUP_', 'SIG_TYPE_REF_',
  'BA_DEF_REL_', 'BA_REL_', 'BA_DEF_DEF_REL_', 'BU_SG_REL_', 'BU_EV_REL_', 'BU_BO_REL_',
  'CAT_DEF_', 'CAT_', 'FILTER', 'SG_MUL_VAL_RANGE_', 'BA_DEF_SGTYPE_', 'BA_SGTYPE_', 'SIGTYPE_VALTYPE_',
]);

/** Keywords that end the NS_ list when they are not indented (most files indent the list). */
const TOP_LEVEL_AFTER_NS = new Set(['BS_', 'BU_', 'BO_']);

/** The maximum payload of a CAN FD frame, in bytes. */
const MAX_FRAME_BYTES = 64;

class Cursor {
  index = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly file: string,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  fail(expected: string, token = this.peek()): never {
    throw new DbcSyntaxError(this.file, token.line, token.column, expected, describeToken(token));
  }

  isPunctuation(text: string): boolean {
    const token = this.peek();
    return token.kind === 'punctuation' && token.text === text;
  }

  expectPunctuation(text: string): void {
    if (!this.isPunctuation(text)) this.fail(`\`${text}\``);
    this.next();
  }

  identifier(what: string): string {
    const token = this.peek();
    if (token.kind !== 'identifier') this.fail(what);
    this.next();
    return token.text;
  }

  string(what: string): string {
    const token = this.peek();
    if (token.kind !== 'string') this.fail(what);
    this.next();
    return token.text;
  }

  /** A number with an optional sign; `integerOnly` refuses fractions and exponents. */
  numberToken(what: string): { value: number; text: string } {
    let sign = '';
    if (this.isPunctuation('-') || this.isPunctuation('+')) {
      const next = this.peek(1);
      if (next.kind === 'number') sign = this.next().text;
    }
    const token = this.peek();
    if (token.kind !== 'number') this.fail(what);
    this.next();
    const text = `${sign === '-' ? '-' : ''}${token.text}`;
    const value = Number(text);
    if (!Number.isFinite(value)) this.fail(what, token);
    return { value, text };
  }

  number(what: string): number {
    return this.numberToken(what).value;
  }

  integer(what: string): number {
    const start = this.peek();
    const { value } = this.numberToken(what);
    if (!Number.isInteger(value)) this.fail(what, start);
    return value;
  }

  /** An integer that may be beyond 2^53 (VAL_ keys on 64-bit signals). */
  rawInteger(what: string): RawValue {
    const start = this.peek();
    const { text } = this.numberToken(what);
    if (!/^-?\d+$/.test(text)) this.fail(what, start);
    return normaliseRaw(BigInt(text));
  }

  /** Skips to just past the next `;` (used to recover from a malformed annotation). */
  skipStatement(): void {
    while (this.peek().kind !== 'end') {
      const token = this.next();
      if (token.kind === 'punctuation' && token.text === ';') return;
    }
  }

  /** True when the next token starts a new top-level statement (an unindented keyword). */
  atStatementStart(): boolean {
    const token = this.peek();
    return token.kind === 'end' || (token.kind === 'identifier' && /^[A-Z_]+$/.test(token.text) && token.text.endsWith('_'));
  }
}

/** A raw integer as the codec holds it: a number while exact, a BigInt beyond. */
export function normaliseRaw(value: bigint): RawValue {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function isIntegerLiteral(text: string): boolean {
  return /^-?\d+$/.test(text);
}

/** Parses DBC text. `file` names the source in errors and warnings. */
export function parseDbc(text: string, file: string): Database {
  const cursor = new Cursor(tokenize(text, file), file);
  const parser = new Parser(cursor, file);
  return parser.parse();
}

class Parser {
  private version = '';
  private readonly nodes: string[] = [];
  private readonly messages: MutableMessage[] = [];
  private readonly messagesByRawId = new Map<number, MutableMessage>();
  private readonly valueTables = new Map<string, Map<RawValue, string>>();
  private readonly attributeDefinitions = new Map<string, AttributeDefinition>();
  private readonly signalValueTypes: Array<{ rawId: number; signal: string; type: ValueType; token: Token }> = [];
  private readonly multiplexValues: Array<{ rawId: number; signal: string; switchName: string; ids: number[]; token: Token }> = [];
  private readonly warnings: DbcWarning[] = [];

  constructor(
    private readonly cursor: Cursor,
    private readonly file: string,
  ) {}

  parse(): Database {
    const cursor: Cursor = this.cursor;
    while (cursor.peek().kind !== 'end') {
      const token = cursor.peek();
      if (token.kind !== 'identifier') cursor.fail('a DBC keyword (BO_, SG_, CM_, VAL_, BA_ …)');
      switch (token.text) {
        case 'VERSION':
          cursor.next();
          this.version = cursor.string('the version string');
          break;
        case 'NS_':
          this.parseNewSymbols();
          break;
        case 'BS_':
          this.parseBitTiming();
          break;
        case 'BU_':
          this.parseNodes();
          break;
        case 'BO_':
          this.parseMessage();
          break;
        case 'SG_':
          cursor.fail('BO_ before the first SG_ (a signal belongs to a message)');
          break;
        default:
          this.parseAnnotation(token);
      }
    }
    return this.finish();
  }

  private warn(token: Token, message: string): void {
    this.warnings.push({ file: this.file, line: token.line, column: token.column, message });
  }

  /** An annotation statement ends with `;`. A malformed one is skipped with a warning. */
  private parseAnnotation(token: Token): void {
    const cursor: Cursor = this.cursor;
    const start = cursor.index;
    try {
      switch (token.text) {
        case 'CM_':
          return this.parseComment();
        case 'VAL_TABLE_':
          return this.parseValueTable();
        case 'VAL_':
          return this.parseValueDescriptions();
        case 'BA_DEF_':
          return this.parseAttributeDefinition();
        case 'BA_DEF_DEF_':
          return this.parseAttributeDefault();
        case 'BA_':
          return this.parseAttribute();
        case 'SIG_VALTYPE_':
          return this.parseSignalValueType();
        case 'SG_MUL_VAL_':
          return this.parseMultiplexValues();
        default:
          cursor.next();
          if (!IGNORED_STATEMENTS.has(token.text)) this.warn(token, `unknown statement \`${token.text}\` skipped`);
          cursor.skipStatement();
      }
    } catch (error) {
      if (!(error instanceof DbcSyntaxError)) throw error;
      this.warnings.push({
        file: this.file,
        line: error.line,
        column: error.column,
        message: `${token.text} statement skipped: expected ${error.expected}, found ${error.found}`,
      });
      cursor.index = start + 1;
      cursor.skipStatement();
    }
  }

  private parseNewSymbols(): void {
    const cursor: Cursor = this.cursor;
    cursor.next();
    cursor.expectPunctuation(':');
    while (cursor.peek().kind === 'identifier') {
      const token = cursor.peek();
      if (token.column === 1 || TOP_LEVEL_AFTER_NS.has(token.text)) break;
      cursor.next();
    }
  }

  private parseBitTiming(): void {
    const cursor: Cursor = this.cursor;
    cursor.next();
    cursor.expectPunctuation(':');
    // `BS_: baudrate : BTR1 , BTR2` is obsolete; read past it when present.
    if (cursor.peek().kind === 'number') {
      cursor.number('the baud rate');
      if (cursor.isPunctuation(':')) {
        cursor.next();
        cursor.number('BTR1');
        cursor.expectPunctuation(',');
        cursor.number('BTR2');
      }
    }
  }

  private parseNodes(): void {
    const cursor: Cursor = this.cursor;
    const keyword = cursor.next();
    cursor.expectPunctuation(':');
    while (cursor.peek().kind === 'identifier' && cursor.peek().line === keyword.line) {
      this.nodes.push(cursor.next().text);
    }
    // Some writers break the node list over lines; a continued name is never a keyword.
    while (cursor.peek().kind === 'identifier' && !cursor.atStatementStart()) this.nodes.push(cursor.next().text);
  }

  private parseMessage(): void {
    const cursor: Cursor = this.cursor;
    const keyword = cursor.next();
    const idToken = cursor.peek();
    const rawId = cursor.integer('the message ID (a decimal integer)');
    if (rawId < 0 || rawId > 0xffffffff) cursor.fail('a message ID from 0 to 4294967295', idToken);
    const name = cursor.identifier('the message name');
    cursor.expectPunctuation(':');
    const lengthToken = cursor.peek();
    const length = cursor.integer('the message length in bytes');
    if (length < 0 || length > MAX_FRAME_BYTES) cursor.fail(`a length from 0 to ${MAX_FRAME_BYTES} bytes`, lengthToken);
    const sender = cursor.peek().kind === 'identifier' && !cursor.atStatementStart() ? cursor.next().text : 'Vector__XXX';
    const extended = rawId >= EXTENDED_ID_FLAG && rawId !== INDEPENDENT_SIGNALS_MESSAGE_ID;
    const message: MutableMessage = {
      rawId,
      id: extended ? rawId - EXTENDED_ID_FLAG : rawId,
      extended,
      name,
      length,
      sender,
      signals: [],
      comment: undefined,
      line: keyword.line,
      attributes: new Map(),
    };
    while (cursor.peek().kind === 'identifier' && cursor.peek().text === 'SG_') {
      message.signals.push(this.parseSignal(message));
    }
    if (this.messagesByRawId.has(rawId)) {
      const first = this.messagesByRawId.get(rawId) as MutableMessage;
      cursor.fail(`a message ID not used before (${first.name} on line ${first.line} has ${rawId})`, idToken);
    }
    this.messagesByRawId.set(rawId, message);
    this.messages.push(message);
  }

  private parseSignal(message: MutableMessage): MutableSignal {
    const cursor: Cursor = this.cursor;
    const keyword = cursor.next();
    const name = cursor.identifier('the signal name');
    let isMultiplexer = false;
    let multiplexerIds: number[] = [];
    if (cursor.peek().kind === 'identifier') {
      const muxToken = cursor.next();
      const match = /^(?:m(\d+))?(M)?$/.exec(muxToken.text);
      if (!match || (match[1] === undefined && match[2] === undefined)) {
        cursor.fail('`:`, `M` or `mN` (a multiplexer indicator)', muxToken);
      }
      isMultiplexer = match[2] === 'M';
      if (match[1] !== undefined) multiplexerIds = [Number(match[1])];
    }
    cursor.expectPunctuation(':');
    const startToken = cursor.peek();
    const startBit = cursor.integer('the start bit');
    cursor.expectPunctuation('|');
    const lengthToken = cursor.peek();
    const length = cursor.integer('the signal length in bits');
    cursor.expectPunctuation('@');
    const orderToken = cursor.peek();
    const order = cursor.integer('the byte order (0 Motorola, 1 Intel)');
    if (order !== 0 && order !== 1) cursor.fail('the byte order 0 (Motorola) or 1 (Intel)', orderToken);
    if (!cursor.isPunctuation('+') && !cursor.isPunctuation('-')) cursor.fail('`+` (unsigned) or `-` (signed)');
    const signed = cursor.next().text === '-';
    cursor.expectPunctuation('(');
    const factor = cursor.numberToken('the factor');
    cursor.expectPunctuation(',');
    const offset = cursor.numberToken('the offset');
    cursor.expectPunctuation(')');
    cursor.expectPunctuation('[');
    const minimum = cursor.number('the minimum');
    cursor.expectPunctuation('|');
    const maximum = cursor.number('the maximum');
    cursor.expectPunctuation(']');
    const unitLine = cursor.peek().line;
    const unit = cursor.string('the unit string');
    const receivers: string[] = [];
    // Receivers end the line; the next line starts the next SG_ or statement.
    if (cursor.peek().kind === 'identifier' && cursor.peek().line === unitLine) {
      receivers.push(cursor.next().text);
      while (cursor.isPunctuation(',')) {
        cursor.next();
        receivers.push(cursor.identifier('a receiver node name'));
      }
    }

    const bitsInFrame = Math.max(message.length, 8) * 8;
    if (length < 1 || length > 64) cursor.fail('a signal length from 1 to 64 bits', lengthToken);
    if (startBit < 0 || startBit >= bitsInFrame) cursor.fail(`a start bit inside the ${message.length}-byte message`, startToken);

    return {
      name,
      startBit,
      length,
      byteOrder: order === 1 ? 'intel' : 'motorola',
      signed,
      valueType: 'integer',
      factor: factor.value,
      offset: offset.value,
      // cantools keeps Python integers when both are integer literals, or for the identity (1, 0).
      integerScaling: (isIntegerLiteral(factor.text) && isIntegerLiteral(offset.text)) || (factor.value === 1 && offset.value === 0),
      minimum,
      maximum,
      unit,
      receivers,
      isMultiplexer,
      multiplexerSignal: undefined,
      multiplexerIds,
      extendedMultiplexing: false,
      choices: new Map(),
      comment: undefined,
      line: keyword.line,
    };
  }

  private findMessage(rawId: number, token: Token): MutableMessage {
    const message = this.messagesByRawId.get(rawId);
    if (!message) this.cursor.fail(`the ID of a message defined with BO_ (no message has ${rawId})`, token);
    return message;
  }

  private findSignal(message: MutableMessage, name: string, token: Token): MutableSignal {
    const signal = message.signals.find((candidate) => candidate.name === name);
    if (!signal) this.cursor.fail(`a signal of ${message.name}`, token);
    return signal;
  }

  private parseComment(): void {
    const cursor: Cursor = this.cursor;
    cursor.next();
    const kind = cursor.peek();
    if (kind.kind === 'string') {
      cursor.next();
      // opendbc's generator directive: the messages of another file belong here too.
      const imported = /^IMPORT\s+(\S+)/.exec(kind.text);
      if (imported) this.warn(kind, `CM_ "IMPORT ${imported[1]}" is not followed: load the generated DBC, or add ${imported[1]}'s messages`);
    } else if (kind.kind === 'identifier' && kind.text === 'BO_') {
      cursor.next();
      const idToken = cursor.peek();
      const message = this.findMessage(cursor.integer('a message ID'), idToken);
      message.comment = cursor.string('the comment string');
    } else if (kind.kind === 'identifier' && kind.text === 'SG_') {
      cursor.next();
      const idToken = cursor.peek();
      const message = this.findMessage(cursor.integer('a message ID'), idToken);
      const nameToken = cursor.peek();
      const signal = this.findSignal(message, cursor.identifier('a signal name'), nameToken);
      signal.comment = cursor.string('the comment string');
    } else if (kind.kind === 'identifier' && (kind.text === 'BU_' || kind.text === 'EV_')) {
      cursor.next();
      cursor.identifier('a node or variable name');
      cursor.string('the comment string');
    } else {
      cursor.fail('BU_, BO_, SG_, EV_ or a comment string after CM_');
    }
    cursor.expectPunctuation(';');
  }

  private parseChoices(): Map<RawValue, string> {
    const cursor: Cursor = this.cursor;
    const choices = new Map<RawValue, string>();
    while (!cursor.isPunctuation(';')) {
      const next = cursor.peek();
      if (next.kind === 'end' || (next.kind === 'identifier' && next.column === 1)) {
        // A list that is complete but for its `;` (opendbc's GM file ends so): keep it.
        this.warn(next, `missing \`;\` after the value list; the list is kept`);
        return choices;
      }
      const value = cursor.rawInteger('a raw value (integer) or `;`');
      choices.set(value, cursor.string('the label of the value'));
    }
    cursor.next();
    return choices;
  }

  private parseValueTable(): void {
    const cursor: Cursor = this.cursor;
    cursor.next();
    const name = cursor.identifier('the value table name');
    this.valueTables.set(name, this.parseChoices());
  }

  private parseValueDescriptions(): void {
    const cursor: Cursor = this.cursor;
    cursor.next();
    if (cursor.peek().kind === 'identifier') {
      cursor.skipStatement(); // VAL_ of an environment variable.
      return;
    }
    const idToken = cursor.peek();
    const rawId = cursor.integer('a message ID');
    const nameToken = cursor.peek();
    const signalName = cursor.identifier('a signal name');
    const choices = this.parseChoices();
    if (rawId === INDEPENDENT_SIGNALS_MESSAGE_ID && !this.messagesByRawId.has(rawId)) return;
    const message = this.findMessage(rawId, idToken);
    this.findSignal(message, signalName, nameToken).choices = choices;
  }

  private parseAttributeDefinition(): void {
    const cursor: Cursor = this.cursor;
    cursor.next();
    let objectType: AttributeDefinition['objectType'] = '';
    const typeToken = cursor.peek();
    if (typeToken.kind === 'identifier') {
      if (!['BU_', 'BO_', 'SG_', 'EV_'].includes(typeToken.text)) cursor.fail('BU_, BO_, SG_, EV_ or the attribute name');
      objectType = cursor.next().text as AttributeDefinition['objectType'];
    }
    const name = cursor.string('the attribute name');
    const valueTypeToken = cursor.peek();
    const valueType = cursor.identifier('INT, HEX, FLOAT, STRING or ENUM') as AttributeDefinition['valueType'];
    const enumValues: string[] = [];
    switch (valueType) {
      case 'INT':
      case 'HEX':
      case 'FLOAT':
        cursor.number('the minimum');
        cursor.number('the maximum');
        break;
      case 'STRING':
        break;
      case 'ENUM':
        while (cursor.peek().kind === 'string') {
          enumValues.push(cursor.next().text);
          if (cursor.isPunctuation(',')) cursor.next();
        }
        break;
      default:
        cursor.fail('INT, HEX, FLOAT, STRING or ENUM', valueTypeToken);
    }
    cursor.expectPunctuation(';');
    this.attributeDefinitions.set(name, { name, objectType, valueType, enumValues, defaultValue: undefined });
  }

  private attributeValue(): AttributeValue {
    return this.cursor.peek().kind === 'string' ? this.cursor.next().text : this.cursor.number('the attribute value');
  }

  private parseAttributeDefault(): void {
    const cursor: Cursor = this.cursor;
    cursor.next();
    const nameToken = cursor.peek();
    const name = cursor.string('the attribute name');
    const value = this.attributeValue();
    cursor.expectPunctuation(';');
    const definition = this.attributeDefinitions.get(name);
    if (!definition) {
      this.warn(nameToken, `BA_DEF_DEF_ for "${name}", which no BA_DEF_ defines; ignored`);
      return;
    }
    this.attributeDefinitions.set(name, { ...definition, defaultValue: value });
  }

  private parseAttribute(): void {
    const cursor: Cursor = this.cursor;
    cursor.next();
    const name = cursor.string('the attribute name');
    const target = cursor.peek();
    let message: MutableMessage | undefined;
    if (target.kind === 'identifier') {
      cursor.next();
      if (target.text === 'BO_') {
        const idToken = cursor.peek();
        message = this.findMessage(cursor.integer('a message ID'), idToken);
      } else if (target.text === 'SG_') {
        cursor.integer('a message ID');
        cursor.identifier('a signal name');
      } else if (target.text === 'BU_' || target.text === 'EV_') {
        cursor.identifier('a node or variable name');
      } else {
        cursor.fail('BU_, BO_, SG_, EV_ or a value', target);
      }
    }
    const value = this.attributeValue();
    cursor.expectPunctuation(';');
    message?.attributes.set(name, value);
  }

  private parseSignalValueType(): void {
    const cursor: Cursor = this.cursor;
    const keyword = cursor.next();
    const rawId = cursor.integer('a message ID');
    const signal = cursor.identifier('a signal name');
    if (cursor.isPunctuation(':')) cursor.next();
    const typeToken = cursor.peek();
    const code = cursor.integer('0 (integer), 1 (float) or 2 (double)');
    if (code < 0 || code > 2) cursor.fail('0 (integer), 1 (float) or 2 (double)', typeToken);
    cursor.expectPunctuation(';');
    const type: ValueType = code === 1 ? 'float32' : code === 2 ? 'float64' : 'integer';
    this.signalValueTypes.push({ rawId, signal, type, token: keyword });
  }

  private parseMultiplexValues(): void {
    const cursor: Cursor = this.cursor;
    const keyword = cursor.next();
    const rawId = cursor.integer('a message ID');
    const signal = cursor.identifier('the multiplexed signal name');
    const switchName = cursor.identifier('the multiplexer switch name');
    const ids: number[] = [];
    for (;;) {
      const lowToken = cursor.peek();
      const low = cursor.integer('the low end of a multiplexer value range (a-b)');
      cursor.expectPunctuation('-');
      const high = cursor.integer('the high end of a multiplexer value range (a-b)');
      if (high < low || high - low > 65535) cursor.fail('a range a-b with a <= b', lowToken);
      for (let value = low; value <= high; value += 1) ids.push(value);
      if (!cursor.isPunctuation(',')) break;
      cursor.next();
    }
    cursor.expectPunctuation(';');
    this.multiplexValues.push({ rawId, signal, switchName, ids, token: keyword });
  }

  /** Applies the statements that refer back to messages and freezes the result. */
  private finish(): Database {
    for (const entry of this.signalValueTypes) {
      const signal = this.messagesByRawId.get(entry.rawId)?.signals.find((candidate) => candidate.name === entry.signal);
      if (!signal) {
        this.warn(entry.token, `SIG_VALTYPE_ for ${entry.signal} in message ${entry.rawId}, which is not defined; ignored`);
        continue;
      }
      const bits = entry.type === 'float32' ? 32 : entry.type === 'float64' ? 64 : signal.length;
      if (signal.length !== bits) {
        this.warn(entry.token, `SIG_VALTYPE_ makes ${entry.signal} a ${bits}-bit float but it has ${signal.length} bits; ignored`);
        continue;
      }
      signal.valueType = entry.type;
    }
    for (const entry of this.multiplexValues) {
      const message = this.messagesByRawId.get(entry.rawId);
      const signal = message?.signals.find((candidate) => candidate.name === entry.signal);
      const switchSignal = message?.signals.find((candidate) => candidate.name === entry.switchName);
      if (!signal || !switchSignal) {
        this.warn(entry.token, `SG_MUL_VAL_ names ${entry.signal} / ${entry.switchName} in message ${entry.rawId}, not defined; ignored`);
        continue;
      }
      if (!signal.extendedMultiplexing) {
        signal.multiplexerIds = [];
        signal.extendedMultiplexing = true;
      }
      signal.multiplexerSignal = entry.switchName;
      signal.multiplexerIds.push(...entry.ids);
    }
    const cycleTime = this.attributeDefinitions.get('GenMsgCycleTime');
    const frameFormat = this.attributeDefinitions.get('VFrameFormat');
    const messages: MessageDefinition[] = [];
    for (const message of this.messages) {
      if (message.rawId === INDEPENDENT_SIGNALS_MESSAGE_ID) continue;
      message.signals = message.signals.filter((signal) => {
        const lastByte = lastByteOf(signal);
        if (lastByte < message.length) return true;
        this.warn(
          { kind: 'identifier', text: signal.name, line: signal.line, column: 1 },
          `${message.name}.${signal.name} needs byte ${lastByte} but the message has ${message.length} bytes; the signal is never decoded`,
        );
        return false;
      });
      // Simple multiplexing: `mN` signals hang off the message's one `M` switch.
      const simpleSwitch = message.signals.find((signal) => signal.isMultiplexer && signal.multiplexerIds.length === 0);
      for (const signal of message.signals) {
        if (!signal.extendedMultiplexing && signal.multiplexerIds.length > 0) {
          signal.multiplexerSignal = simpleSwitch?.name;
          if (!simpleSwitch) {
            this.warn(
              { kind: 'identifier', text: signal.name, line: signal.line, column: 1 },
              `${message.name}.${signal.name} is multiplexed (m${signal.multiplexerIds[0]}) but the message has no M switch; treated as always present`,
            );
            signal.multiplexerIds = [];
          }
        }
      }
      const cycle = message.attributes.get('GenMsgCycleTime') ?? cycleTime?.defaultValue;
      const format = message.attributes.get('VFrameFormat') ?? frameFormat?.defaultValue;
      const formatName = typeof format === 'number' ? frameFormat?.enumValues[format] : format;
      messages.push({
        id: message.id,
        extended: message.extended,
        name: message.name,
        length: message.length,
        sender: message.sender,
        signals: message.signals.map(freezeSignal),
        cycleTimeMs: typeof cycle === 'number' && cycle > 0 ? cycle : undefined,
        fd: message.length > 8 || (typeof formatName === 'string' && formatName.endsWith('_FD')),
        comment: message.comment,
        line: message.line,
      });
    }
    return {
      file: this.file,
      version: this.version,
      nodes: this.nodes,
      messages,
      valueTables: this.valueTables,
      attributeDefinitions: this.attributeDefinitions,
      warnings: this.warnings,
    };
  }
}

/** The index of the last byte a signal covers. */
function lastByteOf(signal: MutableSignal): number {
  if (signal.byteOrder === 'intel') return (signal.startBit + signal.length - 1) >> 3;
  const msb = (signal.startBit >> 3) * 8 + (7 - (signal.startBit & 7));
  return (msb + signal.length - 1) >> 3;
}

function freezeSignal(signal: MutableSignal): SignalDefinition {
  const { extendedMultiplexing: _extended, ...rest } = signal;
  return rest;
}
