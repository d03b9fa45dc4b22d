import type Database from 'better-sqlite3';
import type { Migration } from '../database.js';

/** Each app page's last rendered data: the first frame of the app's next cold start. */
export const migration0004: Migration = {
  version: 4,
  name: 'render-cache',
  up(database: Database.Database): void {
    database.exec(`
      CREATE TABLE app_render_cache (
        app_id TEXT NOT NULL,
        route TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        PRIMARY KEY (app_id, route)
      ) STRICT;
    `);
  },
};
