import type Database from 'better-sqlite3';
import type { Migration } from '../database.js';

/** The safety audit: every driving-state transition, every blocked action, every policy change. */
export const migration0001: Migration = {
  version: 1,
  name: 'safety-audit',
  up(database: Database.Database): void {
    database.exec(`
      CREATE TABLE safety_audit (
        id INTEGER PRIMARY KEY,
        recorded_at_ms INTEGER NOT NULL,
        source_time REAL NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('transition', 'blocked', 'policy')),
        driving_state TEXT,
        from_state TEXT,
        app_id TEXT,
        category TEXT,
        display TEXT,
        action TEXT,
        modality TEXT,
        reason TEXT NOT NULL
      ) STRICT;
      CREATE INDEX safety_audit_by_kind ON safety_audit (kind, id);
    `);
  },
};
