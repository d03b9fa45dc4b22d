import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { CallAnswer } from '../../../../../services/common/protocol.js';
import { ApiFailure } from '../../../../../services/node/apps/apiFailure.js';
import type { BridgeApp, BridgeEnvironment, LaunchRequest } from '../../../../../services/node/apps/bridge.js';
import { NavigationRegistry, SIMULATED_EV_PROFILE } from '../../../../../services/node/apps/routeState.js';
import { AppBridge, STORAGE_QUOTA_BYTES, systemInfo } from '../../../../../services/node/apps/bridge.js';
import { Storage } from '../../../../../services/node/storage/database.js';
import { nonPublicReason, type Resolver } from '../../../../../services/node/apps/destinations.js';
import { decide } from '../../../../../safety/common/decisions.js';
import { EU_ESOP } from '../../../../../safety/common/presets.js';
import { FULLY_RESTRICTED, UNRESTRICTED } from '../../../../../safety/common/restrictions.js';

const WECHAT: BridgeApp = {
  id: 'com.example.charging',
  name: 'Charge Finder',
  dialect: 'wechat',
  category: 'ev_charging',
  vehicleSignals: ['Vehicle.Speed'],
  requestDomains: ['https://api.charging.example'],
  permissions: { 'scope.userLocation': 'to find chargers on your range' },
};
const ALIPAY: BridgeApp = { id: 'com.example.food', name: 'Food', dialect: 'alipay', category: 'food_ordering', vehicleSignals: [], requestDomains: [], permissions: {} };

/** A bridge on an in-memory database; `state` is the driving state it sees (MOVING unless changed). */
function bridge(options: { localBackends?: ReadonlyMap<string, string>; resolver?: Resolver; state?: () => string; noNavigationApp?: boolean; language?: string } = {}) {
  const launched: LaunchRequest[] = [];
  const navigation = new NavigationRegistry();
  const storage = new Storage(':memory:');
  const signals: Record<string, { value: unknown; valid: boolean }> = {
    'Vehicle.Speed': { value: 36, valid: true },
    'Vehicle.CurrentLocation.Latitude': { value: 48.1, valid: true },
    'Vehicle.CurrentLocation.Longitude': { value: 11.5, valid: true },
  };
  const state = options.state ?? (() => 'MOVING');
  const environment: BridgeEnvironment = {
    signal: (path) => signals[path],
    driving: () => ({ state: state(), band: state() === 'MOVING' ? 'MEDIUM' : null, flags: state() === 'MOVING' ? ['NO_VIDEO'] : [] }),
    decide: (_app, action, context) =>
      decide(state() === 'PARKED' ? UNRESTRICTED : FULLY_RESTRICTED, { state: state() as 'PARKED', band: null, since: 0, reason: 'test' }, action, context, EU_ESOP.payments),
    screen: { width: 1920, height: 720 },
    ...(options.language ? { language: options.language } : {}),
    network: { localBackends: options.localBackends ?? new Map(), ...(options.resolver ? { resolver: options.resolver } : {}) },
    profile: SIMULATED_EV_PROFILE,
    navigation,
    launch: (request) => {
      if (request.category === 'navigation' && options.noNavigationApp) throw new ApiFailure('no navigation app is installed', 2);
      launched.push(request);
      return 'com.glovebox.navigation';
    },
  };
  return { b: new AppBridge(storage, environment, () => 1000), signals, launched, navigation };
}

/** The answer of a call that must not wait. */
function now(outcome: CallAnswer | Promise<CallAnswer>): CallAnswer {
  assert.ok(!(outcome instanceof Promise), 'answered at once');
  return outcome;
}

describe('app bridge', () => {
  test('storage round trip in each platform’s convention', () => {
    const { b } = bridge();
    assert.deepStrictEqual(
      [
        b.call(WECHAT, 'wx.setStorage', { key: 'cart', data: { items: [1, 2] } }),
        b.call(WECHAT, 'wx.getStorage', { key: 'cart' }),
        b.call(WECHAT, 'wx.getStorage', { key: 'missing' }),
        b.call(ALIPAY, 'my.getStorage', { key: 'cart' }),
        b.call(ALIPAY, 'my.setStorage', { data: 1 }),
      ],
      [
        { ok: true, value: { errMsg: 'setStorage:ok' } },
        { ok: true, value: { errMsg: 'getStorage:ok', data: { items: [1, 2] } } },
        { ok: false, value: { errMsg: 'getStorage:fail data not found' } },
        { ok: false, value: { error: 11, errorMessage: 'data not found' } },
        { ok: false, value: { error: 2, errorMessage: 'key must be a non-empty string' } },
      ],
    );
  });

  test('one app never sees another’s storage; quotas per key and per app', () => {
    const { b } = bridge();
    b.call(WECHAT, 'wx.setStorage', { key: 'secret', data: 'token' });
    const big = 'x'.repeat(900 * 1024);
    const results = [now(b.call(ALIPAY, 'my.getStorage', { key: 'secret' })).ok, now(b.call(WECHAT, 'wx.setStorage', { key: 'huge', data: 'x'.repeat(1024 * 1024) })).value];
    for (let index = 0; index < 11; index += 1) b.call(WECHAT, 'wx.setStorage', { key: `chunk${index}`, data: big });
    const info = now(b.call(WECHAT, 'wx.getStorageInfo', {})).value as { currentSize: number; limitSize: number; keys: string[] };
    assert.deepStrictEqual(results, [false, { errMsg: 'setStorage:fail entry size limit exceeded: 1048582 bytes for one key, at most 1048576' }]);
    assert.ok(info.currentSize * 1024 <= STORAGE_QUOTA_BYTES, `${info.currentSize} KB stored`);
    assert.equal(info.keys.length, 12, 'the eleventh chunk was refused, the rest kept');
  });

  test('car.*: the driving state, and only the vehicle signals the app declared (also for change events)', () => {
    const { b } = bridge();
    assert.deepStrictEqual(
      [
        b.call(WECHAT, 'car.getDrivingState', {}),
        b.call(WECHAT, 'car.getVehicleState', {}),
        b.call(WECHAT, 'car.getVehicleState', { signals: ['Vehicle.CurrentLocation.Latitude'] }),
        b.call(WECHAT, 'car.onVehicleStateChange', {}),
        b.call(WECHAT, 'car.onVehicleStateChange', { signals: ['Vehicle.Powertrain.TractionBattery.StateOfCharge.Current'] }),
      ],
      [
        { ok: true, value: { state: 'MOVING', band: 'MEDIUM', flags: ['NO_VIDEO'] } },
        { ok: true, value: { 'Vehicle.Speed': 36 } },
        { ok: false, value: { errMsg: 'getVehicleState:fail permission denied: Vehicle.CurrentLocation.Latitude not declared in app.json car.vehicleSignals' } },
        { ok: true, value: { signals: ['Vehicle.Speed'] } },
        { ok: false, value: { errMsg: 'onVehicleStateChange:fail permission denied: Vehicle.Powertrain.TractionBattery.StateOfCharge.Current not declared in app.json car.vehicleSignals' } },
      ],
    );
  });

  test('what is not offered says so by name; the other platform’s namespace is refused', () => {
    const { b } = bridge();
    assert.deepStrictEqual(
      [b.call(WECHAT, 'wx.createWebAudioContext', {}), b.call(ALIPAY, 'wx.getStorage', { key: 'a' }), (now(b.call(WECHAT, 'wx.getSystemInfo', {})).value as { platform: string }).platform, b.call(WECHAT, 'wx.login', {})],
      [
        { ok: false, value: { errMsg: 'createWebAudioContext:fail wx.createWebAudioContext is not supported on Glovebox' } },
        { ok: false, value: { error: 1, errorMessage: 'wx.* is not available to a alipay app' } },
        'glovebox',
        { ok: false, value: { errMsg: 'login:fail wx.login is not available on this head unit (it needs a phone\'s account, camera, dialler or radios); carry on without it' } },
      ],
    );
  });

  test('a phone design is told the phone-sized window it is laid out in (ADR 0008); a car design the screen', () => {
    const environment = { screen: { width: 1920, height: 720, phoneScale: 2 }, language: 'de-DE' };
    const phone = systemInfo({ design: 'phone' }, environment);
    assert.deepStrictEqual([phone['windowWidth'], phone['windowHeight'], phone['pixelRatio'], phone['language']], [960, 360, 2, 'de-DE']);
    const car = systemInfo({}, environment);
    assert.deepStrictEqual([car['windowWidth'], car['windowHeight'], car['pixelRatio']], [1920, 720, 1]);
  });

  test('location: declared scope, asked once when parked (remembered, revocable), never asked while moving', async () => {
    let state = 'MOVING';
    const { b, signals } = bridge({ state: () => state });
    assert.deepStrictEqual(now(b.call(ALIPAY, 'my.getLocation', {})), { ok: false, value: { error: 2001, errorMessage: 'scope.userLocation is not declared in app.json permission (with a desc saying why)' } });
    assert.deepStrictEqual(now(b.call(WECHAT, 'wx.getLocation', {})), { ok: false, value: { errMsg: 'getLocation:fail auth deny: your location is asked for only when parked' } });
    state = 'PARKED';
    const asked = now(b.call(WECHAT, 'wx.getLocation', { type: 'wgs84' }));
    assert.equal(asked.prompt?.kind, 'permission');
    assert.deepStrictEqual(asked.prompt?.kind === 'permission' && [asked.prompt.title, asked.prompt.desc], ['Allow Charge Finder to use your location?', 'to find chargers on your range']);
    assert.throws(() => b.answer('com.example.food', asked.prompt?.token ?? '', true), /no open prompt/, 'another app cannot answer it');
    assert.deepStrictEqual(await b.answer(WECHAT.id, asked.prompt?.token ?? '', true), { ok: true, value: { errMsg: 'getLocation:ok', latitude: 48.1, longitude: 11.5, speed: 10, accuracy: 10, horizontalAccuracy: 10, altitude: 0, verticalAccuracy: 0 } });
    state = 'MOVING';
    assert.equal(now(b.call(WECHAT, 'wx.getLocation', {})).ok, true, 'remembered: no prompt while moving');
    assert.deepStrictEqual(now(b.call(WECHAT, 'wx.getSetting', {})).value, { errMsg: 'getSetting:ok', authSetting: { 'scope.userLocation': true } });
    signals['Vehicle.CurrentLocation.Latitude'] = { value: 48.1, valid: false };
    assert.deepStrictEqual(now(b.call(WECHAT, 'wx.getLocation', {})), { ok: false, value: { errMsg: 'getLocation:fail location unavailable: the vehicle has no valid position fix (Charge Finder may try again)' } });
    assert.equal(b.consent.revoke(WECHAT.id, 'scope.userLocation'), true);
    state = 'PARKED';
    const again = now(b.call(WECHAT, 'wx.authorize', { scope: 'scope.userLocation' }));
    assert.deepStrictEqual(await b.answer(WECHAT.id, again.prompt?.token ?? '', false), { ok: false, value: { errMsg: 'authorize:fail auth deny' } });
    assert.deepStrictEqual(now(b.call(WECHAT, 'wx.getLocation', {})), { ok: false, value: { errMsg: 'getLocation:fail auth deny' } }, 'a no is remembered too');
  });

  test('navigation: only a navigation app sets the route; others read it with the location permission; openLocation opens the navigation app', async () => {
    const NAVIGATOR: BridgeApp = { ...WECHAT, id: 'com.glovebox.navigation', name: 'Navigation', category: 'navigation' };
    const { b, launched, navigation } = bridge({ state: () => 'PARKED' });
    const route = { destination: { name: 'Central Station', latitude: 48.14, longitude: 11.56 }, etaSeconds: 600, remainingMeters: 4200, polyline: [[48.13, 11.57], [48.14, 11.56]] };
    assert.deepStrictEqual(now(b.call(WECHAT, 'car.setNavigationState', route)), { ok: false, value: { errMsg: 'setNavigationState:fail car.setNavigationState is for navigation apps (category navigation)' } });
    assert.equal(now(b.call(NAVIGATOR, 'car.setNavigationState', route)).ok, true);
    assert.deepStrictEqual(navigation.state?.arrivalMs, 1000 + 600_000);
    assert.deepStrictEqual(now(b.call(NAVIGATOR, 'car.setNavigationState', { ...route, polyline: [[95, 0]] })), { ok: false, value: { errMsg: 'setNavigationState:fail polyline[0] must be [latitude, longitude]' } });
    // Reading where the driver is going asks for the location permission first.
    const asked = now(b.call(WECHAT, 'car.getNavigationState', {}));
    assert.equal(asked.prompt?.kind, 'permission');
    const answer = await b.answer(WECHAT.id, asked.prompt?.token ?? '', true);
    assert.deepStrictEqual(answer.value, { active: true, destination: route.destination, arrivalTime: 601_000, remainingMeters: 4200, polyline: route.polyline, chargingStop: null });
    assert.equal(now(b.call(WECHAT, 'car.clearNavigationState', {})).ok, true);
    assert.ok(navigation.state, 'only the app that set the route clears it');
    now(b.call(NAVIGATOR, 'car.clearNavigationState', {}));
    assert.deepStrictEqual(now(b.call(WECHAT, 'car.getNavigationState', {})).value, { active: false });
    assert.deepStrictEqual(now(b.call(WECHAT, 'wx.openLocation', { latitude: 48.14, longitude: 11.56, name: 'Charger 7' })).value, { errMsg: 'openLocation:ok', appId: 'com.glovebox.navigation' });
    assert.deepStrictEqual(launched, [{ category: 'navigation', except: WECHAT.id, query: { latitude: '48.14', longitude: '11.56', name: 'Charger 7', address: '' } }]);
    assert.deepStrictEqual(now(bridge({ noNavigationApp: true }).b.call(WECHAT, 'wx.openLocation', { latitude: 48.14, longitude: 11.56 })).value, { errMsg: 'openLocation:fail no navigation app is installed' });
    assert.deepStrictEqual(now(b.call(WECHAT, 'car.getVehicleProfile', {})).value, SIMULATED_EV_PROFILE);
  });

  test('the vehicle position signals are the driver’s location: they need the location permission too', async () => {
    const MAPPER: BridgeApp = { ...WECHAT, vehicleSignals: ['Vehicle.Speed', 'Vehicle.CurrentLocation.Latitude'] };
    let state = 'MOVING';
    const { b } = bridge({ state: () => state });
    assert.deepStrictEqual(now(b.call(MAPPER, 'car.getVehicleState', { signals: ['Vehicle.Speed'] })).ok, true, 'speed alone needs no permission');
    assert.deepStrictEqual(now(b.call(MAPPER, 'car.getVehicleState', {})), { ok: false, value: { errMsg: 'getVehicleState:fail auth deny: your location is asked for only when parked' } });
    state = 'PARKED';
    const asked = now(b.call(MAPPER, 'car.onVehicleStateChange', {}));
    assert.equal(asked.prompt?.kind, 'permission');
    assert.deepStrictEqual((await b.answer(MAPPER.id, asked.prompt?.token ?? '', true)).value, { signals: ['Vehicle.Speed', 'Vehicle.CurrentLocation.Latitude'] });
  });

  test('payments: the policy’s modality, the driver’s yes, one payment per idempotency key; while moving a voice read-back', async () => {
    let state = 'PARKED';
    const { b } = bridge({ state: () => state });
    const order = { package: 'prepay_id=order-1', description: 'Falafel wrap', amount: { total: 1250, currency: 'EUR' } };
    assert.deepStrictEqual(now(b.call(WECHAT, 'wx.requestPayment', { package: 'x' })).value, { errMsg: 'requestPayment:fail Glovebox needs amount { total: minor units > 0, currency: ISO 4217 } and a description to confirm a payment' });
    const parked = now(b.call(WECHAT, 'wx.requestPayment', order));
    assert.deepStrictEqual(parked.prompt && { ...parked.prompt, token: 'T' }, { kind: 'payment', modality: 'touch', title: 'Pay €12.50 to Charge Finder?', readBack: '€12.50, Falafel wrap', timeoutMs: 0, token: 'T' });
    // The amount is written as the head unit's language writes money (the OEM config's locale).
    const german = now(bridge({ state: () => 'PARKED', language: 'de-DE' }).b.call(WECHAT, 'wx.requestPayment', order));
    assert.equal(german.prompt?.kind === 'payment' ? german.prompt.readBack : undefined, '12,50\u00a0€, Falafel wrap');
    assert.deepStrictEqual(await b.answer(WECHAT.id, parked.prompt?.token ?? '', true), { ok: true, value: { errMsg: 'requestPayment:ok', amount: 1250, currency: 'EUR' } });
    assert.throws(() => b.answer(WECHAT.id, parked.prompt?.token ?? '', true), /no open prompt/, 'a prompt is answered once');
    // A retry of the same order (a lost answer, a power cut) is paid already: no prompt, no second payment.
    assert.deepStrictEqual(now(b.call(WECHAT, 'wx.requestPayment', order)), { ok: true, value: { errMsg: 'requestPayment:ok', amount: 1250, currency: 'EUR' } });
    state = 'MOVING';
    const moving = now(b.call(WECHAT, 'wx.requestPayment', { ...order, package: 'prepay_id=order-2' }));
    assert.deepStrictEqual(moving.prompt?.kind === 'payment' && [moving.prompt.modality, moving.prompt.timeoutMs], ['voice-confirm', EU_ESOP.payments.confirmTimeoutMs]);
    assert.deepStrictEqual(await b.answer(WECHAT.id, moving.prompt?.token ?? '', false), { ok: false, value: { errMsg: 'requestPayment:fail cancel' } });
    const alipay = now(b.call(ALIPAY, 'my.tradePay', { tradeNO: 'T-9', description: 'Pickup', amount: { total: 800, currency: 'EUR' } }));
    assert.deepStrictEqual(await b.answer(ALIPAY.id, alipay.prompt?.token ?? '', false), { ok: true, value: { resultCode: '6001' } });
  });

  test('decided when the answer lands: a touch yes given after the car moved pays nothing and grants nothing', async () => {
    let state = 'PARKED';
    const { b } = bridge({ state: () => state });
    const order = { package: 'prepay_id=late-1', description: 'Falafel wrap', amount: { total: 1250, currency: 'EUR' } };
    const pay = now(b.call(WECHAT, 'wx.requestPayment', order));
    const allow = now(b.call(WECHAT, 'wx.authorize', { scope: 'scope.userLocation' }));
    assert.deepStrictEqual([pay.prompt?.kind, allow.prompt?.kind], ['payment', 'permission']);
    state = 'MOVING';
    assert.deepStrictEqual(await b.answer(WECHAT.id, pay.prompt?.token ?? '', true), {
      ok: false,
      value: { errMsg: 'requestPayment:fail payment refused: the driving state changed before it was confirmed (not parked (moving): stored method only, confirm by voice)' },
    });
    assert.deepStrictEqual(await b.answer(WECHAT.id, allow.prompt?.token ?? '', true), { ok: false, value: { errMsg: 'authorize:fail auth deny: the car moved before your location was allowed; ask again when parked' } });
    assert.deepStrictEqual(now(b.call(WECHAT, 'wx.getSetting', {})).value, { errMsg: 'getSetting:ok', authSetting: {} }, 'nothing was decided');
    state = 'PARKED';
    const again = now(b.call(WECHAT, 'wx.requestPayment', order));
    assert.equal(again.prompt?.kind, 'payment', 'not paid: asked again, and paid once when the yes lands parked');
    assert.equal((await b.answer(WECHAT.id, again.prompt?.token ?? '', true)).ok, true);
  });

  test('scopes come from a fixed list: a prototype key is not a scope, an app cannot name one into its permissions', () => {
    const { b } = bridge({ state: () => 'PARKED' });
    const TRICKY: BridgeApp = { ...WECHAT, permissions: JSON.parse('{"__proto__": {"scope.userLocation": "inherited"}}') as Record<string, string> };
    for (const scope of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      assert.deepStrictEqual(now(b.call(WECHAT, 'wx.authorize', { scope })), { ok: false, value: { errMsg: `authorize:fail scope ${scope} is not supported on Glovebox (scope.userLocation)` } });
    }
    assert.deepStrictEqual(now(b.call(TRICKY, 'wx.authorize', { scope: 'scope.userLocation' })), { ok: false, value: { errMsg: 'authorize:fail scope.userLocation is not declared in app.json permission (with a desc saying why)' } });
  });

  test('destinations: loopback, private, link-local, CGNAT, multicast and IPv4 inside IPv6 are not public', () => {
    const refused = ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '64:ff9b::a00:1', 'not-an-ip'];
    assert.deepStrictEqual(refused.filter((address) => nonPublicReason(address) === null), []);
    assert.deepStrictEqual(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'].map(nonPublicReason), [null, null, null, null]);
  });

  describe('request', () => {
    let backend: ReturnType<typeof createServer>;
    let origin = '';
    const seen: string[] = [];
    before(async () => {
      backend = createServer((request, response) => {
        seen.push(`${request.method} ${request.url} ${request.headers['referer'] ?? '-'} ${request.headers['x-app'] ?? '-'}`);
        if (request.url?.startsWith('/slow')) return void setTimeout(() => response.end('late'), 500);
        if (request.url?.startsWith('/away')) return void response.writeHead(302, { location: 'https://elsewhere.example/' }).end();
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => response.writeHead(201, { 'content-type': 'application/json', 'x-served': 'local' }).end(JSON.stringify({ echo: body || null })));
      });
      await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    });
    after(() => backend.close());

    test('only listed https origins; the development map sends them to the local backend; no redirects followed', async () => {
      const { b } = bridge({ localBackends: new Map([['https://api.charging.example', origin]]) });
      const answer = await b.call(WECHAT, 'wx.request', { url: 'https://api.charging.example/chargers?near=1', method: 'POST', data: { soc: 40 }, header: { 'x-app': 'yes', referer: 'forged' } });
      assert.deepStrictEqual([answer.ok, (answer.value as { statusCode: number }).statusCode, (answer.value as { data: unknown }).data, (answer.value as { header: Record<string, string> }).header['x-served']], [true, 201, { echo: '{"soc":40}' }, 'local']);
      assert.deepStrictEqual(seen.at(-1), 'POST /chargers?near=1 - yes', 'a referer cannot be forged');
      const get = await b.call(WECHAT, 'wx.request', { url: 'https://api.charging.example/q', data: { a: 1, b: 'x y' } });
      assert.equal(seen.at(-1), 'GET /q?a=1&b=x%20y - -');
      assert.equal((get.value as { data: unknown }).data && true, true);
      assert.deepStrictEqual(
        await Promise.all([
          b.call(WECHAT, 'wx.request', { url: 'https://evil.example/steal' }),
          b.call(WECHAT, 'wx.request', { url: `${origin}/direct` }),
          b.call(WECHAT, 'wx.request', { url: 'https://api.charging.example/away' }),
        ]).then((answers) => answers.map((outcome) => (outcome.ok ? (outcome.value as { statusCode: number }).statusCode : (outcome.value as { errMsg: string }).errMsg))),
        [
          'request:fail url not in domain list: https://evil.example is not in app.json car.requestDomains (https://api.charging.example)',
          'request:fail url http://127.0.0.1:' + origin.split(':')[2] + '/direct: only https is allowed',
          302,
        ],
      );
    });

    test('a listed name that resolves to a local or private address is refused at connect time (no SSRF through DNS)', async () => {
      const answers: Record<string, readonly string[]> = { 'api.charging.example': ['127.0.0.1'] };
      const resolver: Resolver = (host) => Promise.resolve(answers[host] ?? []);
      const { b } = bridge({ resolver });
      const errMsg = async (url: string) => ((await b.call(WECHAT, 'wx.request', { url })).value as { errMsg: string }).errMsg;
      assert.equal(await errMsg('https://api.charging.example/admin'), 'request:fail url https://api.charging.example refused: api.charging.example resolves to 127.0.0.1: 127.0.0.1 is not a public address; apps may reach public servers only');
      for (const addresses of [['169.254.169.254'], ['10.0.0.7'], ['::ffff:127.0.0.1'], ['93.184.216.34', '192.168.0.1']]) {
        answers['api.charging.example'] = addresses;
        assert.match(await errMsg('https://api.charging.example/'), /refused: .* is not a public address; apps may reach public servers only$/, addresses.join());
      }
      const LITERAL: BridgeApp = { ...WECHAT, requestDomains: ['https://127.0.0.1', 'https://[::1]'] };
      for (const url of ['https://127.0.0.1/', 'https://[::1]/']) {
        assert.match(((await b.call(LITERAL, 'wx.request', { url })).value as { errMsg: string }).errMsg, /is not a public address/, url);
      }
    });

    test('an app published without a car block may reach any public origin, never a private one', async () => {
      const answers: Record<string, readonly string[]> = { 'intranet.example': ['10.1.2.3'] };
      const { b } = bridge({ resolver: (host) => Promise.resolve(answers[host] ?? []) });
      const PUBLISHED: BridgeApp = { ...WECHAT, requestDomains: 'any-public' };
      const errMsg = async (url: string) => ((await b.call(PUBLISHED, 'wx.request', { url })).value as { errMsg: string }).errMsg;
      assert.match(await errMsg('https://intranet.example/'), /10\.1\.2\.3 is not a public address/);
      assert.match(await errMsg('https://127.0.0.1/'), /is not a public address/);
      assert.match(await errMsg('http://api.example/'), /only https is allowed/);
    });

    test('a timeout, and at most ten requests in flight per app', async () => {
      const { b } = bridge({ localBackends: new Map([['https://api.charging.example', origin]]) });
      assert.deepStrictEqual(await b.call(WECHAT, 'wx.request', { url: 'https://api.charging.example/slow', timeout: 50 }), { ok: false, value: { errMsg: 'request:fail timeout after 50 ms' } });
      const eleven = await Promise.all(Array.from({ length: 11 }, () => b.call(WECHAT, 'wx.request', { url: 'https://api.charging.example/slow' })));
      assert.deepStrictEqual(eleven.filter((outcome) => !outcome.ok).map((outcome) => outcome.value), [{ errMsg: 'request:fail too many requests: at most 10 at a time per app' }]);
    });
  });
});
