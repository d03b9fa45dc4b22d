/**
 * What a sample backend remembers (charging sessions, orders): JSON records in SQLite, so a
 * backend restarted mid-test (a power cut) still knows what it was told. In memory when no
 * file is given.
 */
import Database from 'better-sqlite3';

export class RecordStore<T extends { readonly id: string }> {
  private readonly database: Database.Database;

  constructor(
    private readonly kind: string,
    file = ':memory:',
  ) {
    this.database = new Database(file);
    this.database.pragma('journal_mode = WAL');
    this.database.exec('CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, id TEXT NOT NULL, key TEXT, body TEXT NOT NULL, PRIMARY KEY (kind, id))');
    this.database.exec('CREATE UNIQUE INDEX IF NOT EXISTS records_key ON records (kind, key) WHERE key IS NOT NULL');
  }

  put(record: T, key?: string): void {
    this.database.prepare('INSERT INTO records (kind, id, key, body) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body').run(this.kind, record.id, key ?? null, JSON.stringify(record));
  }

  get(id: string): T | undefined {
    const row = this.database.prepare('SELECT body FROM records WHERE kind = ? AND id = ?').get(this.kind, id) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  /** The record stored under an idempotency key. */
  byKey(key: string): T | undefined {
    const row = this.database.prepare('SELECT body FROM records WHERE kind = ? AND key = ?').get(this.kind, key) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  all(): T[] {
    return (this.database.prepare('SELECT body FROM records WHERE kind = ? ORDER BY rowid').all(this.kind) as Array<{ body: string }>).map((row) => JSON.parse(row.body) as T);
  }

  close(): void {
    this.database.close();
  }
}
