/**
 * `npm run bench -- hostile`: what a hostile mini-app costs the system UI, in Debian Chromium
 * through the simulator (parked), against a baseline measured in the same run (a quiet app).
 * For each app: the longest gap between the system UI's frames while it runs (a main-thread
 * block shows as a gap; a frame at 60 Hz is 16.7 ms), the p95 frame interval, and the time
 * from the tap to "<app> stopped" for the apps that must be stopped. A gap made of many short
 * tasks is not one block, so the longest single task is reported beside it. Without throttling and
 * with CDP CPU throttling (4×). The longest task on the system UI's main thread comes from a
 * Chromium trace (RunTask events of the top frame's renderer). Figures only, never pass/fail.
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../tests/support/browser.js';
import { simulatorOn } from '../tests/support/headUnit.js';
import { HOSTILE_APPS, type HostileApp } from '../tests/support/hostileApps.js';
import { dataDirWithPageApps } from '../tests/support/pageApps.js';
import { percentile } from './measure.js';

const QUIET: HostileApp = { id: 'com.bench.quiet', name: 'Quiet', page: { wxml: '<text>{{n}}</text>', js: 'Page({ data: { n: 0 }, onLoad() { setInterval(() => this.setData({ n: this.data.n + 1 }), 250); } });' } };
/** What is measured, and whether the app must end stopped. */
const RUNS: ReadonlyArray<[string, HostileApp, boolean]> = [
  ['baseline: a quiet app', QUIET, false],
  ['CSS escape (cover)', HOSTILE_APPS['cover'] as HostileApp, false],
  ['self-including template', HOSTILE_APPS['selfInclude'] as HostileApp, true],
  ['setData storm', HOSTILE_APPS['setDataStorm'] as HostileApp, true],
  ['huge list (40,000 rows)', HOSTILE_APPS['hugeList'] as HostileApp, true],
  ['patch bomb list[3e7]', HOSTILE_APPS['patchBomb'] as HostileApp, true],
  ['API storm', HOSTILE_APPS['apiStorm'] as HostileApp, true],
];
const WATCH_MS = 2500;
const SAMPLES = 3;

interface Sample {
  readonly maxGapMs: number;
  /** The longest task on the system UI's main thread (a Chromium trace's RunTask), ms. */
  readonly maxTaskMs: number;
  readonly p95Ms: number;
  readonly stopMs: number | null;
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly frames?: ReadonlyArray<{ readonly processId: number; readonly parent?: string }> } };
}

/** The longest task on the main thread of the page's own (top frame's) renderer process, from a Chromium trace. */
function longestTask(trace: Buffer): number {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const started = events.find((event) => event.name === 'TracingStartedInBrowser');
  const pid = started?.args?.data?.frames?.find((frame) => frame.parent === undefined)?.processId;
  const main = events.find((event) => event.ph === 'M' && event.name === 'thread_name' && event.pid === pid && event.args?.name === 'CrRendererMain');
  if (!main) return NaN;
  let longest = 0;
  for (const event of events) if (event.ph === 'X' && event.name === 'RunTask' && event.pid === main.pid && event.tid === main.tid) longest = Math.max(longest, (event.dur ?? 0) / 1000);
  return longest;
}

/** `watch`, traced: adds the longest main-thread task of the system UI. */
async function watchTraced(browser: Browser, page: Page, app: HostileApp): Promise<Sample> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] });
  const sample = await watch(page, app);
  return { ...sample, maxTaskMs: longestTask(await browser.stopTracing()) };
}

/** Taps the app's tile and records the system UI's frames for WATCH_MS, and when the stopped card appeared. */
async function watch(page: Page, app: HostileApp): Promise<Omit<Sample, 'maxTaskMs'>> {
  return page.evaluate(
    ({ id, watchMs }) =>
      new Promise<Omit<Sample, 'maxTaskMs'>>((resolve) => {
        const frames: number[] = [];
        let stopAt: number | null = null;
        const observer = new MutationObserver(() => {
          if (stopAt === null && document.querySelector('[data-testid=app-stopped]')) stopAt = performance.now();
        });
        observer.observe(document.body, { subtree: true, childList: true });
        const start = performance.now();
        const frame = (now: number) => {
          frames.push(now);
          if (now - start < watchMs) requestAnimationFrame(frame);
          else {
            observer.disconnect();
            const gaps = frames.slice(1).map((time, index) => time - (frames[index] as number));
            const sorted = [...gaps].sort((a, b) => a - b);
            resolve({ maxGapMs: sorted.at(-1) ?? 0, p95Ms: sorted[Math.ceil(sorted.length * 0.95) - 1] ?? 0, stopMs: stopAt === null ? null : stopAt - start });
          }
        };
        requestAnimationFrame(frame);
        (document.querySelector(`[data-testid=app-tile][data-app-id="${id}"]`) as HTMLElement).click();
      }),
    { id: app.id, watchMs: WATCH_MS },
  );
}

async function backHome(page: Page): Promise<void> {
  const home = page.getByTestId('app-stopped').getByRole('button', { name: 'Back to Home' });
  if (await home.count()) await home.click();
  else await page.getByTestId('home').click();
  await page.getByTestId('launcher').waitFor();
}

export async function runHostileBenchmark(): Promise<void> {
  if (NO_CHROMIUM) {
    console.log(`hostile: skipped (${NO_CHROMIUM})`);
    return;
  }
  const data = dataDirWithPageApps(RUNS.map(([, app]) => app));
  const browser = await launchChromium();
  const simulator = await simulatorOn(data, 'parked', [{ durationS: 36_000, gear: 'P' }]);
  const lines = [`hostile: the system UI's frames while each app runs (${WATCH_MS} ms from the tap, ${SAMPLES} runs each, parked; a 60 Hz frame is 16.7 ms)`];
  try {
    for (const throttle of [1, 4]) {
      lines.push('', throttle === 1 ? 'no throttling:' : `CPU throttled ${throttle}×:`);
      for (const [label, app, mustStop] of RUNS) {
        const samples: Sample[] = [];
        for (let run = 0; run < SAMPLES; run += 1) {
          const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
          await page.goto(simulator.url);
          await page.getByTestId('driving-state').getByText('PARKED').waitFor();
          await page.waitForTimeout(800);
          samples.push(await watchTraced(browser, page, app));
          await backHome(page);
          await page.close();
        }
        const stops = samples.map((sample) => sample.stopMs).filter((value): value is number => value !== null);
        const stop = mustStop ? (stops.length === samples.length ? `tap → stopped max ${Math.max(...stops).toFixed(0)} ms` : `stopped in ${stops.length}/${samples.length} runs`) : stops.length > 0 ? 'STOPPED (should run)' : 'runs on';
        lines.push(
          `  ${label.padEnd(28)} longest task ${Math.max(...samples.map((s) => s.maxTaskMs)).toFixed(1).padStart(6)} ms, longest frame gap max ${Math.max(...samples.map((s) => s.maxGapMs)).toFixed(1).padStart(6)} ms, frame p95 ${percentile(samples.map((s) => s.p95Ms), 50).toFixed(1).padStart(5)} ms (median of runs); ${stop}`,
        );
      }
    }
  } finally {
    await simulator.close();
    await browser.close();
    rmSync(data, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
}
