/**
 * Installing mini-apps: verify the signed package against the OEM's trusted keys, compile
 * every page and component, write the result to a staging folder, move it into place and
 * record it in SQLite in one transaction. Any failure leaves the installed version as it was.
 */
import type { Dialect } from '../../../miniapps/runtime/common/format/dialect.js';
import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompiledApp } from '../../../miniapps/runtime/common/format/app.js';
import { AppError } from '../../../miniapps/runtime/common/format/app.js';
import { compileAppFiles } from '../../../miniapps/runtime/node/appFiles.js';
import { withExtendedLibs } from '../../../miniapps/runtime/node/extendedLibs.js';
import { buildLogicBundle, LogicBundleError } from '../../../miniapps/runtime/node/logicBundle.js';
import type { Limits } from '../../../miniapps/runtime/node/appPackage.js';
import { LIMITS, openPackage, PackageError } from '../../../miniapps/runtime/node/appPackage.js';
import type { Storage } from '../storage/database.js';
import { sql } from '../storage/sql.js';

export interface InstalledApp {
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly category: string;
  readonly dialect: Dialect;
  /** Relative to the apps folder. */
  readonly folder: string;
  readonly packageSha256: string;
  readonly signerKeyId: string;
  readonly installedAtMs: number;
}

interface AppRow {
  id: string;
  version: string;
  name: string;
  category: string;
  dialect: Dialect;
  folder: string;
  package_sha256: string;
  signer_key_id: string;
  installed_at_ms: number;
}

function fromRow(row: AppRow): InstalledApp {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    category: row.category,
    dialect: row.dialect,
    folder: row.folder,
    packageSha256: row.package_sha256,
    signerKeyId: row.signer_key_id,
    installedAtMs: row.installed_at_ms,
  };
}

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let index = 0; index < 3; index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Writes a file and waits until it is on the disk. */
function writeDurably(path: string, data: Uint8Array | string): void {
  const descriptor = openSync(path, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let written = 0; written < bytes.length; ) written += writeSync(descriptor, bytes, written);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** Waits until a folder's entries (new names, a rename) are on the disk. */
function syncFolder(path: string): void {
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** Which apps an OEM lets in: null allows any. */
export interface AppAllowance {
  readonly ids: readonly string[] | null;
  readonly categories: readonly string[] | null;
}

export const ANY_APP: AppAllowance = { ids: null, categories: null };

export class AppInstaller {
  readonly appsFolder: string;

  constructor(
    private readonly storage: Storage,
    dataFolder: string,
    private readonly clock: () => number = Date.now,
    private readonly limits: Limits = LIMITS,
  ) {
    this.appsFolder = join(dataFolder, 'apps');
    mkdirSync(this.appsFolder, { recursive: true });
    this.sweep();
  }

  /**
   * The OEM's allowlist (its config's apps.allow): apps outside it are refused at install, and
   * ones installed before are neither listed nor found (so never launched) while it stands.
   */
  allowance: AppAllowance = ANY_APP;

  list(): InstalledApp[] {
    return this.storage.all<AppRow>(sql`SELECT * FROM apps ORDER BY id`).map(fromRow).filter((app) => this.refusal(app) === undefined);
  }

  get(id: string): InstalledApp | undefined {
    const app = this.stored(id);
    return app && this.refusal(app) === undefined ? app : undefined;
  }

  private stored(id: string): InstalledApp | undefined {
    const row = this.storage.get<AppRow>(sql`SELECT * FROM apps WHERE id = ${id}`);
    return row ? fromRow(row) : undefined;
  }

  /** Why the allowlist keeps an app out, if it does. */
  refusal(app: { readonly id: string; readonly category: string }): string | undefined {
    const { ids, categories } = this.allowance;
    if (ids !== null && !ids.includes(app.id)) return `${app.id} is not in the OEM config's apps.allow.ids`;
    if (categories !== null && !categories.includes(app.category)) return `${app.id}'s category ${app.category} is not in the OEM config's apps.allow.categories (${categories.join(', ')})`;
    return undefined;
  }

  /** Installs or upgrades. Throws PackageError or AppError; then nothing has changed. */
  install(archive: Uint8Array, trusted: readonly KeyObject[]): InstalledApp {
    if (trusted.length === 0) throw new PackageError('(trust)', 'no trusted signing keys are configured; nothing can be installed');
    const opened = openPackage(archive, trusted, this.limits);
    // WeChat's extended libraries the app asks for (useExtendedLib) are the platform's, added here.
    const files = withExtendedLibs(opened.files);
    const compiled: CompiledApp = compileAppFiles(files);
    const { id, version, name, category } = compiled.manifest.car;
    let logic: string;
    try {
      const scripts = new Map([...files].filter(([path]) => path.endsWith('.js')).map(([path, data]) => [path, new TextDecoder().decode(data)]));
      logic = buildLogicBundle(scripts, `${id} ${version}`);
    } catch (error) {
      if (error instanceof LogicBundleError) throw new AppError([{ file: error.file, where: error.line === undefined ? '' : String(error.line), problem: error.problem }]);
      throw error;
    }
    if (opened.manifest.id !== id || opened.manifest.version !== version) {
      throw new PackageError('META-INF/glovebox/manifest.json', `says ${opened.manifest.id} ${opened.manifest.version}, but app.json says ${id} ${version}`);
    }
    const refused = this.refusal({ id, category });
    if (refused) throw new PackageError('app.json', refused);
    const previous = this.stored(id);
    if (previous && compareVersions(version, previous.version) < 0) {
      throw new PackageError('app.json', `/car/version: ${version} is older than the installed ${previous.version}; downgrades are refused`);
    }

    const folder = `${id}/${version}-${opened.sha256.slice(0, 12)}`;
    const target = join(this.appsFolder, folder);
    if (previous?.folder === folder) return previous; // The very same package: nothing to do.
    const staging = join(this.appsFolder, `.staging-${randomBytes(6).toString('hex')}`);
    try {
      // Every file and folder is on the disk before the rename makes the version visible, and
      // the rename is on the disk before the row points at it (ADR 0007): a power cut leaves the
      // old version, or the new one whole.
      const folders = new Set<string>([staging]);
      for (const [path, data] of files) {
        const file = join(staging, 'files', path);
        mkdirSync(dirname(file), { recursive: true });
        for (let folder = dirname(file); folder.startsWith(staging); folder = dirname(folder)) folders.add(folder);
        writeDurably(file, data);
      }
      writeDurably(join(staging, 'compiled.json'), JSON.stringify(compiled));
      writeDurably(join(staging, 'logic.js'), logic);
      for (const folder of folders) syncFolder(folder);
      mkdirSync(dirname(target), { recursive: true });
      rmSync(target, { recursive: true, force: true });
      renameSync(staging, target);
      syncFolder(dirname(target));
      syncFolder(this.appsFolder);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    const row: InstalledApp = {
      id,
      version,
      name,
      category,
      dialect: compiled.dialect,
      folder,
      packageSha256: opened.sha256,
      signerKeyId: opened.signature.keyId,
      installedAtMs: this.clock(),
    };
    try {
      // The row and the render cache change together: another version may shape its pages'
      // data differently, so its first frames start blank, never with the old version's data.
      this.storage.database.transaction(() => {
        this.storage.run(sql`
          INSERT INTO apps (id, version, name, category, dialect, folder, package_sha256, signer_key_id, installed_at_ms)
          VALUES (${row.id}, ${row.version}, ${row.name}, ${row.category}, ${row.dialect}, ${row.folder}, ${row.packageSha256}, ${row.signerKeyId}, ${row.installedAtMs})
          ON CONFLICT (id) DO UPDATE SET version = excluded.version, name = excluded.name, category = excluded.category, dialect = excluded.dialect,
            folder = excluded.folder, package_sha256 = excluded.package_sha256, signer_key_id = excluded.signer_key_id, installed_at_ms = excluded.installed_at_ms`);
        if (previous) this.storage.run(sql`DELETE FROM app_render_cache WHERE app_id = ${id}`);
      })();
    } catch (error) {
      rmSync(target, { recursive: true, force: true });
      throw error;
    }
    // Only once the row is committed: a crash before this leaves an unused folder, which sweep() removes.
    if (previous) rmSync(join(this.appsFolder, previous.folder), { recursive: true, force: true });
    return row;
  }

  /** Removes an app and every trace of it. Returns false when it was not installed. */
  uninstall(id: string): boolean {
    const app = this.stored(id);
    if (!app) return false;
    // Its data goes with it: storage and render cache.
    this.storage.database.transaction(() => {
      this.storage.run(sql`DELETE FROM apps WHERE id = ${id}`);
      this.storage.run(sql`DELETE FROM app_storage WHERE app_id = ${id}`);
      this.storage.run(sql`DELETE FROM app_render_cache WHERE app_id = ${id}`);
      this.storage.run(sql`DELETE FROM app_permissions WHERE app_id = ${id}`);
    })();
    rmSync(join(this.appsFolder, id), { recursive: true, force: true });
    return true;
  }

  /** Removes what a crash mid-install left behind: staging folders and versions no row points at. */
  sweep(): void {
    const referenced = new Set(this.list().map((app) => app.folder));
    for (const name of readdirSync(this.appsFolder)) {
      const path = join(this.appsFolder, name);
      if (name.startsWith('.staging-')) {
        rmSync(path, { recursive: true, force: true });
        continue;
      }
      if (!existsSync(path)) continue;
      const versions = readdirSync(path);
      for (const version of versions) if (!referenced.has(`${name}/${version}`)) rmSync(join(path, version), { recursive: true, force: true });
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true, force: true });
    }
  }
}
