/**
 * The OEM config's schema as shipped (services/data/config.schema.json) and as published for
 * editors (docs/config/glovebox-config.schema.json: the same, with the safety policy's schema
 * embedded so one file completes everything). Checking a document gives every problem at once,
 * each as a path, what was found, what is allowed and, where there is one, the likely fix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { POLICY_SCHEMA as POLICY_FILE_SCHEMA } from '../../../safety/node/policyFiles.js';
import { withCategories } from '../../../safety/common/policy.js';
import { closest } from '../../../base/common/closest.js';
import { shippedPath } from '../../../base/node/shippedFiles.js';

export const CONFIG_SCHEMA_PATH = shippedPath(join('services', 'data', 'config.schema.json'));
const POLICY_URI = 'https://glovebox.invalid/schemas/safety-policy.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const CONFIG_SCHEMA = withCategories(JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as JsonObject);
const POLICY_SCHEMA = POLICY_FILE_SCHEMA as JsonObject;

/** Rewrites the policy schema's own `#/definitions/x` to where it sits when embedded. */
function relocated(node: Json, prefix: string): Json {
  if (Array.isArray(node)) return node.map((each) => relocated(each, prefix));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/') ? `${prefix}${value.slice('#/definitions/'.length)}` : relocated(value, prefix)]),
  );
}

/** The one-file schema for editors (`$schema` in a config may point at it). */
export function publishedSchema(): JsonObject {
  const { $schema: _draft, $id: _id, ...policy } = POLICY_SCHEMA;
  const embedded = relocated(policy, '#/definitions/safetyPolicy/definitions/') as JsonObject;
  const text = JSON.stringify(CONFIG_SCHEMA).replaceAll(JSON.stringify(POLICY_URI), JSON.stringify('#/definitions/safetyPolicy'));
  const schema = JSON.parse(text) as JsonObject;
  schema['definitions'] = { ...(schema['definitions'] as JsonObject), safetyPolicy: embedded };
  return schema;
}

export interface ConfigProblem {
  /** A JSON pointer into the config (`/voice/engine`); `/` for the whole file. */
  readonly path: string;
  readonly found: string;
  readonly expected: string;
  /** The likely fix, where there is one ("did you mean …"). */
  readonly fix?: string;
}

const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true, discriminator: true, allowUnionTypes: true });
ajv.addSchema(POLICY_SCHEMA);
const validate = ajv.compile(CONFIG_SCHEMA);

export function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const part of pointer.split('/').slice(1)) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return value;
}

/** An object's own entries, one at a time (no array of all of them). */
function* ownEntries(object: Record<string, unknown>): Generator<[string, unknown]> {
  for (const key in object) if (Object.hasOwn(object, key)) yield [key, object[key]];
}

/**
 * A value as JSON, cut to 80 characters; it stops writing once it has them, so showing the
 * document itself costs 80 characters, not the document (30,000 problems about one large
 * mapping each show it).
 */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const limit = 80;
  let text = '';
  const write = (part: string): boolean => {
    text += part;
    return text.length <= limit;
  };
  const walk = (item: unknown): boolean => {
    if (item === null || typeof item !== 'object') return write(JSON.stringify(item) ?? 'null');
    const array = Array.isArray(item);
    if (!write(array ? '[' : '{')) return false;
    let first = true;
    for (const [key, child] of array ? item.entries() : ownEntries(item as Record<string, unknown>)) {
      if (!first && !write(',')) return false;
      first = false;
      if (!array && !write(`${JSON.stringify(key)}:`)) return false;
      if (!walk(child)) return false;
    }
    return write(array ? ']' : '}');
  };
  walk(value);
  return text.length > limit ? `${text.slice(0, limit - 3)}...` : text;
}

/** The schema node at a schema path (`#/properties/voice/properties/engine`). */
function schemaAt(schemaPath: string): JsonObject | undefined {
  let node: Json = CONFIG_SCHEMA;
  for (const part of schemaPath.replace(/^#\//, '').split('/').slice(0, -1)) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as JsonObject)[part] ?? null;
  }
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? node : undefined;
}

function problemOf(error: ErrorObject, document: unknown): ConfigProblem {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath === '' ? '/' : error.instancePath;
  // Shown only where a message uses it: a field or value missing never prints its parent.
  const found = (): string => shown(valueAt(document, error.instancePath));
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const allowed = Object.keys((schemaAt(error.schemaPath)?.['properties'] as JsonObject | undefined) ?? {}).filter((key) => key !== '$schema');
      const near = closest(name, allowed);
      return { path: `${error.instancePath}/${name}`, found: `the field "${name}"`, expected: `one of the fields ${allowed.join(', ')}`, ...(near ? { fix: `did you mean "${near}"?` } : {}) };
    }
    case 'required':
      return { path: `${error.instancePath}/${String(params['missingProperty'])}`, found: 'nothing', expected: 'a value (this field is required)' };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const near = typeof valueAt(document, error.instancePath) === 'string' ? closest(String(valueAt(document, error.instancePath)), allowed) : undefined;
      return { path: at, found: found(), expected: `one of ${allowed.join(', ')}`, ...(near ? { fix: `did you mean "${near}"?` } : {}) };
    }
    case 'discriminator': {
      const value = valueAt(document, `${error.instancePath}/kind`);
      const kinds = ['simulator', 'replay', 'socketcan'];
      const near = typeof value === 'string' ? closest(value, kinds) : undefined;
      return { path: `${error.instancePath}/kind`, found: shown(value), expected: `one of ${kinds.join(', ')}`, ...(near ? { fix: `did you mean "${near}"?` } : {}) };
    }
    case 'type':
      return { path: at, found: found(), expected: `a value of type ${String(params['type']).replace(',', ' or ')}` };
    case 'pattern': {
      const description = schemaAt(error.schemaPath)?.['description'];
      return { path: at, found: found(), expected: typeof description === 'string' ? `${description.replace(/\.$/, '')} (${String(params['pattern'])})` : `text matching ${String(params['pattern'])}` };
    }
    case 'minimum':
    case 'maximum':
      return { path: at, found: found(), expected: `a number ${error.keyword === 'minimum' ? '≥' : '≤'} ${String(params['limit'])}` };
    case 'minItems':
      return { path: at, found: found(), expected: `at least ${String(params['limit'])} item${params['limit'] === 1 ? '' : 's'}` };
    case 'maxItems':
      return { path: at, found: found(), expected: `at most ${String(params['limit'])} items` };
    case 'uniqueItems':
      return { path: at, found: found(), expected: 'no item twice' };
    case 'minLength':
      return { path: at, found: found(), expected: 'text, not empty' };
    case 'oneOf':
    case 'anyOf': {
      const description = schemaAt(error.schemaPath)?.['description'];
      return { path: at, found: found(), expected: typeof description === 'string' ? description : 'one of the shapes the schema documents' };
    }
    default:
      return { path: at, found: found(), expected: error.message ?? 'a valid value' };
  }
}

/**
 * Checks a parsed document against the schema and fills in every default (in place). The
 * policy's own problems are not reported here: the policy is checked by safety's loader.
 */
export function checkSchema(document: unknown): ConfigProblem[] {
  if (validate(document)) return [];
  const errors = (validate.errors ?? []).filter((error) => !error.instancePath.startsWith('/policy'));
  // A oneOf's branches each report why they did not fit; the oneOf's own message says it once.
  const unions = errors.filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf').map((error) => error.schemaPath.replace(/\/(oneOf|anyOf)$/, ''));
  const kept = errors.filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf' || !unions.some((union) => error.schemaPath.startsWith(`${union}/oneOf/`) || error.schemaPath.startsWith(`${union}/anyOf/`)));
  const seen = new Set<string>();
  return kept.map((error) => problemOf(error, document)).filter((problem) => {
    const key = `${problem.path}|${problem.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
