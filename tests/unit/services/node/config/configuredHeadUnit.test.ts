/**
 * The head unit an OEM config describes: the passenger display, the allowlist (a package outside
 * it refused, with the reason on screen), preinstalled packages verified against the config's
 * keys, permissions granted ahead, the AccessKey read from where the config says, and the UI's
 * look and sizes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pack, signPackage } from '../../../../../miniapps/runtime/node/appPackage.js';
import { readAppFolder } from '../../../../../miniapps/runtime/node/appFiles.js';
import { Consent } from '../../../../../services/node/apps/consent.js';
import { loadConfigFile } from '../../../../../services/node/config/configFile.js';
import { configuredHeadUnit, replyVoice, wakeSettings } from '../../../../../services/node/config/configuredHeadUnit.js';
import { Storage } from '../../../../../services/node/storage/database.js';
import { fixturePath } from '../../../../support/fixtures.js';
import { keyPair, OEM, signedFixture } from '../../../../support/packages.js';

test('an OEM config makes the head unit it describes', () => {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-configured-'));
  const data = join(folder, 'data');
  try {
    writeFileSync(join(folder, 'oem.pem'), OEM.publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(folder, 'charging.gbx'), signedFixture());
    // Signed by the OEM but not on its allowlist.
    writeFileSync(join(folder, 'other.gbx'), signPackage(pack(readAppFolder(fixturePath('miniapps', 'looper')), 'com.example.looper', '1.0.0'), OEM.privateKey));
    // On the allowlist but signed by a key the car does not trust.
    writeFileSync(join(folder, 'stranger.gbx'), signPackage(pack(readAppFolder(fixturePath('miniapps', 'probe')), 'com.example.probe', '1.0.0'), keyPair().privateKey));
    writeFileSync(join(folder, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    writeFileSync(
      join(folder, 'car.yaml'),
      [
        'displays: [{ id: rear, role: passenger, width: 1280, height: 800 }]',
        'theme: { logo: logo.svg, night: { accent: "#ff0000" } }',
        'apps:',
        '  bundled: false',
        '  preinstalled: [charging.gbx, other.gbx, stranger.gbx]',
        '  allow: { ids: [com.example.charging, com.example.probe] }',
        '  grants: { com.example.charging: [scope.userLocation] }',
        'trust: { keys: [oem.pem] }',
        'voice: { engine: porcupine, accessKey: { env: ACME_PICOVOICE_KEY }, keywords: [jarvis], sensitivity: 0.7, ttsVoice: en+robosoft }',
        'performance: { prewarmPool: 1, maxRunningApps: 2 }',
      ].join('\n'),
    );
    const loaded = loadConfigFile(join(folder, 'car.yaml'));
    assert.deepEqual(loaded.problems, []);
    const configured = configuredHeadUnit(loaded, { dataDir: data });
    const { services } = configured;
    assert.equal(services.displayMode, 'passenger');
    assert.deepEqual(services.installer.list().map((app) => app.id), ['com.example.charging']);
    assert.ok(configured.notices.some((notice) => /other\.gbx not installed: app\.json: com\.example\.looper is not in the OEM config's apps\.allow\.ids/.test(notice)), configured.notices.join('\n'));
    assert.ok(configured.notices.some((notice) => /stranger\.gbx not installed/.test(notice)), configured.notices.join('\n'));
    assert.equal(configured.ui.performance.prewarmPool, 1);
    assert.equal(configured.ui.theme.night.accent, '#ff0000');
    assert.match(configured.ui.theme.logo ?? '', /^data:image\/svg\+xml;base64,/);
    services.close();
    const storage = new Storage(join(data, 'glovebox.sqlite'));
    assert.deepEqual(new Consent(storage).grants('com.example.charging'), { 'scope.userLocation': true });
    storage.close();

    const wake = wakeSettings(loaded.config, { ACME_PICOVOICE_KEY: 'key-from-env' });
    assert.equal(wake.engine, 'porcupine');
    assert.deepEqual(wake.porcupine, { keywords: ['jarvis'], sensitivity: 0.7, accessKey: 'key-from-env' });
    assert.equal(wakeSettings(loaded.config, {}).porcupine?.accessKey, undefined, 'no key: Porcupine reports it and the offline engine listens');
    assert.deepEqual(replyVoice(loaded.config), { engine: 'espeak-ng', name: 'en+robosoft' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a config with problems: fully restricted, and the first notice says so', () => {
  const folder = mkdtempSync(join(tmpdir(), 'glovebox-configured-'));
  try {
    writeFileSync(join(folder, 'car.yaml'), 'policy: EU_ESPO\napps: { bundled: false }\n');
    const configured = configuredHeadUnit(loadConfigFile(join(folder, 'car.yaml')), { dataDir: join(folder, 'data') });
    assert.equal(configured.services.engine.policy, undefined);
    assert.match(configured.notices[0] ?? '', /The OEM config has 1 problem: running fully restricted/);
    assert.match(configured.notices[1] ?? '', /car\.yaml:1:9: \/policy: found "EU_ESPO"; .* \(did you mean "EU_ESOP"\?\)/);
    configured.services.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
