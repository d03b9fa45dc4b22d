import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AppError } from '../../../../../miniapps/runtime/common/format/app.js';
import { compileAppFiles, readAppFolder } from '../../../../../miniapps/runtime/node/appFiles.js';
import { pack, PackageError, signPackage } from '../../../../../miniapps/runtime/node/appPackage.js';
import { AppInstaller } from '../../../../../services/node/apps/installer.js';
import { Storage } from '../../../../../services/node/storage/database.js';
import { fixturePath } from '../../../../support/fixtures.js';
import { OEM, signedFixture } from '../../../../support/packages.js';

function setup(t: { after: (fn: () => void) => void }) {
  const data = mkdtempSync(join(tmpdir(), 'glovebox-install-'));
  const storage = new Storage(join(data, 'glovebox.sqlite'));
  t.after(() => {
    storage.close();
    rmSync(data, { recursive: true, force: true });
  });
  return { data, storage, installer: new AppInstaller(storage, data, () => 1_700_000_000_000) };
}

/** The WeChat fixture at another version (app.json and package manifest agree). */
function fixtureAt(version: string, change: (files: Map<string, Uint8Array>) => void = () => undefined): Uint8Array {
  const files = readAppFolder(fixturePath('miniapps', 'charging-wechat'));
  const app = JSON.parse(new TextDecoder().decode(files.get('app.json'))) as { car: { version: string } };
  app.car.version = version;
  files.set('app.json', new TextEncoder().encode(JSON.stringify(app)));
  change(files);
  return signPackage(pack(files, 'com.example.charging', version), OEM.privateKey);
}

function tree(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort();
}

describe('app installer', () => {
  test('install records the app in SQLite and writes the compiled app and its files', (t) => {
    const { data, installer } = setup(t);
    const installed = installer.install(signedFixture(), [OEM.publicKey]);
    const compiled = JSON.parse(readFileSync(join(installer.appsFolder, installed.folder, 'compiled.json'), 'utf8')) as { pages: Record<string, unknown>; dialect: string };
    assert.deepStrictEqual(
      { listed: installer.list().map((app) => [app.id, app.version, app.category, app.dialect]), pages: Object.keys(compiled.pages), script: existsSync(join(installer.appsFolder, installed.folder, 'files', 'pages', 'index', 'index.js')), database: existsSync(join(data, 'glovebox.sqlite')) },
      { listed: [['com.example.charging', '1.2.0', 'ev_charging', 'wechat']], pages: ['pages/index/index', 'pages/station/station', 'packageB/pages/help/help'], script: true, database: true },
    );
  });

  test('an upgrade replaces the old version; a downgrade is refused and changes nothing', (t) => {
    const { installer } = setup(t);
    installer.install(signedFixture(), [OEM.publicKey]);
    const upgraded = installer.install(fixtureAt('1.3.0'), [OEM.publicKey]);
    assert.throws(() => installer.install(signedFixture(), [OEM.publicKey]), new PackageError('app.json', '/car/version: 1.2.0 is older than the installed 1.3.0; downgrades are refused'));
    assert.deepStrictEqual([installer.list().map((app) => app.version), tree(join(installer.appsFolder, 'com.example.charging'))], [['1.3.0'], [upgraded.folder.split('/')[1]].concat(tree(join(installer.appsFolder, upgraded.folder)).map((path) => join(upgraded.folder.split('/')[1] as string, path))).sort()]);
  });

  test('a failed install leaves the installed version intact and nothing behind', (t) => {
    const { installer } = setup(t);
    const first = installer.install(signedFixture(), [OEM.publicKey]);
    const before = tree(installer.appsFolder);
    const broken = fixtureAt('1.4.0', (files) => files.delete('app.js'));
    assert.throws(() => installer.install(broken, [OEM.publicKey]), (error: unknown) => error instanceof AppError && /app\.js: missing/.test(error.message));
    assert.throws(() => installer.install(fixtureAt('1.4.0'), []), /no trusted signing keys/);
    assert.deepStrictEqual([installer.get(first.id)?.version, tree(installer.appsFolder)], ['1.2.0', before]);
  });

  test('a package whose manifest and app.json disagree is refused', (t) => {
    const { installer } = setup(t);
    const files = readAppFolder(fixturePath('miniapps', 'charging-wechat'));
    const mislabelled = signPackage(pack(files, 'com.example.other', '1.2.0'), OEM.privateKey);
    assert.throws(() => installer.install(mislabelled, [OEM.publicKey]), /says com\.example\.other 1\.2\.0, but app\.json says com\.example\.charging 1\.2\.0/);
  });

  test('uninstall removes every trace; a crash leftover is swept on start', (t) => {
    const { storage, data, installer } = setup(t);
    installer.install(signedFixture(), [OEM.publicKey]);
    mkdirSync(join(installer.appsFolder, '.staging-deadbeef'), { recursive: true });
    mkdirSync(join(installer.appsFolder, 'com.example.ghost', '0.1.0-abc'), { recursive: true });
    const restarted = new AppInstaller(storage, data);
    assert.deepStrictEqual(readdirSync(restarted.appsFolder), ['com.example.charging']);
    assert.deepStrictEqual([restarted.uninstall('com.example.charging'), restarted.uninstall('com.example.charging'), restarted.list(), readdirSync(restarted.appsFolder)], [true, false, [], []]);
  });
});

test('a mini-program published without a car block installs as it is: parked-only, category other (issue 18)', (t) => {
  const { installer } = setup(t);
  const files = readAppFolder(fixturePath('miniapps', 'charging-wechat'));
  const app = JSON.parse(new TextDecoder().decode(files.get('app.json'))) as Record<string, unknown>;
  delete app['car'];
  files.set('app.json', new TextEncoder().encode(JSON.stringify(app)));
  files.set('project.config.json', new TextEncoder().encode(JSON.stringify({ appid: 'wx3b2f9c1d0a8e7f65', projectname: 'charge-demo' })));
  const { id, version } = compileAppFiles(files).manifest.car;
  const installed = installer.install(signPackage(pack(files, id, version), OEM.privateKey), [OEM.publicKey]);
  assert.deepStrictEqual([installed.id, installed.version, installed.name, installed.category], ['mp.wechat.wx3b2f9c1d0a8e7f65', '0.0.0', 'charge-demo', 'other']);
});
