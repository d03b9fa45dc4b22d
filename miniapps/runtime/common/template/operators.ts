/**
 * The binary operators of WXML expressions, and what they mean: JavaScript's, on the values as
 * they are. The template evaluator and the WXS interpreter both use this one definition.
 */
export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '===' | '!==' | '<' | '>' | '<=' | '>=' | '&&' | '||';

/** JavaScript's arithmetic and comparison operators, as WXML expressions and WXS both mean them. */
export function applyOperator(operator: Exclude<BinaryOperator, '&&' | '||'>, left: unknown, right: unknown): unknown {
  const a = left as number;
  const b = right as number;
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '==':
      // eslint-disable-next-line eqeqeq -- WXML's == is JavaScript's loose equality.
      return a == b;
    case '!=':
      // eslint-disable-next-line eqeqeq -- likewise.
      return a != b;
    case '===':
      return a === b;
    case '!==':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

