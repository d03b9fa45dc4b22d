/**
 * The safety audit log in SQLite: what the policy engine decided and why, bounded to the most
 * recent rows so that a long drive never fills the disk, queryable by the simulator.
 */
import type { AuditEvent } from '../../safety/common/engine.js';
import type { Storage } from './storage/database.js';
import { sql } from './storage/sql.js';

export interface AuditRow {
  readonly id: number;
  readonly recorded_at_ms: number;
  readonly source_time: number;
  readonly kind: AuditEvent['kind'];
  readonly driving_state: string | null;
  readonly from_state: string | null;
  readonly app_id: string | null;
  readonly category: string | null;
  readonly display: string | null;
  readonly action: string | null;
  readonly modality: string | null;
  readonly reason: string;
}

/** Rows kept by default: days of driving at the rate transitions happen. */
export const DEFAULT_AUDIT_ROWS = 50_000;

export class SafetyAuditLog {
  private readonly insert;
  private readonly trim;
  /** The newest row when this log was opened: rows after it are this run's. */
  private readonly openedAfterId: number;

  constructor(
    private readonly storage: Storage,
    private readonly maxRows = DEFAULT_AUDIT_ROWS,
    private readonly clock: () => number = Date.now,
  ) {
    const database = storage.database;
    this.openedAfterId = storage.get<{ id: number | null }>(sql`SELECT MAX(id) AS id FROM safety_audit`)?.id ?? 0;
    this.insert = database.prepare(
      `INSERT INTO safety_audit (recorded_at_ms, source_time, kind, driving_state, from_state, app_id, category, display, action, modality, reason)
       VALUES (@recorded, @at, @kind, @state, @from, @app, @category, @display, @action, @modality, @reason)`,
    );
    this.trim = database.prepare('DELETE FROM safety_audit WHERE id <= ?');
  }

  record(event: AuditEvent): void {
    const row = {
      recorded: this.clock(),
      at: event.at,
      kind: event.kind,
      state: event.kind === 'transition' ? event.to : event.kind === 'blocked' ? event.drivingState : null,
      from: event.kind === 'transition' ? event.from : null,
      app: event.kind === 'blocked' ? event.appId : null,
      category: event.kind === 'blocked' ? (event.category ?? null) : null,
      display: event.kind === 'blocked' ? event.display : null,
      action: event.kind === 'blocked' ? event.action : null,
      modality: event.kind === 'blocked' ? event.modality : null,
      reason: event.kind === 'policy' ? event.detail : event.reason,
    };
    const { lastInsertRowid } = this.insert.run(row);
    // Ids only grow, so everything at or below (newest - max) is the overflow.
    const overflow = Number(lastInsertRowid) - this.maxRows;
    if (overflow > 0) this.trim.run(overflow);
  }

  /** The newest rows first, optionally of one kind. */
  /** Newest first; `sinceOpened` keeps to this run's rows (not those of earlier runs on the same data). */
  recent(options: { kind?: AuditEvent['kind']; limit?: number; sinceOpened?: boolean } = {}): AuditRow[] {
    const limit = options.limit ?? 100;
    const after = options.sinceOpened ? this.openedAfterId : 0;
    return options.kind
      ? this.storage.all<AuditRow>(sql`SELECT * FROM safety_audit WHERE kind = ${options.kind} AND id > ${after} ORDER BY id DESC LIMIT ${limit}`)
      : this.storage.all<AuditRow>(sql`SELECT * FROM safety_audit WHERE id > ${after} ORDER BY id DESC LIMIT ${limit}`);
  }

  count(): number {
    return this.storage.get<{ count: number }>(sql`SELECT COUNT(*) AS count FROM safety_audit`)?.count ?? 0;
  }
}
