/**
 * How an API answer looks to the app, in its platform's own convention: WeChat's `errMsg`
 * (`"showModal:ok"`, `"request:fail …"`), Alipay's `error` code and `errorMessage`. `car.*` is
 * Glovebox's own: plain values, failures as `{ errMsg }`. Services and the system UI both answer
 * through these, so an app sees one convention whoever answered.
 */

import type { Dialect } from '../format/dialect.js';
export type { Dialect };

export interface ApiOutcome {
  readonly ok: boolean;
  readonly value: unknown;
}

export function apiSuccess(dialect: Dialect, name: string, value: unknown): ApiOutcome {
  const [namespace, method = ''] = name.split('.');
  const wrap = namespace !== 'car' && dialect === 'wechat' && value !== null && typeof value === 'object' && !Array.isArray(value);
  return { ok: true, value: wrap ? { errMsg: `${method}:ok`, ...value } : value };
}

/** `code` is Alipay's numeric error (2 bad argument, 11 not found, 15 quota, 1001 denied…). */
export function apiFailure(dialect: Dialect, name: string, message: string, code = 1): ApiOutcome {
  const [namespace, method = ''] = name.split('.');
  return { ok: false, value: dialect === 'alipay' && namespace !== 'car' ? { error: code, errorMessage: message } : { errMsg: `${method}:fail ${message}` } };
}

/**
 * An asynchronous call the worker answers itself (batch storage, system info, privacy…), in the
 * convention of every call: the options' success/fail/complete after the current task, or, with
 * none of them, a promise. `work` runs then; what it throws is the failure.
 */
export function answerInWorker(name: string, options: unknown, work: () => Record<string, unknown>): Promise<unknown> | undefined {
  const given = (options ?? {}) as { success?: unknown; fail?: unknown; complete?: unknown };
  const method = name.split('.').pop() ?? name;
  const outcome = Promise.resolve()
    .then(() => ({ errMsg: `${method}:ok`, ...work() }))
    .catch((error: unknown) => Promise.reject({ errMsg: `${method}:fail ${error instanceof Error ? error.message : String(error)}` }));
  const call = (key: 'success' | 'fail' | 'complete', value: unknown): void => {
    if (typeof given[key] === 'function') (given[key] as (answer: unknown) => void)(value);
  };
  if (![given.success, given.fail, given.complete].some((callback) => typeof callback === 'function')) return outcome;
  outcome.then(
    (value) => {
      call('success', value);
      call('complete', value);
    },
    (failure: unknown) => {
      call('fail', failure);
      call('complete', failure);
    },
  );
  return undefined;
}
