/**
 * The services' side of the mini-app APIs: every wx.* / my.* / car.* call a running app makes
 * arrives here tagged by the host with the app's id (the app never states who it is), and is
 * answered here, in the app's own platform convention. What is not offered says so by name.
 */
import type { ApiOutcome, Dialect } from '../../../miniapps/runtime/common/logic/apiResult.js';
import { apiFailure, apiSuccess } from '../../../miniapps/runtime/common/logic/apiResult.js';
import type { Storage } from '../storage/database.js';
import { sql } from '../storage/sql.js';

export const STORAGE_QUOTA_BYTES = 10 * 1024 * 1024;
export const STORAGE_VALUE_LIMIT_BYTES = 1024 * 1024;

export type { Dialect };

/** What the bridge needs to know of an app: from its installed manifest. */
export interface BridgeApp {
  readonly id: string;
  readonly dialect: Dialect;
  readonly vehicleSignals: readonly string[];
}

/** What the bridge needs of the vehicle and the policy (the simulator or the car provides them). */
export interface BridgeEnvironment {
  readonly signal: (path: string) => { readonly value: unknown; readonly valid: boolean } | undefined;
  readonly driving: () => { readonly state: string; readonly band: string | null; readonly flags: readonly string[] };
  readonly screen: { readonly width: number; readonly height: number };
}

export type CallOutcome = ApiOutcome;

class ApiFailure extends Error {
  constructor(
    message: string,
    /** Alipay's numeric error code. */
    readonly code = 1,
  ) {
    super(message);
  }
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export class AppBridge {
  constructor(
    private readonly storage: Storage,
    private readonly environment: BridgeEnvironment,
  ) {}

  /** Answers one call. `name` is `wx.getStorage`, `my.setStorage`, `car.getDrivingState`… */
  call(app: BridgeApp, name: string, args: unknown): CallOutcome {
    const [namespace, method = ''] = name.split('.');
    const options = (args && typeof args === 'object' ? args : {}) as Record<string, unknown>;
    const expected = app.dialect === 'alipay' ? 'my' : 'wx';
    try {
      if (namespace !== expected && namespace !== 'car') throw new ApiFailure(`${namespace}.* is not available to a ${app.dialect} app`);
      return apiSuccess(app.dialect, name, namespace === 'car' ? this.car(app, method, options) : this.platform(app, method, options));
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      return apiFailure(app.dialect, name, error.message, error.code);
    }
  }

  private platform(app: BridgeApp, method: string, options: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'setStorage':
        return this.setStorage(app, options['key'], options['data']);
      case 'getStorage':
        return this.getStorage(app, options['key']);
      case 'removeStorage':
        if (typeof options['key'] !== 'string') throw new ApiFailure('key must be a string', 2);
        this.storage.run(sql`DELETE FROM app_storage WHERE app_id = ${app.id} AND key = ${options['key']}`);
        return {};
      case 'clearStorage':
        this.storage.run(sql`DELETE FROM app_storage WHERE app_id = ${app.id}`);
        return {};
      case 'getStorageInfo': {
        const rows = this.storage.all<{ key: string; bytes: number }>(sql`SELECT key, bytes FROM app_storage WHERE app_id = ${app.id} ORDER BY key`);
        const used = rows.reduce((sum, row) => sum + row.bytes, 0);
        return { keys: rows.map((row) => row.key), currentSize: Math.ceil(used / 1024), limitSize: STORAGE_QUOTA_BYTES / 1024 };
      }
      case 'getSystemInfo':
        return { brand: 'Glovebox', model: 'head unit', platform: 'glovebox', system: 'Glovebox', screenWidth: this.environment.screen.width, screenHeight: this.environment.screen.height, windowWidth: this.environment.screen.width, windowHeight: this.environment.screen.height, language: 'en', pixelRatio: 1 };
      default:
        throw new ApiFailure(`${app.dialect === 'alipay' ? 'my' : 'wx'}.${method} is not supported on Glovebox yet`);
    }
  }

  private setStorage(app: BridgeApp, key: unknown, data: unknown): Record<string, unknown> {
    if (typeof key !== 'string' || key === '') throw new ApiFailure('key must be a non-empty string', 2);
    if (data === undefined) throw new ApiFailure('data is required', 2);
    const text = JSON.stringify(data);
    const bytes = byteLength(key) + byteLength(text);
    if (bytes > STORAGE_VALUE_LIMIT_BYTES) throw new ApiFailure(`entry size limit exceeded: ${bytes} bytes for one key, at most ${STORAGE_VALUE_LIMIT_BYTES}`, 15);
    const write = this.storage.database.transaction(() => {
      const used = this.storage.get<{ used: number | null }>(sql`SELECT SUM(bytes) AS used FROM app_storage WHERE app_id = ${app.id} AND key != ${key}`)?.used ?? 0;
      if (used + bytes > STORAGE_QUOTA_BYTES) throw new ApiFailure(`storage quota exceeded: ${used + bytes} bytes, at most ${STORAGE_QUOTA_BYTES} per app`, 15);
      this.storage.run(sql`INSERT INTO app_storage (app_id, key, value, bytes) VALUES (${app.id}, ${key}, ${text}, ${bytes})
        ON CONFLICT (app_id, key) DO UPDATE SET value = excluded.value, bytes = excluded.bytes`);
    });
    write();
    return {};
  }

  private getStorage(app: BridgeApp, key: unknown): Record<string, unknown> {
    if (typeof key !== 'string') throw new ApiFailure('key must be a string', 2);
    const row = this.storage.get<{ value: string }>(sql`SELECT value FROM app_storage WHERE app_id = ${app.id} AND key = ${key}`);
    if (!row) throw new ApiFailure('data not found', 11);
    return { data: JSON.parse(row.value) as unknown };
  }

  private car(app: BridgeApp, method: string, options: Record<string, unknown>): unknown {
    switch (method) {
      case 'getDrivingState':
        return this.environment.driving();
      case 'getVehicleState': {
        const wanted = Array.isArray(options['signals']) ? (options['signals'] as unknown[]).map(String) : app.vehicleSignals;
        const refused = wanted.filter((path) => !app.vehicleSignals.includes(path));
        if (refused.length > 0) throw new ApiFailure(`permission denied: ${refused.join(', ')} not declared in app.json car.vehicleSignals`);
        return Object.fromEntries(
          wanted.map((path) => {
            const state = this.environment.signal(path);
            return [path, state?.valid ? state.value : null];
          }),
        );
      }
      default:
        throw new ApiFailure(`car.${method} is not supported on Glovebox yet`);
    }
  }
}
