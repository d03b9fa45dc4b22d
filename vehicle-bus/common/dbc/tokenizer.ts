/**
 * DBC tokens. Signs are never part of a number token: `1-1` (an SG_MUL_VAL_ range), `@1-` (a
 * signed signal) and `(1,-40)` all need the parser, which knows where a number may be signed.
 */

export type TokenKind = 'identifier' | 'number' | 'string' | 'punctuation' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export class DbcSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}:${line}:${column}: expected ${expected}, found ${found}`);
    this.name = 'DbcSyntaxError';
  }
}

const PUNCTUATION = new Set([':', ';', ',', '|', '@', '+', '-', '(', ')', '[', ']']);

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || isDigit(code);
}

/** Splits DBC text into tokens. Throws DbcSyntaxError on an unterminated string or a stray character. */
export function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const length = text.length;

  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === 10) {
      index += 1;
      line += 1;
      lineStart = index;
      continue;
    }
    if (code === 32 || code === 9 || code === 13 || code === 0xfeff || code === 12) {
      index += 1;
      continue;
    }
    const column = index - lineStart + 1;
    if (code === 47 && text.charCodeAt(index + 1) === 47) {
      // `//` comments are not DBC, but hand-edited files carry them; skip to the line end.
      while (index < length && text.charCodeAt(index) !== 10) index += 1;
      continue;
    }
    if (isIdentifierStart(code)) {
      const start = index;
      while (index < length && isIdentifierPart(text.charCodeAt(index))) index += 1;
      tokens.push({ kind: 'identifier', text: text.slice(start, index), line, column });
      continue;
    }
    if (isDigit(code) || (code === 46 && isDigit(text.charCodeAt(index + 1)))) {
      const start = index;
      while (index < length && (isDigit(text.charCodeAt(index)) || text.charCodeAt(index) === 46)) index += 1;
      const exponent = text.charCodeAt(index);
      if (exponent === 69 || exponent === 101) {
        const sign = text.charCodeAt(index + 1);
        const digitAt = sign === 43 || sign === 45 ? index + 2 : index + 1;
        if (isDigit(text.charCodeAt(digitAt))) {
          index = digitAt;
          while (index < length && isDigit(text.charCodeAt(index))) index += 1;
        }
      }
      tokens.push({ kind: 'number', text: text.slice(start, index), line, column });
      continue;
    }
    if (code === 34) {
      const startLine = line;
      let value = '';
      index += 1;
      let closed = false;
      while (index < length) {
        const c = text.charCodeAt(index);
        if (c === 92 && index + 1 < length) {
          const next = text[index + 1];
          if (next === '"' || next === '\\') {
            value += next;
            index += 2;
            continue;
          }
        }
        if (c === 34) {
          closed = true;
          index += 1;
          break;
        }
        if (c === 10) {
          line += 1;
          lineStart = index + 1;
        }
        value += text[index];
        index += 1;
      }
      if (!closed) throw new DbcSyntaxError(file, startLine, column, 'a closing `"`', 'the end of the file');
      tokens.push({ kind: 'string', text: value.replace(/\r\n/g, '\n'), line: startLine, column });
      continue;
    }
    const char = text[index] ?? '';
    if (PUNCTUATION.has(char)) {
      tokens.push({ kind: 'punctuation', text: char, line, column });
      index += 1;
      continue;
    }
    throw new DbcSyntaxError(file, line, column, 'a DBC keyword, name, number, string or punctuation', JSON.stringify(char));
  }
  tokens.push({ kind: 'end', text: '', line, column: index - lineStart + 1 });
  return tokens;
}

/** How a token reads in an error message. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the file';
    case 'string':
      return `the string "${token.text.length > 30 ? `${token.text.slice(0, 30)}…` : token.text}"`;
    default:
      return `\`${token.text}\``;
  }
}
