/**
 * wx/my storage on services' SQLite: each app its own keys, 1 MB per key, 10 MB per app.
 */
import type { Storage } from '../storage/database.js';
import { sql } from '../storage/sql.js';
import { ApiFailure } from './apiFailure.js';

export const STORAGE_QUOTA_BYTES = 10 * 1024 * 1024;
export const STORAGE_VALUE_LIMIT_BYTES = 1024 * 1024;
/** What an app's launch carries of its storage, for the synchronous calls (getStorageSync…). */
export const STORAGE_SNAPSHOT_BYTES = 1024 * 1024;

/** An app's storage as its launch carries it: the smallest entries up to STORAGE_SNAPSHOT_BYTES, and the keys left out. */
export interface StorageSnapshot {
  readonly data: Readonly<Record<string, unknown>>;
  readonly omitted: readonly string[];
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export class AppStorage {
  constructor(private readonly storage: Storage) {}

  set(appId: string, key: unknown, data: unknown): Record<string, unknown> {
    if (typeof key !== 'string' || key === '') throw new ApiFailure('key must be a non-empty string', 2);
    if (data === undefined) throw new ApiFailure('data is required', 2);
    const text = JSON.stringify(data);
    const bytes = byteLength(key) + byteLength(text);
    if (bytes > STORAGE_VALUE_LIMIT_BYTES) throw new ApiFailure(`entry size limit exceeded: ${bytes} bytes for one key, at most ${STORAGE_VALUE_LIMIT_BYTES}`, 15);
    const write = this.storage.database.transaction(() => {
      const used = this.storage.get<{ used: number | null }>(sql`SELECT SUM(bytes) AS used FROM app_storage WHERE app_id = ${appId} AND key != ${key}`)?.used ?? 0;
      if (used + bytes > STORAGE_QUOTA_BYTES) throw new ApiFailure(`storage quota exceeded: ${used + bytes} bytes, at most ${STORAGE_QUOTA_BYTES} per app`, 15);
      this.storage.run(sql`INSERT INTO app_storage (app_id, key, value, bytes) VALUES (${appId}, ${key}, ${text}, ${bytes})
        ON CONFLICT (app_id, key) DO UPDATE SET value = excluded.value, bytes = excluded.bytes`);
    });
    write();
    return {};
  }

  get(appId: string, key: unknown): Record<string, unknown> {
    if (typeof key !== 'string') throw new ApiFailure('key must be a string', 2);
    const row = this.storage.get<{ value: string }>(sql`SELECT value FROM app_storage WHERE app_id = ${appId} AND key = ${key}`);
    if (!row) throw new ApiFailure('data not found', 11);
    return { data: JSON.parse(row.value) as unknown };
  }

  remove(appId: string, key: unknown): Record<string, unknown> {
    if (typeof key !== 'string') throw new ApiFailure('key must be a string', 2);
    this.storage.run(sql`DELETE FROM app_storage WHERE app_id = ${appId} AND key = ${key}`);
    return {};
  }

  clear(appId: string): Record<string, unknown> {
    this.storage.run(sql`DELETE FROM app_storage WHERE app_id = ${appId}`);
    return {};
  }

  info(appId: string): Record<string, unknown> {
    const rows = this.storage.all<{ key: string; bytes: number }>(sql`SELECT key, bytes FROM app_storage WHERE app_id = ${appId} ORDER BY key`);
    const used = rows.reduce((sum, row) => sum + row.bytes, 0);
    return { keys: rows.map((row) => row.key), currentSize: Math.ceil(used / 1024), limitSize: STORAGE_QUOTA_BYTES / 1024 };
  }

  /** The app's entries for its launch, smallest first up to STORAGE_SNAPSHOT_BYTES; larger ones are named, not carried. */
  snapshot(appId: string): StorageSnapshot {
    const rows = this.storage.all<{ key: string; value: string; bytes: number }>(sql`SELECT key, value, bytes FROM app_storage WHERE app_id = ${appId} ORDER BY bytes, key`);
    const data: Record<string, unknown> = {};
    const omitted: string[] = [];
    let used = 0;
    for (const row of rows) {
      if (used + row.bytes > STORAGE_SNAPSHOT_BYTES) omitted.push(row.key);
      else {
        used += row.bytes;
        data[row.key] = JSON.parse(row.value) as unknown;
      }
    }
    return { data, omitted };
  }
}
