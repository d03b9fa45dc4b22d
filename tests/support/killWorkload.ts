/**
 * The child process of the kill test (tests/support/kills.ts): on a data folder, forever, the
 * writes that carry money and install state, in the order a head unit makes them: a payment
 * under an idempotency key (sometimes the retry of the last one), an upgrade of an app, a render
 * cache entry for the version installed. After each write returns it prints one line, written
 * synchronously, so every line the parent reads is a write the code acknowledged.
 *   node killWorkload.js <dataDir> <seed>
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { pack, signPackage } from '../../miniapps/runtime/node/appPackage.js';
import { Consent } from '../../services/node/apps/consent.js';
import { AppInstaller } from '../../services/node/apps/installer.js';
import { RenderCache } from '../../services/node/apps/renderCache.js';
import { Storage } from '../../services/node/storage/database.js';
import { seededRandom } from './frames.js';
import { keyPair } from './packages.js';
import type { PageApp } from './pageApps.js';
import { pageAppFiles } from './pageApps.js';

export const KILL_APP: PageApp = { id: 'com.kill.test', name: 'KillTest', page: { wxml: '<text>{{n}}</text>', js: 'Page({ data: { n: 0 } });' } };
export const KILL_ROUTE = 'pages/index/index';

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

function main(): void {
  const [data, seedText] = process.argv.slice(2);
  if (data === undefined || seedText === undefined) throw new Error('usage: killWorkload <dataDir> <seed>');
  const random = seededRandom(Number(seedText));
  const keys = keyPair();
  const storage = new Storage(join(data, 'glovebox.sqlite'));
  const installer = new AppInstaller(storage, data);
  const consent = new Consent(storage);
  const cache = new RenderCache(storage);
  const install = (version: string): void => {
    installer.install(signPackage(pack(pageAppFiles(KILL_APP, version), KILL_APP.id, version), keys.privateKey), [keys.publicKey]);
  };
  if (!installer.get(KILL_APP.id)) install('1.0.0');
  say('ready');
  let lastKey: string | undefined;
  for (let step = 0; ; step += 1) {
    const choice = random();
    if (choice < 0.45) {
      // A retry reuses the key of the intent it retries; a new intent makes a new one.
      const key = lastKey !== undefined && random() < 0.3 ? lastKey : `pay-${seedText}-${step}`;
      consent.recordPayment(KILL_APP.id, key, { amountMinor: 1650, currency: 'EUR', description: 'kill test', modality: 'touch' });
      lastKey = key;
      say(`paid ${key}`);
    } else if (choice < 0.65) {
      const [major = 1, minor = 0] = (installer.get(KILL_APP.id)?.version ?? '1.0.0').split('.').map(Number);
      const next = `${major}.${minor + 1}.0`;
      install(next);
      say(`installed ${next}`);
    } else {
      const version = installer.get(KILL_APP.id)?.version ?? '';
      cache.put(KILL_APP.id, KILL_ROUTE, { version, step });
      say(`cached ${version}`);
    }
  }
}

if (process.argv[1]?.endsWith('killWorkload.js')) main();
