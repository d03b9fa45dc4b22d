/** The bundled apps, installed from the build's signed packages and verified like anyone's. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BUNDLED_APPS_DIR, installBundledApps } from '../../../../../services/node/apps/bundled.js';
import { AppInstaller } from '../../../../../services/node/apps/installer.js';
import { Storage } from '../../../../../services/node/storage/database.js';

const folder = mkdtempSync(join(tmpdir(), 'glovebox-bundled-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function installer(name: string): AppInstaller {
  return new AppInstaller(new Storage(':memory:'), join(folder, name));
}

test('the build’s packages install (npm run build packs and signs them); again, nothing changes', () => {
  const target = installer('data');
  const first = installBundledApps(target);
  assert.deepEqual(first.skipped, []);
  assert.deepEqual(first.installed.map((app) => app.id).sort(), ['com.glovebox.charging', 'com.glovebox.food', 'com.glovebox.navigation']);
  const again = installBundledApps(target);
  assert.deepEqual(again.installed.map((app) => app.folder), first.installed.map((app) => app.folder));
});

test('a package altered after signing is refused and the others still install; no key, nothing installs', () => {
  const copy = join(folder, 'tampered');
  cpSync(BUNDLED_APPS_DIR, copy, { recursive: true });
  const victim = join(copy, 'com.glovebox.food.gbx');
  const bytes = readFileSync(victim);
  bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 0xff;
  writeFileSync(victim, bytes);
  const outcome = installBundledApps(installer('tampered-data'), copy);
  assert.deepEqual(outcome.installed.map((app) => app.id).sort(), ['com.glovebox.charging', 'com.glovebox.navigation']);
  assert.equal(outcome.skipped.length, 1);
  assert.match(outcome.skipped[0] ?? '', /^com\.glovebox\.food\.gbx: /);
  rmSync(join(copy, 'bundled-apps.pub.pem'));
  assert.match(installBundledApps(installer('keyless'), copy).skipped[0] ?? '', /no bundled apps at .*tampered/);
});
