/**
 * WXS (WeChat) and SJS (Alipay) modules, parsed at install into a tree that is data (JSON), so a
 * module travels in the compiled app like the templates do and is run by the interpreter in
 * interpret.ts, never by the JavaScript engine (ADR 0009). The language is the ES5 subset both
 * platforms document: var, functions and closures, if, for, for-in, while, do-while, switch,
 * break, continue, return, the ES5 operators, array and object literals, `module.exports` and
 * `require`. No `new`, no regular-expression literals (getRegExp), no try, no `this` beyond
 * undefined. Errors are the templates' own (TemplateError: file, line and column).
 */

import { TemplateError } from '../template/markup.js';

export type Node =
  | readonly ['num', number]
  | readonly ['str', string]
  | readonly ['bool', boolean]
  | readonly ['null']
  | readonly ['undef']
  | readonly ['id', string]
  | readonly ['arr', readonly Node[]]
  | readonly ['obj', ReadonlyArray<readonly [string, Node]>]
  | readonly ['fn', string | null, readonly string[], readonly Node[]]
  | readonly ['get', Node, Node]
  | readonly ['call', Node, readonly Node[], number]
  | readonly ['un', string, Node]
  | readonly ['upd', '++' | '--', boolean, Node]
  | readonly ['bin', string, Node, Node]
  | readonly ['and' | 'or', Node, Node]
  | readonly ['cond', Node, Node, Node]
  | readonly ['set', string, Node, Node]
  | readonly ['seq', readonly Node[]]
  // Statements
  | readonly ['var', ReadonlyArray<readonly [string, Node | null]>]
  /** `function name() {}`: hoisted with its value, unlike a var. */
  | readonly ['fundecl', string, Node]
  | readonly ['expr', Node]
  | readonly ['if', Node, Node, Node | null]
  | readonly ['for', Node | null, Node | null, Node | null, Node]
  | readonly ['forin', string, boolean, Node, Node]
  | readonly ['while', Node, Node]
  | readonly ['do', Node, Node]
  | readonly ['block', readonly Node[]]
  | readonly ['ret', Node | null]
  | readonly ['break']
  | readonly ['continue']
  | readonly ['switch', Node, ReadonlyArray<readonly [Node | null, readonly Node[]]>]
  | readonly ['empty'];


interface Token {
  readonly kind: 'num' | 'str' | 'name' | 'op' | 'end';
  readonly text: string;
  readonly value?: string | number;
  readonly offset: number;
  /** A line break came before this token (for `return` and automatic semicolons). */
  readonly newline: boolean;
}

const OPERATORS = [
  '>>>=', '===', '!==', '>>>', '<<=', '>>=', '==', '!=', '<=', '>=', '&&', '||', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>',
  '<', '>', '+', '-', '*', '/', '%', '!', '~', '&', '|', '^', '?', ':', '.', ',', ';', '(', ')', '[', ']', '{', '}', '=',
];
const KEYWORDS = new Set(['var', 'function', 'return', 'if', 'else', 'for', 'in', 'while', 'do', 'break', 'continue', 'switch', 'case', 'default', 'typeof', 'void', 'delete', 'true', 'false', 'null', 'undefined']);
const REFUSED = new Set(['new', 'this', 'try', 'catch', 'finally', 'throw', 'class', 'let', 'const', 'with', 'debugger', 'instanceof', 'eval', 'arguments']);
/** Source characters per module; a module is a small library, not a program. */
export const MAX_WXS_CHARACTERS = 256 * 1024;

function tokenize(file: string, source: string, locate: (offset: number) => [number, number]): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let newline = false;
  const fail = (offset: number, problem: string): never => {
    const [line, column] = locate(offset);
    throw new TemplateError(file, line, column, problem);
  };
  while (index < source.length) {
    const char = source[index] as string;
    if (char === '\n') newline = true;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (source.startsWith('//', index)) {
      while (index < source.length && source[index] !== '\n') index += 1;
      continue;
    }
    if (source.startsWith('/*', index)) {
      const end = source.indexOf('*/', index + 2);
      if (end < 0) fail(index, 'a comment that is never closed');
      if (source.slice(index, end).includes('\n')) newline = true;
      index = end + 2;
      continue;
    }
    const start = index;
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(source[index + 1] ?? ''))) {
      const text = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(source.slice(index))?.[0] ?? char;
      tokens.push({ kind: 'num', text, value: Number(text), offset: start, newline });
      index += text.length;
    } else if (char === '"' || char === "'") {
      let value = '';
      index += 1;
      while (index < source.length && source[index] !== char) {
        if (source[index] === '\n') fail(start, 'a string that runs past the end of its line');
        if (source[index] === '\\') {
          const next = source[index + 1] ?? '';
          if (next === 'u') {
            value += String.fromCharCode(parseInt(source.slice(index + 2, index + 6), 16));
            index += 6;
            continue;
          }
          value += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[next] ?? next;
          index += 2;
        } else {
          value += source[index];
          index += 1;
        }
      }
      if (index >= source.length) fail(start, `a closing ${char}`);
      index += 1;
      tokens.push({ kind: 'str', text: source.slice(start, index), value, offset: start, newline });
    } else if (/[A-Za-z_$]/.test(char)) {
      const text = /^[A-Za-z_$][\w$]*/.exec(source.slice(index))?.[0] ?? char;
      if (REFUSED.has(text)) fail(start, `"${text}" is not part of WXS`);
      tokens.push({ kind: 'name', text, offset: start, newline });
      index += text.length;
    } else {
      const operator = OPERATORS.find((candidate) => source.startsWith(candidate, index));
      if (!operator) fail(start, `an unexpected character ${JSON.stringify(char)}`);
      tokens.push({ kind: 'op', text: operator as string, offset: start, newline });
      index += (operator as string).length;
    }
    newline = false;
  }
  tokens.push({ kind: 'end', text: '', offset: source.length, newline: true });
  return tokens;
}

const BINARY: Readonly<Record<string, number>> = {
  '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '===': 6, '!==': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, in: 7, '<<': 8, '>>': 8, '>>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};
const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '>>>=']);
const MAX_NESTING = 64;

/**
 * Parses one module. `file` and `firstLine` place errors (an inline `<wxs>` starts on its tag's
 * line). The module's top level is a list of statements.
 */
export function parseWxs(file: string, source: string, firstLine = 1): Node[] {
  if (source.length > MAX_WXS_CHARACTERS) throw new TemplateError(file, firstLine, 1, `a WXS module of ${source.length} characters; at most ${MAX_WXS_CHARACTERS}`);
  const locate = (offset: number): [number, number] => {
    const before = source.slice(0, offset).split('\n');
    return [firstLine + before.length - 1, (before[before.length - 1]?.length ?? 0) + 1];
  };
  const tokens = tokenize(file, source, locate);
  let position = 0;
  let depth = 0;
  const peek = (ahead = 0): Token => tokens[Math.min(position + ahead, tokens.length - 1)] as Token;
  const next = (): Token => tokens[position++] as Token;
  const is = (text: string): boolean => (peek().kind === 'op' || peek().kind === 'name') && peek().text === text;
  const fail = (expected: string): never => {
    const token = peek();
    const [line, column] = locate(token.offset);
    throw new TemplateError(file, line, column, `expected ${expected}, found ${token.kind === 'end' ? 'the end' : JSON.stringify(token.text)}`);
  };
  const expect = (text: string): void => {
    if (!is(text)) fail(`"${text}"`);
    next();
  };
  const name = (): string => {
    const token = next();
    if (token.kind !== 'name' || KEYWORDS.has(token.text)) {
      position -= 1;
      fail('a name');
    }
    return token.text;
  };
  const nested = <T>(parse: () => T): T => {
    depth += 1;
    if (depth > MAX_NESTING) fail(`at most ${MAX_NESTING} levels of nesting`);
    try {
      return parse();
    } finally {
      depth -= 1;
    }
  };
  /** `;`, or a line break, `}` or the end where JavaScript would insert one. */
  const semicolon = (): void => {
    if (is(';')) next();
    else if (!(peek().newline || is('}') || peek().kind === 'end')) fail('";"');
  };

  function functionRest(own: string | null): Node {
    expect('(');
    const parameters: string[] = [];
    while (!is(')')) {
      parameters.push(name());
      if (!is(',')) break;
      next();
    }
    expect(')');
    return ['fn', own, parameters, block()];
  }

  function block(): Node[] {
    expect('{');
    const body: Node[] = [];
    while (!is('}')) {
      if (peek().kind === 'end') fail('"}"');
      body.push(statement());
    }
    next();
    return body;
  }

  function primary(): Node {
    const token = next();
    if (token.kind === 'num') return ['num', token.value as number];
    if (token.kind === 'str') return ['str', token.value as string];
    if (token.kind === 'name') {
      switch (token.text) {
        case 'true':
        case 'false':
          return ['bool', token.text === 'true'];
        case 'null':
          return ['null'];
        case 'undefined':
          return ['undef'];
        case 'function':
          return functionRest(peek().kind === 'name' && !is('(') ? name() : null);
        default:
          if (KEYWORDS.has(token.text)) {
            position -= 1;
            return fail('a value');
          }
          return ['id', token.text];
      }
    }
    if (token.text === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    if (token.text === '[') {
      const items: Node[] = [];
      while (!is(']')) {
        items.push(assignment());
        if (!is(',')) break;
        next();
      }
      expect(']');
      return ['arr', items];
    }
    if (token.text === '{') {
      const entries: Array<readonly [string, Node]> = [];
      while (!is('}')) {
        const key = next();
        if (key.kind !== 'name' && key.kind !== 'str' && key.kind !== 'num') {
          position -= 1;
          fail('a property name');
        }
        expect(':');
        entries.push([String(key.value ?? key.text), assignment()]);
        if (!is(',')) break;
        next();
      }
      expect('}');
      return ['obj', entries];
    }
    position -= 1;
    return fail('a value');
  }

  function postfix(): Node {
    let target = nested(primary);
    for (;;) {
      if (is('.')) {
        next();
        const key = next();
        if (key.kind !== 'name') {
          position -= 1;
          fail('a property name');
        }
        target = ['get', target, ['str', key.text]];
      } else if (is('[')) {
        next();
        const key = expression();
        expect(']');
        target = ['get', target, key];
      } else if (is('(')) {
        const line = locate(peek().offset)[0];
        next();
        const args: Node[] = [];
        while (!is(')')) {
          args.push(assignment());
          if (!is(',')) break;
          next();
        }
        expect(')');
        target = ['call', target, args, line];
      } else if ((is('++') || is('--')) && !peek().newline) {
        target = ['upd', next().text as '++' | '--', false, assignable(target)];
      } else return target;
    }
  }

  function assignable(target: Node): Node {
    if (target[0] !== 'id' && target[0] !== 'get') fail('a name or a property to assign to');
    return target;
  }

  function unary(): Node {
    if (is('++') || is('--')) {
      const operator = next().text as '++' | '--';
      return ['upd', operator, true, assignable(nested(unary))];
    }
    if (is('!') || is('-') || is('+') || is('~') || is('typeof') || is('void') || is('delete')) {
      const operator = next().text;
      return ['un', operator, nested(unary)];
    }
    return postfix();
  }

  function binary(minimum: number, allowIn: boolean): Node {
    let left = unary();
    for (;;) {
      const token = peek();
      const precedence = token.kind === 'op' || token.text === 'in' ? BINARY[token.text] : undefined;
      if (precedence === undefined || precedence < minimum || (token.text === 'in' && !allowIn)) return left;
      next();
      left = ['bin', token.text, left, nested(() => binary(precedence + 1, allowIn))];
    }
  }

  function both(allowIn: boolean): Node {
    let left = binary(3, allowIn);
    while (is('&&')) {
      next();
      left = ['and', left, nested(() => binary(3, allowIn))];
    }
    return left;
  }

  function logical(allowIn: boolean): Node {
    let left = both(allowIn);
    while (is('||')) {
      next();
      left = ['or', left, nested(() => both(allowIn))];
    }
    return left;
  }

  function conditional(allowIn: boolean): Node {
    const condition = logical(allowIn);
    if (!is('?')) return condition;
    next();
    const whenTrue = assignment();
    expect(':');
    return ['cond', condition, whenTrue, nested(() => assignment(allowIn))];
  }

  function assignment(allowIn = true): Node {
    const target = conditional(allowIn);
    if (peek().kind === 'op' && ASSIGN.has(peek().text)) {
      const operator = next().text;
      return ['set', operator, assignable(target), nested(() => assignment(allowIn))];
    }
    return target;
  }

  function expression(allowIn = true): Node {
    const first = assignment(allowIn);
    if (!is(',')) return first;
    const items = [first];
    while (is(',')) {
      next();
      items.push(assignment(allowIn));
    }
    return ['seq', items];
  }

  function declarations(allowIn: boolean): Node {
    const list: Array<readonly [string, Node | null]> = [];
    do {
      if (list.length > 0) next();
      const declared = name();
      if (is('=')) {
        next();
        list.push([declared, assignment(allowIn)]);
      } else list.push([declared, null]);
    } while (is(','));
    return ['var', list];
  }

  function statement(): Node {
    return nested(() => {
      const token = peek();
      if (token.kind === 'op' && token.text === '{') return ['block', block()] as Node;
      if (token.kind === 'op' && token.text === ';') {
        next();
        return ['empty'] as Node;
      }
      if (token.kind === 'name') {
        switch (token.text) {
          case 'var': {
            next();
            const declared = declarations(true);
            semicolon();
            return declared;
          }
          case 'function': {
            next();
            const own = name();
            return ['fundecl', own, functionRest(own)] as Node;
          }
          case 'return': {
            next();
            const value = is(';') || is('}') || peek().newline || peek().kind === 'end' ? null : expression();
            semicolon();
            return ['ret', value] as Node;
          }
          case 'if': {
            next();
            expect('(');
            const condition = expression();
            expect(')');
            const then = statement();
            if (is('else')) {
              next();
              return ['if', condition, then, statement()] as Node;
            }
            return ['if', condition, then, null] as Node;
          }
          case 'while': {
            next();
            expect('(');
            const condition = expression();
            expect(')');
            return ['while', condition, statement()] as Node;
          }
          case 'do': {
            next();
            const body = statement();
            expect('while');
            expect('(');
            const condition = expression();
            expect(')');
            if (is(';')) next();
            return ['do', body, condition] as Node;
          }
          case 'for':
            return forStatement();
          case 'break':
          case 'continue':
            next();
            semicolon();
            return [token.text] as Node;
          case 'switch':
            return switchStatement();
          default:
            break;
        }
      }
      const value = expression();
      semicolon();
      return ['expr', value] as Node;
    });
  }

  function forStatement(): Node {
    next();
    expect('(');
    let init: Node | null = null;
    if (is('var')) {
      next();
      if (peek().kind === 'name' && peek(1).text === 'in') {
        const variable = name();
        next();
        const object = expression();
        expect(')');
        return ['forin', variable, true, object, statement()];
      }
      init = declarations(false);
    } else if (!is(';')) {
      if (peek().kind === 'name' && peek(1).text === 'in') {
        const variable = name();
        next();
        const object = expression();
        expect(')');
        return ['forin', variable, false, object, statement()];
      }
      init = ['expr', expression(false)];
    }
    expect(';');
    const test = is(';') ? null : expression();
    expect(';');
    const update = is(')') ? null : expression();
    expect(')');
    return ['for', init, test, update, statement()];
  }

  function switchStatement(): Node {
    next();
    expect('(');
    const subject = expression();
    expect(')');
    expect('{');
    const cases: Array<readonly [Node | null, Node[]]> = [];
    while (!is('}')) {
      let test: Node | null = null;
      if (is('case')) {
        next();
        test = expression();
      } else expect('default');
      expect(':');
      const body: Node[] = [];
      while (!is('case') && !is('default') && !is('}')) {
        if (peek().kind === 'end') fail('"}"');
        body.push(statement());
      }
      cases.push([test, body]);
    }
    next();
    return ['switch', subject, cases];
  }

  const program: Node[] = [];
  while (peek().kind !== 'end') program.push(statement());
  return program;
}
