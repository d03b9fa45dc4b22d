/**
 * The services' SQLite database: one file, WAL, one writer, append-only numbered migrations
 * tracked in `PRAGMA user_version`, each applied in its own transaction.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlQuery } from './sql.js';
import { MIGRATIONS } from './migrations/index.js';

export interface Migration {
  /** 1, 2, 3…: the user_version after it has run. */
  readonly version: number;
  readonly name: string;
  up(database: Database.Database): void;
}

/**
 * Where Glovebox keeps its state: GLOVEBOX_DATA_DIR, else $XDG_DATA_HOME/glovebox, else
 * ~/.local/share/glovebox. Tests and testers point GLOVEBOX_DATA_DIR at a fresh folder.
 */
export function dataDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  return environment['GLOVEBOX_DATA_DIR'] ?? join(environment['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'glovebox');
}

export class MigrationError extends Error {
  constructor(migration: Migration, cause: unknown) {
    super(`migration ${String(migration.version).padStart(4, '0')}-${migration.name} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

export class Storage {
  readonly database: Database.Database;

  /** Opens (creating if needed) and migrates. `path` ':memory:' for tests. */
  constructor(
    path: string,
    migrations: readonly Migration[] = MIGRATIONS,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.database = new Database(path);
    this.database.pragma('journal_mode = WAL');
    // FULL: a commit is on the disk before it returns. In WAL mode NORMAL may lose the last
    // commits to a power cut, and those can be a payment the app was told succeeded (ADR 0007).
    this.database.pragma('synchronous = FULL');
    this.database.pragma('foreign_keys = ON');
    this.migrate(migrations);
  }

  get version(): number {
    return this.database.pragma('user_version', { simple: true }) as number;
  }

  private migrate(migrations: readonly Migration[]): void {
    const current = this.version;
    const newest = migrations.reduce((max, migration) => Math.max(max, migration.version), 0);
    if (current > newest) throw new Error(`the database is at version ${current}, newer than this Glovebox knows (${newest}); refusing to touch it`);
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      try {
        this.database.transaction(() => {
          migration.up(this.database);
          this.database.pragma(`user_version = ${migration.version}`);
        })();
      } catch (error) {
        throw new MigrationError(migration, error);
      }
    }
  }

  run(query: SqlQuery): Database.RunResult {
    return this.database.prepare(query.text).run(...query.values);
  }

  all<T>(query: SqlQuery): T[] {
    return this.database.prepare(query.text).all(...query.values) as T[];
  }

  get<T>(query: SqlQuery): T | undefined {
    return this.database.prepare(query.text).get(...query.values) as T | undefined;
  }

  close(): void {
    this.database.close();
  }
}
