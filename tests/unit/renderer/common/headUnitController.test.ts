/**
 * The system UI's controller with a transport that answers as services would and an app runner
 * that records what it is told. The first test is the kiosk's start-up: the preload's bridge
 * says "connected" inside start(), before any answer, and the launcher must still fill.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AppRunner, AppServices } from '../../../../renderer/common/headUnitController.js';
import { earconFor, HeadUnitController, IDLE_AFTER_HOME_MS } from '../../../../renderer/common/headUnitController.js';
import type { RunningApp } from '../../../../renderer/common/headUnitState.js';
import { createHeadUnitState } from '../../../../renderer/common/headUnitState.js';
import { BridgeTransport } from '../../../../renderer/common/protocolClient.js';
import type { Transport } from '../../../../renderer/common/protocolClient.js';
import type { GloveboxBridge } from '../../../../services/common/bridgeApi.js';
import type { ClientMessage, DrivingView, OpenedApp, ServerMessage } from '../../../../services/common/protocol.js';
import { STRICTEST_SCREEN } from '../../../../safety/common/screenRules.js';

const APPS = [
  { id: 'com.a', name: 'A', version: '1.0.0', category: 'charging' },
  { id: 'com.b', name: 'B', version: '1.0.0', category: 'food' },
];
const opened = (id: string): OpenedApp => ({ id, name: id, dialect: 'wechat', category: 'charging', logicUrl: `/apps/${id}/logic.js` }) as unknown as OpenedApp;

/** Services as the bridge sees them: answers each request by channel; events pushed by the test. */
function fakeBridge(answers: Partial<Record<string, (params: Record<string, unknown>) => unknown>> = {}) {
  const sent: ClientMessage[] = [];
  let listener: ((message: ServerMessage) => void) | undefined;
  const bridge: GloveboxBridge = {
    logicBase: 'miniapp://bundles',
    request: (message) => {
      sent.push(message);
      const answer = answers[message.channel];
      if (!answer) return Promise.reject(new Error(`no answer for ${message.channel}`));
      return Promise.resolve({ id: message.id, result: { ok: true, value: answer(message.params as Record<string, unknown>) } } as ServerMessage);
    },
    onEvent: (next) => {
      listener = next;
      return () => (listener = undefined);
    },
  };
  return { bridge, sent, push: (event: string, payload: unknown) => listener?.({ event, payload } as ServerMessage) };
}

interface Host extends RunningApp {
  readonly intents: unknown[];
  readonly answers: boolean[];
}

function recordingRunner(calls: string[]) {
  let services: AppServices | undefined;
  const running = new Set<string>();
  const make = (given: AppServices): AppRunner<Host> => {
    services = given;
    return {
      open: (app, entry) => {
        calls.push(`open ${app.id}${entry ? ` ${JSON.stringify(entry)}` : ''}`);
        running.add(app.id);
        const intents: unknown[] = [];
        const answers: boolean[] = [];
        return { app, intents, answers, deliverIntent: (intent) => intents.push(intent), voiceAnswer: (accepted) => void answers.push(accepted) };
      },
      close: (id) => void (calls.push(`close ${id}`), running.delete(id)),
      home: () => void calls.push('home'),
      isRunning: (id) => running.has(id),
      pushVehicle: (changes) => void calls.push(`vehicle ${Object.keys(changes).join(',')}`),
      pushDriving: (driving) => void calls.push(`driving ${driving.state}`),
      nextColdStart: () => 'com.b',
      bundleUrl: (app) => `miniapp://bundles${app.logicUrl}`,
    };
  };
  return { make, services: () => services as AppServices };
}

/** A test's clock: `later` work runs when the test says. */
function manualClock() {
  const queue: { readonly work: () => void; readonly ms: number }[] = [];
  return {
    later: (work: () => void, ms: number) => void queue.push({ work, ms }),
    runAll: () => {
      for (const { work } of queue.splice(0)) work();
    },
    pending: () => queue.map((entry) => entry.ms),
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const driving = (state: DrivingView['state'], band: string | null = null): DrivingView => ({ state, band, reason: '', flags: [], screen: STRICTEST_SCREEN, byCategory: {} });

function setUp(options: { startApp?: string | null; prime?: boolean; answers?: Partial<Record<string, (params: Record<string, unknown>) => unknown>> } = {}) {
  const services = fakeBridge({ 'app:list': () => APPS, 'app:open': (params) => opened(String(params['id'])), ...options.answers });
  const calls: string[] = [];
  const runner = recordingRunner(calls);
  const clock = manualClock();
  const store = createHeadUnitState<Host>();
  const replies: (string | null)[] = [];
  const primed: string[] = [];
  const controller = new HeadUnitController<Host>({
    transport: new BridgeTransport(services.bridge),
    store,
    runner: runner.make,
    later: clock.later,
    playReply: (wav) => void replies.push(wav),
    primeContainer: (bundleUrl) => void primed.push(bundleUrl),
    ...(options.startApp === undefined ? {} : { startApp: options.startApp }),
    ...(options.prime === undefined ? {} : { prime: options.prime }),
  });
  return { controller, services, calls, runner, clock, store, replies, primed };
}

describe('HeadUnitController', () => {
  test('the kiosk start-up: the bridge connects inside start(), and the launcher fills with the listed apps', async () => {
    const { controller, services, store } = setUp();
    assert.equal(store.getState().connected, false);
    controller.start();
    assert.equal(store.getState().connected, true);
    await settle();
    assert.deepStrictEqual(store.getState().apps, APPS);
    // Each app's views are fetched ahead of a tap.
    assert.deepStrictEqual(services.sent.map((message) => [message.channel, message.params]), [['app:list', {}], ['app:open', { id: 'com.a' }], ['app:open', { id: 'com.b' }]]);
  });

  test('a request before start() fails at once instead of waiting for ever', async () => {
    const { controller, services } = setUp();
    assert.deepStrictEqual(await controller.client.request('app:list', {}), { ok: false, error: { message: 'not connected to services' } });
    assert.deepStrictEqual(services.sent, []);
  });

  test('an app named at start opens once the launcher has it, and only then', async () => {
    const { controller, calls, store } = setUp({ startApp: 'com.b' });
    controller.start();
    await settle();
    assert.deepStrictEqual(calls, ['open com.b']);
    assert.equal(store.getState().openApp?.app.id, 'com.b');
    const missing = setUp({ startApp: 'com.gone' });
    missing.controller.start();
    await settle();
    assert.deepStrictEqual([missing.calls, missing.store.getState().openApp], [[], null]);
  });

  test('a tap opens the app with the views fetched ahead; the next open fetches fresh ones', async () => {
    const { controller, services, calls, store } = setUp();
    controller.start();
    await settle();
    const before = services.sent.length;
    await controller.openApp('com.a');
    assert.equal(services.sent.length, before, 'the prepared views are used');
    assert.deepStrictEqual([calls, store.getState().openApp?.app.id], [['open com.a'], 'com.a']);
    await controller.openApp('com.a');
    assert.deepStrictEqual(services.sent.slice(before).map((message) => message.channel), ['app:open']);
  });

  test('services launch an app on a page with a voice intent; the intent reaches the running app', async () => {
    const { controller, services, calls, store } = setUp();
    controller.start();
    await settle();
    services.push('app:launch', { appId: 'com.a', page: 'pages/map/map', query: { to: 'work' }, intent: { name: 'navigate', slots: { place: 'work' } } });
    await settle();
    assert.deepStrictEqual(calls, ['open com.a {"page":"pages/map/map","query":{"to":"work"}}']);
    assert.deepStrictEqual(store.getState().openApp?.intents, [{ name: 'navigate', slots: { place: 'work' } }]);
    services.push('voice:answer', { accepted: true });
    assert.deepStrictEqual(store.getState().openApp?.answers, [true]);
  });

  test('a rebuilt app on screen is closed and opened again; one in the background is only forgotten', async () => {
    const { controller, services, calls, store } = setUp();
    controller.start();
    await settle();
    await controller.openApp('com.a');
    services.push('app:installed', { appId: 'com.a' });
    assert.equal(store.getState().openApp, null);
    await settle();
    await settle();
    assert.deepStrictEqual(calls, ['open com.a', 'close com.a', 'open com.a']);
    services.push('app:installed', { appId: 'com.b' });
    await settle();
    assert.deepStrictEqual(calls.slice(3), ['close com.b']);
    assert.equal(store.getState().openApp?.app.id, 'com.a');
  });

  test('driving reaches the store every time and the apps only when the state or band changes', async () => {
    const { controller, services, calls, store } = setUp();
    controller.start();
    await settle();
    services.push('safety:driving', driving('PARKED'));
    services.push('safety:driving', { ...driving('PARKED'), reason: 'again' });
    services.push('safety:driving', driving('MOVING', 'low'));
    services.push('safety:driving', driving('MOVING', 'high'));
    services.push('vehicle:changes', { 'Vehicle.Speed': { value: 50, valid: true } });
    assert.deepStrictEqual(calls, ['driving PARKED', 'driving MOVING', 'driving MOVING', 'vehicle Vehicle.Speed']);
    assert.deepStrictEqual([store.getState().driving?.band, store.getState().signals['Vehicle.Speed']], ['high', { value: 50, valid: true }]);
  });

  test('home: the runner goes home at once; when idle the app left is prepared again and the next cold start primed', async () => {
    const { controller, services, calls, store, clock, primed } = setUp();
    controller.start();
    await settle();
    await controller.openApp('com.a');
    services.push('system:home', {});
    assert.deepStrictEqual([calls, store.getState().openApp], [['open com.a', 'home'], null]);
    assert.deepStrictEqual(clock.pending(), [IDLE_AFTER_HOME_MS]);
    const before = services.sent.length;
    clock.runAll();
    await settle();
    // com.a ran, so its views are fetched again; com.b's prepared views are still fresh.
    assert.deepStrictEqual(services.sent.slice(before).map((message) => message.params), [{ id: 'com.a' }]);
    assert.deepStrictEqual(primed, ['miniapp://bundles/apps/com.b/logic.js']);
    const unprimed = setUp({ prime: false });
    unprimed.controller.start();
    await settle();
    unprimed.controller.goHome();
    unprimed.clock.runAll();
    await settle();
    assert.deepStrictEqual(unprimed.primed, []);
  });

  test("an app's call that services cannot answer fails with the call's name, never silently", async () => {
    const { controller, runner } = setUp();
    controller.start();
    await settle();
    assert.deepStrictEqual(await runner.services().callApi('com.a', 'wx.request', {}), { ok: false, value: { errMsg: 'request:fail no answer for app:call' } });
    assert.deepStrictEqual(await runner.services().answer('com.a', 't1', true), { ok: false, value: { errMsg: 'fail no answer for app:answer' } });
  });

  test('a spoken reply is played, and an empty one stops the last', async () => {
    const { controller, services, replies } = setUp();
    controller.start();
    services.push('voice:speak', { text: 'Sorry', wav: 'UklGRg==' });
    services.push('voice:speak', { text: '', wav: null });
    assert.deepStrictEqual(replies, ['UklGRg==', null]);
  });

  test('a lost connection fails what was waiting, and the store says disconnected', async () => {
    const waiting: ((message: ServerMessage) => void)[] = [];
    let connection: ((connected: boolean) => void) | undefined;
    const transport: Transport = {
      start: (deliver, connected) => {
        waiting.push(deliver);
        connection = connected;
      },
      send: () => true,
      close: () => undefined,
    };
    const store = createHeadUnitState<Host>();
    const controller = new HeadUnitController<Host>({ transport, store, runner: recordingRunner([]).make, later: () => undefined }).start();
    const pending = controller.client.request('app:list', {});
    connection?.(false);
    assert.deepStrictEqual(await pending, { ok: false, error: { message: 'disconnected from services' } });
    assert.equal(store.getState().connected, false);
  });
});

describe('earcons', () => {
  test('each turn is heard to start listening, to think and to end; nothing sounds for no change', () => {
    assert.deepStrictEqual(
      [earconFor('idle', 'listening'), earconFor('listening', 'thinking'), earconFor('thinking', 'speaking'), earconFor('speaking', 'idle'), earconFor('thinking', 'idle'), earconFor('idle', 'idle'), earconFor('speaking', 'listening')],
      ['listening', 'thinking', undefined, 'done', 'done', undefined, 'listening'],
    );
  });
});
