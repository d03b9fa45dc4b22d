/**
 * `npm run bench -- kills`: the kill test at length. The workload (tests/support/killWorkload.ts)
 * pays, upgrades an app and caches its pages on one data folder; it is SIGKILLed at a random
 * moment (up to 80 ms after it starts writing) 300 times, and the folder is checked after each.
 * Prints the figures; a problem is listed with its kill.
 */
import { killTest } from '../tests/support/kills.js';

const KILLS = 300;

export async function runKillBenchmark(): Promise<void> {
  const started = performance.now();
  const figures = await killTest(KILLS, 2026);
  const seconds = (performance.now() - started) / 1000;
  console.log(`kills: ${figures.kills} SIGKILLs in ${seconds.toFixed(0)} s, at random up to 80 ms into the writing`);
  console.log(`  acknowledged before the kills: ${figures.acknowledged.payments} payments, ${figures.acknowledged.installs} installs, ${figures.acknowledged.caches} render caches`);
  console.log(`  corrupt databases ${figures.corrupt}, lost payments ${figures.lostPayments}, duplicate charges ${figures.duplicateCharges}, lost installs ${figures.lostInstalls}, torn installs ${figures.tornInstalls}, stale caches ${figures.staleCaches}`);
  for (const problem of figures.problems.slice(0, 20)) console.log(`  ${problem}`);
}
