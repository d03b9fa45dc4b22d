/**
 * `npm run bench -- wxs`: what the host's WXS interpreter (ADR 0009) costs per step, against the
 * same functions run natively by V8 in the same run, and how long a page's whole budget
 * (WXS_STEPS_PER_SECOND) takes: the worst a module can hold the system UI's thread in a second.
 */
import { Budget, Interpreter, WXS_STEPS_PER_SECOND } from '../miniapps/runtime/common/wxs/interpret.js';
import { parseWxs } from '../miniapps/runtime/common/wxs/parse.js';

const SOURCE = `module.exports = {
  fib: function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); },
  loop: function (n) { var s = 0; for (var i = 0; i < n; i++) { s += i % 7; } return s; },
  format: function (list) { return list.map(function (c) { return '€' + (c / 100).toFixed(2); }).join(', '); },
};`;

function native(): Record<string, (argument: never) => unknown> {
  const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));
  return {
    fib,
    loop: (n: number) => {
      let s = 0;
      for (let i = 0; i < n; i += 1) s += i % 7;
      return s;
    },
    format: (list: number[]) => list.map((c) => `€${(c / 100).toFixed(2)}`).join(', '),
  };
}

export function runWxsBenchmark(): void {
  const interpreter = new Interpreter(() => ({}));
  const exports = interpreter.runModule(parseWxs('bench.wxs', SOURCE), new Budget()) as Record<string, unknown>;
  const natives = native();
  const cents = Array.from({ length: 2000 }, (_, index) => index * 37);
  console.log('wxs: the host interpreter against V8 on the same functions (median of 5 runs)');
  for (const [name, argument] of [['fib', 20], ['loop', 100_000], ['format', cents]] as const) {
    const timesInterpreted: number[] = [];
    const timesNative: number[] = [];
    let steps = 0;
    for (let run = 0; run < 5; run += 1) {
      const budget = new Budget(Number.MAX_SAFE_INTEGER);
      let start = performance.now();
      interpreter.call(exports[name], [argument], undefined, budget);
      timesInterpreted.push(performance.now() - start);
      steps = budget.steps;
      start = performance.now();
      for (let repeat = 0; repeat < 100; repeat += 1) (natives[name] as (value: unknown) => unknown)(argument);
      timesNative.push((performance.now() - start) / 100);
    }
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[2] ?? 0;
    const interpreted = median(timesInterpreted);
    const baseline = median(timesNative);
    console.log(`  ${name.padEnd(7)} ${steps} steps: ${interpreted.toFixed(1)} ms interpreted, ${baseline.toFixed(2)} ms native (${(interpreted / baseline).toFixed(0)}×), ${((interpreted * 1e6) / steps).toFixed(0)} ns a step`);
    if (name === 'fib') console.log(`  a page's whole budget (${WXS_STEPS_PER_SECOND} steps a second) at this rate: ${((WXS_STEPS_PER_SECOND * interpreted) / steps).toFixed(1)} ms of the UI thread`);
  }
}
