/**
 * The mini-app developer's path, with the real CLI and Debian Chromium: `app create` in each
 * dialect → the scaffold's own test → `app validate` → `app pack` → `app sign` → install →
 * launch in the simulator; and `app dev`: the app opened in the simulator, a saved change
 * rebuilt and shown, a broken save reported while the last good build keeps running.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { publicKeyFromPem } from '../../miniapps/runtime/node/appPackage.js';
import { EU_ESOP } from '../../safety/common/presets.js';
import { AppInstaller } from '../../services/node/apps/installer.js';
import { Storage } from '../../services/node/storage/database.js';
import { startSimulator } from '../../sim/node/server.js';
import { appView } from '../support/bundled.js';
import { chromiumSuite, NO_CHROMIUM } from '../support/browser.js';
import { runCli } from '../support/cli.js';
import { repoPath } from '../support/paths.js';

describe('the developer kit', { skip: NO_CHROMIUM, timeout: 180_000 }, () => {
  const chromium = chromiumSuite();

  for (const dialect of ['wechat', 'alipay'] as const) {
    test(`${dialect}: app create → its test → app validate → app pack → app sign → install → launch`, async () => {
      const work = mkdtempSync(join(tmpdir(), `glovebox-devkit-${dialect}-`));
      chromium.keep(work);
      const folder = join(work, 'app');
      const created = await runCli(['app', 'create', 'Parking Finder', '--dialect', dialect, '--category', 'parking', '-o', folder]);
      assert.equal(created.code, 0, created.stderr);
      const ownTest = spawnSync(process.execPath, ['--test', 'test/'], { cwd: folder, encoding: 'utf8' });
      assert.equal(ownTest.status, 0, ownTest.stdout + ownTest.stderr);
      const validated = await runCli(['app', 'validate', folder]);
      assert.equal(validated.code, 0, validated.stderr);
      assert.match(validated.stdout, new RegExp(`valid ${dialect} mini-app com\\.example\\.parkingfinder 1\\.0\\.0 \\(parking\\).*driving review against EU_ESOP: nothing found`));
      const unsigned = join(work, 'app.gbx');
      assert.equal((await runCli(['app', 'pack', folder, '-o', unsigned])).code, 0);
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      writeFileSync(join(work, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(join(work, 'key.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
      assert.equal((await runCli(['app', 'sign', unsigned, '--key', join(work, 'key.pem')])).code, 0);

      const data = join(work, 'data');
      const storage = new Storage(join(data, 'glovebox.sqlite'));
      new AppInstaller(storage, data).install(readFileSync(unsigned), [publicKeyFromPem(readFileSync(join(work, 'key.pub.pem'), 'utf8'), 'key.pub.pem')]);
      storage.close();
      const scenario = join(work, 'parked.json');
      writeFileSync(scenario, JSON.stringify({ description: 'parked', segments: [{ durationS: 600, gear: 'P' }] }));
      const simulator = await startSimulator({ port: 0, dataDir: data, timeline: scenario, speed: 1, policy: EU_ESOP, rendererDir: repoPath('build', 'renderer') });
      try {
        const page = await chromium.browser.newPage({ viewport: { width: 1920, height: 720 } });
        await page.goto(simulator.url);
        await page.locator('[data-testid=app-tile][data-app-id="com.example.parkingfinder"]').click();
        await appView(page).locator('button.item', { hasText: 'Second thing' }).click();
        await appView(page).getByText('Item 1').waitFor();
        await page.close();
      } finally {
        await simulator.close();
      }
    });
  }

  test('app dev: opened in the simulator, a saved change shown, a broken save reported and the last good build kept', async () => {
    const work = mkdtempSync(join(tmpdir(), 'glovebox-devloop-'));
    chromium.keep(work);
    const folder = join(work, 'app');
    assert.equal((await runCli(['app', 'create', 'Loop Test', '-o', folder])).code, 0);
    const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, [repoPath('build', 'cli', 'node', 'glovebox.js'), 'app', 'dev', folder, '--port', '0', '--data', join(work, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const waitFor = async (what: () => boolean, label: string): Promise<void> => {
      for (let waited = 0; !what(); waited += 50) {
        if (waited > 30_000) throw new Error(`${label} did not happen; stdout: ${stdout}\nstderr: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      await waitFor(() => /\?app=com\.example\.looptest$/m.test(stdout), 'the URL');
      const url = /^(http\S+\?app=com\.example\.looptest)$/m.exec(stdout)?.[1] as string;
      const page = await chromium.browser.newPage({ viewport: { width: 1920, height: 720 } });
      await page.goto(url);
      await appView(page).locator('button.item', { hasText: 'First thing' }).waitFor();

      const script = join(folder, 'pages', 'index', 'index.js');
      writeFileSync(script, readFileSync(script, 'utf8').replace("'First thing'", "'Changed thing'"));
      await appView(page).locator('button.item', { hasText: 'Changed thing' }).waitFor({ timeout: 20_000 });
      assert.match(stdout, /com\.example\.looptest 1\.0\.0 built and installed in \d+ ms[\s\S]*built and installed/);

      const manifest = join(folder, 'app.json');
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"category": "utilities"', '"category": "utility"'));
      await waitFor(() => /not installed/.test(stderr), 'the broken build report');
      assert.match(stderr, /app\.json:\d+:\d+ \(\/car\/category\): error: /);
      assert.equal(await appView(page).locator('button.item', { hasText: 'Changed thing' }).count(), 1, 'the last good build keeps running');
      await page.close();
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  });
});
