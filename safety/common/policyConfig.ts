/**
 * The OEM's policy document: a preset to start from (`extends`) and overrides field by field.
 * Objects merge key by key; arrays (bands, flags) replace. The result is checked for what a
 * schema cannot say (bands in order, a MOVING rule for every band). Problems come back with
 * their path, the value found and what is allowed; the caller then runs fully restricted.
 */
import type { Policy } from './policy.js';
import { PRESETS } from './presets.js';

export interface PolicyIssue {
  /** JSON path in the document, e.g. `/estimator/bands/1/fromKmh`. */
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

export type PolicyResolution = { readonly ok: true; readonly policy: Policy } | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge: objects key by key, everything else (arrays included) replaced by the override. */
export function mergeOverrides(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) result[key] = mergeOverrides(base[key], value);
  return result;
}

function describe(value: unknown): string {
  return JSON.stringify(value as Json) ?? String(value);
}

/** Checks what the JSON Schema cannot: returns the issues of a merged policy. */
export function checkPolicy(policy: Policy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const { bands, bandHysteresisKmh, idleSpeedKmh } = policy.estimator;
  if (bands.length === 0) issues.push({ path: '/estimator/bands', expected: 'at least one band', found: '[]' });
  bands.forEach((band, index) => {
    if (index === 0 && band.fromKmh !== 0) issues.push({ path: '/estimator/bands/0/fromKmh', expected: '0 (the first band starts just above the idle dead-band)', found: describe(band.fromKmh) });
    const previous = bands[index - 1];
    if (previous && band.fromKmh <= previous.fromKmh) {
      issues.push({ path: `/estimator/bands/${index}/fromKmh`, expected: `more than the previous band's ${previous.fromKmh} km/h`, found: describe(band.fromKmh) });
    }
    if (previous && band.fromKmh - previous.fromKmh <= bandHysteresisKmh) {
      issues.push({ path: '/estimator/bandHysteresisKmh', expected: `less than the width of band ${previous.name} (${band.fromKmh - previous.fromKmh} km/h)`, found: describe(bandHysteresisKmh) });
    }
    if (bands.findIndex((other) => other.name === band.name) !== index) issues.push({ path: `/estimator/bands/${index}/name`, expected: 'a name not used by another band', found: describe(band.name) });
  });
  const second = bands[1];
  if (second && idleSpeedKmh >= second.fromKmh) issues.push({ path: '/estimator/idleSpeedKmh', expected: `less than ${second.fromKmh} km/h (where band ${second.name} starts)`, found: describe(idleSpeedKmh) });
  const moving = policy.restrictions.MOVING;
  for (const band of bands) {
    if (!isObject(moving[band.name])) issues.push({ path: `/restrictions/MOVING/${band.name}`, expected: `rules for band ${band.name}`, found: 'none' });
  }
  for (const name of Object.keys(moving)) {
    if (!bands.some((band) => band.name === name)) {
      issues.push({ path: `/restrictions/MOVING/${name}`, expected: `one of the bands (${bands.map((band) => band.name).join(', ')})`, found: describe(name) });
    }
  }
  return issues;
}

/**
 * Resolves a schema-valid document: its preset plus its overrides, checked. The document's
 * `extends` must name a preset; there is no default, so a document cannot fall back to
 * something permissive by omission.
 */
export function resolvePolicyDocument(document: Record<string, unknown>): PolicyResolution {
  const presetName = document['extends'];
  const preset = typeof presetName === 'string' ? PRESETS[presetName] : undefined;
  if (!preset) {
    return { ok: false, issues: [{ path: '/extends', expected: `one of ${Object.keys(PRESETS).join(', ')}`, found: describe(presetName) }] };
  }
  const { extends: _extends, $schema: _schema, ...overrides } = document;
  // New bands make the preset's per-band rules meaningless: MOVING is then the document's alone.
  const bandsReplaced = isObject(overrides['estimator']) && overrides['estimator']['bands'] !== undefined;
  const base = bandsReplaced ? { ...preset, restrictions: { ...preset.restrictions, MOVING: {} } } : preset;
  const policy = mergeOverrides(base, { ...overrides, name: typeof document['name'] === 'string' ? document['name'] : `${preset.name} (OEM)` }) as Policy;
  const issues = checkPolicy(policy);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, policy };
}
