/**
 * The expression language inside `{{ }}` of WXML/AXML: paths, literals, unary and binary
 * operators, the ternary, string concatenation, array and object literals with spread.
 * Parsed once at install into JSON (so the IR stays data), evaluated by `evaluate` below:
 * no eval, no access to anything but the data it is given. The one call an expression may make
 * is to a function of the template's WXS modules (`{{format.price(item.cents)}}`), which the
 * WXS interpreter runs with copies of its arguments (ADR 0009); the compiler allows calls only
 * in a template that has modules.
 */
import { WxsFunction } from '../wxs/interpret.js';
import type { BinaryOperator } from './operators.js';
import { applyOperator } from './operators.js';

export type Expression =
  | readonly ['lit', string | number | boolean | null]
  | readonly ['undef']
  | readonly ['id', string]
  | readonly ['get', Expression, Expression]
  | readonly ['un', '!' | '-' | '+', Expression]
  | readonly ['bin', BinaryOperator, Expression, Expression]
  | readonly ['cond', Expression, Expression, Expression]
  | readonly ['arr', ReadonlyArray<Expression | readonly ['...', Expression]>]
  | readonly ['obj', ReadonlyArray<readonly [string, Expression] | readonly ['...', Expression]>]
  | readonly ['call', Expression, readonly Expression[]];

export type { BinaryOperator };

export class ExpressionError extends Error {
  constructor(
    readonly source: string,
    /** 0-based offset in `source`. */
    readonly offset: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`in {{${source}}} at character ${offset + 1}: expected ${expected}, found ${found}`);
    this.name = 'ExpressionError';
  }
}

const PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '===': 3,
  '!==': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

const OPERATORS = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '...', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}'];

interface Token {
  readonly kind: 'num' | 'str' | 'name' | 'op' | 'end';
  readonly text: string;
  readonly value?: string | number;
  readonly offset: number;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const start = index;
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(source[index + 1] ?? ''))) {
      const match = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(source.slice(index));
      const text = match?.[0] ?? char;
      tokens.push({ kind: 'num', text, value: Number(text), offset: start });
      index += text.length;
      continue;
    }
    if (char === '"' || char === "'") {
      let value = '';
      index += 1;
      while (index < source.length && source[index] !== char) {
        if (source[index] === '\\' && index + 1 < source.length) {
          const next = source[index + 1] as string;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          index += 2;
        } else {
          value += source[index];
          index += 1;
        }
      }
      if (index >= source.length) throw new ExpressionError(source, start, `a closing ${char}`, 'the end');
      index += 1;
      tokens.push({ kind: 'str', text: source.slice(start, index), value, offset: start });
      continue;
    }
    if (/[A-Za-z_$]/.test(char)) {
      const text = /^[A-Za-z_$][\w$]*/.exec(source.slice(index))?.[0] ?? char;
      tokens.push({ kind: 'name', text, offset: start });
      index += text.length;
      continue;
    }
    const operator = OPERATORS.find((candidate) => source.startsWith(candidate, index));
    if (!operator) throw new ExpressionError(source, start, 'an operator, a name, a number or a string', JSON.stringify(char));
    tokens.push({ kind: 'op', text: operator, offset: start });
    index += operator.length;
  }
  tokens.push({ kind: 'end', text: '', offset: source.length });
  return tokens;
}

/**
 * Parses the inside of one `{{ }}`. `objectBody` parses it as the body of an object literal,
 * as template `data="{{a: 1, ...b}}"` is written (WXML's one place braces are left out).
 */
export function parseExpression(source: string, options: { objectBody?: boolean; calls?: boolean } = {}): Expression {
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): Token => tokens[position] as Token;
  const next = (): Token => tokens[position++] as Token;
  const isOp = (text: string): boolean => peek().kind === 'op' && peek().text === text;
  const fail = (expected: string): never => {
    const token = peek();
    throw new ExpressionError(source, token.offset, expected, token.kind === 'end' ? 'the end' : JSON.stringify(token.text));
  };
  const expect = (text: string): void => {
    if (!isOp(text)) fail(`"${text}"`);
    next();
  };

  function primary(): Expression {
    const token = next();
    if (token.kind === 'num') return ['lit', token.value as number];
    if (token.kind === 'str') return ['lit', token.value as string];
    if (token.kind === 'name') {
      if (token.text === 'true' || token.text === 'false') return ['lit', token.text === 'true'];
      if (token.text === 'null') return ['lit', null];
      if (token.text === 'undefined') return ['undef'];
      return ['id', token.text];
    }
    if (token.kind === 'op' && token.text === '(') {
      const inner = ternary();
      expect(')');
      return inner;
    }
    if (token.kind === 'op' && token.text === '[') {
      const items: Array<Expression | readonly ['...', Expression]> = [];
      while (!isOp(']')) {
        if (isOp('...')) {
          next();
          items.push(['...', ternary()]);
        } else items.push(ternary());
        if (!isOp(',')) break;
        next();
      }
      expect(']');
      return ['arr', items];
    }
    if (token.kind === 'op' && token.text === '{') {
      const body = objectEntries('}');
      expect('}');
      return body;
    }
    position -= 1;
    return fail('a value, a name, "(", "[" or "{"');
  }

  function objectEntries(closer: string): Expression {
    const entries: Array<readonly [string, Expression] | readonly ['...', Expression]> = [];
    while (!isOp(closer) && peek().kind !== 'end') {
      if (isOp('...')) {
        next();
        entries.push(['...', ternary()]);
      } else {
        const key = next();
        if (key.kind !== 'name' && key.kind !== 'str' && key.kind !== 'num') {
          position -= 1;
          fail('a property name');
        }
        const name = String(key.value ?? key.text);
        if (isOp(':')) {
          next();
          entries.push([name, ternary()]);
        } else if (key.kind === 'name') {
          entries.push([name, ['id', name]]); // Shorthand `{a}`.
        } else fail('":"');
      }
      if (!isOp(',')) break;
      next();
    }
    return ['obj', entries];
  }

  function member(): Expression {
    let target = primary();
    for (;;) {
      if (isOp('.')) {
        next();
        const name = next();
        if (name.kind !== 'name') {
          position -= 1;
          fail('a property name after "."');
        }
        target = ['get', target, ['lit', name.text]];
      } else if (isOp('[')) {
        next();
        const key = ternary();
        expect(']');
        target = ['get', target, key];
      } else if (isOp('(')) {
        if (!options.calls) return fail('no function call (a template calls functions only of its <wxs> modules)');
        next();
        const args: Expression[] = [];
        while (!isOp(')')) {
          args.push(ternary());
          if (!isOp(',')) break;
          next();
        }
        expect(')');
        target = ['call', target, args];
      } else return target;
    }
  }

  function unary(): Expression {
    if (isOp('!') || isOp('-') || isOp('+')) {
      const operator = next().text as '!' | '-' | '+';
      return ['un', operator, unary()];
    }
    return member();
  }

  function binary(minimum: number): Expression {
    let left = unary();
    for (;;) {
      const token = peek();
      const precedence = token.kind === 'op' ? PRECEDENCE[token.text as BinaryOperator] : undefined;
      if (precedence === undefined || precedence < minimum) return left;
      next();
      left = ['bin', token.text as BinaryOperator, left, binary(precedence + 1)];
    }
  }

  function ternary(): Expression {
    const condition = binary(1);
    if (!isOp('?')) return condition;
    next();
    const whenTrue = ternary();
    expect(':');
    return ['cond', condition, whenTrue, ternary()];
  }

  const result = options.objectBody ? objectEntries('') : ternary();
  if (peek().kind !== 'end') fail('the end of the expression');
  return result;
}

/** Looks a name up in a chain of scopes (innermost first): loop variables, then page data. */
export type Scope = ReadonlyArray<Readonly<Record<string, unknown>>>;

function lookup(scope: Scope, name: string): unknown {
  for (const frame of scope) if (Object.prototype.hasOwnProperty.call(frame, name)) return frame[name];
  return undefined;
}

/** Property access that never reaches the prototype chain (`constructor`, `__proto__`). */
function property(target: unknown, key: unknown): unknown {
  if (target === null || target === undefined) return undefined;
  const name = String(key);
  if (typeof target === 'string') return name === 'length' ? target.length : /^\d+$/.test(name) ? target[Number(name)] : undefined;
  if (typeof target !== 'object') return undefined;
  if (Array.isArray(target) && name === 'length') return target.length;
  return Object.prototype.hasOwnProperty.call(target, name) ? (target as Record<string, unknown>)[name] : undefined;
}

export function evaluate(expression: Expression, scope: Scope): unknown {
  switch (expression[0]) {
    case 'lit':
      return expression[1];
    case 'undef':
      return undefined;
    case 'id':
      return lookup(scope, expression[1]);
    case 'get':
      return property(evaluate(expression[1], scope), evaluate(expression[2], scope));
    case 'un': {
      const value = evaluate(expression[2], scope);
      return expression[1] === '!' ? !value : expression[1] === '-' ? -(value as number) : +(value as number);
    }
    case 'bin': {
      const operator = expression[1];
      if (operator === '&&') return evaluate(expression[2], scope) && evaluate(expression[3], scope);
      if (operator === '||') return evaluate(expression[2], scope) || evaluate(expression[3], scope);
      return applyOperator(operator, evaluate(expression[2], scope), evaluate(expression[3], scope));
    }
    case 'cond':
      return evaluate(expression[1], scope) ? evaluate(expression[2], scope) : evaluate(expression[3], scope);
    case 'arr': {
      const result: unknown[] = [];
      for (const item of expression[1]) {
        if (item[0] === '...') {
          const spread = evaluate(item[1], scope);
          if (Array.isArray(spread)) result.push(...(spread as unknown[]));
        } else result.push(evaluate(item as Expression, scope));
      }
      return result;
    }
    case 'obj': {
      const result: Record<string, unknown> = {};
      for (const entry of expression[1]) {
        if (entry[0] === '...') {
          const spread = evaluate(entry[1], scope);
          if (spread && typeof spread === 'object') Object.assign(result, spread);
        } else if (entry[0] !== '__proto__') result[entry[0]] = evaluate(entry[1], scope);
      }
      return result;
    }
    case 'call': {
      const callee = evaluate(expression[1], scope);
      // Only a module's function can be called; anything else draws nothing, as WeChat's view does.
      if (!(callee instanceof WxsFunction)) return undefined;
      return callee.fromTemplate(expression[2].map((argument) => evaluate(argument, scope)));
    }
  }
}
