import assert from 'node:assert/strict';
import { createHash, sign } from 'node:crypto';
import { describe, test } from 'node:test';
import { MANIFEST_PATH, openPackage, PackageError, SIGNATURE_PATH } from '../../../../../miniapps/runtime/node/appPackage.js';
import { entriesOf, keyPair, OEM, signedFixture } from '../../../../support/packages.js';
import { craftZip } from '../../../../support/zipCraft.js';

/** What openPackage says about an archive: "ok" or "where: problem". */
function verdict(archive: Uint8Array): string {
  try {
    openPackage(archive, [OEM.publicKey]);
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof PackageError, String(error));
    return `${error.where}: ${error.problem}`;
  }
}

/** The signed fixture with its entries changed, re-zipped (the signature stays the original). */
function altered(change: (entries: ReturnType<typeof entriesOf>) => ReturnType<typeof entriesOf>): Uint8Array {
  return craftZip(change(entriesOf(signedFixture())));
}

/** Re-signs a manifest after changing it, as an attacker with the key could not, but a careless tool might. */
function resign(entries: ReturnType<typeof entriesOf>): ReturnType<typeof entriesOf> {
  const manifest = entries.find((entry) => entry.name === MANIFEST_PATH);
  assert.ok(manifest);
  const keyId = createHash('sha256').update(OEM.publicKey.export({ type: 'spki', format: 'der' }).subarray(-32)).digest('hex').slice(0, 16);
  const signature = { algorithm: 'ed25519', keyId, signature: sign(null, manifest.data, OEM.privateKey).toString('base64') };
  return [...entries.filter((entry) => entry.name !== SIGNATURE_PATH), { name: SIGNATURE_PATH, data: new TextEncoder().encode(JSON.stringify(signature)) }];
}

describe('package verification and the hostile corpus', () => {
  test('a signed package opens: every file verified, deterministic packing', () => {
    const archive = signedFixture();
    const opened = openPackage(archive, [OEM.publicKey]);
    assert.deepStrictEqual([opened.manifest.id, opened.files.size, opened.files.has('app.json'), Buffer.compare(Buffer.from(archive), Buffer.from(signedFixture()))], ['com.example.charging', 18, true, 0]);
  });

  test('refusals name the entry and the problem', () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    const cases: Array<[string, Uint8Array]> = [
      ['not a zip', new TextEncoder().encode('hello')],
      ['unsigned', altered((entries) => entries.filter((entry) => entry.name !== SIGNATURE_PATH))],
      ['a file tampered with after signing', altered((entries) => entries.map((entry) => (entry.name === 'app.js' ? { ...entry, data: new TextEncoder().encode('App({}); fetch("https://evil")') } : entry)))],
      ['the manifest tampered with after signing', altered((entries) => entries.map((entry) => (entry.name === MANIFEST_PATH ? { ...entry, data: new TextEncoder().encode(new TextDecoder().decode(entry.data).replace('1.2.0', '9.9.9')) } : entry)))],
      ['a manifest naming a file the archive lacks', altered((entries) => resign(entries.filter((entry) => entry.name !== 'app.wxss')))],
      ['a file the signed manifest does not name', altered((entries) => [...entries, { name: 'extra.js', data: new TextEncoder().encode('1') }])],
      ['zip-slip', altered((entries) => [...entries, { name: '../../etc/cron.d/x', data: new Uint8Array(1) }])],
      ['an absolute path', altered((entries) => [...entries, { name: '/etc/passwd', data: new Uint8Array(1) }])],
      ['a symbolic link', altered((entries) => [...entries, { name: 'pages/link.js', data: new TextEncoder().encode('/etc/passwd'), mode: 0o120777 }])],
      ['a duplicate name', altered((entries) => [...entries, { name: 'app.js', data: new TextEncoder().encode('App({})') }])],
      ['a path too deep', altered((entries) => [...entries, { name: 'a/b/c/d/e/f/g/h/i/j/k.js', data: new Uint8Array(1) }])],
      ['a compression bomb, declared honestly', altered((entries) => [...entries, { name: 'bomb.bin', data: zeros, deflate: true }])],
      ['too many files', craftZip(Array.from({ length: 1100 }, (_, index) => ({ name: `f${index}.js`, data: new Uint8Array(1) })))],
    ];
    assert.deepStrictEqual(
      Object.fromEntries(cases.map(([name, archive]) => [name, verdict(archive)])),
      {
        'not a zip': '(package): not a zip archive (no end-of-central-directory record)',
        unsigned: `${SIGNATURE_PATH}: missing: the package is not signed (glovebox app sign)`,
        'a file tampered with after signing': 'app.js: differs from its hash in the signed manifest: altered after signing',
        'the manifest tampered with after signing': `${SIGNATURE_PATH}: the signature does not match the manifest: the package was altered after signing`,
        'a manifest naming a file the archive lacks': 'app.wxss: named in the manifest but not in the archive',
        'a file the signed manifest does not name': 'extra.js: in the archive but not in the signed manifest',
        'zip-slip': '../../etc/cron.d/x: refused: a ".." or "." segment (zip-slip)',
        'an absolute path': '/etc/passwd: refused: an absolute path',
        'a symbolic link': 'pages/link.js: refused: a symbolic link',
        'a duplicate name': 'app.js: refused: the name appears twice in the archive',
        'a path too deep': 'a/b/c/d/e/f/g/h/i/j/k.js: refused: more than 10 folders deep',
        'a compression bomb, declared honestly': 'bomb.bin: refused: unpacked, the app would exceed 8388608 bytes',
        'too many files': '(package): 1100 files; at most 1000',
      },
    );
  });

  test('the lying bomb and the oversize package are refused for what they are', () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    // A bomb the signed manifest does not list is refused before it is inflated at all.
    assert.equal(verdict(altered((entries) => [...entries, { name: 'bomb.bin', data: zeros, deflate: true, declaredSize: 1000 }])), 'bomb.bin: in the archive but not in the signed manifest');
    // Listed in a (re-signed) manifest, inflation stops at the declared 1000 bytes.
    const listed = altered((entries) =>
      resign([
        ...entries.map((entry) => {
          if (entry.name !== MANIFEST_PATH) return entry;
          const manifest = JSON.parse(new TextDecoder().decode(entry.data)) as { files: object[] };
          manifest.files.push({ path: 'bomb.bin', size: 1000, sha256: '0'.repeat(64) });
          return { ...entry, data: new TextEncoder().encode(JSON.stringify(manifest)) };
        }),
        { name: 'bomb.bin', data: zeros, deflate: true, declaredSize: 1000 },
      ]),
    );
    assert.match(verdict(listed), /^bomb\.bin: (does not inflate to its declared 1000 bytes|inflates to \d+ bytes, not the declared 1000|CRC-32 mismatch)/);
    assert.match(verdict(craftZip([{ name: 'big.bin', data: Uint8Array.from({ length: 3 * 1024 * 1024 }, (_, index) => (index * 2654435761) >>> 24) }])), /^\(package\): 3145\d+ bytes; a package may have at most 2097152$/);
    assert.match(verdict(signedFixture('charging-wechat', keyPair().privateKey)), /^META-INF\/glovebox\/signature\.json: signed with key [0-9a-f]{16}, which is not among the 1 trusted key\(s\)$/);
  });
});
