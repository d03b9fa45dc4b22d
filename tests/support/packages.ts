import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readAppFolder } from '../../miniapps/runtime/node/appFiles.js';
import { MANIFEST_PATH, pack, signPackage } from '../../miniapps/runtime/node/appPackage.js';
import { readCentralDirectory, readEntry } from '../../miniapps/runtime/node/zipReader.js';
import { fixturePath } from './fixtures.js';
import type { CraftedEntry } from './zipCraft.js';

export function keyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}

export const OEM = keyPair();

/** The WeChat fixture app, packed and signed with the test OEM key. */
export function signedFixture(name = 'charging-wechat', key = OEM.privateKey): Uint8Array {
  return signPackage(pack(readAppFolder(fixturePath('miniapps', name)), 'com.example.charging', '1.2.0'), key);
}

/** The entries of a package, as crafted entries to alter and rewrite. */
export function entriesOf(archive: Uint8Array): CraftedEntry[] {
  return readCentralDirectory(archive).map((entry) => ({ name: entry.name, data: readEntry(archive, entry), deflate: true }));
}

export { MANIFEST_PATH };
