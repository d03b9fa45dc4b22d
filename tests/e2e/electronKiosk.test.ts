/**
 * The Electron kiosk itself, where an Electron binary exists: it starts, shows the system UI
 * from app://ui with the launcher, and exposes only the protocol bridge to the page. Skipped
 * here: this machine cannot download Electron (GitHub is unreachable).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { _electron } from 'playwright-core';
import { findElectronBinary } from '../../cli/node/electronBinary.js';
import { repoPath } from '../support/paths.js';

const binary = findElectronBinary();
const skip = 'missing' in binary ? `no Electron binary on this machine: ${binary.missing}` : false;

test('the kiosk starts, shows the launcher from app://ui and gives the page only window.glovebox', { skip }, async (t) => {
  if (!('path' in binary)) return;
  const data = mkdtempSync(join(tmpdir(), 'glovebox-kiosk-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  const kiosk = await _electron.launch({ executablePath: binary.path, args: [repoPath('build', 'electron', 'node', 'main.js')], env: { ...process.env, GLOVEBOX_DATA_DIR: data } });
  try {
    const window = await kiosk.firstWindow();
    await window.getByTestId('launcher').waitFor();
    assert.equal(new URL(window.url()).protocol, 'app:');
    assert.deepStrictEqual(await window.evaluate(() => [typeof (window as unknown as { require?: unknown }).require, typeof (window as unknown as { process?: unknown }).process, Object.keys((window as unknown as { glovebox: object }).glovebox).sort()]), ['undefined', 'undefined', ['logicBase', 'onEvent', 'request']]);
  } finally {
    await kiosk.close();
  }
});
