/**
 * Transform formulas of a VSS mapping (`x * 1609.344`, `floor(x + 0.5)`), parsed once and
 * evaluated by a tree of closures: no eval, no access to anything but `x`.
 * Grammar: sum := product (('+'|'-') product)*; product := unary (('*'|'/'|'%') unary)*;
 * unary := '-' unary | power; power := atom ('^' unary)?;
 * atom := number | 'x' | name '(' sum (',' sum)* ')' | '(' sum ')'.
 */

export type Formula = (x: number) => number;

export class FormulaError extends Error {
  constructor(
    readonly formula: string,
    readonly column: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`formula "${formula}", column ${column}: expected ${expected}, found ${found}`);
    this.name = 'FormulaError';
  }
}

const FUNCTIONS: Readonly<Record<string, { arity: number; apply: (...args: number[]) => number }>> = {
  floor: { arity: 1, apply: Math.floor },
  ceil: { arity: 1, apply: Math.ceil },
  round: { arity: 1, apply: Math.round },
  abs: { arity: 1, apply: Math.abs },
  sqrt: { arity: 1, apply: Math.sqrt },
  min: { arity: 2, apply: Math.min },
  max: { arity: 2, apply: Math.max },
};

interface FormulaToken {
  readonly text: string;
  readonly column: number;
}

function tokens(formula: string): FormulaToken[] {
  const result: FormulaToken[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)|(\S))/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(formula)) !== null) {
    const text = match[1] ?? match[2] ?? match[3];
    if (text === undefined) break;
    result.push({ text, column: match.index + match[0].length - text.length + 1 });
  }
  return result;
}

/** Parses a formula in `x`. Throws FormulaError naming the column. */
export function parseFormula(formula: string): Formula {
  const list = tokens(formula);
  let index = 0;
  const peek = (): FormulaToken | undefined => list[index];
  const fail = (expected: string): never => {
    const token = peek();
    throw new FormulaError(formula, token?.column ?? formula.length + 1, expected, token ? `"${token.text}"` : 'the end');
  };
  const accept = (text: string): boolean => {
    if (peek()?.text !== text) return false;
    index += 1;
    return true;
  };

  function atom(): Formula {
    const token = peek();
    if (!token) return fail('a number, x, a function or "("');
    if (/^[\d.]/.test(token.text)) {
      index += 1;
      const value = Number(token.text);
      return () => value;
    }
    if (token.text === 'x') {
      index += 1;
      return (x) => x;
    }
    if (accept('(')) {
      const inner = sum();
      if (!accept(')')) fail('")"');
      return inner;
    }
    const fn = FUNCTIONS[token.text];
    if (fn && /^[A-Za-z_]/.test(token.text)) {
      index += 1;
      if (!accept('(')) fail(`"(" after ${token.text}`);
      const args: Formula[] = [sum()];
      while (accept(',')) args.push(sum());
      if (!accept(')')) fail('")"');
      if (args.length !== fn.arity) {
        throw new FormulaError(formula, token.column, `${fn.arity} argument(s) for ${token.text}`, `${args.length}`);
      }
      const [a, b] = args as [Formula, Formula?];
      return b ? (x) => fn.apply(a(x), b(x)) : (x) => fn.apply(a(x));
    }
    return fail(`a number, x, "(" or one of ${Object.keys(FUNCTIONS).join(', ')}`);
  }

  function power(): Formula {
    const base = atom();
    if (!accept('^')) return base;
    const exponent = unary();
    return (x) => base(x) ** exponent(x);
  }

  function unary(): Formula {
    if (accept('-')) {
      const operand = unary();
      return (x) => -operand(x);
    }
    if (accept('+')) return unary();
    return power();
  }

  function product(): Formula {
    let left = unary();
    for (;;) {
      const operator = peek()?.text;
      if (operator !== '*' && operator !== '/' && operator !== '%') return left;
      index += 1;
      const a = left;
      const b = unary();
      left = operator === '*' ? (x) => a(x) * b(x) : operator === '/' ? (x) => a(x) / b(x) : (x) => a(x) % b(x);
    }
  }

  function sum(): Formula {
    let left = product();
    for (;;) {
      const operator = peek()?.text;
      if (operator !== '+' && operator !== '-') return left;
      index += 1;
      const a = left;
      const b = product();
      left = operator === '+' ? (x) => a(x) + b(x) : (x) => a(x) - b(x);
    }
  }

  const result = sum();
  if (index < list.length) fail('an operator or the end of the formula');
  return result;
}
