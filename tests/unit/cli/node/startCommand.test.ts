/**
 * `glovebox start` as a tester and CI run it: the simulator's URL on a line of its own, and
 * where no Electron binary exists, a plain word that the simulator runs instead.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { findElectronBinary } from '../../../../cli/node/electronBinary.js';
import { repoPath } from '../../../support/paths.js';

/** Starts the CLI, returns its first stdout line and everything on stderr by then, and stops it. */
async function firstLine(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ line: string; stderr: string }> {
  const child = spawn(process.execPath, [repoPath('build', 'cli', 'node', 'glovebox.js'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    return { line, stderr };
  } finally {
    child.kill('SIGINT');
  }
}

describe('glovebox start', () => {
  test('--headless prints the URL alone on its first line, and the UI is served there', async (t) => {
    const data = mkdtempSync(join(tmpdir(), 'glovebox-start-'));
    t.after(() => rmSync(data, { recursive: true, force: true }));
    const { line } = await firstLine(['start', '--headless', '--port', '0'], { GLOVEBOX_DATA_DIR: data });
    assert.match(line, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test('with no Electron binary it says so and runs the simulator', async (t) => {
    const data = mkdtempSync(join(tmpdir(), 'glovebox-start-'));
    t.after(() => rmSync(data, { recursive: true, force: true }));
    const { line, stderr } = await firstLine(['start', '--port', '0'], { GLOVEBOX_DATA_DIR: data, GLOVEBOX_ELECTRON: '/nonexistent/electron' });
    assert.match(line, /^Glovebox simulator: open http:\/\/127\.0\.0\.1:\d+\/ in Chromium/);
    assert.equal(stderr, 'glovebox: no Electron binary here (GLOVEBOX_ELECTRON names /nonexistent/electron, which does not exist); starting the simulator\n');
  });

  test('the Electron binary: an override that exists is taken; the package without its download says why', (t) => {
    const folder = mkdtempSync(join(tmpdir(), 'glovebox-electron-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    writeFileSync(join(folder, 'electron'), '');
    assert.deepStrictEqual(findElectronBinary({ GLOVEBOX_ELECTRON: join(folder, 'electron') }), { path: join(folder, 'electron') });
    const found = findElectronBinary({});
    // Here the binary cannot be downloaded; where it was, the path is found instead.
    assert.ok('path' in found || /the electron package has no binary \(.*dist was never downloaded\)|is missing/.test(found.missing), JSON.stringify(found));
  });
});
