import type Database from 'better-sqlite3';
import type { Migration } from '../database.js';

/**
 * What the driver allowed each app (scope.userLocation…), remembered until revoked, and each
 * payment an app asked for, keyed by the app's own idempotency key so a retry never pays twice.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'permissions-payments',
  up(database: Database.Database): void {
    database.exec(`
      CREATE TABLE app_permissions (
        app_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
        decided_at_ms INTEGER NOT NULL,
        PRIMARY KEY (app_id, scope)
      ) STRICT;
      CREATE TABLE app_payments (
        app_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        description TEXT NOT NULL,
        modality TEXT NOT NULL,
        paid_at_ms INTEGER NOT NULL,
        PRIMARY KEY (app_id, idempotency_key)
      ) STRICT;
    `);
  },
};
