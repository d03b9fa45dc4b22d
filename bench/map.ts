/**
 * `npm run bench -- map`: what the host's street map costs, in Debian Chromium (software WebGL,
 * as on a head unit without a GPU driver Chromium trusts). From a tap on Navigation's tile to
 * the app's first live frame and to the map's first idle frame (streets, names and route
 * drawn), against Charging's first live frame (an app without a map) measured in the same run,
 * unthrottled and with CDP CPU throttling (5×, about an A55-class head unit). Then the JS heap
 * the map adds, and the bytes it loads on first use (none at the UI's start).
 */
import { rmSync, statSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { MAP_FILES } from '../renderer/common/mapFiles.js';
import { launchChromium, NO_CHROMIUM } from '../tests/support/browser.js';
import { appView, bundledDataDir, bundledSimulator, CHARGING, NAVIGATION } from '../tests/support/bundled.js';
import { repoPath } from '../tests/support/paths.js';
import { percentile } from './measure.js';

const SAMPLES = 8;
const THROTTLE = 5;

async function heapBytes(client: CDPSession): Promise<number> {
  await client.send('HeapProfiler.collectGarbage');
  const { metrics } = await client.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

/** ms from the tap to the app's first live frame, and (for Navigation) to the map's first idle frame. */
async function open(page: Page, app: string, withMap: boolean): Promise<{ live: number; map: number | null; block: number; steps: Record<string, number> }> {
  const start = await page.evaluate(() => performance.now());
  await page.locator(`[data-testid=app-tile][data-app-id="${app}"]`).click();
  // The same wait for both apps (Playwright's, through the app's shadow root), so the ratio is fair.
  await appView(page).locator('[data-live=true]').first().waitFor({ timeout: 60_000 });
  // The frame's own mark (set after the browser painted it), not the moment Playwright saw it: a
  // main thread busy starting the map would otherwise be counted against the app's frame.
  await page.waitForFunction(() => performance.getEntriesByName('gb:first-live-render').length > 0);
  const liveAt = await page.evaluate(() => performance.getEntriesByName('gb:first-live-render')[0]!.startTime);
  let mapAt: number | null = null;
  if (withMap) {
    await appView(page).locator('.gb-map[data-gb-map=ready]').waitFor({ timeout: 60_000 });
    mapAt = await page.evaluate(() => performance.now());
  }
  // The engine's own marks (renderer/browser/map): script loaded, style and city loaded, first idle; glyph ranges drawn.
  const steps = await page.evaluate((from) => {
    const entries = [...performance.getEntriesByType('mark').filter((mark) => mark.name.startsWith('gb-map-')).map((mark) => [mark.name, mark.startTime - from] as const), ['gb-map-glyphs', performance.getEntriesByType('measure').filter((measure) => measure.name.startsWith('gb-map-glyphs')).reduce((sum, measure) => sum + measure.duration, 0)] as const];
    return Object.fromEntries(entries);
  }, start);
  // The longest the main thread was busy in one go after the tap: a touch waits at most that long.
  const block = await page.evaluate((from) => Math.max(0, ...(window as unknown as { gbLongTasks: { startTime: number; duration: number }[] }).gbLongTasks.filter((task) => task.startTime >= from).map((task) => task.duration)), start);
  return { live: liveAt - start, map: mapAt === null ? null : mapAt - start, block, steps };
}

export async function runMapBenchmark(): Promise<void> {
  if (NO_CHROMIUM) {
    console.log(`map: skipped (${NO_CHROMIUM})`);
    return;
  }
  const sizes = [MAP_FILES.script, MAP_FILES.worker, MAP_FILES.style, MAP_FILES.city].map((file) => statSync(repoPath('build', 'renderer', file.slice(1))).size);
  const ui = statSync(repoPath('build', 'renderer', 'app.js')).size;
  const data = bundledDataDir();
  const simulator = await bundledSimulator(data);
  const browser = await launchChromium();
  try {
    console.log(`map: Navigation (a street map) vs Charging (no map), ${SAMPLES} fresh pages each, interleaved`);
    for (const [throttle, preloaded] of [[1, false], [1, true], [THROTTLE, false], [THROTTLE, true]] as const) {
      const figures = { navLive: [] as number[], navMap: [] as number[], charging: [] as number[], heap: [] as number[], block: [] as number[], chargingBlock: [] as number[], steps: {} as Record<string, number[]> };
      for (let sample = 0; sample < SAMPLES; sample += 1) {
        for (const app of [NAVIGATION, CHARGING]) {
          const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
          // Long tasks are only kept for a page that asked for them before they happened.
          await page.addInitScript(() => {
            const tasks: { startTime: number; duration: number }[] = [];
            Object.assign(window, { gbLongTasks: tasks });
            new PerformanceObserver((list) => tasks.push(...list.getEntries().map(({ startTime, duration }) => ({ startTime, duration })))).observe({ type: 'longtask' });
          });
          const client = await page.context().newCDPSession(page);
          await client.send('Performance.enable');
          // Not preloaded: the tap comes before the engine's idle preload (held off for 10 min); preloaded: after it.
          await page.goto(`${simulator.url}?mapPreloadMs=${preloaded ? 0 : 600_000}`);
          await page.getByTestId('driving-state').getByText('PARKED').waitFor();
          if (preloaded) await page.waitForFunction(() => 'gloveboxMapEngine' in window);
          await page.waitForTimeout(preloaded ? 1500 : 800);
          if (throttle > 1) await client.send('Emulation.setCPUThrottlingRate', { rate: throttle });
          const before = await heapBytes(client);
          const result = await open(page, app, app === NAVIGATION);
          if (app === NAVIGATION) {
            figures.navLive.push(result.live);
            figures.navMap.push(result.map ?? Number.NaN);
            figures.heap.push((await heapBytes(client)) - before);
            figures.block.push(result.block);
            for (const [step, at] of Object.entries(result.steps)) (figures.steps[step] ??= []).push(at);
          } else {
            figures.charging.push(result.live);
            figures.chargingBlock.push(result.block);
          }
          await page.close();
        }
      }
      const p50 = (values: readonly number[]): string => `${percentile(values, 50).toFixed(0)} ms`;
      const label = `${throttle > 1 ? `CPU ${throttle}× slower` : 'unthrottled'}, ${preloaded ? 'engine preloaded' : 'first map loads the engine'}`;
      console.log(`  ${label}: tap → first live frame: Navigation p50 ${p50(figures.navLive)}, Charging (baseline) p50 ${p50(figures.charging)} (ratio ${(percentile(figures.navLive, 50) / percentile(figures.charging, 50)).toFixed(2)})`);
      console.log(`  ${label}: tap → map drawn (streets, names, route fitted): p50 ${p50(figures.navMap)}, p95 ${percentile(figures.navMap, 95).toFixed(0)} ms (ratio to Charging's live frame ${(percentile(figures.navMap, 50) / percentile(figures.charging, 50)).toFixed(2)})`);
      console.log(`  ${label}: map steps p50 from the tap: ${Object.entries(figures.steps).map(([step, values]) => `${step.replace('gb-map-', '')} ${percentile(values, 50).toFixed(0)} ms`).join(', ')} (glyphs: time spent drawing them)`);
      console.log(`  ${label}: longest main-thread block after the tap (a touch waits at most this): Navigation p50 ${p50(figures.block)}, max ${Math.max(...figures.block).toFixed(0)} ms; Charging p50 ${p50(figures.chargingBlock)}`);
      if (throttle === 1 && !preloaded) console.log(`  JS heap added by opening Navigation with its map: p50 ${(percentile(figures.heap, 50) / 1e6).toFixed(1)} MB`);
    }
    console.log(`  loaded on the first map only: ${(sizes.reduce((sum, size) => sum + size, 0) / 1e6).toFixed(2)} MB (map.js ${(sizes[0]! / 1e6).toFixed(2)}, worker ${(sizes[1]! / 1e6).toFixed(2)}, CSS ${(sizes[2]! / 1e3).toFixed(0)} kB, city ${(sizes[3]! / 1e3).toFixed(0)} kB); the UI's app.js stays ${(ui / 1e6).toFixed(2)} MB`);
  } finally {
    await browser.close();
    await simulator.close();
    rmSync(data, { recursive: true, force: true });
  }
}
