import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FormulaError, parseFormula } from '../../../../../vehicle-bus/common/vss/formula.js';

test('formulas evaluate with the usual precedence', () => {
  const cases: Array<[string, number, number]> = [
    ['x', 7, 7],
    ['x * 1609.344', 2, 3218.688],
    ['floor(x + 0.5)', 2.5, 3],
    ['-x ^ 2', 3, -9],
    ['(x - 32) * 5 / 9', 212, 100],
    ['max(min(x, 100), 0)', 140, 100],
    ['x % 360 + 1e1', 370, 20],
    ['abs(-x) + sqrt(16) + round(.4) + ceil(0.1)', 2, 7],
  ];
  assert.deepStrictEqual(
    cases.map(([formula, x]) => parseFormula(formula)(x)),
    cases.map(([, , expected]) => expected),
  );
});

test('a bad formula names the column, what was expected and what was found', () => {
  const failures = ['x *', 'floor x', 'y + 1', 'min(x)', '(x + 1', 'x x'].map((formula) => {
    try {
      parseFormula(formula);
      return 'parsed';
    } catch (error) {
      assert.ok(error instanceof FormulaError);
      return `${error.column}: ${error.found}`;
    }
  });
  assert.deepStrictEqual(failures, ['4: the end', '7: "x"', '1: "y"', '1: 1', '7: the end', '3: "x"']);
});
