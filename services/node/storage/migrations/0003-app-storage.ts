import type Database from 'better-sqlite3';
import type { Migration } from '../database.js';

/** Each app's key-value storage (wx.setStorage / my.setStorage), with sizes for its quotas. */
export const migration0003: Migration = {
  version: 3,
  name: 'app-storage',
  up(database: Database.Database): void {
    database.exec(`
      CREATE TABLE app_storage (
        app_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        bytes INTEGER NOT NULL CHECK (bytes >= 0),
        PRIMARY KEY (app_id, key)
      ) STRICT;
    `);
  },
};
