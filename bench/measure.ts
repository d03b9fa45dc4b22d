/** Timing helpers for the benchmarks: repeat until a minimum time has passed, report per second. */

export interface Throughput {
  readonly operations: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/** Runs `round` (which does `operationsPerRound` operations) repeatedly for at least `minimumSeconds`. */
export function measure(round: () => void, operationsPerRound: number, minimumSeconds = 2): Throughput {
  for (let warm = 0; warm < 3; warm += 1) round();
  let operations = 0;
  const start = process.hrtime.bigint();
  let seconds = 0;
  while (seconds < minimumSeconds) {
    round();
    operations += operationsPerRound;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { operations, seconds, perSecond: operations / seconds };
}

export function formatRate(perSecond: number): string {
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : perSecond >= 1e3 ? `${(perSecond / 1e3).toFixed(1)} k/s` : `${perSecond.toFixed(0)} /s`;
}

/** Percentile of a list of numbers (0..100), nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
