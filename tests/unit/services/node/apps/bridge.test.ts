import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BridgeApp } from '../../../../../services/node/apps/bridge.js';
import { AppBridge, STORAGE_QUOTA_BYTES } from '../../../../../services/node/apps/bridge.js';
import { Storage } from '../../../../../services/node/storage/database.js';

const WECHAT: BridgeApp = { id: 'com.example.charging', dialect: 'wechat', vehicleSignals: ['Vehicle.Speed'] };
const ALIPAY: BridgeApp = { id: 'com.example.food', dialect: 'alipay', vehicleSignals: [] };

function bridge() {
  const storage = new Storage(':memory:');
  const signals: Record<string, { value: unknown; valid: boolean }> = { 'Vehicle.Speed': { value: 42, valid: true }, 'Vehicle.CurrentLocation.Latitude': { value: 48.1, valid: true } };
  return new AppBridge(storage, { signal: (path) => signals[path], driving: () => ({ state: 'MOVING', band: 'MEDIUM', flags: ['NO_VIDEO'] }), screen: { width: 1920, height: 720 } });
}

describe('app bridge', () => {
  test('storage round trip in each platform’s convention', () => {
    const b = bridge();
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
    const b = bridge();
    b.call(WECHAT, 'wx.setStorage', { key: 'secret', data: 'token' });
    const big = 'x'.repeat(900 * 1024);
    const results = [b.call(ALIPAY, 'my.getStorage', { key: 'secret' }).ok, b.call(WECHAT, 'wx.setStorage', { key: 'huge', data: 'x'.repeat(1024 * 1024) }).value];
    for (let index = 0; index < 11; index += 1) b.call(WECHAT, 'wx.setStorage', { key: `chunk${index}`, data: big });
    const info = b.call(WECHAT, 'wx.getStorageInfo', {}).value as { currentSize: number; limitSize: number; keys: string[] };
    assert.deepStrictEqual(results, [false, { errMsg: 'setStorage:fail entry size limit exceeded: 1048582 bytes for one key, at most 1048576' }]);
    assert.ok(info.currentSize * 1024 <= STORAGE_QUOTA_BYTES, `${info.currentSize} KB stored`);
    assert.equal(info.keys.length, 12, 'the eleventh chunk was refused, the rest kept');
  });

  test('car.*: the driving state, and only the vehicle signals the app declared', () => {
    const b = bridge();
    assert.deepStrictEqual(
      [b.call(WECHAT, 'car.getDrivingState', {}), b.call(WECHAT, 'car.getVehicleState', {}), b.call(WECHAT, 'car.getVehicleState', { signals: ['Vehicle.CurrentLocation.Latitude'] })],
      [
        { ok: true, value: { state: 'MOVING', band: 'MEDIUM', flags: ['NO_VIDEO'] } },
        { ok: true, value: { 'Vehicle.Speed': 42 } },
        { ok: false, value: { errMsg: 'getVehicleState:fail permission denied: Vehicle.CurrentLocation.Latitude not declared in app.json car.vehicleSignals' } },
      ],
    );
  });

  test('what is not offered says so by name; the other platform’s namespace is refused', () => {
    const b = bridge();
    assert.deepStrictEqual(
      [b.call(WECHAT, 'wx.scanCode', {}), b.call(ALIPAY, 'wx.getStorage', { key: 'a' }), (b.call(WECHAT, 'wx.getSystemInfo', {}).value as { platform: string }).platform],
      [{ ok: false, value: { errMsg: 'scanCode:fail wx.scanCode is not supported on Glovebox yet' } }, { ok: false, value: { error: 1, errorMessage: 'wx.* is not available to a alipay app' } }, 'glovebox'],
    );
  });
});
