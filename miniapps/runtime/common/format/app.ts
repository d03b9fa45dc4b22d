/**
 * A mini-app folder (or package contents) → one normalised, compiled app: the manifest in
 * WeChat's model whichever dialect it was written in, every page and component template
 * compiled to IR, every style to scoped CSS. Problems name the file, and where it has them,
 * the line and column or the JSON path.
 */
import type { CompileContext, Dialect } from '../template/compiler.js';
import { compileTemplate, resolveAppPath } from '../template/compiler.js';
import type { CompiledTemplate } from '../template/ir.js';
import { TemplateError } from '../template/markup.js';
import { compileStyle, StyleError } from './style.js';

import type { Category as AppCategory } from '../../../../safety/common/policy.js';
export type { AppCategory };

export interface VoiceIntent {
  readonly name: string;
  readonly utterances: readonly string[];
  readonly slots?: ReadonlyArray<{ readonly name: string; readonly type: string; readonly values?: readonly string[] }>;
  readonly page?: string;
  /** shows (a list, a status), acts (the default: starts something), pays (ends in a payment). */
  readonly effect?: 'shows' | 'acts' | 'pays';
}

export interface CarManifest {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly category: AppCategory;
  readonly drivingOptimisedPages?: readonly string[];
  readonly voiceIntents?: readonly VoiceIntent[];
  /** What a driver does with the app while driving: the pages of each task, in order. */
  readonly drivingTasks?: ReadonlyArray<{ readonly name: string; readonly pages: readonly string[] }>;
  readonly vehicleSignals?: readonly string[];
  readonly requestDomains?: readonly string[];
  /** The launcher icon, a picture in the package (app.json car.icon). */
  readonly icon?: string;
  /** What the layout was drawn for (ADR 0008): car unless said; every app published without a car block is phone. */
  readonly design?: 'car' | 'phone';
  /**
   * Set when the app was published without a car block: where its identity was read from. Such
   * an app's request domains live in its developer's console on the phone platform, not in the
   * package, so any public HTTPS origin is allowed (services still refuse private addresses).
   */
  readonly from?: string;
}

export interface TabBarItem {
  readonly pagePath: string;
  readonly text: string;
  readonly iconPath?: string;
  readonly selectedIconPath?: string;
}

/** app.json in WeChat's model (an Alipay app.json is translated into it). */
export interface AppManifest {
  readonly pages: readonly string[];
  readonly entryPagePath: string;
  readonly window: Readonly<Record<string, unknown>>;
  readonly tabBar?: { readonly list: readonly TabBarItem[] } & Readonly<Record<string, unknown>>;
  readonly subPackages: ReadonlyArray<{ readonly root: string; readonly pages: readonly string[]; readonly name?: string }>;
  readonly permission: Readonly<Record<string, { readonly desc: string }>>;
  readonly requiredPrivateInfos: readonly string[];
  readonly usingComponents: Readonly<Record<string, string>>;
  /** app.json `darkmode`: the app has night styles of its own (`@media (prefers-color-scheme: dark)`). */
  readonly darkmode: boolean;
  readonly car: CarManifest;
}

export interface CompiledUnit {
  /** Path without extension, relative to the app root. */
  readonly path: string;
  readonly template: CompiledTemplate;
  readonly config: Readonly<Record<string, unknown>>;
  /** Custom tags → component paths (resolved, without extension). */
  readonly usingComponents: Readonly<Record<string, string>>;
  readonly css: string;
  /** The logic file, relative to the app root. */
  readonly script: string;
  /**
   * Why this page or component could not be compiled (file:line: problem). Degraded, not
   * refused: the rest of the app installs; a broken page is drawn as a system notice, a broken
   * component as nothing.
   */
  readonly broken?: string;
}

export interface CompiledApp {
  readonly dialect: Dialect;
  readonly manifest: AppManifest;
  readonly pages: Readonly<Record<string, CompiledUnit>>;
  readonly components: Readonly<Record<string, CompiledUnit>>;
  readonly appCss: string;
  readonly appScript: string;
  readonly warnings: readonly string[];
}

export interface AppIssue {
  readonly file: string;
  /** `line:column`, or a JSON path such as `/car/category`; empty when the whole file is meant. */
  readonly where: string;
  readonly problem: string;
  /** The page or component still works without what this is about (a warning, not a fault). */
  readonly soft?: boolean;
}

export class AppError extends Error {
  constructor(readonly issues: readonly AppIssue[]) {
    super(issues.map((issue) => `${issue.file}${issue.where ? `:${issue.where}` : ''}: ${issue.problem}`).join('\n'));
    this.name = 'AppError';
  }
}

/** Checks a parsed app.json against the shipped schema; returns issues with JSON paths. */
export type SchemaCheck = (document: unknown) => AppIssue[];

const KNOWN_KEYS = new Set(['pages', 'entryPagePath', 'window', 'tabBar', 'subPackages', 'subpackages', 'permission', 'requiredPrivateInfos', 'usingComponents', 'car', '$schema', 'sitemapLocation', 'lazyCodeLoading', 'style', 'componentFramework', 'renderer', 'preloadRule', 'networkTimeout', 'debug', 'resizable', 'darkmode', 'themeLocation', 'workers', 'requiredBackgroundModes', 'plugins', 'navigateToMiniProgramAppIdList', 'useExtendedLib']);

const EXTENSIONS: Readonly<Record<Dialect, { template: string; style: string }>> = {
  wechat: { template: '.wxml', style: '.wxss' },
  alipay: { template: '.axml', style: '.acss' },
};

/** Nesting a mini-program's JSON files may have: app.json's deepest documented field is 5 levels down. */
export const MAX_JSON_DEPTH = 32;

/** How deep a parsed JSON value nests, counted without recursion and no further than one past `limit`. */
function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, level] = next;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, level);
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) stack.push([child, level + 1]);
  }
  return deepest;
}

function parseJson(file: string, text: string | undefined, issues: AppIssue[]): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ file, where: '', problem: 'expected a JSON object' });
      return undefined;
    }
    if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      issues.push({ file, where: '', problem: `nested more than ${MAX_JSON_DEPTH} levels deep (a mini-program's JSON needs a handful)` });
      return undefined;
    }
    return value as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof RangeError ? `nested too deep to read` : error instanceof Error ? error.message : String(error);
    issues.push({ file, where: '', problem: `not JSON: ${message}` });
    return undefined;
  }
}

/** A small stable hash (FNV-1a), hex: tells apart published apps that have no name of their own. */
function shortHash(text: string): string {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return value.toString(16).padStart(8, '0');
}

/** A name as one segment of a reverse-DNS id: lower case letters, digits and _, starting with a letter. */
function idSegment(name: string): string {
  const segment = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return /^[a-z]/.test(segment) ? segment : `a${segment}`;
}

/**
 * The identity of a mini-program published without a car block: its project file's appid and
 * name (WeChat's project.config.json, Alipay's mini.project.json), its package.json version, or
 * failing those a name made from app.json itself, so the same files always install as the same app.
 */
function publishedIdentity(files: ReadonlyMap<string, string>, dialect: Dialect): CarManifest & { readonly from: string } {
  const json = (path: string): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(files.get(path) ?? '{}');
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const project = { ...json('mini.project.json'), ...json('project.config.json') };
  const packageJson = json('package.json');
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  // "touristappid" is the placeholder WeChat's tools write for an app with no appid of its own.
  const appid = text(project['appid']) === 'touristappid' ? undefined : text(project['appid']);
  const projectName = text(project['projectname']) ?? text(packageJson['name']);
  const version = text(packageJson['version']);
  const named = appid ?? projectName;
  const from = [appid ? 'appid' : projectName ? 'project name' : 'app.json', version && /^\d+\.\d+\.\d+$/.test(version) ? 'package.json version' : 'version 0.0.0'].join(', ');
  return {
    id: `mp.${dialect}.${named ? idSegment(named) : `app_${shortHash(files.get('app.json') ?? '')}`}`,
    name: (projectName ?? appid ?? 'Mini-program').slice(0, 40),
    version: version && /^\d+\.\d+\.\d+$/.test(version) ? version : '0.0.0',
    category: 'other',
    drivingOptimisedPages: [],
    design: 'phone',
    from,
  };
}

/** Icon-only tabs are common in published apps: a tab without text is labelled with its page's name. */
function labelledTabs(tabBar: NonNullable<AppManifest['tabBar']>): NonNullable<AppManifest['tabBar']> {
  return { ...tabBar, list: tabBar.list.map((item) => (typeof item.text === 'string' ? item : { ...item, text: item.pagePath.split('/').at(-1) ?? item.pagePath })) };
}

/** Alipay's app.json fields, in WeChat's model. */
function normaliseAlipay(document: Record<string, unknown>): Record<string, unknown> {
  const result = { ...document };
  const window = (document['window'] ?? {}) as Record<string, unknown>;
  const normalisedWindow: Record<string, unknown> = { ...window };
  if ('defaultTitle' in window) normalisedWindow['navigationBarTitleText'] = window['defaultTitle'];
  if ('titleBarColor' in window) normalisedWindow['navigationBarBackgroundColor'] = window['titleBarColor'];
  result['window'] = normalisedWindow;
  const tabBar = document['tabBar'] as Record<string, unknown> | undefined;
  if (tabBar && Array.isArray(tabBar['items'])) {
    const { items, ...rest } = tabBar;
    result['tabBar'] = {
      ...rest,
      list: (items as Array<Record<string, unknown>>).map((item) => {
        const entry: Record<string, unknown> = { pagePath: item['pagePath'], text: item['name'] };
        if (item['icon'] !== undefined) entry['iconPath'] = item['icon'];
        if (item['activeIcon'] !== undefined) entry['selectedIconPath'] = item['activeIcon'];
        return entry;
      }),
    };
  }
  return result;
}

/**
 * Compiles an app from its files (path relative to the root → text). `checkSchema` validates
 * app.json (the node side passes the shipped JSON Schema). Throws AppError with every issue.
 */
export function compileApp(files: ReadonlyMap<string, string>, checkSchema: SchemaCheck): CompiledApp {
  const issues: AppIssue[] = [];
  const warnings: string[] = [];
  const paths = [...files.keys()];
  const hasWxml = paths.some((path) => path.endsWith('.wxml'));
  const hasAxml = paths.some((path) => path.endsWith('.axml'));
  if (hasWxml && hasAxml) throw new AppError([{ file: '(app)', where: '', problem: 'both .wxml and .axml files: an app is written in one dialect' }]);
  const dialect: Dialect = hasAxml ? 'alipay' : 'wechat';
  const extension = EXTENSIONS[dialect];

  const appDocument = parseJson('app.json', files.get('app.json'), issues);
  if (!files.has('app.json')) issues.push({ file: 'app.json', where: '', problem: 'missing: every mini-app has an app.json at its root' });
  if (!appDocument) throw new AppError(issues);
  for (const key of Object.keys(appDocument)) if (!KNOWN_KEYS.has(key)) warnings.push(`app.json: unknown field "${key}" is ignored`);
  let normalised = dialect === 'alipay' ? normaliseAlipay(appDocument) : appDocument;
  let inferredFrom: string | undefined;
  if (normalised['car'] === undefined) {
    // Published mini-programs have no car block: they install as they are, parked-only.
    const { from, ...car } = publishedIdentity(files, dialect);
    inferredFrom = from;
    normalised = { ...normalised, car };
    warnings.push(
      `app.json: no "car" block, so installed as ${car.id} ${car.version} (from ${from}), category other, parked-only (no driving-optimised pages); add "car" to choose its identity and what it shows while driving`,
    );
  }
  const schemaIssues = checkSchema(normalised);
  if (schemaIssues.length > 0) throw new AppError([...issues, ...schemaIssues]);

  const raw = normalised as Record<string, unknown> & { pages: string[]; car: CarManifest };
  const subPackages = ((raw['subPackages'] ?? raw['subpackages'] ?? []) as Array<{ root: string; pages: string[]; name?: string }>).map((sub) => ({ ...sub, root: sub.root.replace(/\/$/, '') }));
  const listed = new Set([...raw.pages, ...subPackages.flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`))]);
  // What app.json names that is not one of its pages is left out with a warning (the first page opens; the tab goes).
  let entryPagePath = (raw['entryPagePath'] as string | undefined) ?? (raw.pages[0] as string);
  if (!listed.has(entryPagePath)) {
    warnings.push(`app.json:/entryPagePath: expected one of the app's pages, found "${entryPagePath}"; the first page opens`);
    entryPagePath = raw.pages[0] as string;
  }
  const declaredTabs = raw['tabBar'] ? labelledTabs(raw['tabBar'] as AppManifest['tabBar'] & object) : undefined;
  const tabBar = declaredTabs ? { ...declaredTabs, list: declaredTabs.list.filter((item, index) => listed.has(item.pagePath) || (warnings.push(`app.json:/tabBar/list/${index}/pagePath: expected one of the app's pages, found "${item.pagePath}"; the tab is left out`), false)) } : undefined;
  const manifest: AppManifest = {
    pages: raw.pages,
    entryPagePath,
    window: (raw['window'] ?? {}) as Record<string, unknown>,
    ...(tabBar && tabBar.list.length > 0 ? { tabBar } : {}),
    subPackages,
    permission: (raw['permission'] ?? {}) as AppManifest['permission'],
    requiredPrivateInfos: (raw['requiredPrivateInfos'] ?? []) as string[],
    usingComponents: (raw['usingComponents'] ?? {}) as Record<string, string>,
    darkmode: raw['darkmode'] === true,
    // Where an inferred identity came from stays with it (services read it: ADR 0008's published apps).
    car: inferredFrom === undefined ? raw.car : { ...raw.car, from: inferredFrom },
  };

  const allPages = [...manifest.pages, ...subPackages.flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`))];
  const pageSet = new Set(allPages);
  const duplicates = allPages.filter((page, index) => allPages.indexOf(page) !== index);
  for (const page of duplicates) issues.push({ file: 'app.json', where: '/pages', problem: `page ${page} is listed twice` });
  const mustBePage = (page: string, where: string): void => {
    if (!pageSet.has(page)) issues.push({ file: 'app.json', where, problem: `expected one of the app's pages, found "${page}"` });
  };
  mustBePage(manifest.entryPagePath, '/entryPagePath');
  manifest.tabBar?.list.forEach((item, index) => mustBePage(item.pagePath, `/tabBar/list/${index}/pagePath`));
  manifest.car.drivingOptimisedPages?.forEach((page, index) => mustBePage(page, `/car/drivingOptimisedPages/${index}`));
  manifest.car.drivingTasks?.forEach((task, index) =>
    task.pages.forEach((page, pageIndex) => {
      mustBePage(page, `/car/drivingTasks/${index}/pages/${pageIndex}`);
      if (!(manifest.car.drivingOptimisedPages ?? []).includes(page)) {
        issues.push({ file: 'app.json', where: `/car/drivingTasks/${index}/pages/${pageIndex}`, problem: `a driving task's page must be in car.drivingOptimisedPages, found "${page}"` });
      }
    }),
  );
  manifest.car.voiceIntents?.forEach((intent, index) => {
    if (intent.page !== undefined) mustBePage(intent.page, `/car/voiceIntents/${index}/page`);
    const slots = new Set((intent.slots ?? []).map((slot) => slot.name));
    intent.utterances.forEach((utterance, utteranceIndex) => {
      for (const [, slot] of utterance.matchAll(/\{(\w+)\}/g)) {
        if (!slots.has(slot as string)) issues.push({ file: 'app.json', where: `/car/voiceIntents/${index}/utterances/${utteranceIndex}`, problem: `slot {${slot}} is not declared in slots` });
      }
    });
  });
  if (manifest.requiredPrivateInfos.some((info) => info.toLowerCase().includes('location')) && !manifest.permission['scope.userLocation']) {
    issues.push({ file: 'app.json', where: '/permission', problem: 'location is required (requiredPrivateInfos) but permission["scope.userLocation"].desc does not say why' });
  }

  const read = (path: string): string | undefined => files.get(path);
  /**
   * A usingComponents target as WeChat finds it: a path relative to the file (or from the root
   * with `/`), to a component or to a folder with an `index` component; a package name is looked
   * up in `miniprogram_npm` beside the file and in each folder above it.
   */
  const resolveComponent = (from: string, target: string): string | undefined => {
    const exists = (path: string): boolean => files.has(`${path}${extension.template}`) || files.has(`${path}.js`);
    const candidates = (path: string): string[] => [path, `${path}/index`];
    const direct = resolveAppPath(from, target);
    if (target.startsWith('.') || target.startsWith('/')) return direct === undefined ? undefined : (candidates(direct).find(exists) ?? direct);
    const folders = from.split('/').slice(0, -1);
    for (let depth = folders.length; depth >= 0; depth -= 1) {
      const base = [...folders.slice(0, depth), 'miniprogram_npm', target].join('/');
      const found = candidates(base).find(exists);
      if (found) return found;
    }
    return direct === undefined ? undefined : (candidates(direct).find(exists) ?? direct);
  };
  const context: CompileContext = { dialect, read, warn: (file, line, column, problem) => warnings.push(`${file}:${line}:${column}: ${problem}`) };
  const pages: Record<string, CompiledUnit> = {};
  const components: Record<string, CompiledUnit> = {};
  const pendingComponents: Array<{ path: string; from: string }> = [];

  /**
   * A page or component: what is wrong with it is the unit's, not the app's (WeChat's developers
   * ship apps with a broken page); it is installed broken, with a warning naming file and line.
   */
  const compileUnit = (path: string, isComponent: boolean, inherited: Readonly<Record<string, string>>): CompiledUnit => {
    const unitIssues: AppIssue[] = [];
    const unit = compileUnitChecked(path, isComponent, inherited, unitIssues);
    if (unitIssues.length === 0 && unit) return unit;
    for (const issue of unitIssues) warnings.push(`${issue.file}${issue.where ? `:${issue.where}` : ''}: ${issue.problem}${issue.soft ? '' : ` (the ${isComponent ? 'component is left out' : 'page is shown as unavailable'})`}`);
    const first = unitIssues.find((issue) => !issue.soft) ?? unitIssues[0];
    const broken = first ? `${first.file}${first.where ? `:${first.where}` : ''}: ${first.problem}` : `${path} could not be compiled`;
    return { path, template: unit?.template ?? { file: path, nodes: [], templates: {} }, config: unit?.config ?? {}, usingComponents: unit?.usingComponents ?? {}, css: unit?.css ?? '', script: `${path}.js`, ...(unit && unitIssues.every((issue) => issue.soft) ? {} : { broken: broken.slice(0, 300) }) };
  };

  const compileUnitChecked = (path: string, isComponent: boolean, inherited: Readonly<Record<string, string>>, issues: AppIssue[]): CompiledUnit | undefined => {
    const templateFile = `${path}${extension.template}`;
    const scriptFile = `${path}.js`;
    const configFile = `${path}.json`;
    const template = files.get(templateFile);
    if (template === undefined) {
      issues.push({ file: templateFile, where: '', problem: `missing: the ${isComponent ? 'component' : 'page'} ${path} has no template` });
      return undefined;
    }
    // A page without logic draws its template with no data (WeChat warns and does the same).
    if (!files.has(scriptFile) && !isComponent) issues.push({ file: scriptFile, where: '', problem: `missing: the page ${path} has no logic file; drawn without data`, soft: true });
    const configText = files.get(configFile);
    const config = configText !== undefined && configText.trim() === '' ? (issues.push({ file: configFile, where: '', problem: 'empty; read as {}', soft: true }), {}) : (parseJson(configFile, configText, issues) ?? {});
    if (isComponent && config['component'] !== true && files.has(scriptFile)) issues.push({ file: configFile, where: '/component', problem: 'a component should say "component": true; read as one', soft: true });
    const usingComponents: Record<string, string> = { ...inherited };
    for (const [tag, target] of Object.entries((config['usingComponents'] ?? {}) as Record<string, unknown>)) {
      if (typeof target !== 'string' || target.startsWith('plugin://')) {
        issues.push({ file: configFile, where: `/usingComponents/${tag}`, problem: `expected a path to a component of the app, found ${JSON.stringify(target)}; <${tag}> is drawn as a box`, soft: true });
        continue;
      }
      const resolved = resolveComponent(path, target);
      if (resolved === undefined) issues.push({ file: configFile, where: `/usingComponents/${tag}`, problem: `${target} points outside the app; <${tag}> is drawn as a box`, soft: true });
      else {
        usingComponents[tag] = resolved;
        pendingComponents.push({ path: resolved, from: configFile });
      }
    }
    let compiledTemplate: CompiledTemplate | undefined;
    try {
      compiledTemplate = compileTemplate(templateFile, template, context);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      issues.push({ file: error.file, where: `${error.line}:${error.column}`, problem: error.problem });
    }
    let css = '';
    const styleFile = `${path}${extension.style}`;
    const style = files.get(styleFile);
    if (style !== undefined) {
      try {
        const compiled = compileStyle(styleFile, style, read, resolveAppPath);
        css = compiled.css;
        for (const warning of compiled.warnings) warnings.push(`${warning.file}:${warning.line}: ${warning.problem}`);
      } catch (error) {
        if (!(error instanceof StyleError)) throw error;
        issues.push({ file: error.issue.file, where: String(error.issue.line), problem: `${error.issue.problem}; drawn without its style`, soft: true });
      }
    }
    if (!compiledTemplate) return undefined;
    return { path, template: compiledTemplate, config, usingComponents, css, script: scriptFile };
  };

  const appComponents: Record<string, string> = {};
  for (const [tag, target] of Object.entries(manifest.usingComponents)) {
    const resolved = resolveComponent('app', target);
    if (resolved === undefined) issues.push({ file: 'app.json', where: `/usingComponents/${tag}`, problem: `${target} points outside the app` });
    else {
      appComponents[tag] = resolved;
      pendingComponents.push({ path: resolved, from: 'app.json' });
    }
  }
  for (const page of allPages) pages[page] = compileUnit(page, false, appComponents);
  while (pendingComponents.length > 0) {
    const { path } = pendingComponents.shift() as { path: string; from: string };
    if (components[path] || pageSet.has(path)) continue;
    components[path] = compileUnit(path, true, {});
  }
  if (!files.has('app.js')) issues.push({ file: 'app.js', where: '', problem: 'missing: every mini-app has an app.js at its root' });
  let appCss = '';
  const appStyle = files.get(`app${extension.style}`);
  if (appStyle !== undefined) {
    try {
      appCss = compileStyle(`app${extension.style}`, appStyle, read, resolveAppPath).css;
    } catch (error) {
      if (!(error instanceof StyleError)) throw error;
      issues.push({ file: error.issue.file, where: String(error.issue.line), problem: error.issue.problem });
    }
  }
  if (issues.length > 0) throw new AppError(issues);
  return { dialect, manifest, pages, components, appCss, appScript: 'app.js', warnings };
}
