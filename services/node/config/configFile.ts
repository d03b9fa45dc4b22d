/**
 * Reading an OEM config file (JSON or YAML): parsed with positions, checked against the schema,
 * its policy checked by safety's loader, its files looked for, its cross-references checked, and
 * every default filled in. Every problem is reported at once, at its line and column. A config
 * with problems never yields a permissive car: the caller gets the defaults with no policy
 * (fully restricted) and the problems to show.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Policy } from '../../../safety/common/policy.js';
import { PRESETS } from '../../../safety/common/presets.js';
import { PolicyLoadError, policyFromDocument } from '../../../safety/node/policyFiles.js';
import { closest } from '../../../base/common/closest.js';
import type { OemConfig } from '../../common/config/oemConfig.js';
import type { ConfigProblem } from './configSchema.js';
import { checkSchema, shown } from './configSchema.js';
import { openVehicle } from './vehicleConfig.js';
import { DEFAULT_WAKE } from '../../../voice/node/engines.js';
import { loadWakeHead } from '../../../voice/node/embeddingWakeWord.js';
import { lineColumn, positioned, positionOf } from '../../../base/node/jsonPositions.js';

export type { ConfigProblem } from './configSchema.js';

/** A problem with where it is in the file. */
export interface LocatedProblem extends ConfigProblem {
  /** `line:column`, or empty when the whole file is meant. */
  readonly at: string;
}

export interface LoadedConfig {
  /** The file read, or null for the built-in default. */
  readonly file: string | null;
  /** The effective config, paths made absolute. With problems: the defaults. */
  readonly config: OemConfig;
  /** The policy to run; undefined (fully restricted) when the config has problems. */
  readonly policy: Policy | undefined;
  readonly problems: readonly LocatedProblem[];
}

/** "FILE:LINE:COL: /path: found X; expected Y (fix)". */
export function formatProblem(file: string, problem: LocatedProblem): string {
  return `${file}${problem.at ? `:${problem.at}` : ''}: ${problem.path}: found ${problem.found}; expected ${problem.expected}${problem.fix ? ` (${problem.fix})` : ''}`;
}

const SHIPPED_SCENARIOS = ['city-loop', 'charging-stop', 'low-battery'];

/** Files the config names, by JSON pointer, in the effective config. */
function namedFiles(config: OemConfig): Array<readonly [string, string]> {
  const files: Array<readonly [string, string]> = [];
  if (config.theme.logo !== null) files.push(['/theme/logo', config.theme.logo]);
  if (config.vehicle.dbc !== null) files.push(['/vehicle/dbc', config.vehicle.dbc]);
  if (config.vehicle.mapping !== null) files.push(['/vehicle/mapping', config.vehicle.mapping]);
  const source = config.vehicle.source;
  if (source.kind === 'replay') files.push(['/vehicle/source/log', source.log]);
  if (source.kind === 'simulator' && source.scenario !== undefined && !SHIPPED_SCENARIOS.includes(source.scenario)) files.push(['/vehicle/source/scenario', source.scenario]);
  config.apps.preinstalled.forEach((file, index) => files.push([`/apps/preinstalled/${index}`, file]));
  config.trust.keys.forEach((file, index) => files.push([`/trust/keys/${index}`, file]));
  if ('file' in config.voice.accessKey) files.push(['/voice/accessKey/file', config.voice.accessKey.file]);
  if (config.voice.wakeModel !== null) files.push(['/voice/wakeModel', config.voice.wakeModel]);
  config.voice.keywords.forEach((keyword, index) => {
    if (keyword.endsWith('.ppn')) files.push([`/voice/keywords/${index}`, keyword]);
  });
  return files;
}

function missingFile(pointer: string, written: string, absolute: string): ConfigProblem {
  const folder = dirname(absolute);
  const siblings = existsSync(folder) && statSync(folder).isDirectory() ? readdirSync(folder) : [];
  const near = closest(basename(absolute), siblings);
  return {
    path: pointer,
    found: `${JSON.stringify(written)} (${existsSync(folder) ? 'no such file' : `no folder ${folder}`})`,
    expected: 'an existing file (paths are relative to the config file)',
    ...(near ? { fix: `did you mean "${join(dirname(written), near)}"?` } : {}),
  };
}

/** Checks that need the whole config: files, the policy, names used twice or not allowed. */
function crossChecks(config: OemConfig, document: Record<string, unknown>, base: string): { problems: ConfigProblem[]; policy: Policy | undefined } {
  const problems: ConfigProblem[] = [];
  for (const [pointer, written] of namedFiles(config)) {
    const absolute = resolve(base, written);
    if (!existsSync(absolute) || !statSync(absolute).isFile()) problems.push(missingFile(pointer, written, absolute));
  }
  if (config.theme.logo !== null && existsSync(resolve(base, config.theme.logo))) {
    const size = statSync(resolve(base, config.theme.logo)).size;
    if (size > 256 * 1024) problems.push({ path: '/theme/logo', found: `a file of ${Math.round(size / 1024)} KiB`, expected: 'a PNG or SVG of at most 256 KiB' });
    if (!/\.(png|svg)$/i.test(config.theme.logo)) problems.push({ path: '/theme/logo', found: JSON.stringify(config.theme.logo), expected: 'a .png or .svg file' });
  }
  const ids = new Map<string, number>();
  config.displays.forEach((display, index) => {
    const first = ids.get(display.id);
    if (first !== undefined) problems.push({ path: `/displays/${index}/id`, found: JSON.stringify(display.id), expected: `an id not used before (display ${first} has it)` });
    else ids.set(display.id, index);
  });
  const allowed = config.apps.allow.ids;
  if (allowed !== null) {
    for (const id of Object.keys(config.apps.grants)) {
      if (!allowed.includes(id)) {
        const near = closest(id, allowed);
        problems.push({ path: `/apps/grants/${id}`, found: JSON.stringify(id), expected: `an app in apps.allow.ids (${allowed.join(', ')})`, ...(near ? { fix: `did you mean "${near}"?` } : {}) });
      }
    }
  }
  if (config.voice.engine === 'offline' && config.voice.wakePhrase.split(' ').length < 2) {
    problems.push({ path: '/voice/wakePhrase', found: JSON.stringify(config.voice.wakePhrase), expected: 'two to four words (a single short word wakes on ordinary speech)' });
  }
  problems.push(...wakeModelProblems(config, base));
  let policy: Policy | undefined;
  const written = document['policy'];
  if (typeof written === 'string') {
    policy = PRESETS[written];
    if (!policy) {
      const near = closest(written, Object.keys(PRESETS));
      problems.push({ path: '/policy', found: JSON.stringify(written), expected: `a preset (${Object.keys(PRESETS).join(', ')}) or a policy document`, ...(near ? { fix: `did you mean "${near}"?` } : {}) });
    }
  } else if (written === undefined) {
    policy = PRESETS['EU_ESOP'];
  } else {
    try {
      policy = policyFromDocument(written, 'policy');
    } catch (error) {
      if (!(error instanceof PolicyLoadError)) throw error;
      for (const issue of error.issues) {
        problems.push({ path: issue.path.startsWith('/') ? `/policy${issue.path === '/' ? '' : issue.path}` : `/policy ${issue.path}`, found: issue.found, expected: issue.expected.replace(/^must be /, 'a value ') });
      }
    }
  }
  return { problems, policy };
}

/** The offline engine needs a model trained for its phrase: the shipped one, or the file named. */
function wakeModelProblems(config: OemConfig, base: string): ConfigProblem[] {
  const { wakePhrase, wakeModel } = config.voice;
  if (wakeModel === null) {
    return wakePhrase === DEFAULT_WAKE.phrase ? [] : [{ path: '/voice/wakeModel', found: 'null', expected: `a wake-word model trained for "${wakePhrase}" (the shipped one hears "${DEFAULT_WAKE.phrase}")`, fix: `npm run train:wake -- --phrase "${wakePhrase}" --out wake-model.json, then "wakeModel": "wake-model.json"` }];
  }
  const absolute = resolve(base, wakeModel);
  if (!existsSync(absolute)) return [];
  try {
    const head = loadWakeHead(absolute);
    return head.phrase === wakePhrase ? [] : [{ path: '/voice/wakeModel', found: `${JSON.stringify(wakeModel)} (trained for "${head.phrase}")`, expected: `a model trained for the wakePhrase "${wakePhrase}"` }];
  } catch (error) {
    return [{ path: '/voice/wakeModel', found: `${JSON.stringify(wakeModel)} (${error instanceof Error ? error.message.replace(`${absolute}: `, '') : String(error)})`, expected: 'a wake-word model written by npm run train:wake' }];
  }
}

/** Every path in the config made absolute against the config's folder. */
function absolutePaths(config: OemConfig, base: string): OemConfig {
  const at = (path: string): string => (isAbsolute(path) ? path : resolve(base, path));
  const source = config.vehicle.source;
  return {
    ...config,
    theme: { ...config.theme, logo: config.theme.logo === null ? null : at(config.theme.logo) },
    vehicle: {
      dbc: config.vehicle.dbc === null ? null : at(config.vehicle.dbc),
      mapping: config.vehicle.mapping === null ? null : at(config.vehicle.mapping),
      source:
        source.kind === 'replay'
          ? { ...source, log: at(source.log) }
          : source.kind === 'simulator' && source.scenario !== undefined && !SHIPPED_SCENARIOS.includes(source.scenario)
            ? { ...source, scenario: at(source.scenario) }
            : source,
    },
    apps: { ...config.apps, preinstalled: config.apps.preinstalled.map(at) },
    trust: { keys: config.trust.keys.map(at) },
    voice: {
      ...config.voice,
      accessKey: 'file' in config.voice.accessKey ? { file: at(config.voice.accessKey.file) } : config.voice.accessKey,
      wakeModel: config.voice.wakeModel === null ? null : at(config.voice.wakeModel),
      keywords: config.voice.keywords.map((keyword) => (keyword.endsWith('.ppn') ? at(keyword) : keyword)),
    },
  };
}

/** The defaults alone: what an empty config means. */
export function defaultConfig(): OemConfig {
  const document = {};
  checkSchema(document);
  return document as OemConfig;
}

/** What a config may be, so that reading one is bounded in time and memory whatever it holds. */
export const CONFIG_LIMITS = {
  /** Characters in the file: an OEM config is a few kilobytes. */
  characters: 1024 * 1024,
  /** Levels of nested mappings and sequences (the schema's deepest is 6). */
  depth: 32,
  /** YAML aliases, merge keys included. */
  aliases: 64,
} as const;

/**
 * How deep `[` and `{` nest outside quoted strings and comments, counting no further than one
 * past `limit`: one pass, so a file of a million brackets costs a million steps, not a stack.
 */
function flowDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"' || char === "'") {
      // To the closing quote: "…" with backslash escapes, '…' with '' for a quote.
      for (index += 1; index < text.length; index += 1) {
        if (char === '"' && text[index] === '\\') index += 1;
        else if (text[index] === char) {
          if (char === "'" && text[index + 1] === "'") index += 1;
          else break;
        }
      }
    } else if (char === '#' && (index === 0 || /\s/.test(text[index - 1] ?? ''))) {
      while (index < text.length && text[index] !== '\n') index += 1;
    } else if (char === '[' || char === '{') {
      depth += 1;
      deepest = Math.max(deepest, depth);
      if (deepest > limit) return deepest;
    } else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

/** Checks a config's text; `file` names it in positions and anchors its relative paths. */
export function checkConfigText(text: string, file: string): LoadedConfig {
  const restricted = (problems: LocatedProblem[]): LoadedConfig => ({ file, config: absolutePaths(defaultConfig(), dirname(resolve(file))), policy: undefined, problems });
  if (text.length > CONFIG_LIMITS.characters) {
    return restricted([{ at: '', path: '/', found: `${text.length} characters`, expected: `a config of at most ${CONFIG_LIMITS.characters} characters (an OEM config is a few kilobytes)` }]);
  }
  // Brackets nested past the limit would exhaust the parsers' stacks: counted before either runs.
  const brackets = flowDepth(text, CONFIG_LIMITS.depth);
  if (brackets > CONFIG_LIMITS.depth) {
    return restricted([{ at: '1:1', path: '/', found: `brackets nested more than ${CONFIG_LIMITS.depth} levels deep`, expected: `at most ${CONFIG_LIMITS.depth} levels of nesting` }]);
  }
  // JSON is read as JSON (YAML would forgive a trailing comma), then again for positions.
  if (/\.json$/i.test(file)) {
    try {
      JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const offset = /position (\d+)/.exec(message)?.[1];
      const before = offset === undefined ? '' : text.slice(0, Number(offset));
      const at = offset === undefined ? '' : `${before.split('\n').length}:${Number(offset) - before.lastIndexOf('\n')}`;
      return { file, config: absolutePaths(defaultConfig(), dirname(resolve(file))), policy: undefined, problems: [{ at, path: '/', found: `invalid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`, expected: 'a JSON document' }] };
    }
  }
  let source: ReturnType<typeof positioned>;
  try {
    source = positioned(text);
  } catch (error) {
    return restricted([{ at: '', path: '/', found: `a document that could not be read (${error instanceof Error ? error.message : String(error)})`, expected: 'a YAML or JSON document' }]);
  }
  const parsed = source.document;
  const position = (offset: number): string => lineColumn(source.lines, offset);
  if (parsed.errors.length > 0) {
    return restricted(parsed.errors.map((error) => ({ at: position(error.pos[0]), path: '/', found: `invalid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'} (${error.message.split('\n')[0] ?? error.code})`, expected: /\.json$/i.test(file) ? 'a JSON document' : 'a YAML or JSON document' })));
  }
  // Refused before the document is converted: nesting that would exhaust the stack, and aliases
  // that would multiply it (a "billion laughs", a chain of merge keys).
  if (source.depth > CONFIG_LIMITS.depth) {
    return restricted([{ at: '1:1', path: '/', found: `nesting ${source.depth} levels deep`, expected: `at most ${CONFIG_LIMITS.depth} levels of nesting` }]);
  }
  if (source.aliases > CONFIG_LIMITS.aliases) {
    return restricted([{ at: '1:1', path: '/', found: `${source.aliases} YAML aliases (*name, << merges)`, expected: `at most ${CONFIG_LIMITS.aliases} aliases: write the values out` }]);
  }
  let document: unknown;
  try {
    document = parsed.toJS({ maxAliasCount: CONFIG_LIMITS.aliases }) ?? {};
  } catch (error) {
    return restricted([{ at: '1:1', path: '/', found: `a document that could not be converted (${error instanceof Error ? error.message : String(error)})`, expected: 'plain YAML or JSON data' }]);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return restricted([{ at: '1:1', path: '/', found: shown(document), expected: 'a mapping of sections (displays, theme, policy, vehicle, apps, …)' }]);
  }
  const locate = (pointer: string): string => positionOf(source, pointer);
  const schemaProblems = checkSchema(document);
  const base = dirname(resolve(file));
  const written = document as Record<string, unknown>;
  // Every problem at once: the sections the schema found sound are checked further even when
  // others are not (those stand in as their defaults).
  const defaults = defaultConfig() as unknown as Record<string, unknown>;
  const sound = Object.fromEntries(Object.keys(defaults).map((section) => [section, schemaProblems.some((problem) => problem.path.startsWith(`/${section}/`) || problem.path === `/${section}`) ? defaults[section] : written[section]]));
  const cross = crossChecks(sound as unknown as OemConfig, written, base);
  // The bus only once its files are there: a DBC that does not parse, a mapping that does not fit.
  const filesThere = sound['vehicle'] === written['vehicle'] && !cross.problems.some((problem) => problem.path.startsWith('/vehicle/'));
  const bus = filesThere ? openVehicle(absolutePaths(sound as unknown as OemConfig, base)).problems : [];
  const order = (at: string): number => (at === '' ? 0 : at.split(':').reduce((line, col) => Number(line) * 10_000 + Number(col), 0));
  const problems = [...schemaProblems, ...cross.problems, ...bus]
    .map((problem) => ({ ...problem, at: locate(problem.path) }))
    .sort((a, b) => order(a.at) - order(b.at));
  if (problems.length > 0) return restricted(problems);
  return { file, config: absolutePaths(written as unknown as OemConfig, base), policy: cross.policy, problems: [] };
}

/** Reads a config file; unreadable is a problem like any other. */
export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > CONFIG_LIMITS.characters * 4) {
      return { file, config: defaultConfig(), policy: undefined, problems: [{ at: '', path: '/', found: `a file of ${size} bytes`, expected: `a config of at most ${CONFIG_LIMITS.characters} characters (an OEM config is a few kilobytes)` }] };
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    return { file, config: defaultConfig(), policy: undefined, problems: [{ at: '', path: '/', found: reason, expected: 'a readable config file (JSON or YAML)' }] };
  }
  return checkConfigText(text, file);
}
