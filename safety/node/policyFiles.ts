/**
 * Reading an OEM policy: a preset name, or a JSON document checked against the shipped schema
 * and resolved onto its preset. Any failure is a PolicyLoadError naming the file, the path in
 * it, what was found and what is allowed; the caller then runs fully restricted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { shippedPath } from '../../base/node/shippedFiles.js';
import type { Policy } from '../common/policy.js';
import { withCategories } from '../common/policy.js';
import type { PolicyIssue } from '../common/policyConfig.js';
import { resolvePolicyDocument } from '../common/policyConfig.js';
import { PRESETS } from '../common/presets.js';

/** The shipped schema, found from the sources or from build/. */
export const POLICY_SCHEMA_PATH = shippedPath(join('safety', 'data', 'policy.schema.json'));

export class PolicyLoadError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly PolicyIssue[],
  ) {
    super(`${source}: ${issues.map((issue) => `${issue.path}: expected ${issue.expected}, found ${issue.found}`).join('; ')}`);
    this.name = 'PolicyLoadError';
  }
}

/** The policy's schema, its categories filled in. */
export const POLICY_SCHEMA = withCategories(JSON.parse(readFileSync(POLICY_SCHEMA_PATH, 'utf8')) as Record<string, unknown>);
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(POLICY_SCHEMA);

function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const part of pointer.split('/').slice(1)) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return value;
}

/** Checks and resolves a parsed policy document. */
export function policyFromDocument(document: unknown, source: string): Policy {
  if (!validate(document)) {
    const issues = (validate.errors ?? []).map((error) => {
      const params = error.params as Record<string, unknown>;
      const detail = 'allowedValues' in params ? ` (${(params['allowedValues'] as unknown[]).join(', ')})` : 'additionalProperty' in params ? ` ("${String(params['additionalProperty'])}" is not a policy field)` : '';
      return {
        path: error.instancePath === '' ? '/' : error.instancePath,
        expected: `${error.message ?? 'a valid value'}${detail}`,
        found: JSON.stringify(valueAt(document, error.instancePath))?.slice(0, 80) ?? 'nothing',
      };
    });
    throw new PolicyLoadError(source, issues);
  }
  const resolved = resolvePolicyDocument(document as Record<string, unknown>);
  if (!resolved.ok) throw new PolicyLoadError(source, resolved.issues);
  return resolved.policy;
}

/** A preset by name, or a policy file by path. Throws PolicyLoadError. */
export function loadPolicy(presetOrPath: string): Policy {
  const preset = PRESETS[presetOrPath];
  if (preset) return preset;
  if (!existsSync(presetOrPath)) {
    throw new PolicyLoadError(presetOrPath, [{ path: '(policy)', expected: `a preset (${Object.keys(PRESETS).join(', ')}) or a policy file`, found: JSON.stringify(presetOrPath) }]);
  }
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(presetOrPath, 'utf8'));
  } catch (error) {
    throw new PolicyLoadError(presetOrPath, [{ path: '(file)', expected: 'a JSON document', found: error instanceof Error ? error.message : String(error) }]);
  }
  return policyFromDocument(document, presetOrPath);
}
