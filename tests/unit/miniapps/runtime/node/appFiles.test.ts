import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { CompiledApp } from '../../../../../miniapps/runtime/common/format/app.js';
import { AppError } from '../../../../../miniapps/runtime/common/format/app.js';
import { compileAppFiles, readAppFolder, unreferencedMedia } from '../../../../../miniapps/runtime/node/appFiles.js';
import { fixturePath } from '../../../../support/fixtures.js';

function fixtureFiles(name: string): Map<string, Uint8Array> {
  return readAppFolder(fixturePath('miniapps', name));
}

function issuesOf(change: (files: Map<string, Uint8Array>) => void): string[] {
  const files = fixtureFiles('charging-wechat');
  change(files);
  try {
    compileAppFiles(files);
    return [];
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error.issues.map((issue) => `${issue.file}${issue.where ? `:${issue.where}` : ''}: ${issue.problem}`);
  }
}

function editJson(files: Map<string, Uint8Array>, path: string, edit: (document: Record<string, unknown>) => void): void {
  const document = JSON.parse(new TextDecoder().decode(files.get(path))) as Record<string, unknown>;
  edit(document);
  files.set(path, new TextEncoder().encode(JSON.stringify(document)));
}

const text = (value: string) => new TextEncoder().encode(value);

describe('mini-app format', () => {
  test('the Alipay app and its WeChat twin compile to the same app: manifest, pages, components, styles', () => {
    const strip = (app: CompiledApp) => ({
      manifest: { ...app.manifest, window: { navigationBarTitleText: app.manifest.window['navigationBarTitleText'], navigationBarBackgroundColor: app.manifest.window['navigationBarBackgroundColor'] } },
      pages: Object.fromEntries(Object.entries(app.pages).map(([path, unit]) => [path, { nodes: unit.template.nodes, templates: unit.template.templates, css: unit.css, using: unit.usingComponents }])),
      components: Object.keys(app.components),
      appCss: app.appCss,
    });
    assert.deepStrictEqual(strip(compileAppFiles(fixtureFiles('charging-alipay'))), strip(compileAppFiles(fixtureFiles('charging-wechat'))));
  });

  test('schema problems name the JSON path, what was expected and what was found', () => {
    assert.deepStrictEqual(
      issuesOf((files) =>
        editJson(files, 'app.json', (app) => {
          (app['car'] as Record<string, unknown>)['category'] = 'casino';
          (app['car'] as Record<string, unknown>)['version'] = 'one';
          app['permission'] = { 'scope.userLocation': {} };
        }),
      ),
      [
        "app.json:/permission/scope.userLocation: expected must have required property 'desc', found {}",
        'app.json:/car/version: expected must match pattern "^\\d+\\.\\d+\\.\\d+$", found "one"',
        'app.json:/car/category: expected must be equal to one of the allowed values (ev_charging, food_ordering, navigation, media, communication, parking, weather, utilities, other), found "casino"',
      ],
    );
  });

  test('a launcher icon is a picture in the package: a missing file or another kind is refused, by path', () => {
    const withIcon = (icon: string) => issuesOf((files) => editJson(files, 'app.json', (app) => ((app['car'] as Record<string, unknown>)['icon'] = icon)));
    assert.deepStrictEqual(withIcon('images/nowhere.png'), ['app.json:/car/icon: expected a picture in the package, found no file "images/nowhere.png"']);
    assert.deepStrictEqual(withIcon('../outside.png').length, 1);
    assert.match(withIcon('app.js')[0] ?? '', /^app\.json:\/car\/icon: expected must match pattern/);
    assert.deepStrictEqual(
      issuesOf((files) => {
        files.set('images/icon.svg', text('<svg xmlns="http://www.w3.org/2000/svg"/>'));
        editJson(files, 'app.json', (app) => ((app['car'] as Record<string, unknown>)['icon'] = 'images/icon.svg'));
      }),
      [],
    );
  });

  test('what the schema cannot say about the app: undeclared slots refuse it', () => {
    assert.deepStrictEqual(
      issuesOf((files) => {
        editJson(files, 'app.json', (app) => {
          ((app['car'] as Record<string, unknown>)['voiceIntents'] as Array<Record<string, unknown>>)[0]!['utterances'] = ['charge at {station}'];
        });
      }),
      ['app.json:/car/voiceIntents/0/utterances/0: slot {station} is not declared in slots'],
    );
  });

  test('what is wrong with one page or component degrades it, named by file and line; the app installs', () => {
    const files = fixtureFiles('charging-wechat');
    editJson(files, 'app.json', (app) => {
      app['entryPagePath'] = 'pages/nowhere/nowhere';
    });
    files.delete('pages/station/station.js');
    editJson(files, 'components/price-tag/price-tag.json', (component) => {
      delete component['component'];
    });
    // A module with a syntax error is named with its line, where a template loads it.
    files.set('utils/format.wxs', text('module.exports = {\n  price: function ( {}\n};'));
    files.set('pages/index/index.wxml', text('<wxs module="f" src="../../utils/format.wxs" />\n<view>{{f.price(1)}}</view>'));
    const app = compileAppFiles(files);
    assert.deepStrictEqual(app.warnings, [
      'app.json:/entryPagePath: expected one of the app\'s pages, found "pages/nowhere/nowhere"; the first page opens',
      'utils/format.wxs:2:21: expected a name, found "{" (the page is shown as unavailable)',
      'pages/station/station.js: missing: the page pages/station/station has no logic file; drawn without data',
      'components/price-tag/price-tag.json:/component: a component should say "component": true; read as one',
    ]);
    assert.equal(app.manifest.entryPagePath, 'pages/index/index');
    assert.equal(app.pages['pages/index/index']?.broken, 'utils/format.wxs:2:21: expected a name, found "{"');
    // Soft problems leave the unit whole.
    assert.equal(app.pages['pages/station/station']?.broken, undefined);
    assert.equal(app.components['components/price-tag/price-tag']?.broken, undefined);
    assert.ok((app.pages['pages/station/station']?.template.nodes.length ?? 0) > 0);
  });

  test('unknown app.json fields warn; style rules that reach outside the app or the network are dropped, not the app', () => {
    const files = fixtureFiles('charging-wechat');
    editJson(files, 'app.json', (app) => {
      app['frobnicate'] = true;
    });
    assert.deepStrictEqual(compileAppFiles(files).warnings, ['app.json: unknown field "frobnicate" is ignored']);
    files.set('pages/index/index.wxss', text(':host { color: red }\n.b { color: blue }'));
    files.set('pages/station/station.wxss', text('.a { color: red; background: url(https://tracker.example/p.png); margin: 0 }'));
    const app = compileAppFiles(files);
    assert.deepStrictEqual(
      [app.pages['pages/index/index']?.css, app.pages['pages/station/station']?.css],
      ['.b{color: blue}', '.a{color: red; margin: 0}'],
    );
    assert.deepStrictEqual(app.warnings.slice(1), [
      'pages/index/index.wxss:1: selector ":host" would reach outside the app; the rule is dropped',
      'pages/station/station.wxss:1: url() to a network resource (background: url(https://tracker.example/p.png)): mini-apps have no network in the head unit; the declaration is dropped (ship the file in the package)',
    ]);
  });

  test('styles: rpx against the app viewport, element selectors as host markers, @import inlined, unsupported rules dropped with a warning', () => {
    const files = fixtureFiles('charging-wechat');
    files.set('pages/index/index.wxss', text('@import "../../styles/base.wxss";\nview.card > text { margin: -8rpx 1.5rpx }\n[data-x] { color: red }\n@media (min-width: 600px) { .row { padding: 0 } }'));
    const app = compileAppFiles(files);
    assert.deepStrictEqual([app.pages['pages/index/index']?.css, app.warnings], [
      '.row{display: flex; padding: calc(16 * var(--gb-rpx, 1px)) calc(24 * var(--gb-rpx, 1px));}[data-wx="view"].card > [data-wx="text"]{margin: calc(-8 * var(--gb-rpx, 1px)) calc(1.5 * var(--gb-rpx, 1px))}@media (min-width: 600px){.row{padding: 0}}',
      ['pages/index/index.wxss:3: selector "[data-x]" is outside the WXSS selector subset; the rule is dropped'],
    ]);
  });
});

describe('packing as WeChat’s tools do', () => {
  test('only the kinds of file a package carries, minus packOptions.ignore; unnamed media left out when too big', (t) => {
    const folder = mkdtempSync(join(tmpdir(), 'glovebox-pack-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    cpSync(fixturePath('miniapps', 'charging-wechat'), folder, { recursive: true });
    writeFileSync(join(folder, 'README.md'), '# notes');
    writeFileSync(join(folder, 'design.psd'), 'layers');
    mkdirSync(join(folder, 'docs'));
    writeFileSync(join(folder, 'docs', 'shot.png'), 'png');
    writeFileSync(join(folder, 'project.config.json'), JSON.stringify({ packOptions: { ignore: [{ type: 'folder', value: 'docs' }, { type: 'suffix', value: '.bak.js' }, { type: 'regexp', value: '(a+)+$' }] } }));
    writeFileSync(join(folder, 'old.bak.js'), 'x');
    const files = readAppFolder(folder);
    assert.deepEqual(['README.md', 'design.psd', 'docs/shot.png', 'old.bak.js'].filter((path) => files.has(path)), []);
    assert.ok(files.has('project.config.json') && files.has('app.json'));
    // A demo recording beside the app, named by nothing in it, is left out only when the app would not fit.
    writeFileSync(join(folder, 'demo-recording.gif'), Buffer.alloc(3 * 1024 * 1024, 1));
    const notes: string[] = [];
    const trimmed = readAppFolder(folder, notes);
    assert.equal(trimmed.has('demo-recording.gif'), false);
    assert.match(notes[0] ?? '', /left out 1 picture or media file that no file of the app names \(demo-recording\.gif\)/);
  });

  test('a picture is named by its file name, or by its stem as a whole word (a path built in code)', () => {
    const text = (value: string) => new TextEncoder().encode(value);
    const files = new Map([
      ['pages/a.js', text("const src = '/images/' + 'banner' + '.png'; wx.setNavigationBarTitle({ title: 'x' });")],
      ['pages/a.wxml', text('<image src="/images/logo.png" />')],
      ['images/logo.png', text('')],
      ['images/banner.png', text('')],
      ['images/navigation.gif', text('')],
      ['images/a.png', text('')],
    ]);
    assert.deepEqual(unreferencedMedia(files), ['images/navigation.gif', 'images/a.png']);
  });
});

describe('hostile app folders and files (issue 17)', () => {
  test('JSON nested past the limit is reported, not crashed on, however deep', () => {
    const deep = (levels: number) => (files: Map<string, Uint8Array>) => files.set('pages/index/index.json', new TextEncoder().encode(`{"a":${'['.repeat(levels)}${']'.repeat(levels)}}`));
    // A page's own JSON degrades that page; the app installs.
    const warningsOf = (change: (files: Map<string, Uint8Array>) => void): readonly string[] => {
      const files = fixtureFiles('charging-wechat');
      change(files);
      return compileAppFiles(files).warnings;
    };
    assert.deepStrictEqual(warningsOf(deep(40)).filter((warning) => warning.startsWith('pages/index/index.json')), ["pages/index/index.json: nested more than 32 levels deep (a mini-program's JSON needs a handful) (the page is shown as unavailable)"]);
    assert.ok(warningsOf(deep(200_000)).some((warning) => /^pages\/index\/index\.json: (not JSON: nested too deep to read|nested more than 32 levels deep)/.test(warning)));
    // app.json's is the app's: refused.
    const deepApp = (files: Map<string, Uint8Array>) => files.set('app.json', new TextEncoder().encode(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`));
    assert.ok(issuesOf(deepApp).some((issue) => /^app\.json: (not JSON: nested too deep to read|nested more than 32 levels deep)/.test(issue)));
  });

  test('a FIFO in the folder is refused by its kind, never read (reading one waits forever)', (t) => {
    const folder = mkdtempSync(join(tmpdir(), 'glovebox-fifo-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    cpSync(fixturePath('miniapps', 'charging-wechat'), folder, { recursive: true });
    execFileSync('mkfifo', [join(folder, 'pages', 'trap.json')]);
    assert.throws(
      () => readAppFolder(folder),
      (error: unknown) => error instanceof AppError && error.issues.some((issue) => issue.file === 'pages/trap.json' && /not a regular file/.test(issue.problem)),
    );
  });
});

describe('published mini-programs install as they are (issue 18)', () => {
  const published = (extra: Record<string, string>): CompiledApp => {
    const files = fixtureFiles('charging-wechat');
    editJson(files, 'app.json', (document) => {
      delete document['car'];
    });
    for (const [path, text] of Object.entries(extra)) files.set(path, new TextEncoder().encode(text));
    return compileAppFiles(files);
  };

  test('no car block: identity from project.config.json and package.json, category other, parked-only, with a warning', () => {
    const compiled = published({ 'project.config.json': JSON.stringify({ appid: 'wx3b2f9c1d0a8e7f65', projectname: 'charge-demo' }), 'package.json': JSON.stringify({ version: '2.3.1' }) });
    assert.deepStrictEqual(compiled.manifest.car, { id: 'mp.wechat.wx3b2f9c1d0a8e7f65', name: 'charge-demo', version: '2.3.1', category: 'other', drivingOptimisedPages: [], design: 'phone', from: 'appid, package.json version' });
    assert.ok(compiled.warnings.some((warning) => /no "car" block, so installed as mp\.wechat\.wx3b2f9c1d0a8e7f65 2\.3\.1 \(from appid, package\.json version\), category other, parked-only/.test(warning)));
  });

  test('the placeholder appid is not an identity; with nothing to go on, app.json names it, the same every time', () => {
    const tourist = published({ 'project.config.json': JSON.stringify({ appid: 'touristappid', projectname: 'Todo List!' }) });
    assert.deepStrictEqual([tourist.manifest.car.id, tourist.manifest.car.name, tourist.manifest.car.version], ['mp.wechat.todo_list', 'Todo List!', '0.0.0']);
    const [first, second] = [published({}), published({})];
    assert.match(first?.manifest.car.id ?? '', /^mp\.wechat\.app_[0-9a-f]{8}$/);
    assert.equal(first?.manifest.car.id, second?.manifest.car.id);
  });

  test('degrade, do not refuse: a duplicate attribute keeps the last (as WeChat), an icon-only tab gets its page name', () => {
    const files = fixtureFiles('charging-wechat');
    files.set('pages/index/index.wxml', text('<view class="a" class="b">x</view>'));
    editJson(files, 'app.json', (app) => {
      const tabBar = app['tabBar'] as { list: Array<Record<string, unknown>> };
      delete tabBar.list[1]?.['text'];
    });
    const app = compileAppFiles(files);
    const view = app.pages['pages/index/index']?.template.nodes[0] as { attrs: Record<string, unknown> };
    assert.deepStrictEqual(view.attrs['class'], 'b');
    assert.ok(app.warnings.includes('pages/index/index.wxml:1:17: attribute class given twice; the last one is kept'), app.warnings.join('\n'));
    assert.deepStrictEqual(app.manifest.tabBar?.list.map((item) => item.text), ['Nearby', 'station']);
  });

  test('component paths as WeChat finds them: a folder\'s index, a package in miniprogram_npm beside the file or above it', () => {
    const component = (path: string): Record<string, string> => ({ [`${path}.wxml`]: '<view>c</view>', [`${path}.js`]: 'Component({});', [`${path}.json`]: '{"component": true}' });
    const compiled = published({
      ...component('components/card/index'),
      ...component('miniprogram_npm/@vant/weapp/button/index'),
      ...component('pages/index/miniprogram_npm/local-pkg/index'),
      'pages/index/index.json': JSON.stringify({ usingComponents: { card: '../../components/card', 'van-button': '@vant/weapp/button', local: 'local-pkg' } }),
    });
    const { card, 'van-button': button, local } = compiled.pages['pages/index/index']?.usingComponents ?? {};
    assert.deepStrictEqual({ card, 'van-button': button, local }, {
      card: 'components/card/index',
      'van-button': 'miniprogram_npm/@vant/weapp/button/index',
      local: 'pages/index/miniprogram_npm/local-pkg/index',
    });
    assert.ok(compiled.components['miniprogram_npm/@vant/weapp/button/index']);
  });
});
