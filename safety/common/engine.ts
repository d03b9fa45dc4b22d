/**
 * The policy engine: the estimator plus the active policy, answering what is restricted now
 * and deciding actions. A policy that could not be read (undefined) means fully restricted
 * at once; a new valid policy waits until the car is PARKED.
 */
import type { Action, ActionContext, Decision } from './decisions.js';
import { decide } from './decisions.js';
import type { DrivingStatus, SignalReader } from './estimator.js';
import { DrivingStateEstimator } from './estimator.js';
import type { Category, Display, Policy } from './policy.js';
import { ruleToSet } from './policy.js';
import { GLOBAL_STRICT } from './presets.js';
import type { RestrictionSet } from './restrictions.js';
import { combine, FULLY_RESTRICTED } from './restrictions.js';

export type AuditEvent =
  | {
      readonly kind: 'transition';
      readonly at: number;
      readonly from: string;
      readonly to: string;
      readonly reason: string;
    }
  | {
      readonly kind: 'blocked';
      readonly at: number;
      readonly appId: string;
      readonly category: Category | undefined;
      readonly display: Display;
      readonly action: Action;
      readonly modality: Decision['modality'];
      readonly reason: string;
      readonly drivingState: string;
    }
  | { readonly kind: 'policy'; readonly at: number; readonly detail: string };

export type AuditListener = (event: AuditEvent) => void;

function stateLabel(status: DrivingStatus): string {
  return status.band ? `${status.state}(${status.band})` : status.state;
}

export class PolicyEngine {
  readonly estimator: DrivingStateEstimator;
  private active: Policy | undefined;
  private pending: { policy: Policy } | undefined;
  private readonly cache = new Map<string, RestrictionSet>();
  private readonly auditListeners = new Set<AuditListener>();
  private lastStatus: DrivingStatus;

  /** `policy` undefined: no valid policy could be read; everything is fully restricted. */
  constructor(policy: Policy | undefined, read: SignalReader, bootTime = 0) {
    this.active = policy;
    // Without a policy the estimator still runs, on the strictest preset's settings.
    this.estimator = new DrivingStateEstimator((policy ?? GLOBAL_STRICT).estimator, read, bootTime);
    this.lastStatus = this.estimator.status;
  }

  get policy(): Policy | undefined {
    return this.active;
  }

  get status(): DrivingStatus {
    return this.estimator.status;
  }

  get hasPendingPolicy(): boolean {
    return this.pending !== undefined;
  }

  /** Re-evaluates at source time `now` (s); applies a pending policy once PARKED. */
  evaluate(now: number): DrivingStatus {
    const status = this.estimator.evaluate(now);
    if (status !== this.lastStatus && (status.state !== this.lastStatus.state || status.band !== this.lastStatus.band)) {
      this.emit({ kind: 'transition', at: now, from: stateLabel(this.lastStatus), to: stateLabel(status), reason: status.reason });
    }
    this.lastStatus = status;
    if (this.pending && status.state === 'PARKED') {
      this.install(this.pending.policy, now);
      this.pending = undefined;
    }
    return status;
  }

  /**
   * Offers a new policy. Undefined (a config that failed to load) restricts fully at once:
   * that only ever tightens. A valid one applies now if PARKED, else when next PARKED.
   */
  propose(policy: Policy | undefined, now: number, detail: string): 'applied' | 'pending' {
    if (policy === undefined || this.status.state === 'PARKED') {
      this.pending = undefined;
      this.install(policy, now, detail);
      return 'applied';
    }
    this.pending = { policy };
    this.emit({ kind: 'policy', at: now, detail: `${policy.name} waits until parked: ${detail}` });
    return 'pending';
  }

  private install(policy: Policy | undefined, now: number, detail = 'applied on parking'): void {
    this.active = policy;
    this.cache.clear();
    if (policy) this.estimator.updateSettings(policy.estimator);
    this.emit({ kind: 'policy', at: now, detail: policy ? `${policy.name} active: ${detail}` : `no valid policy, fully restricted: ${detail}` });
  }

  /** The restrictions in force for a display and (on the driver display) an app category. */
  restrictions(display: Display, category?: Category): RestrictionSet {
    const status = this.status;
    const policy = this.active;
    if (!policy || status.state === 'UNKNOWN') return FULLY_RESTRICTED;
    const key = `${status.state}|${status.band ?? ''}|${display}|${category ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const rules = status.state === 'MOVING' ? policy.restrictions.MOVING[status.band ?? ''] : policy.restrictions[status.state];
    // A band with no rules cannot happen in a checked policy; if it did, restrict fully.
    if (!rules) return FULLY_RESTRICTED;
    const base = ruleToSet(rules[display]);
    const categoryRule = category && display === 'driver' ? policy.categories[category]?.[status.state] : undefined;
    const result = categoryRule ? combine(base, ruleToSet(categoryRule)) : base;
    this.cache.set(key, result);
    return result;
  }

  /** May this app do this action now, and how? Refusals and voice-only answers are audited. */
  decide(app: { readonly id: string; readonly category?: Category }, display: Display, action: Action, context: ActionContext, now: number): Decision {
    const set = this.restrictions(display, app.category);
    const payments = (this.active ?? GLOBAL_STRICT).payments;
    const decision = decide(set, this.status, action, context, payments);
    if (decision.modality !== 'touch') {
      this.emit({
        kind: 'blocked',
        at: now,
        appId: app.id,
        category: app.category,
        display,
        action,
        modality: decision.modality,
        reason: decision.reason,
        drivingState: stateLabel(this.status),
      });
    }
    return decision;
  }

  /** Audit events (transitions, blocked actions, policy changes). Returns the disposer. */
  onAudit(listener: AuditListener): () => void {
    this.auditListeners.add(listener);
    return () => {
      this.auditListeners.delete(listener);
    };
  }

  private emit(event: AuditEvent): void {
    for (const listener of this.auditListeners) listener(event);
  }
}
