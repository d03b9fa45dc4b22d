/**
 * `npm run freeze:prose`: writes the benchmark share of the docs' prose as it is now into the
 * frozen file the wake-word benchmarks read (docs/adr/0039), and says how many sentences came
 * and went. Run it on purpose, when a new run of the benchmarks is to start from new prose; the
 * figures of older runs are then no longer comparable with the new ones.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shippedPath } from '../../base/node/shippedFiles.js';
import { FROZEN_PROSE, frozenProseText } from './prose.js';

const root = dirname(shippedPath('README.md'));
const path = join(root, FROZEN_PROSE);
const lines = (text: string): Set<string> => new Set(text.split('\n').filter((line) => line !== ''));
const before = existsSync(path) ? lines(readFileSync(path, 'utf8')) : new Set<string>();
const text = frozenProseText(root);
const after = lines(text);
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, text);
const added = [...after].filter((line) => !before.has(line)).length;
const removed = [...before].filter((line) => !after.has(line)).length;
console.log(`${FROZEN_PROSE}: ${after.size} sentences (${added} new, ${removed} gone)`);
