/**
 * `npm run bench -- coldstart`: from a tap on the launcher to the first frame with the app's
 * live data, in Debian Chromium, interleaved with two baselines measured in the same run: an
 * empty cross-site iframe, and the same page as a React SPA in a fresh cross-site iframe.
 * Without throttling and with CDP CPU throttling (5×, about an A55-class head unit here).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { CDPSession, Page } from 'playwright-core';
import { EU_ESOP } from '../safety/common/presets.js';
import { AppInstaller } from '../services/node/apps/installer.js';
import { Storage } from '../services/node/storage/database.js';
import { startSimulator } from '../sim/node/server.js';
import { launchChromium, NO_CHROMIUM } from '../tests/support/browser.js';
import { OEM, signedFixture } from '../tests/support/packages.js';
import { repoPath } from '../tests/support/paths.js';
import { percentile } from './measure.js';

const SAMPLES = 30;
const THROTTLE = 5;

function summary(values: readonly number[]): string {
  return `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms`;
}

export async function runColdStartBenchmark(): Promise<void> {
  if (NO_CHROMIUM) {
    console.log(`coldstart: skipped, ${NO_CHROMIUM}`);
    return;
  }
  const data = mkdtempSync(join(tmpdir(), 'glovebox-coldstart-'));
  const storage = new Storage(join(data, 'glovebox.sqlite'));
  new AppInstaller(storage, data).install(signedFixture(), [OEM.publicKey]);
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
    const ui = await browser.newPage({ viewport: { width: 1920, height: 720 } });
    const host = await browser.newPage();
    await ui.goto(simulator.url);
    await ui.getByTestId('app-tile').first().waitFor();
    await host.goto(`${baseline}/blank.html`);
    const sessions: CDPSession[] = [await ui.context().newCDPSession(ui), await host.context().newCDPSession(host)];

    const ours = async (page: Page): Promise<number> => {
      await page.getByTestId('app-tile').first().click();
      await page.waitForFunction(() => performance.getEntriesByName('gb:first-live-render').length > 0);
      const elapsed = await page.evaluate(() => {
        const tap = performance.getEntriesByName('gb:tap').pop() as PerformanceEntry;
        const live = performance.getEntriesByName('gb:first-live-render').pop() as PerformanceEntry;
        return live.startTime - tap.startTime;
      });
      await page.getByTestId('home').click();
      await page.getByTestId('launcher').waitFor();
      return elapsed;
    };
    const frame = (page: Page, url: string, waitForMessage: boolean): Promise<number> =>
      page.evaluate(
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

    console.log(`coldstart: tap → first frame with live data, ${SAMPLES} interleaved samples each (Debian Chromium, headless)`);
    for (const rate of [1, THROTTLE]) {
      for (const session of sessions) await session.send('Emulation.setCPUThrottlingRate', { rate });
      const results: Record<'ours' | 'blank' | 'spa', number[]> = { ours: [], blank: [], spa: [] };
      for (let sample = 0; sample < SAMPLES; sample += 1) {
        results.ours.push(await ours(ui));
        results.blank.push(await frame(host, `${baseline}/blank.html?${sample}`, false));
        results.spa.push(await frame(host, `${baseline}/spa.html?${sample}`, true));
      }
      const ratio = percentile(results.ours, 95) / percentile(results.spa, 95);
      console.log(`\n${rate === 1 ? 'no throttling' : `CPU throttled ${rate}×`}:`);
      console.log(`  Glovebox app (fetch views, container, worker, launch, onLoad, first render): ${summary(results.ours)}`);
      console.log(`  baseline, empty cross-site iframe:                                         ${summary(results.blank)}`);
      console.log(`  baseline, the same page as a React SPA in a fresh cross-site iframe:       ${summary(results.spa)}`);
      console.log(`  Glovebox p95 / SPA p95 = ${ratio.toFixed(2)} (target ≤ 0.2); target live render p95 ≤ 150 ms; cached frame: not built yet`);
    }
  } finally {
    await browser.close();
    await simulator.close();
    baselineServer.close();
    rmSync(data, { recursive: true, force: true });
  }
}

