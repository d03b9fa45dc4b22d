/**
 * The synchronous storage calls (wx.getStorageSync, my.setStorageSync, …) that 12 of 14 real
 * mini-programs use, some at module level before any page exists. Nothing synchronous can cross
 * the worker's port, so the app's launch carries a snapshot of its storage (the smallest entries
 * up to 1 MiB, and the names of those left out); reads come from it, and every write changes it
 * at once and goes on to services as the asynchronous call would (write-through). An entry left
 * out of the snapshot is read with the asynchronous call; the synchronous one says so.
 */
import type { StorageSnapshot } from './protocol.js';
import { answerInWorker } from './apiResult.js';

const clone = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

export interface SyncStorage {
  /** Takes the snapshot the launch carries. */
  load(snapshot: StorageSnapshot | undefined): void;
  /** The synchronous call `property` (getStorageSync…), or undefined if it is not a storage call. */
  call(property: string): ((...args: unknown[]) => unknown) | undefined;
  /** Keeps the snapshot in step with an asynchronous storage call the app makes. */
  sawAsync(property: string, args: unknown): void;
}

export function createSyncStorage(namespace: 'wx' | 'my', writeThrough: (name: string, args: Record<string, unknown>) => void): SyncStorage {
  const entries = new Map<string, unknown>();
  const omitted = new Set<string>();
  const alipay = namespace === 'my';
  // Alipay passes { key, data } objects; WeChat passes the key (and data) as arguments.
  const keyOf = (args: unknown[]): string => {
    const key = alipay ? (args[0] as { key?: unknown } | undefined)?.key : args[0];
    if (typeof key !== 'string' || key === '') throw new TypeError(`${namespace} storage: key must be a non-empty string`);
    return key;
  };
  const set = (key: string, data: unknown): void => {
    if (data === undefined) throw new TypeError(`${namespace}.setStorageSync: data is required`);
    entries.set(key, clone(data));
    omitted.delete(key);
  };
  const calls: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
    getStorageSync: (...args) => {
      const key = keyOf(args);
      if (omitted.has(key)) throw new Error(`${namespace}.getStorageSync("${key}"): this entry is too large to be read synchronously (launch carries 1 MiB of storage); use ${namespace}.getStorage`);
      const value = entries.has(key) ? clone(entries.get(key)) : alipay ? null : '';
      return alipay ? { data: value } : value;
    },
    setStorageSync: (...args) => {
      const key = keyOf(args);
      const data = alipay ? (args[0] as { data?: unknown }).data : args[1];
      set(key, data);
      writeThrough('setStorage', { key, data });
      return undefined;
    },
    removeStorageSync: (...args) => {
      const key = keyOf(args);
      entries.delete(key);
      omitted.delete(key);
      writeThrough('removeStorage', { key });
      return undefined;
    },
    clearStorageSync: () => {
      entries.clear();
      omitted.clear();
      writeThrough('clearStorage', {});
      return undefined;
    },
    // WeChat's batch calls: each key read from the snapshot, each pair written through.
    batchGetStorageSync: (keys) => {
      if (alipay) return undefined;
      if (!Array.isArray(keys)) throw new TypeError('wx.batchGetStorageSync: a list of keys is required');
      return keys.map((key) => (calls['getStorageSync'] as (key: unknown) => unknown)(key));
    },
    batchSetStorageSync: (pairs) => {
      if (alipay) return undefined;
      if (!Array.isArray(pairs)) throw new TypeError('wx.batchSetStorageSync: a list of { key, value } is required');
      for (const pair of pairs as Array<{ key?: unknown; value?: unknown }>) (calls['setStorageSync'] as (key: unknown, data: unknown) => unknown)(pair?.key, pair?.value);
      return undefined;
    },
    batchGetStorage: (options) => answerInWorker('batchGetStorage', options, () => ({ dataList: (calls['batchGetStorageSync'] as (keys: unknown) => unknown)((options as { keyList?: unknown } | undefined)?.keyList) })),
    batchSetStorage: (options) => answerInWorker('batchSetStorage', options, () => {
      (calls['batchSetStorageSync'] as (pairs: unknown) => unknown)((options as { kvList?: unknown } | undefined)?.kvList);
      return {};
    }),
    getStorageInfoSync: () => {
      const bytes = [...entries].reduce((sum, [key, value]) => sum + key.length + JSON.stringify(value).length, 0);
      return { keys: [...entries.keys(), ...omitted].sort(), currentSize: Math.ceil(bytes / 1024), limitSize: 10 * 1024 };
    },
  };
  return {
    load(snapshot) {
      entries.clear();
      omitted.clear();
      for (const [key, value] of Object.entries(snapshot?.data ?? {})) entries.set(key, value);
      for (const key of snapshot?.omitted ?? []) omitted.add(key);
    },
    call: (property) => (Object.hasOwn(calls, property) && !(alipay && property.startsWith('batch')) ? calls[property] : undefined),
    sawAsync(property, args) {
      const options = (args && typeof args === 'object' ? args : {}) as { key?: unknown; data?: unknown };
      if (property === 'setStorage' && typeof options.key === 'string' && options.data !== undefined) set(options.key, options.data);
      else if (property === 'removeStorage' && typeof options.key === 'string') {
        entries.delete(options.key);
        omitted.delete(options.key);
      } else if (property === 'clearStorage') {
        entries.clear();
        omitted.clear();
      }
    },
  };
}
