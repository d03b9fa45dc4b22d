/** `npm run bench -- NAME…`: runs the named benchmarks (all when none is named). Figures, never pass/fail. */
import { runBusBenchmark } from './bus.js';
import { runColdStartBenchmark } from './coldstart.js';
import { runCommandsBenchmark } from './commands.js';
import { runCompileBenchmark } from './compile.js';
import { runHostileBenchmark } from './hostile.js';
import { runCorpusBenchmark } from './corpus.js';
import { runFalseWakeBenchmark } from './falseWakes.js';
import { runFuzzBenchmark } from './fuzz.js';
import { runKillBenchmark } from './kills.js';
import { runMapBenchmark } from './map.js';
import { runPolicyBenchmark } from './policy.js';
import { runVoiceBenchmark } from './voice.js';
import { runWxsBenchmark } from './wxs.js';

const BENCHMARKS: Readonly<Record<string, () => void | Promise<void>>> = { bus: runBusBenchmark, policy: runPolicyBenchmark, compile: runCompileBenchmark, coldstart: runColdStartBenchmark, voice: runVoiceBenchmark, 'false-wakes': runFalseWakeBenchmark, commands: runCommandsBenchmark, hostile: runHostileBenchmark, kills: runKillBenchmark, fuzz: runFuzzBenchmark, corpus: runCorpusBenchmark, wxs: runWxsBenchmark, map: runMapBenchmark };

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) await (BENCHMARKS[name] as () => void | Promise<void>)();
