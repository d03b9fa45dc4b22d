/**
 * What the driver has said yes or no to: scopes (remembered until revoked) and payments (each
 * recorded under the app's idempotency key, so a retry or a power cut never pays twice).
 */
import type { Storage } from '../storage/database.js';
import { sql } from '../storage/sql.js';

export type Grant = 'granted' | 'denied' | 'undecided';

export interface PaymentRecord {
  readonly amountMinor: number;
  readonly currency: string;
  readonly description: string;
  readonly modality: string;
  readonly paidAtMs: number;
}

export class Consent {
  constructor(
    private readonly storage: Storage,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  grant(appId: string, scope: string): Grant {
    const row = this.storage.get<{ granted: number }>(sql`SELECT granted FROM app_permissions WHERE app_id = ${appId} AND scope = ${scope}`);
    return row === undefined ? 'undecided' : row.granted === 1 ? 'granted' : 'denied';
  }

  /** Every decided scope of an app (what wx.getSetting reports). */
  grants(appId: string): Record<string, boolean> {
    const rows = this.storage.all<{ scope: string; granted: number }>(sql`SELECT scope, granted FROM app_permissions WHERE app_id = ${appId} ORDER BY scope`);
    return Object.fromEntries(rows.map((row) => [row.scope, row.granted === 1]));
  }

  decide(appId: string, scope: string, granted: boolean): void {
    this.storage.run(sql`INSERT INTO app_permissions (app_id, scope, granted, decided_at_ms) VALUES (${appId}, ${scope}, ${granted ? 1 : 0}, ${this.clock()})
      ON CONFLICT (app_id, scope) DO UPDATE SET granted = excluded.granted, decided_at_ms = excluded.decided_at_ms`);
  }

  /** Forgets the driver's answer: the app will be asked again. Returns false when there was none. */
  revoke(appId: string, scope: string): boolean {
    return this.storage.run(sql`DELETE FROM app_permissions WHERE app_id = ${appId} AND scope = ${scope}`).changes > 0;
  }

  payment(appId: string, key: string): PaymentRecord | undefined {
    const row = this.storage.get<{ amount_minor: number; currency: string; description: string; modality: string; paid_at_ms: number }>(
      sql`SELECT amount_minor, currency, description, modality, paid_at_ms FROM app_payments WHERE app_id = ${appId} AND idempotency_key = ${key}`,
    );
    return row && { amountMinor: row.amount_minor, currency: row.currency, description: row.description, modality: row.modality, paidAtMs: row.paid_at_ms };
  }

  /** Records a confirmed payment; a second record under the same key keeps the first. */
  recordPayment(appId: string, key: string, payment: Omit<PaymentRecord, 'paidAtMs'>): PaymentRecord {
    this.storage.run(sql`INSERT INTO app_payments (app_id, idempotency_key, amount_minor, currency, description, modality, paid_at_ms)
      VALUES (${appId}, ${key}, ${payment.amountMinor}, ${payment.currency}, ${payment.description}, ${payment.modality}, ${this.clock()})
      ON CONFLICT (app_id, idempotency_key) DO NOTHING`);
    return this.payment(appId, key) as PaymentRecord;
  }
}
