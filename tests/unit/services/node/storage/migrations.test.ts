import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { dataDirectory, MigrationError, Storage } from '../../../../../services/node/storage/database.js';
import { MIGRATIONS } from '../../../../../services/node/storage/migrations/index.js';
import { sql } from '../../../../../services/node/storage/sql.js';

describe('storage and migrations', () => {
  test('migrations are numbered 1, 2, 3… with no gap', () => {
    assert.deepStrictEqual(
      MIGRATIONS.map((migration) => migration.version),
      MIGRATIONS.map((_, index) => index + 1),
    );
  });

  test('0001-safety-audit: a STRICT table that refuses a wrong type and an unknown kind', () => {
    const storage = new Storage(':memory:', MIGRATIONS.slice(0, 1));
    const insert = (kind: string, time: unknown) => () =>
      storage.database.prepare('INSERT INTO safety_audit (recorded_at_ms, source_time, kind, reason) VALUES (1, ?, ?, ?)').run(time, kind, 'why');
    insert('transition', 1.5)();
    assert.throws(insert('nonsense', 1.5), /CHECK constraint failed/);
    assert.throws(insert('transition', 'soon'), /cannot store TEXT value in REAL column/);
    assert.deepStrictEqual([storage.version, storage.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM safety_audit`)?.n], [1, 1]);
    storage.close();
  });

  test('0002-apps: one row per app, a dialect it knows, a folder no other app has', () => {
    const storage = new Storage(':memory:', MIGRATIONS.slice(0, 2));
    const insert = (id: string, dialect: string, folder: string) => () =>
      storage.run(sql`INSERT INTO apps (id, version, name, category, dialect, folder, package_sha256, signer_key_id, installed_at_ms) VALUES (${id}, ${'1.0.0'}, ${'n'}, ${'other'}, ${dialect}, ${folder}, ${'x'}, ${'k'}, ${1})`);
    insert('com.a.b', 'wechat', 'f1')();
    assert.throws(insert('com.a.b', 'wechat', 'f2'), /UNIQUE constraint failed: apps.id/);
    assert.throws(insert('com.a.c', 'quickapp', 'f3'), /CHECK constraint failed/);
    assert.throws(insert('com.a.d', 'alipay', 'f1'), /UNIQUE constraint failed: apps.folder/);
    storage.close();
  });

  test('0003-app-storage: one value per app and key; sizes cannot be negative', () => {
    const storage = new Storage(':memory:', MIGRATIONS.slice(0, 3));
    const insert = (app: string, key: string, bytes: number) => () => storage.run(sql`INSERT INTO app_storage (app_id, key, value, bytes) VALUES (${app}, ${key}, ${'1'}, ${bytes})`);
    insert('a', 'k', 1)();
    insert('b', 'k', 1)();
    assert.throws(insert('a', 'k', 1), /UNIQUE constraint failed/);
    assert.throws(insert('a', 'j', -5), /CHECK constraint failed/);
    storage.close();
  });

  test('0004-render-cache: one entry per app and page', () => {
    const storage = new Storage(':memory:', MIGRATIONS.slice(0, 4));
    const insert = (route: string) => () => storage.run(sql`INSERT INTO app_render_cache (app_id, route, data, updated_at_ms) VALUES (${'com.a'}, ${route}, ${'{}'}, ${1})`);
    insert('pages/a/a')();
    assert.throws(insert('pages/a/a'), /UNIQUE constraint failed/);
    storage.close();
  });

  test('0005-permissions-payments: a grant is yes or no; a payment key is paid once; amounts are positive', () => {
    const storage = new Storage(':memory:', MIGRATIONS.slice(0, 5));
    const grant = (granted: number) => () => storage.run(sql`INSERT INTO app_permissions (app_id, scope, granted, decided_at_ms) VALUES (${'com.a'}, ${`s${granted}`}, ${granted}, ${1})`);
    grant(1)();
    assert.throws(grant(2), /CHECK constraint failed/);
    const pay = (key: string, amount: number) => () =>
      storage.run(sql`INSERT INTO app_payments (app_id, idempotency_key, amount_minor, currency, description, modality, paid_at_ms) VALUES (${'com.a'}, ${key}, ${amount}, ${'EUR'}, ${'x'}, ${'touch'}, ${1})`);
    pay('k1', 1250)();
    assert.throws(pay('k1', 1250), /UNIQUE constraint failed/);
    assert.throws(pay('k2', 0), /CHECK constraint failed/);
    storage.close();
  });

  test('a real file: WAL, and reopening does not migrate twice', (t) => {
    const folder = mkdtempSync(join(tmpdir(), 'glovebox-db-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const path = join(folder, 'nested', 'glovebox.sqlite');
    const first = new Storage(path);
    first.run(sql`INSERT INTO safety_audit (recorded_at_ms, source_time, kind, reason) VALUES (${1}, ${2.5}, ${'policy'}, ${"it's fine; DROP TABLE x"})`);
    const mode = first.database.pragma('journal_mode', { simple: true });
    first.close();
    const second = new Storage(path);
    assert.deepStrictEqual([mode, second.version, second.all<{ reason: string }>(sql`SELECT reason FROM safety_audit`)], ['wal', MIGRATIONS.length, [{ reason: "it's fine; DROP TABLE x" }]]);
    second.close();
  });

  test('a failing migration leaves the database at the version before it', () => {
    const storage = new Storage(':memory:', MIGRATIONS);
    const broken = { version: MIGRATIONS.length + 1, name: 'broken', up: () => { throw new Error('boom'); } };
    const number = String(broken.version).padStart(4, '0');
    assert.throws(() => new Storage(':memory:', [...MIGRATIONS, broken]), (error: unknown) => error instanceof MigrationError && error.message.includes(`${number}-broken failed: boom`));
    assert.equal(storage.version, MIGRATIONS.length);
    storage.close();
  });

  test('a database newer than this Glovebox is refused, not touched', (t) => {
    const folder = mkdtempSync(join(tmpdir(), 'glovebox-db-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const path = join(folder, 'future.sqlite');
    const storage = new Storage(path);
    storage.database.pragma('user_version = 99');
    storage.close();
    assert.throws(() => new Storage(path), /version 99, newer than this Glovebox knows/);
  });

  test('the data directory: GLOVEBOX_DATA_DIR, else XDG_DATA_HOME/glovebox', () => {
    assert.deepStrictEqual(
      [dataDirectory({ GLOVEBOX_DATA_DIR: '/data/gb' }), dataDirectory({ XDG_DATA_HOME: '/xdg' })],
      ['/data/gb', join('/xdg', 'glovebox')],
    );
  });
});
