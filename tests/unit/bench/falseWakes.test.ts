/** The false-wake benchmark's bound (the Poisson rate with a 5 % chance of so few alarms) and the candidate heads it scores beside the shipped one. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { shippedPath } from '../../../base/node/shippedFiles.js';
import { candidateHeads, upperRate } from '../../../bench/falseWakes.js';
import { embeddingScores, embeddingScoresOf } from '../../../voice/node/embeddingWakeWord.js';
import { cabinNoise } from '../../../voice/common/noise.js';
import { loadWakeHead, WAKE_HEAD_FILE } from '../../../voice/node/embeddingWakeWord.js';

test('no alarm in 10 h bounds the rate below 0.3 an hour; one alarm below 0.47 (the rule of three and its kin)', () => {
  assert.ok(Math.abs(upperRate(0, 10) - 0.29957) < 1e-4, String(upperRate(0, 10)));
  assert.ok(Math.abs(upperRate(1, 10) - 0.47439) < 1e-4, String(upperRate(1, 10)));
  assert.ok(Math.abs(upperRate(2, 1) - 6.29579) < 1e-3, String(upperRate(2, 1)));
  // More hours, the same count: a tighter bound.
  assert.ok(upperRate(0, 30) < upperRate(0, 10));
});

test('candidate heads are read from the files named, and a bad one is refused naming the variable and the file', () => {
  assert.deepEqual(candidateHeads(undefined), []);
  assert.deepEqual(candidateHeads(' , '), []);
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-candidates-'));
  try {
    const good = join(folder, 'good.json');
    const shipped = JSON.parse(readFileSync(shippedPath(WAKE_HEAD_FILE), 'utf8')) as { threshold: number };
    writeFileSync(good, JSON.stringify({ ...shipped, threshold: 0.61 }));
    const heads = candidateHeads(`${good}, ${good}`);
    assert.deepEqual(heads.map((each) => [each.label, each.head.threshold]), [[`candidate ${good}`, 0.61], [`candidate ${good}`, 0.61]]);
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{"format": 1');
    assert.throws(() => candidateHeads(`${good},${broken}`), (error: Error) => error.message.startsWith('GLOVEBOX_CANDIDATE_HEADS: ') && error.message.includes(broken));
    assert.throws(() => candidateHeads(join(folder, 'absent.json')), /GLOVEBOX_CANDIDATE_HEADS: .*absent\.json/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('candidates scored on the engine\'s windows in one feature pass score as their own engine would', async () => {
  // The shipped head with its veto (docs/adr/0033), the same head alone, and another head: the
  // same network with its output shifted, so every score differs from the head alone's.
  const shipped = loadWakeHead();
  const alone = { ...shipped, veto: null };
  const other = { ...alone, weights: { ...alone.weights, b2: alone.weights.b2 + 3 } };
  const samples = cabinNoise(16_000 * 3, 5);
  const [vetoed, first, second] = await embeddingScoresOf(samples, [shipped, alone, other]);
  assert.deepEqual(vetoed, await embeddingScores(samples, shipped));
  assert.deepEqual(first, await embeddingScores(samples, alone));
  assert.deepEqual(second, await embeddingScores(samples, other));
  assert.ok((second?.length ?? 0) > 10 && second?.every(([, score], index) => score > (first?.[index]?.[1] ?? 1)), 'the shifted head scores every window higher');
  await assert.rejects(embeddingScoresOf(samples, [shipped, { ...other, weights: { ...other.weights, steps: 8 } }]), /a head reads 8×96 embeddings, the engine's 16×96/);
});
