/**
 * `npm run bench -- corpus`: real published mini-programs, as their developers wrote them. Every
 * folder with an app.json under $GLOVEBOX_CORPUS (scripts/fetch-corpus.sh clones the corpus there;
 * it is never part of the repo) is compiled, packed, signed and installed; then each installed app
 * is opened parked in the simulator in Debian Chromium and its first page judged after 4 s:
 * rendered (something with text or an image is drawn in the app's box), blank, or stopped (with
 * the reason). Prints the counts and the commonest reasons for each failure, and for the rendered
 * ones how much of what the page draws is on its first screen and how tall its text is on the
 * screen (ADR 0008). With GLOVEBOX_CORPUS_SHOTS set to a folder, a screenshot of each first page
 * is saved there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { AppError } from '../miniapps/runtime/common/format/app.js';
import { compileAppFiles, readAppFolder } from '../miniapps/runtime/node/appFiles.js';
import { pack, signPackage } from '../miniapps/runtime/node/appPackage.js';
import { AppInstaller } from '../services/node/apps/installer.js';
import { Storage } from '../services/node/storage/database.js';
import { launchChromium, NO_CHROMIUM } from '../tests/support/browser.js';
import { simulatorOn } from '../tests/support/headUnit.js';
import { OEM } from '../tests/support/packages.js';

type Outcome = 'rendered' | 'blank' | 'stopped' | 'not installed';

function tally(reasons: Map<string, number>, reason: string): void {
  const key = reason.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N').slice(0, 100);
  reasons.set(key, (reasons.get(key) ?? 0) + 1);
}

export async function runCorpusBenchmark(): Promise<void> {
  const corpus = process.env['GLOVEBOX_CORPUS'];
  if (!corpus) {
    console.log('corpus: skipped (set GLOVEBOX_CORPUS to a folder of mini-programs; scripts/fetch-corpus.sh fetches one)');
    return;
  }
  const folders = execFileSync('find', [corpus, '-name', 'app.json', '-not', '-path', '*/node_modules/*', '-not', '-path', '*/miniprogram_npm/*'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '')
    .map(dirname)
    .sort();
  const data = mkdtempSync(join(tmpdir(), 'glovebox-corpus-'));
  const storage = new Storage(join(data, 'glovebox.sqlite'));
  const installer = new AppInstaller(storage, data);
  const outcomes = new Map<Outcome, number>();
  const reasons = new Map<Outcome, Map<string, number>>();
  const count = (outcome: Outcome, reason?: string): void => {
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (reason !== undefined) {
      const byReason = reasons.get(outcome) ?? new Map<string, number>();
      tally(byReason, reason);
      reasons.set(outcome, byReason);
    }
  };
  const installed: string[] = [];
  const copies: string[] = [];
  const firstScreen: Array<{ id: string; share: number; medianLine: number; smallestLine: number }> = [];
  for (const folder of folders) {
    try {
      const files = readAppFolder(folder);
      const { id, version } = compileAppFiles(files).manifest.car;
      // A second copy of an app (the same app.json in another folder of the corpus) is the same app: counted once.
      if (installed.includes(id)) {
        copies.push(relative(corpus, folder));
        continue;
      }
      installer.install(signPackage(pack(files, id, version), OEM.privateKey), [OEM.publicKey]);
      installed.push(id);
    } catch (error) {
      count('not installed', error instanceof AppError ? (error.issues[0]?.problem ?? error.message) : error instanceof Error ? error.message : String(error));
    }
  }
  storage.close();
  if (NO_CHROMIUM) {
    console.log(`corpus: ${installed.length} of ${folders.length} installed; rendering skipped (${NO_CHROMIUM})`);
    rmSync(data, { recursive: true, force: true });
    return;
  }
  const browser = await launchChromium();
  const simulator = await simulatorOn(data, 'parked', [{ durationS: 36_000, gear: 'P' }]);
  try {
    for (const id of installed) {
      const page = await browser.newPage({ viewport: { width: 1920, height: 720 } });
      await page.goto(`${simulator.url}?app=${encodeURIComponent(id)}`);
      await page.waitForTimeout(4000);
      const stopped = page.getByTestId('app-stopped');
      if ((await stopped.count()) > 0) count('stopped', await stopped.locator('.app-cover-detail').innerText());
      else {
        const drawn = await page
          .getByTestId('app-view')
          .evaluate((view) => {
            const root = view.shadowRoot;
            if (!root) return null;
            const bottom = view.getBoundingClientRect().bottom;
            // What the page draws: pictures and text, laid out (not display: none).
            const content = [...root.querySelectorAll('*')].filter((element) => {
              const box = element.getBoundingClientRect();
              if (box.width === 0 || box.height === 0) return false;
              if (element.tagName === 'IMG') return true;
              // A canvas counts once something is drawn on it (a clock, a chart).
              if (element instanceof HTMLCanvasElement) {
                const pixels = element.width > 0 && element.height > 0 ? element.getContext('2d')?.getImageData(0, 0, element.width, element.height).data : undefined;
                return pixels !== undefined && pixels.some((value, index) => index % 4 === 3 && value !== 0);
              }
              return [...element.childNodes].some((node) => node.nodeType === 3 && (node.textContent ?? '').trim() !== '');
            });
            const first = content.filter((element) => element.getBoundingClientRect().top < bottom);
            // Each text line's height on the screen (zoom included), for the first screen's text.
            const lines: number[] = [];
            for (const element of first) {
              for (const node of element.childNodes) {
                if (node.nodeType !== 3 || (node.textContent ?? '').trim() === '') continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const rect of range.getClientRects()) if (rect.height > 0) lines.push(rect.height);
              }
            }
            lines.sort((a, b) => a - b);
            return { content: content.length, first: first.length, medianLine: lines[Math.floor(lines.length / 2)] ?? 0, smallestLine: lines[0] ?? 0 };
          })
          .catch(() => null);
        const shots = process.env['GLOVEBOX_CORPUS_SHOTS'];
        if (shots) await page.screenshot({ path: join(shots, `${id}.png`) });
        if (drawn !== null && drawn.first > 0) {
          count('rendered');
          firstScreen.push({ id, share: drawn.first / drawn.content, medianLine: drawn.medianLine, smallestLine: drawn.smallestLine });
        } else count('blank', id);
      }
      await page.close();
    }
  } finally {
    await simulator.close();
    await browser.close();
    rmSync(data, { recursive: true, force: true });
  }
  console.log(`corpus: ${folders.length} mini-programs under ${corpus}${copies.length > 0 ? `; ${copies.length} are copies of another (the same app.json) and are counted once` : ''}`);
  for (const outcome of ['rendered', 'blank', 'stopped', 'not installed'] as const) {
    console.log(`  ${outcome.padEnd(14)} ${outcomes.get(outcome) ?? 0}`);
    for (const [reason, n] of [...(reasons.get(outcome) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`    ${String(n).padStart(3)} ${reason}`);
  }
  if (firstScreen.length > 0) {
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const shares = firstScreen.map((app) => app.share);
    console.log(`  first screen (rendered apps): median ${(median(shares) * 100).toFixed(0)} % of what a page draws is on it; ${shares.filter((share) => share >= 0.5).length} of ${shares.length} apps show at least half`);
    console.log(`  text on screen: median line ${median(firstScreen.map((app) => app.medianLine)).toFixed(1)} px; apps whose median line is under 24 px: ${firstScreen.filter((app) => app.medianLine < 24).length}; over 60 px: ${firstScreen.filter((app) => app.medianLine > 60).length}`);
  }
}
