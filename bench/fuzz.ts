/**
 * `npm run bench -- fuzz`: the fuzz targets of tests/support/fuzz.ts at length (40,000 inputs
 * each, a fixed seed): cases tried, crashes (with the first), hangs (an input over 1 s) and the
 * slowest input per reader. Figures only.
 */
import { fuzz } from '../tests/support/fuzz.js';

const CASES = 40_000;
const HANG_MS = 1000;

export function runFuzzBenchmark(): void {
  const started = performance.now();
  const figures = fuzz(CASES, 20261203);
  console.log(`fuzz: ${CASES} inputs per reader, seed 20261203, ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
  for (const figure of figures) {
    console.log(`  ${figure.target.padEnd(20)} cases ${figure.cases}, crashes ${figure.crashes}, hangs ${figure.slowestMs > HANG_MS ? 'at least 1' : 0}, slowest ${figure.slowestMs.toFixed(1)} ms (${figure.slowestInput})`);
    if (figure.firstCrash) console.log(`    first crash: ${figure.firstCrash}`);
  }
}
