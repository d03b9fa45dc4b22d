/**
 * TypeScript types written from the OEM config's JSON Schema, so the two cannot drift: the
 * types describe the effective config (a property with a default is always there), with the
 * schema's descriptions as doc comments. `npm run generate` writes them; a test checks the
 * committed file is what this writes.
 */

interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
  readonly oneOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly $ref?: string;
  readonly default?: unknown;
  readonly description?: string;
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
}

/** Schemas referenced by URI: the type to write for each. */
export type ExternalTypes = Readonly<Record<string, string>>;

const literal = (value: unknown): string => (typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value));

const pascal = (name: string): string => name.replace(/(^|[-_])([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

function comment(description: string | undefined, indent: string): string {
  if (!description) return '';
  const words = description.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + word.length + 1 > 96 - indent.length) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.length === 1 ? `${indent}/** ${lines[0]} */\n` : `${indent}/**\n${lines.map((text) => `${indent} * ${text}`).join('\n')}\n${indent} */\n`;
}

function typeOf(node: SchemaNode, indent: string, external: ExternalTypes): string {
  if (node.$ref !== undefined) {
    const local = /^#\/definitions\/(.+)$/.exec(node.$ref);
    if (local?.[1]) return pascal(local[1]);
    const named = external[node.$ref];
    if (named === undefined) throw new Error(`no type given for the schema ${node.$ref}`);
    return named;
  }
  if (node.const !== undefined) return literal(node.const);
  if (node.enum) return node.enum.map(literal).join(' | ');
  const alternatives = node.oneOf ?? node.anyOf;
  if (alternatives) return alternatives.map((each) => typeOf(each, indent, external)).join(' | ');
  const types = node.type === undefined ? [] : typeof node.type === 'string' ? [node.type] : node.type;
  if (types.length === 0) return 'unknown';
  return types.map((type) => scalar(type, node, indent, external)).join(' | ');
}

function scalar(type: string, node: SchemaNode, indent: string, external: ExternalTypes): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const item = node.items ? typeOf(node.items, indent, external) : 'unknown';
      return /[ |]/.test(item) ? `ReadonlyArray<${item}>` : `readonly ${item}[]`;
    }
    case 'object':
      return objectType(node, indent, external);
    default:
      throw new Error(`the schema type ${type} has no TypeScript type here`);
  }
}

function objectType(node: SchemaNode, indent: string, external: ExternalTypes): string {
  if (!node.properties) {
    const values = typeof node.additionalProperties === 'object' ? typeOf(node.additionalProperties, indent, external) : 'unknown';
    return `Readonly<Record<string, ${values}>>`;
  }
  const inner = `${indent}  `;
  const required = new Set(node.required ?? []);
  const fields = Object.entries(node.properties)
    .filter(([name]) => name !== '$schema')
    .map(([name, property]) => {
      const always = required.has(name) || property.default !== undefined;
      return `${comment(property.description, inner)}${inner}readonly ${name}${always ? '' : '?'}: ${typeOf(property, inner, external)};\n`;
    });
  return `{\n${fields.join('')}${indent}}`;
}

/** The module text: the root as `rootName`, each definition as its own type. */
export function typesFromSchema(schema: SchemaNode, rootName: string, external: ExternalTypes, header: string): string {
  const definitions = Object.entries(schema.definitions ?? {}).map(
    ([name, node]) => `${comment(node.description, '')}export type ${pascal(name)} = ${typeOf(node, '', external)};\n`,
  );
  return `${header}\n${comment(schema.description, '')}export interface ${rootName} ${objectType(schema, '', external)}\n\n${definitions.join('\n')}`;
}
