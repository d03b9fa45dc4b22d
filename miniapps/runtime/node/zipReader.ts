/**
 * A careful reader of zip archives for untrusted mini-app packages: the central directory is
 * read first, so every name, size, link bit and duplicate is checked before one byte is
 * inflated; inflation is bounded by the declared size and checked by CRC-32.
 */
import { inflateSync } from 'fflate';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly isDirectory: boolean;
  readonly isSymlink: boolean;
  readonly localHeaderOffset: number;
}

export class PackageFormatError extends Error {
  constructor(
    readonly entry: string | undefined,
    readonly problem: string,
  ) {
    super(entry === undefined ? problem : `${entry}: ${problem}`);
    this.name = 'PackageFormatError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

let crcTable: Uint32Array | undefined;

export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Lists the entries of an archive from its central directory. Throws PackageFormatError. */
export function readCentralDirectory(archive: Uint8Array): ZipEntry[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  let eocd = -1;
  for (let index = archive.length - 22; index >= Math.max(0, archive.length - 22 - 65535); index -= 1) {
    if (view.getUint32(index, true) === EOCD) {
      eocd = index;
      break;
    }
  }
  if (eocd < 0) throw new PackageFormatError(undefined, 'not a zip archive (no end-of-central-directory record)');
  const count = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new PackageFormatError(undefined, 'ZIP64 archives are not accepted (a mini-app package is small)');
  if (directoryOffset + directorySize > eocd) throw new PackageFormatError(undefined, 'the central directory points past the end of the archive');
  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > archive.length || view.getUint32(offset, true) !== CENTRAL) throw new PackageFormatError(undefined, `central directory entry ${index + 1} is damaged`);
    const madeBy = view.getUint16(offset + 4, true) >> 8;
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    const crc = view.getUint32(offset + 16, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const external = view.getUint32(offset + 38, true);
    const localHeaderOffset = view.getUint32(offset + 42, true);
    const nameBytes = archive.subarray(offset + 46, offset + 46 + nameLength);
    let name: string;
    try {
      name = new TextDecoder('utf-8', { fatal: true }).decode(nameBytes);
    } catch {
      throw new PackageFormatError(undefined, `entry ${index + 1} has a name that is not UTF-8`);
    }
    if (flags & 1) throw new PackageFormatError(name, 'encrypted entries are not accepted');
    if (method !== 0 && method !== 8) throw new PackageFormatError(name, `compression method ${method}; only stored (0) and deflate (8) are accepted`);
    const mode = madeBy === UNIX_HOST ? external >>> 16 : 0;
    entries.push({
      name,
      method,
      crc32: crc,
      compressedSize,
      size,
      isDirectory: name.endsWith('/'),
      isSymlink: (mode & S_IFMT) === S_IFLNK,
      localHeaderOffset,
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The bytes of one entry, inflated to at most its declared size and checked by CRC-32. */
export function readEntry(archive: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > archive.length || view.getUint32(at, true) !== LOCAL) throw new PackageFormatError(entry.name, 'the local header is damaged');
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > archive.length) throw new PackageFormatError(entry.name, 'the data runs past the end of the archive');
  const raw = archive.subarray(start, end);
  let data: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new PackageFormatError(entry.name, 'a stored entry whose sizes differ');
    data = raw;
  } else {
    try {
      data = inflateSync(raw, { out: new Uint8Array(entry.size) });
    } catch (error) {
      throw new PackageFormatError(entry.name, `does not inflate to its declared ${entry.size} bytes (${error instanceof Error ? error.message : String(error)})`);
    }
    if (data.length !== entry.size) throw new PackageFormatError(entry.name, `inflates to ${data.length} bytes, not the declared ${entry.size}`);
  }
  if (crc32(data) !== entry.crc32) throw new PackageFormatError(entry.name, 'CRC-32 mismatch: the entry is damaged or was altered');
  return data;
}
