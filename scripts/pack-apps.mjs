// Packs and signs the bundled apps (miniapps/apps/*) into build/apps/, as any publisher would:
// the build's own ed25519 key (build/keys/, made once per checkout, never committed) signs them,
// and its public key goes beside the packages for the head unit to verify them with.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAppFolder } from '../build/miniapps/runtime/node/appFiles.js';
import { pack, privateKeyFromPem, signPackage } from '../build/miniapps/runtime/node/appPackage.js';

const keyFile = 'build/keys/bundled-apps.pem';
if (!existsSync(keyFile)) {
  mkdirSync('build/keys', { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
}
const privateKey = privateKeyFromPem(readFileSync(keyFile, 'utf8'), keyFile);
mkdirSync('build/apps', { recursive: true });
writeFileSync('build/apps/bundled-apps.pub.pem', (await import('node:crypto')).createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }));
for (const name of readdirSync('miniapps/apps').sort()) {
  const folder = join('miniapps/apps', name);
  const manifest = JSON.parse(readFileSync(join(folder, 'app.json'), 'utf8'));
  const { id, version } = manifest.car;
  writeFileSync(join('build/apps', `${id}.gbx`), signPackage(pack(readAppFolder(folder), id, version), privateKey));
}
