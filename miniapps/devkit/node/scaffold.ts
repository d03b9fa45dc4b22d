/**
 * `glovebox app create`: a mini-app that works from the first minute, in the developer's
 * dialect: a driving-optimised first page (a short list, big targets, the driving state heard),
 * a voice intent that page answers, a second page for when parked, the SDK's typings wired for
 * the editor, and a test that runs the page's logic with Node alone.
 */
import type { Category } from '../../../safety/common/policy.js';

import type { Dialect } from '../../runtime/common/format/dialect.js';
export type { Dialect };

export interface ScaffoldOptions {
  readonly name: string;
  readonly id: string;
  readonly dialect: Dialect;
  readonly category: Category;
  /** The SDK's folder (its package.json and index.d.ts), for the app's devDependency. */
  readonly sdkFolder: string;
}

/** A reverse-DNS id from a name: "Parking Finder" → com.example.parkingfinder. */
export function idFor(name: string): string {
  const word = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `com.example.${/^[a-z]/.test(word) ? word : `app${word}`}`;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The app's files, by path. */
export function scaffold(options: ScaffoldOptions): Map<string, string> {
  const wechat = options.dialect === 'wechat';
  const api = wechat ? 'wx' : 'my';
  const markup = wechat ? 'wxml' : 'axml';
  const style = wechat ? 'wxss' : 'acss';
  const directive = wechat ? 'wx:' : 'a:';
  const tap = wechat ? 'bindtap' : 'onTap';
  const files = new Map<string, string>();

  files.set(
    'app.json',
    json({
      pages: ['pages/index/index', 'pages/detail/detail'],
      window: wechat ? { navigationBarTitleText: options.name } : { defaultTitle: options.name },
      car: {
        id: options.id,
        name: options.name,
        version: '1.0.0',
        category: options.category,
        drivingOptimisedPages: ['pages/index/index'],
        vehicleSignals: ['Vehicle.Speed'],
        voiceIntents: [{ name: 'refresh', utterances: ['refresh the list', 'show the latest'], page: 'pages/index/index' }],
        drivingTasks: [{ name: 'glance at the list', pages: ['pages/index/index'] }],
      },
    }),
  );
  files.set('app.js', `// @ts-check\nApp({\n  onLaunch() {\n    console.log('${options.name} started');\n  },\n});\n`);
  files.set(`app.${style}`, `.page { padding: 24rpx; }\n.item { display: block; margin: 16rpx 0; min-height: 96rpx; font-size: 40rpx; }\n.hint { color: #57606a; }\n`);

  files.set(
    'pages/index/index.js',
    `// @ts-check
// The first page: what a driver needs at a glance, safe while moving (app.json lists it in
// car.drivingOptimisedPages): a short list, big targets, and a voice intent that refreshes it.
const ITEMS = ['First thing', 'Second thing', 'Third thing'];

Page({
  data: { items: [], moving: false, refreshed: 0 },
  onLoad() {
    this.refresh();
    car.onDrivingStateChange((driving) => this.setData({ moving: driving.state === 'MOVING' }));
    // "refresh the list", said to the head unit, arrives here (app.json car.voiceIntents).
    car.onVoiceIntent((intent) => {
      if (intent.intent === 'refresh') this.refresh();
    });
  },
  refresh() {
    this.setData({ items: ITEMS.map((title, index) => ({ id: index, title })), refreshed: this.data.refreshed + 1 });
  },
  open(event) {
    ${api}.navigateTo({ url: \`/pages/detail/detail?item=\${event.currentTarget.dataset.id}\` });
  },
});
`,
  );
  files.set(
    `pages/index/index.${markup}`,
    `<view class="page">
  <text class="hint" ${directive}if="{{moving}}">Say "refresh the list"</text>
  <button class="item" ${directive}for="{{items}}" ${directive}key="id" data-id="{{item.id}}" ${tap}="open">{{item.title}}</button>
  <button class="item refresh" ${tap}="refresh">Refresh</button>
</view>
`,
  );
  files.set(
    'pages/detail/detail.js',
    `// @ts-check
// A page for when parked (not in car.drivingOptimisedPages: covered while the car moves).
Page({
  data: { item: '' },
  onLoad(query) {
    this.setData({ item: query.item || '' });
  },
});
`,
  );
  files.set(`pages/detail/detail.${markup}`, `<view class="page">\n  <text>Item {{item}}</text>\n</view>\n`);

  files.set(
    'test/index.test.mjs',
    `// The first page's logic, run with Node alone: Page, ${api} and car stood in for by plain objects.
// Run with: npm test
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

function loadPage(file) {
  const listeners = { driving: [], intent: [] };
  const navigations = [];
  let options;
  const context = {
    Page: (given) => (options = given),
    ${api}: { navigateTo: ({ url }) => navigations.push(url) },
    car: {
      onDrivingStateChange: (callback) => listeners.driving.push(callback),
      onVoiceIntent: (callback) => listeners.intent.push(callback),
    },
    console,
  };
  vm.runInNewContext(readFileSync(new URL(file, import.meta.url), 'utf8'), context);
  const page = Object.assign({}, options, {
    data: structuredClone(options.data),
    setData(changes) {
      Object.assign(this.data, changes);
    },
  });
  return { page, listeners, navigations };
}

test('the first page lists at most three items, and the voice intent refreshes it', () => {
  const { page, listeners } = loadPage('../pages/index/index.js');
  page.onLoad({});
  assert.equal(page.data.items.length, 3);
  assert.equal(page.data.refreshed, 1);
  for (const heard of listeners.intent) heard({ intent: 'refresh', slots: {} });
  assert.equal(page.data.refreshed, 2);
});

test('moving shows the spoken hint; a tap opens the detail page', () => {
  const { page, listeners, navigations } = loadPage('../pages/index/index.js');
  page.onLoad({});
  for (const changed of listeners.driving) changed({ state: 'MOVING', band: null, flags: [] });
  assert.equal(page.data.moving, true);
  page.open({ currentTarget: { dataset: { id: 1 } } });
  assert.deepEqual(navigations, ['/pages/detail/detail?item=1']);
});
`,
  );
  files.set(
    'package.json',
    json({
      name: options.id.split('.').pop(),
      private: true,
      description: `${options.name}: a Glovebox mini-app (${options.dialect} dialect)`,
      scripts: { test: 'node --test test/', validate: 'glovebox app validate .', dev: 'glovebox app dev .' },
      devDependencies: { '@glovebox/sdk': `file:${options.sdkFolder}` },
    }),
  );
  files.set(
    'jsconfig.json',
    json({ compilerOptions: { checkJs: true, noEmit: true, target: 'ES2022', lib: ['ES2022'], types: [] }, include: ['app.js', 'pages/**/*.js', 'node_modules/@glovebox/sdk/index.d.ts'] }),
  );
  files.set(
    'README.md',
    `# ${options.name}

A Glovebox mini-app (${options.dialect} dialect, category ${options.category}).

    npm install              # the SDK's typings, for the editor
    npm test                 # the first page's logic, in Node
    glovebox app validate .  # what the head unit checks, and the driving-safety review
    glovebox app dev .       # running in the simulator, rebuilt on every change

See Glovebox's docs/getting-started.md.
`,
  );
  return files;
}
