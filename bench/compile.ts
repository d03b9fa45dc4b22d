/**
 * `npm run bench -- compile`: what compiling a page costs at install, next to what cold start
 * pays instead (reading the compiled IR back) and to WeChat's own compiler (wcc, from the
 * miniprogram-compiler package) compiling the same templates, all in the same run.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileApp } from '../miniapps/runtime/common/format/app.js';
import { compileTemplate } from '../miniapps/runtime/common/template/compiler.js';
import { checkAppSchema, readAppFolder } from '../miniapps/runtime/node/appFiles.js';
import { measure } from './measure.js';

const REPO = join(import.meta.dirname ?? '.', '..', '..');
const require = createRequire(import.meta.url);

/** A page as large as a real list page: a list template, conditions, bindings, a footer. */
function largePage(rows: number): string {
  let wxml = '<import src="/tpl/station-card.wxml"/>\n<view class="page">\n';
  for (let index = 0; index < rows; index += 1) {
    wxml += `  <view class="row r${index}" wx:for="{{groups[${index}].items}}" wx:key="id" data-row="${index}" bindtap="open">\n`;
    wxml += `    <text wx:if="{{item.price > 10}}" class="dear">{{item.name}}: {{item.price * 1.19}} €</text>\n    <text wx:elif="{{item.free}}">{{item.name}} free</text>\n    <text wx:else>{{item.name}}</text>\n`;
    wxml += `    <template is="station-card" data="{{...item, extra: ${index}}}"/>\n  </view>\n`;
  }
  return `${wxml}</view>\n`;
}

export function runCompileBenchmark(): void {
  const files = readAppFolder(join(REPO, 'tests', 'fixtures', 'miniapps', 'charging-wechat'));
  const texts = new Map([...files].filter(([path]) => /\.(json|wxml|wxss|js)$/.test(path)).map(([path, data]) => [path, new TextDecoder().decode(data)]));
  const pageCount = 3;
  const big = largePage(40);
  texts.set('pages/big/big.wxml', big);
  const read = (path: string): string | undefined => texts.get(path);

  console.log('compile: mini-app templates at install time (node ' + process.version + ')');
  const app = measure(() => compileApp(texts, checkAppSchema), 1);
  console.log(`  whole fixture app (${pageCount} pages, 1 component, styles, schema): ${(1000 / app.perSecond).toFixed(2)} ms, ${(1000 / app.perSecond / pageCount).toFixed(2)} ms per page`);

  const index = texts.get('pages/index/index.wxml') as string;
  const small = measure(() => compileTemplate('pages/index/index.wxml', index, { dialect: 'wechat', read }), 1);
  const large = measure(() => compileTemplate('pages/big/big.wxml', big, { dialect: 'wechat', read }), 1);
  const compiledLarge = JSON.stringify(compileTemplate('pages/big/big.wxml', big, { dialect: 'wechat', read }));
  const load = measure(() => JSON.parse(compiledLarge), 1);
  console.log(`  index page (${index.length} B of WXML): ${(1e6 / small.perSecond).toFixed(1)} µs to compile`);
  console.log(`  a 40-row list page (${big.length} B of WXML, ${compiledLarge.length} B of IR): ${(1e6 / large.perSecond).toFixed(1)} µs to compile`);
  console.log(`  cold start reads that IR back instead: ${(1e6 / load.perSecond).toFixed(1)} µs (${(load.perSecond / large.perSecond).toFixed(1)}× faster than compiling)`);

  let wcc: string | undefined;
  try {
    wcc = join(dirname(require.resolve('miniprogram-compiler/package.json')), 'bin', 'linux', 'wcc');
  } catch {
    wcc = undefined;
  }
  if (!wcc || !existsSync(wcc) || process.platform !== 'linux' || process.arch !== 'x64') {
    console.log('  WeChat wcc: skipped (miniprogram-compiler is for Linux x86-64 and must be installed)');
    return;
  }
  chmodSync(wcc, 0o755);
  const root = mkdtempSync(join(tmpdir(), 'glovebox-wcc-bench-'));
  try {
    for (const [path, text] of texts) {
      if (!path.endsWith('.wxml')) continue;
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const wxmlFiles = [...texts.keys()].filter((path) => path.endsWith('.wxml'));
    const runs: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      const start = process.hrtime.bigint();
      execFileSync(wcc, ['-d', ...wxmlFiles], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
      runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const best = Math.min(...runs);
    const ours = measure(() => {
      for (const path of wxmlFiles) compileTemplate(path, texts.get(path) as string, { dialect: 'wechat', read });
    }, 1);
    console.log(`  WeChat's wcc on the same ${wxmlFiles.length} templates (a process, best of 5): ${best.toFixed(1)} ms; ours ${(1000 / ours.perSecond).toFixed(2)} ms in process (${(best / (1000 / ours.perSecond)).toFixed(0)}× less)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
