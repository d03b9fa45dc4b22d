/**
 * The initial-render cache: each app page's last rendered data, kept in services' SQLite so the
 * next cold start paints the page in the frame after the tap and the live data replaces it.
 * Written by the system UI (the host), never by the app; bounded per page.
 */
import type { Storage } from '../storage/database.js';
import { sql } from '../storage/sql.js';

/** Data larger than this is not cached (the page then starts blank, as without a cache). */
export const RENDER_CACHE_LIMIT_BYTES = 256 * 1024;

export class RenderCache {
  constructor(
    private readonly storage: Storage,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** Keeps `data` for the page; returns false when it is too large or not JSON data. */
  put(appId: string, route: string, data: unknown): boolean {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
    const text = JSON.stringify(data);
    if (Buffer.byteLength(text) > RENDER_CACHE_LIMIT_BYTES) {
      this.storage.run(sql`DELETE FROM app_render_cache WHERE app_id = ${appId} AND route = ${route}`);
      return false;
    }
    this.storage.run(sql`INSERT INTO app_render_cache (app_id, route, data, updated_at_ms) VALUES (${appId}, ${route}, ${text}, ${this.clock()})
      ON CONFLICT (app_id, route) DO UPDATE SET data = excluded.data, updated_at_ms = excluded.updated_at_ms`);
    return true;
  }

  /** The cached data of each of the app's pages. */
  get(appId: string): Record<string, Record<string, unknown>> {
    const rows = this.storage.all<{ route: string; data: string }>(sql`SELECT route, data FROM app_render_cache WHERE app_id = ${appId}`);
    return Object.fromEntries(rows.map((row) => [row.route, JSON.parse(row.data) as Record<string, unknown>]));
  }
}
