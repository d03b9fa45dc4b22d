/**
 * `npm run bench -- bus`: CAN decode throughput on one core.
 * Baselines measured in the same run: Debian canmatrix decoding the same frames, and the
 * frame rate of a saturated 1 Mbit/s classic CAN bus. Target: at least 2 million frames/s.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CandumpReader } from '../vehicle-bus/common/candump.js';
import type { DatabaseCodec, MessageCodec } from '../vehicle-bus/common/dbc/codec.js';
import type { CanFrame } from '../vehicle-bus/common/frame.js';
import { loadDbcCodec } from '../vehicle-bus/node/loadDbc.js';
import { SIMULATOR_DBC } from '../vehicle-bus/node/projectFiles.js';
import { framesFor, hex, seededRandom } from '../tests/support/frames.js';
import { formatRate, measure } from './measure.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');
const VEHICLE_DATA = process.env['GLOVEBOX_VEHICLE_DATA'] ?? join(REPO, '..', 'shared', 'data', 'vehicle');

/**
 * A saturated 1 Mbit/s classic CAN bus: an 8-byte standard frame is 111 bits before stuffing,
 * about 130 with worst-case stuff bits: ~7,700 frames/s.
 */
const SATURATED_BUS_FRAMES_PER_SECOND = 7700;
const TARGET_FRAMES_PER_SECOND = 2_000_000;

interface Workload {
  readonly name: string;
  readonly dbc: string;
  readonly codec: DatabaseCodec;
  readonly frames: ReadonlyArray<{ readonly id: number; readonly extended: boolean; readonly data: Uint8Array }>;
}

function generatedWorkload(name: string, dbc: string, count: number): Workload {
  const codec = loadDbcCodec(dbc);
  const random = seededRandom(42);
  const all = [...codec.messages].flatMap((message) => framesFor(message, random, 8).map((data) => ({ id: message.message.id, extended: message.message.extended, data })));
  const frames = Array.from({ length: count }, (_, index) => all[index % all.length] as Workload['frames'][number]);
  return { name, dbc, codec, frames };
}

function logWorkload(name: string, dbc: string, log: string, channel: string): Workload {
  const codec = loadDbcCodec(dbc);
  const reader = new CandumpReader();
  const frames: CanFrame[] = [];
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    for (const parsed of reader.next(line)) if ('frame' in parsed && parsed.frame.channel === channel) frames.push(parsed.frame);
  }
  return { name, dbc, codec, frames };
}

/** The hot path: find the message, decode every signal into a preallocated array. */
function decodeAll(workload: Workload): () => void {
  const values = new Float64Array(1024);
  const present = new Uint8Array(1024);
  const codecs = workload.frames.map((frame) => workload.codec.forFrame(frame.id, frame.extended));
  return () => {
    const frames = workload.frames;
    for (let i = 0; i < frames.length; i += 1) {
      const frame = frames[i] as Workload['frames'][number];
      const message = workload.codec.forFrame(frame.id, frame.extended);
      if (message !== undefined) message.decodeInto(frame.data, values, present);
    }
    void codecs;
  };
}

/** The friendly path: a Map of name → {raw, physical, label} per frame. */
function decodeToMaps(workload: Workload): () => void {
  const messages = workload.frames.map((frame) => workload.codec.forFrame(frame.id, frame.extended));
  return () => {
    for (let i = 0; i < workload.frames.length; i += 1) {
      try {
        (messages[i] as MessageCodec | undefined)?.decode((workload.frames[i] as Workload['frames'][number]).data);
      } catch {
        // Refused frames count as work done, as they do for canmatrix.
      }
    }
  };
}

function canmatrixRate(workload: Workload, sample: number): { perSecond: number } | { skipped: string } {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import canmatrix'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'python3-canmatrix is not installed (apt-get install python3-canmatrix)' };
  const frames = workload.frames.slice(0, sample).map((frame) => ({ id: frame.id, extended: frame.extended, data: hex(frame.data) }));
  const run = spawnSync(python, [join(REPO, 'bench', 'tools', 'canmatrix_bench.py')], { input: JSON.stringify({ dbc: workload.dbc, frames, seconds: 2 }), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) return { skipped: `canmatrix failed: ${run.stderr.slice(0, 200)}` };
  const result = JSON.parse(run.stdout) as { frames: number; seconds: number };
  return { perSecond: result.frames / result.seconds };
}

export function runBusBenchmark(): void {
  const workloads: Workload[] = [generatedWorkload("Glovebox simulator's DBC, generated frames", SIMULATOR_DBC, 100_000)];
  const model3 = join(VEHICLE_DATA, 'dbc', 'tesla_model3', 'Model3CAN.dbc');
  const kona = join(VEHICLE_DATA, 'dbc', 'hyundai_kona_ev', 'pcan.dbc');
  const konaLog = join(VEHICLE_DATA, 'logs', 'kona_ev_2019_power_off_on_ready_off.candump.log');
  if (existsSync(model3)) workloads.push(generatedWorkload('Model3CAN.dbc, random frames of every message', model3, 100_000));
  else console.log(`(Model3CAN.dbc not found at ${model3}: shared data absent, its rows are left out)`);
  if (existsSync(konaLog)) workloads.push(logWorkload('Kona EV log (real frames, can0) with pcan.dbc', kona, konaLog, 'can0'));

  console.log('bus: CAN frame decode throughput, one core (node ' + process.version + ')');
  console.log(`baseline: a saturated 1 Mbit/s CAN bus carries about ${SATURATED_BUS_FRAMES_PER_SECOND.toLocaleString('en')} frames/s; target ${formatRate(TARGET_FRAMES_PER_SECOND)}`);
  for (const mixed of workloads) {
    // Refused frames (a random multiplexer value with no group) are cheap; measure the frames
    // that decode completely on their own as well, so the figure is not flattered.
    const values = new Float64Array(1024);
    const present = new Uint8Array(1024);
    const decodable = mixed.frames.filter((frame) => mixed.codec.forFrame(frame.id, frame.extended)?.decodeInto(frame.data, values, present));
    const refusedShare = 1 - decodable.length / mixed.frames.length;
    const variants = refusedShare > 0.001 ? [mixed, { ...mixed, name: `${mixed.name}, only the ${decodable.length.toLocaleString('en')} that decode`, frames: decodable }] : [mixed];
    if (refusedShare > 0.001) console.log(`\n(${(refusedShare * 100).toFixed(1)} % of ${mixed.name.split(',')[0]} frames are refused by design: a multiplexer value with no group)`);
    for (const workload of variants) reportWorkload(workload);
  }
}

function reportWorkload(workload: Workload): void {
  {
    const signalsPerFrame = workload.frames.reduce((sum, frame) => sum + (workload.codec.forFrame(frame.id, frame.extended)?.signals.length ?? 0), 0) / workload.frames.length;
    const hot = measure(decodeAll(workload), workload.frames.length);
    const maps = measure(decodeToMaps(workload), workload.frames.length);
    const reference = canmatrixRate(workload, 20_000);
    console.log(`\n${workload.name}: ${workload.frames.length.toLocaleString('en')} frames, ${signalsPerFrame.toFixed(1)} signals/frame`);
    console.log(`  decodeInto (hot path)     ${formatRate(hot.perSecond).padStart(10)}  = ${(hot.perSecond / SATURATED_BUS_FRAMES_PER_SECOND).toFixed(0)}× a saturated bus, ${(hot.perSecond / TARGET_FRAMES_PER_SECOND).toFixed(2)}× target`);
    console.log(`  decode (Map per frame)    ${formatRate(maps.perSecond).padStart(10)}  = ${(maps.perSecond / SATURATED_BUS_FRAMES_PER_SECOND).toFixed(0)}× a saturated bus`);
    if ('perSecond' in reference) {
      console.log(`  canmatrix (Debian)        ${formatRate(reference.perSecond).padStart(10)}  → decodeInto is ${(hot.perSecond / reference.perSecond).toFixed(0)}× canmatrix, decode ${(maps.perSecond / reference.perSecond).toFixed(0)}×`);
    } else {
      console.log(`  canmatrix: skipped, ${reference.skipped}`);
    }
  }
}
