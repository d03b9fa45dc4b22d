import type Database from 'better-sqlite3';
import type { Migration } from '../database.js';

/** Installed mini-apps: one row per app, pointing at the folder of its current version. */
export const migration0002: Migration = {
  version: 2,
  name: 'apps',
  up(database: Database.Database): void {
    database.exec(`
      CREATE TABLE apps (
        id TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        name TEXT NOT NULL,
        category TEXT NOT NULL,
        dialect TEXT NOT NULL CHECK (dialect IN ('wechat', 'alipay')),
        folder TEXT NOT NULL UNIQUE,
        package_sha256 TEXT NOT NULL,
        signer_key_id TEXT NOT NULL,
        installed_at_ms INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
