import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostToLogic } from '../../../../../../miniapps/runtime/common/logic/protocol.js';
import type { CallAnswer, SessionApp, SessionClock, SessionPort } from '../../../../../../miniapps/runtime/common/session/appSession.js';
import { AppSession, SESSION_LIMITS } from '../../../../../../miniapps/runtime/common/session/appSession.js';
import { MESSAGE_LIMITS, checkLogicMessage } from '../../../../../../miniapps/runtime/common/session/messageCheck.js';
import { PARKED_SCREEN, STRICTEST_SCREEN, depthAllowed } from '../../../../../../safety/common/screenRules.js';

const APP: SessionApp = {
  id: 'com.example.hostile',
  name: 'Hostile',
  dialect: 'wechat',
  category: 'other',
  entryPagePath: 'pages/index/index',
  pages: { 'pages/index/index': { config: {} }, 'pages/a/a': { config: {} }, 'pages/b/b': { config: {} }, 'pages/c/c': { config: {} } },
  windowTitle: null,
  tabBar: null,
  renderCache: {},
};

/** A clock whose time and timers move only when the test says so. */
class FakeClock implements SessionClock {
  time = 0;
  private timers: Array<{ at: number; every: number | null; run: () => void; live: boolean }> = [];
  now(): number {
    return this.time;
  }
  every(ms: number, run: () => void): () => void {
    const timer = { at: this.time + ms, every: ms, run, live: true };
    this.timers.push(timer);
    return () => void (timer.live = false);
  }
  after(ms: number, run: () => void): () => void {
    const timer = { at: this.time + ms, every: null, run, live: true };
    this.timers.push(timer);
    return () => void (timer.live = false);
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((timer) => timer.live && timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.time = next.at;
      if (next.every === null) next.live = false;
      else next.at += next.every;
      next.run();
    }
    this.time = end;
  }
  /** The host's own thread held up for `ms`: time passes and no timer runs until it is over. */
  stall(ms: number): void {
    this.time += ms;
    for (const timer of this.timers) if (timer.live && timer.at < this.time) timer.at = this.time;
  }
}

function session(options: { restricted?: boolean; callApi?: (name: string, args: unknown) => Promise<CallAnswer> } = {}) {
  const sent: HostToLogic[] = [];
  const killed: string[] = [];
  const problems: string[] = [];
  const cached: Array<[string, Readonly<Record<string, unknown>>]> = [];
  let closed = false;
  const port: SessionPort = { send: (message) => void sent.push(message), close: () => void (closed = true), primedFor: null };
  const clock = new FakeClock();
  const s = new AppSession(
    APP,
    port,
    {
      bundleUrl: 'app://hostile/logic.js',
      callApi: options.callApi ?? (() => Promise.resolve({ ok: true, value: { errMsg: 'x:ok' } })),
      answer: () => Promise.resolve({ ok: true, value: {} }),
      restrictions: () => (options.restricted ? STRICTEST_SCREEN : null),
      cacheRender: (route, data) => void cached.push([route, data]),
      onKilled: (reason) => void killed.push(reason),
      onProblem: (kind, message) => void problems.push(`${kind}: ${message}`),
    },
    clock,
  );
  return { s, sent, killed, problems, cached, clock, isClosed: () => closed };
}

/** Answers every ping, as a healthy runtime does. */
function pongAll(s: AppSession, sent: HostToLogic[]): void {
  for (const message of sent.splice(0)) if (message.t === 'ping') s.receive({ t: 'pong', seq: message.seq });
}

describe('app session (no DOM: a fake port and clock)', () => {
  test('start: load, launch and the first page; a render patches that page’s data', () => {
    const { s, sent } = session();
    s.start();
    assert.deepStrictEqual(sent.map((message) => message.t), ['load', 'launch', 'appShow', 'pageLoad', 'pageShow']);
    s.receive({ t: 'loaded', error: null });
    s.receive({ t: 'render', pageId: 1, patch: [[['title'], 'Hi'], [['list', 2], 'c']] });
    // onReady once the renderer has drawn the page's first live data, and only once.
    s.pageDrawn(1);
    s.pageDrawn(1);
    assert.deepStrictEqual(sent.filter((message) => message.t === 'pageReady'), [{ t: 'pageReady', pageId: 1 }]);
    // A page never drawn (locked out while driving) hears onReady after a while anyway.
    const other = session();
    other.s.start();
    other.clock.advance(SESSION_LIMITS.readyAfterMs - 1);
    assert.equal(other.sent.some((message) => message.t === 'pageReady'), false);
    other.clock.advance(1);
    assert.equal(other.sent.some((message) => message.t === 'pageReady'), true);
    assert.deepStrictEqual(s.view.stack[0]?.data, { title: 'Hi', list: [null, null, 'c'] });
    assert.equal(s.view.stack[0]?.live, true);
  });

  test('going home caches the live page; a stopped app leaves an empty frame, never the data it had', () => {
    const home = session();
    home.s.start();
    home.s.receive({ t: 'render', pageId: 1, patch: [[['n'], 1]] });
    home.s.hide();
    assert.deepStrictEqual(home.cached, [['pages/index/index', { n: 1 }]]);

    // The page that stopped an app (40,000 rows, over the draw budget) would stop it again on the
    // next cold start if its frame were cached, and copying it would cost the UI thread now.
    const stopped = session();
    stopped.s.start();
    stopped.s.receive({ t: 'render', pageId: 1, patch: [[['rows'], Array.from({ length: 100 }, (_, i) => i)]] });
    stopped.s.kill('its page could not be drawn: too many elements');
    assert.deepStrictEqual(stopped.cached, [['pages/index/index', {}]]);
  });

  test('a message out of schema stops the app with the reason, and nothing of it is applied', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ t: 'render', pageId: 1, patch: [[['list', 3e7], 1]] }, /index 30000000; indices are 0 to 10000/],
      [{ t: 'render', pageId: 1, patch: [[['__proto__', 'polluted'], 1]] }, /"__proto__" is not a data key/],
      [{ t: 'render', pageId: 1, patch: [[['a'], JSON.parse('{"constructor": {"prototype": 1}}')]] }, /"constructor" is not a data key/],
      [{ t: 'render', pageId: 1, patch: 'all' }, /patch: expected a list/],
      [{ t: 'api', callId: 1, name: 'process.exit', args: null }, /name: expected a name like/],
      [{ t: 'nonsense' }, /no message kind "nonsense"/],
      [null, /a message must be an object/],
      [{ t: 'render', pageId: -1, patch: [] }, /pageId: expected a whole number ≥ 0, found -1/],
    ];
    for (const [message, reason] of cases) {
      const { s, killed, isClosed } = session();
      s.start();
      s.receive(message);
      assert.equal(s.lifecycle, 'stopped', JSON.stringify(message));
      assert.match(killed[0] ?? '', reason);
      assert.match(s.view.stoppedReason ?? '', /^sent a message the host does not accept/);
      assert.ok(isClosed(), 'the container is removed');
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    }
  });

  test('message budgets: deep, wide and long values are refused before any work is done', () => {
    let deep: unknown = 1;
    for (let level = 0; level < MESSAGE_LIMITS.depth + 2; level += 1) deep = [deep];
    const problems = [
      checkLogicMessage({ t: 'render', pageId: 1, patch: [[['a'], deep]] }),
      checkLogicMessage({ t: 'render', pageId: 1, patch: [[['a'], Array.from({ length: MESSAGE_LIMITS.values + 1 }, () => 0)]] }),
      checkLogicMessage({ t: 'render', pageId: 1, patch: Array.from({ length: MESSAGE_LIMITS.patchEntries + 1 }, (_, index) => [[`k${index}`], 1]) }),
      checkLogicMessage({ t: 'render', pageId: 1, patch: [[['a'], 'x'.repeat(MESSAGE_LIMITS.stringLength + 1)]] }),
      checkLogicMessage({ t: 'render', pageId: 1, patch: [[['a'], new Map()]] }),
      checkLogicMessage({ t: 'render', pageId: 1, patch: [[['a'], Number.NaN]] }),
    ].map((checked) => (checked.ok ? 'accepted' : checked.problem));
    assert.match(problems[0] ?? '', new RegExp(`^patch\\[0\\](\\[0\\])+: nested more than ${MESSAGE_LIMITS.depth} deep$`));
    assert.deepStrictEqual(problems.slice(1), [
      `more than ${MESSAGE_LIMITS.values} values in one message`,
      `patch: ${MESSAGE_LIMITS.patchEntries + 1} keys in one render; at most ${MESSAGE_LIMITS.patchEntries}`,
      `patch[0]: a string of ${MESSAGE_LIMITS.stringLength + 1} characters; at most ${MESSAGE_LIMITS.stringLength}`,
      'patch[0]: only plain objects are data',
      'patch[0]: NaN is not a finite number',
    ]);
    const accepted = checkLogicMessage({ t: 'api', callId: 3, name: 'wx.request', args: { url: 'https://a.example', extra: undefined }, smuggled: 'x' });
    assert.deepStrictEqual(accepted, { ok: true, message: { t: 'api', callId: 3, name: 'wx.request', args: { url: 'https://a.example', extra: undefined } } }, 'rebuilt from known fields only');
  });

  test('a setData storm and an API storm stop the app; its data may not grow past its budget', async () => {
    const storm = session();
    storm.s.start();
    for (let index = 0; index <= SESSION_LIMITS.rendersPerSecond && storm.s.lifecycle !== 'stopped'; index += 1) storm.s.receive({ t: 'render', pageId: 1, patch: [[['n'], index]] });
    assert.match(storm.killed[0] ?? '', /^flooded setData \(121 renders in a second; at most 120\)$/);

    const calls = session({ callApi: () => new Promise(() => undefined) });
    calls.s.start();
    for (let index = 0; index <= SESSION_LIMITS.callsPerSecond && calls.s.lifecycle !== 'stopped'; index += 1) calls.s.receive({ t: 'api', callId: index, name: 'wx.getStorage', args: { key: 'k' } });
    assert.match(calls.killed[0] ?? '', /^flooded API calls/);
    await Promise.resolve();
    const refused = calls.sent.filter((message) => message.t === 'apiResult');
    assert.equal(refused.length, SESSION_LIMITS.callsPerSecond - SESSION_LIMITS.callsInFlight, 'calls past the in-flight limit are answered at once with a failure');

    const grow = session();
    grow.s.start();
    grow.s.receive({ t: 'render', pageId: 1, patch: [[['seed'], 1]] });
    const chunk = 'x'.repeat(MESSAGE_LIMITS.stringLength);
    for (let index = 0; grow.s.lifecycle !== 'stopped' && index < 100; index += 1) {
      grow.clock.advance(1000);
      pongAll(grow.s, grow.sent);
      grow.s.receive({ t: 'render', pageId: 1, patch: [[[`k${index}`], chunk]] });
    }
    assert.match(grow.killed[0] ?? '', /its page data grew past 4194304 characters/);
  });

  test('a flood of any kind of message stops the app, whether its runtime says so or the host counts it', () => {
    const said = session();
    said.s.start();
    said.s.receive({ t: 'overrun', limit: SESSION_LIMITS.messagesPerSecond });
    assert.equal(said.s.lifecycle, 'stopped');
    assert.match(said.killed[0] ?? '', /flooded the host \(more than 1000 messages in a second\)/);

    const counted = session();
    counted.s.start();
    for (let i = 0; i <= SESSION_LIMITS.messagesPerSecond && counted.s.lifecycle !== 'stopped'; i += 1) counted.s.receive({ t: 'warn', message: `w${i}` });
    assert.equal(counted.s.lifecycle, 'stopped');
    assert.match(counted.killed[0] ?? '', /flooded the host/);
  });

  test('the watchdog: a loaded app that stops answering pings is stopped within its limit', () => {
    const { s, sent, clock, killed } = session();
    s.start();
    s.receive({ t: 'loaded', error: null });
    for (let step = 0; step < 10; step += 1) {
      clock.advance(SESSION_LIMITS.pingIntervalMs);
      pongAll(s, sent);
    }
    assert.equal(s.lifecycle, 'foreground', 'a responsive app runs on');
    const hungAt = clock.now();
    const lifecycle = (): string => s.lifecycle;
    while (lifecycle() !== 'stopped') clock.advance(SESSION_LIMITS.pingIntervalMs);
    assert.ok(clock.now() - hungAt <= SESSION_LIMITS.unresponsiveMs + SESSION_LIMITS.pingIntervalMs, `stopped ${clock.now() - hungAt} ms after its last pong`);
    assert.deepStrictEqual(killed, [`did not answer for ${SESSION_LIMITS.unresponsiveMs} ms (hung: a loop?)`]);
  });

  test('the watchdog tells slow from hung: a late answer is reported and the app runs on; a starved unit is not the app\'s fault', () => {
    const { s, sent, clock, killed, problems } = session();
    s.start();
    s.receive({ t: 'loaded', error: null });
    pongAll(s, sent);
    // Busy for 1.5 s (a heavy handler, a loaded CPU), then it answers.
    clock.advance(1500);
    pongAll(s, sent);
    assert.equal(s.lifecycle, 'foreground');
    assert.match(problems[0] ?? '', /^slow: answered the watchdog after 1500 ms/);
    // The host itself held up for 10 s (the unit starved): the app answers at its first chance.
    clock.stall(10_000);
    clock.advance(SESSION_LIMITS.pingIntervalMs);
    pongAll(s, sent);
    clock.advance(SESSION_LIMITS.pingIntervalMs);
    assert.deepStrictEqual(killed, [], 'not stopped for the host\'s own stall');
  });

  test('problems reach the developer within a budget; a stop always does', () => {
    const { s, problems } = session();
    s.start();
    s.receive({ t: 'loaded', error: null });
    for (let index = 0; index < 50; index += 1) s.receive({ t: 'error', message: `boom ${index}`, stack: undefined });
    assert.equal(problems.length, SESSION_LIMITS.problemsPerSecond);
    s.kill('test');
    assert.equal(problems.at(-1), 'stopped: test');
  });

  test('suspended: answers are held until resume, and an app that acts while suspended is stopped', async () => {
    let answer: (outcome: CallAnswer) => void = () => undefined;
    const { s, sent, killed } = session({ callApi: () => new Promise((resolve) => (answer = resolve)) });
    s.start();
    s.receive({ t: 'api', callId: 7, name: 'wx.getStorage', args: { key: 'k' } });
    s.hide();
    s.suspend();
    s.receive({ t: 'suspended' });
    sent.splice(0);
    answer({ ok: true, value: { errMsg: 'getStorage:ok', data: 1 } });
    await new Promise((resolve) => setImmediate(resolve));
    s.push({ t: 'push', topic: 'driving', payload: { state: 'MOVING' } });
    assert.equal(sent.length, 0, 'nothing reaches a suspended app');
    s.show();
    assert.deepStrictEqual(sent.map((message) => message.t), ['resume', 'apiResult', 'appShow', 'pageShow']);

    s.hide();
    s.suspend();
    s.receive({ t: 'suspended' });
    s.receive({ t: 'render', pageId: 1, patch: [[['tick'], 13]] });
    assert.deepStrictEqual(killed, ['ran while suspended (sent "render")']);
  });

  test('navigation obeys the policy’s depth while moving (the rule the policy’s open-page uses)', () => {
    const { s } = session({ restricted: true });
    s.start();
    const limit = STRICTEST_SCREEN.maxDepth;
    const routes = ['/pages/a/a', '/pages/b/b', '/pages/c/c'];
    let refused: string | null = null;
    for (const url of routes) {
      try {
        s.navigate('navigateTo', { url });
      } catch (error) {
        refused = (error as Error).message;
        break;
      }
    }
    assert.ok(limit !== null && depthAllowed({ maxDepth: limit }, s.view.stack.length - 1), `stack ${s.view.stack.length}, limit ${String(limit)}`);
    assert.equal(s.view.stack.length - 1, limit, 'as deep as allowed, and no deeper');
    assert.ok(refused !== null, 'the next level is refused');
    assert.equal(PARKED_SCREEN.maxDepth, null, 'parked: no depth limit');
  });
});
