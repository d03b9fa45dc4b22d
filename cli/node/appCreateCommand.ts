/** `glovebox app create NAME`: a working mini-app folder in the developer's dialect. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Category } from '../../safety/common/policy.js';
import { CATEGORIES } from '../../safety/common/policy.js';
import { closest } from '../../base/common/closest.js';
import { shippedPath } from '../../base/node/shippedFiles.js';
import type { Dialect } from '../../miniapps/devkit/node/scaffold.js';
import { idFor, scaffold } from '../../miniapps/devkit/node/scaffold.js';
import type { CommandIo } from './usage.js';
import { EXIT_OK, parseOptions, UsageError } from './usage.js';

export const CREATE_HELP = `Usage: glovebox app create NAME [--dialect wechat|alipay] [--category C] [--id ID] [-o DIR]

Writes a mini-app that works from the first minute: a driving-optimised first page (a short list,
big targets, the driving state heard), a voice intent it answers ("refresh the list"), a page for
when parked, the SDK's typings for the editor (npm install), and a test of the page's logic
(npm test). Then: glovebox app validate DIR, glovebox app dev DIR.

  --dialect wechat|alipay   wx.* and .wxml/.wxss, or my.* and .axml/.acss (default wechat)
  --category C              ${CATEGORIES.join(', ')} (default utilities)
  --id ID                   reverse-DNS id (default com.example.<name>)
  -o, --output DIR          where (default ./<name>); must not exist or be empty

Exit status: 0, 2 usage error.`;

/** The SDK's folder (package.json + index.d.ts), from the sources or from build/. */
const sdkFolder = (): string => dirname(shippedPath(join('miniapps', 'sdk', 'index.d.ts')));

export function appCreate(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(args, { dialect: { type: 'string' }, category: { type: 'string' }, id: { type: 'string' }, output: { type: 'string', short: 'o' } }, CREATE_HELP, true);
  if (values.help) {
    io.stdout.write(`${CREATE_HELP}\n`);
    return Promise.resolve(EXIT_OK);
  }
  if (positionals.length !== 1 || !positionals[0]?.trim()) throw new UsageError(`expected the app's name, found ${positionals.length} arguments`, CREATE_HELP);
  const name = positionals[0].trim();
  const dialect = (values.dialect ?? 'wechat') as Dialect;
  if (dialect !== 'wechat' && dialect !== 'alipay') throw new UsageError(`--dialect: expected wechat or alipay, found "${values.dialect}"`, CREATE_HELP);
  const category = (values.category ?? 'utilities') as Category;
  if (!CATEGORIES.includes(category)) {
    const near = closest(category, CATEGORIES);
    throw new UsageError(`--category: expected one of ${CATEGORIES.join(', ')}, found "${category}"${near ? ` (did you mean "${near}"?)` : ''}`, CREATE_HELP);
  }
  const id = values.id ?? idFor(name);
  if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(id)) throw new UsageError(`--id: expected a reverse-DNS id such as com.example.parking, found "${id}"`, CREATE_HELP);
  const target = resolve(values.output ?? id.split('.').pop() ?? 'app');
  if (existsSync(target) && readdirSync(target).length > 0) throw new UsageError(`${target} exists and is not empty`, CREATE_HELP);
  for (const [path, text] of scaffold({ name, id, dialect, category, sdkFolder: sdkFolder() })) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
  }
  io.stdout.write(`${target}: ${name} (${id}, ${dialect}, ${category})\nnext: cd ${target} && npm install && npm test && glovebox app validate . && glovebox app dev .\n`);
  return Promise.resolve(EXIT_OK);
}
