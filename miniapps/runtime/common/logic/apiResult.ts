/**
 * How an API answer looks to the app, in its platform's own convention: WeChat's `errMsg`
 * (`"showModal:ok"`, `"request:fail …"`), Alipay's `error` code and `errorMessage`. `car.*` is
 * Glovebox's own: plain values, failures as `{ errMsg }`. Services and the system UI both answer
 * through these, so an app sees one convention whoever answered.
 */

export type Dialect = 'wechat' | 'alipay';

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
