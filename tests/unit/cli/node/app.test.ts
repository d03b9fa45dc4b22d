import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Consent } from '../../../../services/node/apps/consent.js';
import { Storage } from '../../../../services/node/storage/database.js';
import { freshDataDir, runCli } from '../../../support/cli.js';
import { fixturePath } from '../../../support/fixtures.js';

test('the developer packs and signs; the head unit verifies, installs, lists and uninstalls', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-app-cli-'));
  const saved = process.env['GLOVEBOX_DATA_DIR'];
  process.env['GLOVEBOX_DATA_DIR'] = join(folder, 'data');
  t.after(() => {
    if (saved === undefined) delete process.env['GLOVEBOX_DATA_DIR'];
    else process.env['GLOVEBOX_DATA_DIR'] = saved;
    rmSync(folder, { recursive: true, force: true });
  });
  // As `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout` write them.
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(join(folder, 'dev.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(folder, 'dev.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  const other = generateKeyPairSync('ed25519').publicKey;
  writeFileSync(join(folder, 'other.pub.pem'), other.export({ type: 'spki', format: 'pem' }));
  const gbx = join(folder, 'charging.gbx');

  const steps: Array<[string, string[]]> = [
    ['validate', ['app', 'validate', fixturePath('miniapps', 'charging-alipay')]],
    ['pack', ['app', 'pack', fixturePath('miniapps', 'charging-wechat'), '-o', gbx]],
    ['install unsigned', ['app', 'install', gbx, '--trust', join(folder, 'dev.pub.pem')]],
    ['sign', ['app', 'sign', gbx, '--key', join(folder, 'dev.pem')]],
    ['verify against another key', ['app', 'verify', gbx, '--trust', join(folder, 'other.pub.pem')]],
    ['verify', ['app', 'verify', gbx, '--trust', join(folder, 'other.pub.pem'), '--trust', join(folder, 'dev.pub.pem')]],
    ['install with no trusted keys', ['app', 'install', gbx]],
  ];
  const results: Record<string, [number, string]> = {};
  for (const [name, args] of steps) {
    const run = await runCli(args);
    results[name] = [run.code, (run.code === 0 ? run.stdout : run.stderr).trim().replace(folder, '<tmp>').replace(/key [0-9a-f]{16}/, 'key <id>').replace(/: \d+ bytes,/, ': PACKED_BYTES bytes,')];
  }
  mkdirSync(join(folder, 'data', 'trusted-keys'), { recursive: true });
  writeFileSync(join(folder, 'data', 'trusted-keys', 'oem.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  const install = await runCli(['app', 'install', gbx]);
  const list = await runCli(['app', 'list', '--json']);
  const uninstall = await runCli(['app', 'uninstall', 'com.example.charging']);
  const empty = await runCli(['app', 'list']);
  assert.deepStrictEqual(results, {
    validate: [0, `${fixturePath('miniapps', 'charging-alipay')}: valid alipay mini-app com.example.charging 1.2.0 (ev_charging): 3 pages, 1 components; driving review against EU_ESOP: nothing found`],
    pack: [0, '<tmp>/charging.gbx: PACKED_BYTES bytes, 18 files, unsigned (glovebox app sign charging.gbx --key KEY.pem)'],
    'install unsigned': [1, 'META-INF/glovebox/signature.json: missing: the package is not signed (glovebox app sign)'],
    sign: [0, '<tmp>/charging.gbx: signed'],
    'verify against another key': [1, 'META-INF/glovebox/signature.json: signed with key <id>, which is not among the 1 trusted key(s)'],
    verify: [0, '<tmp>/charging.gbx: com.example.charging 1.2.0, 18 files, signed by key <id>: verified'],
    'install with no trusted keys': [1, '(trust): no trusted signing keys are configured; nothing can be installed'],
  });
  assert.deepStrictEqual(
    [install.stdout, (JSON.parse(list.stdout) as Array<{ id: string; dialect: string }>).map((app) => [app.id, app.dialect]), uninstall.stdout, empty.stdout],
    ['installed com.example.charging 1.2.0 (Charge Finder)\n', [['com.example.charging', 'wechat']], 'uninstalled com.example.charging\n', 'no apps installed\n'],
  );
});

test('the head unit lists what the driver allowed an app and revokes it', async (t) => {
  const folder = freshDataDir(t, 'glovebox-app-cli-');
  const storage = new Storage(join(folder, 'glovebox.sqlite'));
  new Consent(storage).decide('com.example.charging', 'scope.userLocation', true);
  storage.close();
  const before = await runCli(['app', 'permissions', 'com.example.charging']);
  const revoke = await runCli(['app', 'revoke', 'com.example.charging', 'scope.userLocation']);
  const again = await runCli(['app', 'revoke', 'com.example.charging', 'scope.userLocation']);
  const after = await runCli(['app', 'permissions', 'com.example.charging']);
  assert.deepStrictEqual(
    [before.stdout, [revoke.code, revoke.stdout], [again.code, again.stdout], after.stdout],
    [
      'scope.userLocation\tallowed\n',
      [0, 'com.example.charging: scope.userLocation will be asked again\n'],
      [1, 'com.example.charging: no answer for scope.userLocation to revoke\n'],
      'com.example.charging: the driver has not been asked anything\n',
    ],
  );
});
