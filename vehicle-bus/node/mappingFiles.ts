/** Reading mapping files: JSON with a schema (shipped, so editors complete it), checked against the DBC. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv } from 'ajv';
import type { Database } from '../common/dbc/model.js';
import type { CompiledMapping, MappingDocument, MappingIssue } from '../common/vss/mapping.js';
import { compileMapping, MappingError, mappingFitsDatabase } from '../common/vss/mapping.js';
import { dataFile } from './projectFiles.js';

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile<MappingDocument>(
  JSON.parse(readFileSync(dataFile('mapping.schema.json'), 'utf8')) as object,
);

/** Reads and schema-checks a mapping document. Throws MappingError naming each bad path. */
export function readMappingDocument(path: string): MappingDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MappingError(path, [{ path: '(file)', expected: 'a JSON document', found: reason }]);
  }
  if (!validate(parsed)) {
    const issues: MappingIssue[] = (validate.errors ?? []).map((error) => ({
      path: error.instancePath === '' ? '(top level)' : error.instancePath,
      expected: `${error.message ?? 'a valid value'}${error.params && 'allowedValues' in error.params ? ` (${String(error.params['allowedValues'])})` : ''}${error.params && 'additionalProperty' in error.params ? ` ("${String(error.params['additionalProperty'])}" is not allowed)` : ''}`,
      found: JSON.stringify(valueAt(parsed, error.instancePath))?.slice(0, 80) ?? 'nothing',
    }));
    throw new MappingError(path, issues);
  }
  return parsed;
}

function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** Reads a mapping file and compiles it against the database. */
export function loadMapping(path: string, database: Database): CompiledMapping {
  return compileMapping(readMappingDocument(path), database, path);
}

/** The mapping files that ship with Glovebox. */
export function shippedMappingFiles(): string[] {
  const folder = dataFile('mappings');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(folder, name));
}

/**
 * The shipped mapping for a DBC, found by its content: the one mapping whose every signal the
 * DBC defines. Throws when none fits, naming the mappings tried.
 */
export function findShippedMapping(database: Database): CompiledMapping {
  const files = shippedMappingFiles();
  const fitting = files.filter((file) => mappingFitsDatabase(readMappingDocument(file), database));
  const [best] = fitting;
  if (!best) {
    throw new MappingError(database.file, [
      { path: '--mapping', expected: `a mapping file (none shipped fits this DBC; tried ${files.map((file) => basename(file)).join(', ')})`, found: 'none' },
    ]);
  }
  return loadMapping(best, database);
}
