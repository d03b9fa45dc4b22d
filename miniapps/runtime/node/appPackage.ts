/**
 * Mini-app packages: one zip holding the app's files, a manifest of their SHA-256 hashes
 * (META-INF/glovebox/manifest.json) and an ed25519 signature over the manifest's exact bytes
 * (META-INF/glovebox/signature.json). Opening a package checks everything before trusting
 * anything: sizes, names, links, duplicates, the signature against trusted keys, every hash.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import type { ZipEntry } from './zipReader.js';
import { PackageFormatError, readCentralDirectory, readEntry } from './zipReader.js';

export const MANIFEST_PATH = 'META-INF/glovebox/manifest.json';
export const SIGNATURE_PATH = 'META-INF/glovebox/signature.json';

export const LIMITS = {
  /** The package file. */
  packageBytes: 2 * 1024 * 1024,
  /** Everything in it, unpacked (the app with its subpackages). */
  appBytes: 8 * 1024 * 1024,
  files: 1000,
  pathDepth: 10,
  pathLength: 200,
  /** Beyond this expansion an entry is treated as a compression bomb. */
  compressionRatio: 200,
} as const;

export type Limits = { readonly [K in keyof typeof LIMITS]: number };

export interface PackageManifest {
  readonly format: 1;
  readonly id: string;
  readonly version: string;
  readonly files: ReadonlyArray<{ readonly path: string; readonly size: number; readonly sha256: string }>;
}

export interface PackageSignature {
  readonly algorithm: 'ed25519';
  /** The first 16 hex digits of the SHA-256 of the raw public key. */
  readonly keyId: string;
  readonly signature: string;
}

export class PackageError extends Error {
  constructor(
    /** The entry or file concerned, or '(package)'. */
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
    this.name = 'PackageError';
  }
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The id of an ed25519 public key: the first 16 hex digits of the SHA-256 of its raw 32 bytes. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return sha256(der.subarray(der.length - 32)).slice(0, 16);
}

/** Reads an ed25519 key from PEM: SPKI for a public key, PKCS#8 for a private one. */
function ed25519FromPem(pem: string, source: string, kind: 'public' | 'private'): KeyObject {
  try {
    const key = kind === 'public' ? createPublicKey(pem) : createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType ?? 'non-asymmetric'} key`);
    return key;
  } catch (error) {
    const expected = kind === 'public' ? 'an ed25519 public key in PEM (openssl pkey -pubout)' : 'a PKCS#8 PEM ed25519 private key (openssl genpkey -algorithm ed25519)';
    throw new PackageError(source, `expected ${expected}, found ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function publicKeyFromPem(pem: string, source: string): KeyObject {
  return ed25519FromPem(pem, source, 'public');
}

export function privateKeyFromPem(pem: string, source: string): KeyObject {
  return ed25519FromPem(pem, source, 'private');
}

/** Why a path may not be in a package, or undefined when it may. */
export function pathProblem(path: string, limits: Limits = LIMITS): string | undefined {
  if (path.length === 0) return 'an empty name';
  if (path.length > limits.pathLength) return `a name longer than ${limits.pathLength} characters`;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'an absolute path';
  if (path.includes('\\')) return 'a backslash in the name';
  if (path.includes('\0')) return 'a NUL in the name';
  const parts = path.split('/');
  if (parts.some((part) => part === '..' || part === '.')) return 'a ".." or "." segment (zip-slip)';
  if (parts.some((part) => part === '')) return 'an empty segment ("//")';
  if (parts.length > limits.pathDepth) return `more than ${limits.pathDepth} folders deep`;
  return undefined;
}

const FIXED_TIME = new Date('2020-01-01T00:00:00Z');

/** Packs app files (path → bytes) into an unsigned package. Deterministic: same files, same bytes. */
export function pack(files: ReadonlyMap<string, Uint8Array>, id: string, version: string): Uint8Array {
  const paths = [...files.keys()].sort();
  for (const path of paths) {
    const problem = pathProblem(path);
    if (problem) throw new PackageError(path, `cannot be packed: ${problem}`);
    if (path.startsWith('META-INF/')) throw new PackageError(path, 'META-INF/ is reserved for the package manifest and signature');
  }
  const manifest: PackageManifest = {
    format: 1,
    id,
    version,
    files: paths.map((path) => {
      const data = files.get(path) as Uint8Array;
      return { path, size: data.length, sha256: sha256(data) };
    }),
  };
  const entries: Zippable = {};
  for (const path of paths) entries[path] = [files.get(path) as Uint8Array, { level: 6, mtime: FIXED_TIME }];
  entries[MANIFEST_PATH] = [new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`), { level: 6, mtime: FIXED_TIME }];
  return zipSync(entries);
}

/** Adds (or replaces) the signature of a package. */
export function signPackage(archive: Uint8Array, privateKey: KeyObject): Uint8Array {
  const entries = readCentralDirectory(archive);
  const manifestEntry = entries.find((entry) => entry.name === MANIFEST_PATH);
  if (!manifestEntry) throw new PackageError('(package)', `no ${MANIFEST_PATH}: pack it with glovebox app pack first`);
  const manifestBytes = readChecked(archive, manifestEntry);
  const signature: PackageSignature = {
    algorithm: 'ed25519',
    keyId: keyIdOf(createPublicKey(privateKey)),
    signature: sign(null, manifestBytes, privateKey).toString('base64'),
  };
  const zippable: Zippable = {};
  for (const entry of entries) {
    if (entry.name === SIGNATURE_PATH || entry.isDirectory) continue;
    zippable[entry.name] = [readEntry(archive, entry), { level: 6, mtime: FIXED_TIME }];
  }
  zippable[SIGNATURE_PATH] = [new TextEncoder().encode(`${JSON.stringify(signature, null, 1)}\n`), { level: 6, mtime: FIXED_TIME }];
  return zipSync(zippable);
}

export interface OpenedPackage {
  readonly manifest: PackageManifest;
  readonly signature: PackageSignature;
  /** The app's files (not META-INF), verified against the manifest. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly sha256: string;
}

/** An entry's bytes; a damaged entry (bad CRC, bad compression) is a PackageError naming it. */
function readChecked(archive: Uint8Array, entry: ZipEntry): Uint8Array {
  try {
    return readEntry(archive, entry);
  } catch (error) {
    if (error instanceof PackageFormatError) throw new PackageError(error.entry ?? entry.name, error.problem);
    throw error;
  }
}

function parseJsonEntry<T>(archive: Uint8Array, entry: ZipEntry): T {
  const bytes = readChecked(archive, entry);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as T;
  } catch (error) {
    throw new PackageError(entry.name, `expected JSON, found something else (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Opens a package: checks its structure and limits, the signature against the trusted keys
 * (by key id), and every file against the manifest. Throws PackageError naming the entry and
 * what was wrong; nothing is written anywhere.
 */
export function openPackage(archive: Uint8Array, trusted: readonly KeyObject[], limits: Limits = LIMITS): OpenedPackage {
  if (archive.length > limits.packageBytes) throw new PackageError('(package)', `${archive.length} bytes; a package may have at most ${limits.packageBytes}`);
  let entries: ZipEntry[];
  try {
    entries = readCentralDirectory(archive);
  } catch (error) {
    if (error instanceof PackageFormatError) throw new PackageError(error.entry ?? '(package)', error.problem);
    throw error;
  }
  const fileEntries = entries.filter((entry) => !entry.isDirectory);
  if (fileEntries.length > limits.files + 2) throw new PackageError('(package)', `${fileEntries.length} files; at most ${limits.files}`);
  const seen = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    const problem = pathProblem(entry.name.replace(/\/$/, ''), limits);
    if (problem) throw new PackageError(entry.name, `refused: ${problem}`);
    if (entry.isSymlink) throw new PackageError(entry.name, 'refused: a symbolic link');
    if (seen.has(entry.name)) throw new PackageError(entry.name, 'refused: the name appears twice in the archive');
    seen.add(entry.name);
    total += entry.size;
    if (entry.size > limits.appBytes || total > limits.appBytes) throw new PackageError(entry.name, `refused: unpacked, the app would exceed ${limits.appBytes} bytes`);
    if (entry.compressedSize > 0 && entry.size / entry.compressedSize > limits.compressionRatio && entry.size > 1024 * 1024) {
      throw new PackageError(entry.name, `refused: expands ${Math.round(entry.size / entry.compressedSize)}× (a compression bomb?)`);
    }
  }
  const manifestEntry = entries.find((entry) => entry.name === MANIFEST_PATH);
  const signatureEntry = entries.find((entry) => entry.name === SIGNATURE_PATH);
  if (!manifestEntry) throw new PackageError(MANIFEST_PATH, 'missing: the package has no manifest');
  if (!signatureEntry) throw new PackageError(SIGNATURE_PATH, 'missing: the package is not signed (glovebox app sign)');
  const signature = parseJsonEntry<PackageSignature>(archive, signatureEntry);
  if (signature.algorithm !== 'ed25519' || typeof signature.signature !== 'string' || typeof signature.keyId !== 'string') {
    throw new PackageError(SIGNATURE_PATH, 'expected {"algorithm":"ed25519","keyId":…,"signature":…}');
  }
  const key = trusted.find((candidate) => keyIdOf(candidate) === signature.keyId);
  if (!key) throw new PackageError(SIGNATURE_PATH, `signed with key ${signature.keyId}, which is not among the ${trusted.length} trusted key(s)`);
  const manifestBytes = readChecked(archive, manifestEntry);
  if (!verify(null, manifestBytes, key, Buffer.from(signature.signature, 'base64'))) {
    throw new PackageError(SIGNATURE_PATH, 'the signature does not match the manifest: the package was altered after signing');
  }
  const manifest = parseJsonEntry<PackageManifest>(archive, manifestEntry);
  if (manifest.format !== 1 || !Array.isArray(manifest.files)) throw new PackageError(MANIFEST_PATH, 'expected format 1 with a list of files');
  const byName = new Map(fileEntries.filter((entry) => !entry.name.startsWith('META-INF/')).map((entry) => [entry.name, entry]));
  const files = new Map<string, Uint8Array>();
  for (const listed of manifest.files) {
    const entry = byName.get(listed.path);
    if (!entry) throw new PackageError(listed.path, 'named in the manifest but not in the archive');
    const data = readChecked(archive, entry);
    if (data.length !== listed.size || sha256(data) !== listed.sha256) throw new PackageError(listed.path, 'differs from its hash in the signed manifest: altered after signing');
    files.set(listed.path, data);
  }
  for (const name of byName.keys()) if (!files.has(name)) throw new PackageError(name, 'in the archive but not in the signed manifest');
  return { manifest, signature, files, sha256: sha256(archive) };
}
