/**
 * `npm run generate`: writes the files made from other files: the OEM config's TypeScript types
 * (services/common/config/oemConfig.ts) and one-file schema for editors
 * (docs/config/glovebox-config.schema.json) from its schema, and the mini-app SDK's reference
 * (docs/sdk-reference.md) from its typings (whose category and flag lists it fills), and the API coverage table (docs/api-coverage.md)
 * from WeChat's and Alipay's typings. A test fails when any is out of date.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CONFIG_SCHEMA, CONFIG_SCHEMA_PATH, publishedSchema } from '../services/node/config/configSchema.js';
import { typesFromSchema } from './lib/schemaTypes.js';
import { apiCoverage } from './lib/apiCoverage.js';
import { sdkReference } from './lib/sdkReference.js';
import { CATEGORIES } from '../safety/common/policy.js';
import { FLAGS } from '../safety/common/restrictions.js';

const HEADER = `/**
 * The effective OEM config (every default filled in), written by \`npm run generate\` from
 * services/data/config.schema.json. Do not edit: change the schema and generate.
 */

/** A safety policy document (safety/data/policy.schema.json): a preset it extends, and overrides. */
export type PolicyDocument = { readonly extends: string } & Readonly<Record<string, unknown>>;
`;

export const REPO_ROOT = join(dirname(CONFIG_SCHEMA_PATH), '..', '..');
export const TYPES_FILE = join(REPO_ROOT, 'services', 'common', 'config', 'oemConfig.ts');
export const PUBLISHED_SCHEMA_FILE = join(REPO_ROOT, 'docs', 'config', 'glovebox-config.schema.json');
export const SDK_TYPINGS_FILE = join(REPO_ROOT, 'miniapps', 'sdk', 'index.d.ts');
export const SDK_REFERENCE_FILE = join(REPO_ROOT, 'docs', 'sdk-reference.md');
export const API_COVERAGE_FILE = join(REPO_ROOT, 'docs', 'api-coverage.md');

/** docs/api-coverage.md from the published typings (development dependencies). */
export function generatedCoverage(): string {
  const require = createRequire(import.meta.url);
  const wechat = dirname(require.resolve('miniprogram-api-typings/package.json'));
  const alipay = dirname(require.resolve('@mini-types/my/package.json'));
  const version = (folder: string): string => (JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string }).version;
  return apiCoverage(join(wechat, 'types', 'wx', 'lib.wx.api.d.ts'), [join(alipay, 'types', 'lib.my.d.ts'), join(alipay, 'types', 'lib.my.extra.d.ts')], { wechat: version(wechat), alipay: version(alipay) });
}

export function generatedTypes(): string {
  return typesFromSchema(CONFIG_SCHEMA, 'OemConfig', { 'https://glovebox.invalid/schemas/safety-policy.json': 'PolicyDocument' }, HEADER);
}

/**
 * The SDK's typings with their lists from the one declaration of each: the app categories
 * (safety/common/policy.ts) and the restriction flags (safety/common/restrictions.ts).
 */
export function generatedSdkTypings(current: string): string {
  const union = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(' | ');
  const replaced = (text: string, name: string, values: readonly string[]): string => {
    const pattern = new RegExp(`^  type ${name} = .*;$`, 'm');
    if (!pattern.test(text)) throw new Error(`${SDK_TYPINGS_FILE}: expected a line "  type ${name} = …;"`);
    return text.replace(pattern, `  type ${name} = ${union(values)};`);
  };
  return replaced(replaced(current, 'Category', CATEGORIES), 'RestrictionFlag', FLAGS);
}

export function generatedSchema(): string {
  return `${JSON.stringify(publishedSchema(), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  mkdirSync(dirname(PUBLISHED_SCHEMA_FILE), { recursive: true });
  writeFileSync(TYPES_FILE, generatedTypes());
  writeFileSync(PUBLISHED_SCHEMA_FILE, generatedSchema());
  writeFileSync(SDK_TYPINGS_FILE, generatedSdkTypings(readFileSync(SDK_TYPINGS_FILE, 'utf8')));
  writeFileSync(SDK_REFERENCE_FILE, sdkReference(SDK_TYPINGS_FILE));
  writeFileSync(API_COVERAGE_FILE, generatedCoverage());
  console.log(`wrote ${TYPES_FILE}\nwrote ${PUBLISHED_SCHEMA_FILE}\nwrote ${SDK_REFERENCE_FILE}\nwrote ${API_COVERAGE_FILE}`);
}
