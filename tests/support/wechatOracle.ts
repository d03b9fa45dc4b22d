/**
 * The oracle for templates: miniprogram-simulate rendering with WeChat's own compiler (wcc,
 * shipped for Linux x86-64 in the miniprogram-compiler package) inside jsdom. Each test file
 * that uses it runs in its own process, so the DOM globals it needs stay there.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';

const require = createRequire(import.meta.url);

function wccPath(): string | undefined {
  try {
    return join(dirname(require.resolve('miniprogram-compiler/package.json')), 'bin', 'linux', 'wcc');
  } catch {
    return undefined;
  }
}

/** Why the oracle cannot run here, or false. */
export const NO_WECHAT_ORACLE: string | false = (() => {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `WeChat's compiler ships for Linux x86-64 only (this is ${process.platform}/${process.arch}); the IR golden tests cover the compiler`;
  const wcc = wccPath();
  if (!wcc || !existsSync(wcc)) return 'miniprogram-simulate (with miniprogram-compiler) is not installed: npm ci';
  return false;
})();

const dom = new JSDOM('<!doctype html><html><body></body></html>');

function installDom(): void {
  const globals = globalThis as Record<string, unknown>;
  if (globals['document']) return;
  globals['window'] = dom.window;
  globals['document'] = dom.window.document;
  for (const name of ['Node', 'HTMLElement', 'Element', 'Event', 'CustomEvent', 'MouseEvent', 'TouchEvent', 'KeyboardEvent', 'DocumentFragment', 'getComputedStyle', 'navigator']) {
    const value = (dom.window as unknown as Record<string, unknown>)[name];
    if (value !== undefined && globals[name] === undefined) globals[name] = value;
  }
}

interface Simulate {
  load(path: string, options: { compiler: 'official'; rootPath: string }): string;
  render(id: string): { attach(parent: unknown): void; dom: { innerHTML: string } };
}

/** Renders in this process; WeChat's compiled code keeps global state, so only once per process. */
export function renderWithWechatHere(files: Readonly<Record<string, string>>, data: Readonly<Record<string, unknown>>): string {
  installDom();
  const wcc = wccPath() as string;
  // npm does not keep the execute bit of files in a package tarball's bin/linux folder.
  chmodSync(wcc, 0o755);
  chmodSync(join(dirname(wcc), 'wcsc'), 0o755);
  const root = mkdtempSync(join(tmpdir(), 'glovebox-wcc-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    writeFileSync(join(root, 'main.json'), '{"component": true}');
    writeFileSync(join(root, 'main.wxss'), '');
    writeFileSync(join(root, 'main.js'), `Component({ data: ${JSON.stringify(data)} })`);
    const simulate = require('miniprogram-simulate') as Simulate;
    const component = simulate.render(simulate.load(join(root, 'main'), { compiler: 'official', rootPath: root }));
    component.attach(dom.window.document.createElement('parent-wrapper'));
    return component.dom.innerHTML;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Renders `files` (paths relative to an app root; `main.wxml` is the component) with `data`
 * through WeChat's compiler, in a child process of its own, and returns the inner HTML.
 */
export function renderWithWechat(files: Readonly<Record<string, string>>, data: Readonly<Record<string, unknown>>): string {
  const worker = fileURLToPath(new URL('./wechatOracleWorker.js', import.meta.url));
  const run = spawnSync(process.execPath, [worker], { input: JSON.stringify({ files, data }), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`WeChat's compiler failed: ${run.stderr.trim()}`);
  return run.stdout;
}

/**
 * A canonical form of rendered HTML, so that WeChat's and ours compare: tag names without
 * `wx-`, classes without the `main--` scope prefix, only the class attribute kept (simulate does
 * not reflect `hidden` into the DOM), `virtual` placeholders unwrapped, whitespace-only text
 * dropped and text trimmed.
 */
export function canonicalHtml(html: string): string {
  const container = dom.window.document.createElement('div');
  container.innerHTML = html;
  const walk = (node: Node): string => {
    if (node.nodeType === 3) return (node.textContent ?? '').trim();
    if (node.nodeType !== 1) return '';
    const element = node as Element;
    const tag = element.tagName.toLowerCase().replace(/^wx-/, '');
    // simulate's placeholder for a template or include: its children are the content.
    if (tag === 'virtual') return [...element.childNodes].map(walk).join('');
    const classes = (element.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).map((name) => name.replace(/^main--/, ''));
    const attributes = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
    return `<${tag}${attributes}>${[...element.childNodes].map(walk).join('')}</${tag}>`;
  };
  return [...container.childNodes].map(walk).join('');
}
