/**
 * `npm run bench -- coldstart`: from a tap on the launcher to the cached frame and to the first
 * frame with the app's live data, in Debian Chromium, cold (with and without the container
 * pool) and hot, interleaved with two baselines measured in the same run: an empty cross-site
 * iframe, and the same page as a React SPA in a fresh cross-site iframe. Without throttling and
 * with CDP CPU throttling (5×, about an A55-class head unit here). Then the memory each
 * running app and each warm container costs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { CDPSession, Frame, Page } from 'playwright-core';
import { EU_ESOP } from '../safety/common/presets.js';
import { AppInstaller } from '../services/node/apps/installer.js';
import { Storage } from '../services/node/storage/database.js';
import { startSimulator } from '../sim/node/server.js';
import { readAppFolder } from '../miniapps/runtime/node/appFiles.js';
import { pack, signPackage } from '../miniapps/runtime/node/appPackage.js';
import { launchChromium, NO_CHROMIUM } from '../tests/support/browser.js';
import { OEM, signedFixture } from '../tests/support/packages.js';
import { fixturePath } from '../tests/support/fixtures.js';
import { repoPath } from '../tests/support/paths.js';
import { percentile } from './measure.js';
import { descendantsPss, NO_PROC_MEMORY } from './processMemory.js';

const SAMPLES = 30;
/** CDP CPU throttling for an A55-class head unit: the middle of the 4–6× this machine needs. */
const THROTTLE = 5;
/** Before each tap the launcher sits idle this long, as a driver's would: the pool refills, views are prefetched. */
const IDLE_MS = 1200;
const APP_A = 'com.example.charging';
const APP_B = 'com.example.charging.b';
const APP_C = 'com.example.tabs';

function summary(values: readonly number[]): string {
  return `p50 ${percentile(values, 50).toFixed(1).padStart(6)} ms, p95 ${percentile(values, 95).toFixed(1).padStart(6)} ms`;
}

interface Start {
  readonly cachedMs: number | null;
  readonly liveMs: number;
  /** The app was stopped before its first live render (on a loaded machine, the start-up watchdog): why. */
  readonly stopped: string | null;
}

/**
 * CDP throttles one renderer process, and each logic container is a frame of its own process
 * (an out-of-process iframe), so the rate is set on every container frame present before a
 * tap as well. Frames made at the tap itself (no pool, and the baselines' fresh iframes) run
 * unthrottled in their new processes: the throttled comparison is conservative for Glovebox.
 */
const throttledFrames = new WeakSet<Frame>();
let throttleRate = 1;
async function throttleContainers(page: Page): Promise<void> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || throttledFrames.has(frame)) continue;
    try {
      const session = await page.context().newCDPSession(frame);
      await session.send('Emulation.setCPUThrottlingRate', { rate: throttleRate });
      throttledFrames.add(frame);
    } catch {
      // An in-process frame shares the page's throttling already.
    }
  }
}

/** Taps an app's tile, waits for its first live frame, goes home; the marks give the times. */
async function tapAndTime(page: Page, appId: string): Promise<Start> {
  await page.waitForTimeout(IDLE_MS);
  if (throttleRate !== 1) await throttleContainers(page);
  await page.locator(`[data-testid=app-tile][data-app-id="${appId}"]`).click();
  // A start the watchdog stops is a sample too: counted and named, not a crash of the benchmark.
  await page.waitForFunction(() => performance.getEntriesByName('gb:first-live-render').length > 0 || document.querySelector('[data-testid=app-stopped]') !== null);
  const stoppedCard = page.getByTestId('app-stopped');
  if ((await stoppedCard.count()) > 0) {
    const reason = await stoppedCard.innerText();
    await page.getByTestId('home').click();
    await page.getByTestId('launcher').waitFor();
    return { cachedMs: null, liveMs: Number.NaN, stopped: reason.replace(/\s+/g, ' ').slice(0, 120) };
  }
  const start = await page.evaluate(() => {
    const at = (name: string): number | null => (performance.getEntriesByName(name).pop() as PerformanceEntry | undefined)?.startTime ?? null;
    const tap = at('gb:tap') ?? 0;
    const cached = at('gb:cached-frame');
    return { cachedMs: cached === null ? null : cached - tap, liveMs: (at('gb:first-live-render') ?? 0) - tap, stopped: null };
  });
  await page.getByTestId('home').click();
  await page.getByTestId('launcher').waitFor();
  return start;
}

/** A fresh cross-site iframe of `url`; done at its load event or at the SPA's first-render message. */
function frame(page: Page, url: string, waitForMessage: boolean): Promise<number> {
  return page.evaluate(
    ([source, message]) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        const iframe = document.createElement('iframe');
        const done = (): void => {
          resolve(performance.now() - start);
          iframe.remove();
        };
        if (message) {
          const listener = (event: MessageEvent): void => {
            if (event.data === 'spa:first-render') {
              window.removeEventListener('message', listener);
              done();
            }
          };
          window.addEventListener('message', listener);
        } else iframe.addEventListener('load', done, { once: true });
        iframe.src = source;
        document.body.appendChild(iframe);
      }),
    [url, waitForMessage] as const,
  );
}

/** PSS of the whole browser after things settle. */
async function settledPss(page: Page): Promise<number> {
  await page.waitForTimeout(1500);
  return descendantsPss().mib;
}

async function memoryPerApp(url: string): Promise<void> {
  if (NO_PROC_MEMORY) {
    console.log(`\nmemory: skipped, ${NO_PROC_MEMORY}`);
    return;
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
    await page.goto(`${url}?pool=0&maxRunning=8`);
    await page.getByTestId('app-tile').first().waitFor();
    const launcher = await settledPss(page);
    const running: number[] = [];
    for (const id of [APP_A, APP_B, APP_C]) {
      await page.locator(`[data-testid=app-tile][data-app-id="${id}"]`).click();
      await page.waitForFunction(() => performance.getEntriesByName('gb:first-live-render').length > 0);
      await page.getByTestId('home').click();
      running.push(await settledPss(page));
    }
    await page.goto(`${url}?pool=2`);
    await page.getByTestId('app-tile').first().waitFor();
    const pooled = await settledPss(page);
    const perApp = ((running[running.length - 1] ?? launcher) - launcher) / running.length;
    console.log('\nmemory (PSS of every browser process, MiB, no throttling):');
    console.log(`  system UI on the launcher, no pool:           ${launcher.toFixed(1)}`);
    console.log(`  with 1, 2, 3 apps running (in the background): ${running.map((value) => value.toFixed(1)).join(', ')}`);
    console.log(`  per running app:                               ${perApp.toFixed(1)} MiB (container frame, worker, views, data)`);
    console.log(`  launcher with the pool of 2 warm containers:   ${pooled.toFixed(1)} (${((pooled - launcher) / 2).toFixed(1)} MiB per warm container)`);
    console.log(`  processes now: ${descendantsPss().processes}`);
  } finally {
    await browser.close();
  }
}

/** A fixture app's files with its app.json saying `id`, version 1.0.0. */
function renamed(folder: string, id: string): Map<string, Uint8Array> {
  const files = new Map(readAppFolder(fixturePath('miniapps', folder)));
  const manifest = JSON.parse(new TextDecoder().decode(files.get('app.json'))) as { car: Record<string, unknown> };
  manifest.car = { ...manifest.car, id, version: '1.0.0' };
  files.set('app.json', new TextEncoder().encode(JSON.stringify(manifest)));
  return files;
}

export async function runColdStartBenchmark(): Promise<void> {
  if (NO_CHROMIUM) {
    console.log(`coldstart: skipped, ${NO_CHROMIUM}`);
    return;
  }
  const data = mkdtempSync(join(tmpdir(), 'glovebox-coldstart-'));
  const storage = new Storage(join(data, 'glovebox.sqlite'));
  const installer = new AppInstaller(storage, data);
  installer.install(signedFixture(), [OEM.publicKey]);
  // The same app under a second id: alternating the two with one running app allowed, every tap is a cold start.
  installer.install(signPackage(pack(renamed('charging-wechat', APP_B), APP_B, '1.0.0'), OEM.privateKey), [OEM.publicKey]);
  installer.install(signPackage(pack(renamed('pages-tabs', APP_C), APP_C, '1.0.0'), OEM.privateKey), [OEM.publicKey]);
  storage.close();
  const scenario = join(data, 'parked.json');
  writeFileSync(scenario, JSON.stringify({ description: 'parked', segments: [{ durationS: 36000, gear: 'P' }] }));
  const simulator = await startSimulator({ port: 0, dataDir: data, timeline: scenario, speed: 1, policy: EU_ESOP, rendererDir: repoPath('build', 'renderer') });

  // The baselines come from another site: "localhost" is cross-site to "127.0.0.1".
  const spa = await build({ entryPoints: [repoPath('bench', 'spa', 'main.tsx')], bundle: true, write: false, minify: true, format: 'iife', jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning' });
  const spaScript = spa.outputFiles[0]?.text ?? '';
  const baselineServer = createServer((request, response) => {
    if (request.url?.startsWith('/blank.html')) response.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end('<!doctype html><title>blank</title>');
    else if (request.url?.startsWith('/spa.html')) response.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end('<!doctype html><div id="root"></div><script src="/spa.js"></script>');
    else if (request.url?.startsWith('/spa.js')) response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(spaScript);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => baselineServer.listen(0, 'localhost', resolve));
  const baseline = `http://localhost:${(baselineServer.address() as AddressInfo).port}`;

  const browser = await launchChromium();
  try {
    const open = async (query: string): Promise<Page> => {
      const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
      await page.goto(`${simulator.url}${query}`);
      await page.getByTestId('app-tile').first().waitFor();
      return page;
    };
    // One running app at a time: opening one app destroys the other, so each tap starts cold.
    const pooled = await open('?maxRunning=1&pool=2');
    const unprimed = await open('?maxRunning=1&pool=2&prime=0');
    const unpooled = await open('?maxRunning=1&pool=0');
    const hot = await open('?maxRunning=4&pool=2');
    const host = await browser.newPage();
    await host.goto(`${baseline}/blank.html`);
    const sessions: CDPSession[] = await Promise.all([pooled, unprimed, unpooled, hot, host].map((page) => page.context().newCDPSession(page)));
    // Both apps have run once, so their render caches hold a page; the hot page has the app in the background.
    for (const page of [pooled, unprimed, unpooled]) for (const id of [APP_A, APP_B]) await tapAndTime(page, id);
    await tapAndTime(hot, APP_A);

    console.log(`coldstart: tap → frame, ${SAMPLES} interleaved samples each (Debian Chromium, headless; the launcher idle ${IDLE_MS} ms before each tap)`);
    for (const rate of [1, THROTTLE]) {
      for (const session of sessions) await session.send('Emulation.setCPUThrottlingRate', { rate });
      throttleRate = rate;
      const cold: Start[] = [];
      const coldUnprimed: Start[] = [];
      const coldUnpooled: Start[] = [];
      const warm: Start[] = [];
      const blank: number[] = [];
      const react: number[] = [];
      for (let sample = 0; sample < SAMPLES; sample += 1) {
        const app = sample % 2 === 0 ? APP_A : APP_B;
        cold.push(await tapAndTime(pooled, app));
        coldUnprimed.push(await tapAndTime(unprimed, app));
        coldUnpooled.push(await tapAndTime(unpooled, app));
        warm.push(await tapAndTime(hot, APP_A));
        blank.push(await frame(host, `${baseline}/blank.html?${sample}`, false));
        react.push(await frame(host, `${baseline}/spa.html?${sample}`, true));
      }
      const started = (starts: readonly Start[]): number[] => starts.flatMap((start) => (start.stopped === null ? [start.liveMs] : []));
      const stoppedOf = (starts: readonly Start[]): string => {
        const stopped = starts.filter((start) => start.stopped !== null);
        return stopped.length === 0 ? '' : `  (${stopped.length}/${starts.length} stopped: ${stopped[0]?.stopped ?? ''})`;
      };
      const live = started(cold);
      const cached = cold.flatMap((start) => (start.cachedMs === null ? [] : [start.cachedMs]));
      const ratio = percentile(live, 95) / percentile(react, 95);
      console.log(`\n${rate === 1 ? 'no throttling' : `CPU throttled ${rate}×`}:`);
      console.log(`  cold start, tap → cached frame (render cache):             ${summary(cached)}  (${cached.length}/${cold.length} samples had one)`);
      console.log(`  cold start, tap → first live render (container primed):    ${summary(live)}${stoppedOf(cold)}`);
      console.log(`  cold start, pooled container not primed for the app:      ${summary(started(coldUnprimed))}${stoppedOf(coldUnprimed)}`);
      console.log(`  cold start without the pool (new frame and worker):       ${summary(started(coldUnpooled))}${stoppedOf(coldUnpooled)}`);
      console.log(`  hot start (app in the background), tap → live frame:       ${summary(started(warm))}${stoppedOf(warm)}`);
      console.log(`  baseline, empty cross-site iframe:                         ${summary(blank)}`);
      console.log(`  baseline, the same page as a React SPA, fresh cross-site:  ${summary(react)}`);
      console.log(`  live p95 / SPA p95 = ${ratio.toFixed(2)} (target ≤ 0.2); live p95 target ≤ 150 ms; cached frame p95 target ≤ 33 ms`);
    }
  } finally {
    await browser.close();
  }
  try {
    await memoryPerApp(simulator.url);
  } finally {
    await simulator.close();
    baselineServer.close();
    rmSync(data, { recursive: true, force: true });
  }
}
