/**
 * The worker's objects for the calls about what a page shows, driven as a page's code drives
 * them in a fresh V8 context: createAnimation's exported data (WeChat's format), the legacy
 * canvas context and drawCanvas as commands of the canvas contract, a 2d canvas node found by a
 * selector query whose commands of one task go in one message, and an intersection observer
 * that hears what the host pushes.
 */
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { describe, test } from 'node:test';
import type { HostToLogic, LogicToHost } from '../../../../../../miniapps/runtime/common/logic/protocol.js';
import { createLogicRuntime } from '../../../../../../miniapps/runtime/common/logic/runtime.js';
import { checkCanvasCommands } from '../../../../../../miniapps/runtime/common/canvas.js';
import { buildLogicBundle } from '../../../../../../miniapps/runtime/node/logicBundle.js';

const PAGE = `Page({
  data: {},
  animate() {
    const animation = wx.createAnimation({ duration: 300, timingFunction: 'ease' });
    animation.translateY(-20).opacity(0.5).step();
    animation.rotate(45).step({ duration: 100 });
    this.setData({ anim: animation.export(), again: animation.export() });
  },
  legacy() {
    const ctx = wx.createCanvasContext('chart');
    ctx.setFillStyle('red');
    ctx.fillRect(0, 0, 10, 10);
    ctx.setFontSize(20);
    ctx.fillText('42', 5, 5);
    const gradient = ctx.createCircularGradient(5, 5, 5);
    gradient.addColorStop(0, 'white');
    ctx.setStrokeStyle(gradient);
    ctx.draw(false, () => this.setData({ drawn: ctx.measureText('ab').width }));
    const old = wx.createContext();
    old.moveTo(0, 0);
    old.lineTo(5, 5);
    wx.drawCanvas({ canvasId: 'old', actions: old.getActions() });
  },
  twoD() {
    this.createSelectorQuery().select('#c').fields({ node: true, size: true }).exec((res) => {
      const canvas = res[0].node;
      canvas.width = 200;
      const c = canvas.getContext('2d');
      c.fillStyle = '#00f';
      c.fillRect(0, 0, 1, 1);
      c.fillRect(1, 1, 1, 1);
      this.setData({ fill: c.fillStyle, same: canvas === res[0].node, size: res[0].width });
    });
  },
  watch() {
    wx.createIntersectionObserver(this, { thresholds: [0, 1] }).relativeToViewport({ bottom: 10 }).observe('.far', (entry) => this.setData({ seen: entry.intersectionRatio }));
  },
});`;

function boot() {
  const sent: LogicToHost[] = [];
  let deliver: (message: HostToLogic) => void = () => undefined;
  const runtime = createLogicRuntime({ post: (message) => sent.push(message), onMessage: (handler) => (deliver = handler) }, 'wechat', { clock: () => 0 });
  runInNewContext(buildLogicBundle(new Map([['app.js', 'App({});'], ['pages/index/index.js', PAGE]]), 'test'), { ...runtime.globals, __gbDefine: runtime.define, console });
  const send = async (message: HostToLogic): Promise<void> => {
    deliver(message);
    for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  const tap = (handler: string) => send({ t: 'event', pageId: 1, handler, event: { type: 'tap', timeStamp: 1, target: { id: '', dataset: {} }, currentTarget: { id: '', dataset: {} }, detail: {} } });
  const rendered = () => Object.fromEntries(sent.flatMap((message) => (message.t === 'render' ? message.patch.map(([path, value]) => [path.join('.'), value]) : [])));
  return { sent, send, tap, rendered };
}

async function open() {
  const app = boot();
  await app.send({ t: 'launch', options: {} });
  await app.send({ t: 'pageLoad', pageId: 1, route: 'pages/index/index', query: {} });
  return app;
}

describe('the worker’s view calls', () => {
  test('createAnimation exports WeChat’s actions, and export() empties the queue', async () => {
    const app = await open();
    await app.tap('animate');
    const data = app.rendered();
    assert.deepEqual(data['anim'], {
      actions: [
        { animates: [{ type: 'translateY', args: [-20] }, { type: 'style', args: ['opacity', 0.5] }], option: { transition: { duration: 300, timingFunction: 'ease', delay: 0 }, transformOrigin: '50% 50% 0' } },
        { animates: [{ type: 'rotate', args: [45] }], option: { transition: { duration: 100, timingFunction: 'ease', delay: 0 }, transformOrigin: '50% 50% 0' } },
      ],
    });
    assert.deepEqual(data['again'], { actions: [] });
  });

  test('a legacy context draws its commands at draw(); wx.drawCanvas sends a context’s actions; both pass the contract', async () => {
    const app = await open();
    await app.tap('legacy');
    const drawings = app.sent.filter((message): message is Extract<LogicToHost, { t: 'canvas' }> => message.t === 'canvas');
    assert.equal(drawings.length, 2);
    assert.deepEqual(drawings[0], {
      t: 'canvas', pageId: 1, canvasId: 'chart', reserve: false,
      commands: [['=fillStyle', 'red'], ['fillRect', 0, 0, 10, 10], ['=font', '20px sans-serif'], ['fillText', '42', 5, 5], ['=strokeStyle', { gradient: 'radial', args: [5, 5, 0, 5, 5, 5], stops: [[0, 'white']] }]],
    });
    assert.deepEqual(drawings[1]?.commands, [['moveTo', 0, 0], ['lineTo', 5, 5]]);
    for (const drawing of drawings) assert.doesNotThrow(() => checkCanvasCommands(drawing.commands));
    // draw()'s callback runs after the drawing went; measureText estimates from the font.
    assert.equal(app.rendered()['drawn'], 24);
  });

  test('a 2d node from a selector query: one message per task, with the bitmap size the app set', async () => {
    const app = await open();
    await app.tap('twoD');
    const query = app.sent.find((message): message is Extract<LogicToHost, { t: 'api' }> => message.t === 'api' && message.name === 'wx.createSelectorQuery');
    assert.deepEqual(query?.args, { pageId: 1, queries: [{ selector: '#c', all: false, viewport: false, fields: { node: true, size: true } }] });
    await app.send({ t: 'apiResult', callId: query?.callId ?? 0, ok: true, value: { results: [{ width: 100, height: 50, canvas: { ref: 3, width: 300, height: 150 } }] } });
    const drawings = app.sent.filter((message) => message.t === 'canvas');
    assert.deepEqual(drawings, [{ t: 'canvas', pageId: 1, ref: 3, reserve: true, commands: [['=fillStyle', '#00f'], ['fillRect', 0, 0, 1, 1], ['fillRect', 1, 1, 1, 1]], width: 200, height: 150 }]);
    assert.deepEqual([app.rendered()['fill'], app.rendered()['size']], ['#00f', 100]);
  });

  test('an intersection observer asks the host once and hears what it pushes', async () => {
    const app = await open();
    await app.tap('watch');
    const observe = app.sent.find((message): message is Extract<LogicToHost, { t: 'api' }> => message.t === 'api' && message.name === 'wx.createIntersectionObserver');
    assert.deepEqual(JSON.parse(JSON.stringify(observe?.args)), { op: 'observe', observerId: 1, pageId: 1, selector: '.far', all: false, thresholds: [0, 1], initialRatio: 0, relativeTo: { selector: '', margins: { top: 0, right: 0, bottom: 10, left: 0 } } });
    await app.send({ t: 'intersection', observerId: 1, entry: { intersectionRatio: 0.5 } });
    assert.equal(app.rendered()['seen'], 0.5);
  });
});
