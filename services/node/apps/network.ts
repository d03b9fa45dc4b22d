/**
 * wx.request / my.request: the only network an app has, made by services on its behalf. Only
 * to origins the app's manifest lists (`car.requestDomains`), HTTPS only, and only to public
 * addresses: a listed name that resolves to loopback, a private network or link-local is
 * refused at connect time (destinations.ts). In development the simulator maps a listed origin
 * to its local backend (plain HTTP on 127.0.0.1), so an app is written against its production
 * URLs; that map is the one way to a local address, and only the simulator passes one.
 * Redirects are not followed (a 3xx is the answer), so a listed server cannot bounce the app
 * elsewhere. At most ten requests in flight per app, each with a timeout, each answer bounded
 * in size while it is read.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ApiFailure } from './apiFailure.js';
import type { Dialect } from './bridge.js';
import { DestinationRefused, literalHostRefusal, publicOnlyLookup, systemResolver, type Resolver } from './destinations.js';

export const MAX_CONCURRENT_REQUESTS = 10;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']);
/** Headers an app may not set (as on the phone platforms: the platform owns them). */
const FORBIDDEN_HEADERS = new Set(['host', 'referer', 'cookie', 'content-length', 'connection', 'transfer-encoding', 'origin', 'user-agent']);

export interface NetworkApp {
  readonly id: string;
  readonly dialect: Dialect;
  /** The origins it may reach, or any public one (an app published without a car block: its list is in its phone platform's console). */
  readonly requestDomains: readonly string[] | 'any-public';
}

export interface NetworkSettings {
  /** Development only: a listed https origin → the local backend's http origin that stands in for it. */
  readonly localBackends: ReadonlyMap<string, string>;
  /** How host names are resolved: the system's DNS unless a test stands in. */
  readonly resolver?: Resolver;
}

interface Sent {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly bytes: Uint8Array;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])));
}

/** One request over node:http(s); `lookup` decides where a name may connect; the body is cut off past the limit. */
function send(target: URL, init: { method: string; headers: Record<string, string>; body: string | undefined; timeoutMs: number }, lookup: ReturnType<typeof publicOnlyLookup> | undefined): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const options = { method: init.method, headers: init.headers, signal: AbortSignal.timeout(init.timeoutMs), ...(lookup ? { lookup } : {}) };
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) request.destroy(new ApiFailure(`response too large: more than ${MAX_RESPONSE_BYTES} bytes`, 12));
        else chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: flatHeaders(response.headers), bytes: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

function searchParams(data: unknown): string {
  if (data === null || typeof data !== 'object') return '';
  return Object.entries(data as Record<string, unknown>)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(typeof value === 'object' ? JSON.stringify(value) : String(value))}`)
    .join('&');
}

export class AppNetwork {
  private readonly inFlight = new Map<string, number>();
  private readonly lookup: ReturnType<typeof publicOnlyLookup>;

  constructor(private readonly settings: NetworkSettings) {
    this.lookup = publicOnlyLookup(settings.resolver ?? systemResolver);
  }

  /** Where the request really goes, or a refusal naming the rule. */
  resolve(app: NetworkApp, rawUrl: unknown): URL {
    if (typeof rawUrl !== 'string') throw new ApiFailure('url must be a string', 2);
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new ApiFailure(`url ${rawUrl} is not an absolute URL`, 2);
    }
    if (url.protocol !== 'https:') throw new ApiFailure(`url ${rawUrl}: only https is allowed`, 2);
    if (url.username !== '' || url.password !== '') throw new ApiFailure(`url ${rawUrl}: credentials in the URL are not allowed`, 2);
    if (app.requestDomains !== 'any-public' && !app.requestDomains.includes(url.origin)) {
      throw new ApiFailure(`url not in domain list: ${url.origin} is not in app.json car.requestDomains (${app.requestDomains.join(', ') || 'none'})`, 2001);
    }
    return url;
  }

  /** The simulator's stand-in for a listed origin, if it has one. */
  private localFor(url: URL): URL | null {
    const local = this.settings.localBackends.get(url.origin);
    return local ? new URL(`${url.pathname}${url.search}`, local) : null;
  }

  async request(app: NetworkApp, options: Record<string, unknown>): Promise<Record<string, unknown>> {
    const listed = this.resolve(app, options['url']);
    const local = this.localFor(listed);
    const target = local ?? listed;
    const literal = local ? null : literalHostRefusal(listed.hostname);
    if (literal !== null) throw new ApiFailure(`url ${listed.origin} refused: ${literal}`, 2001);
    const method = String(options['method'] ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) throw new ApiFailure(`method ${method} is not one of ${[...METHODS].join(', ')}`, 2);
    const timeoutMs = options['timeout'] === undefined ? DEFAULT_TIMEOUT_MS : Number(options['timeout']);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new ApiFailure(`timeout must be a positive number of milliseconds; found ${String(options['timeout'])}`, 2);
    const headerOption = (app.dialect === 'alipay' ? (options['headers'] ?? options['header']) : options['header']) ?? {};
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const [name, value] of Object.entries(headerOption as Record<string, unknown>)) {
      if (!FORBIDDEN_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = String(value);
    }
    const data = options['data'];
    let body: string | undefined;
    if (method === 'GET' || method === 'HEAD') {
      const query = searchParams(data);
      if (query !== '') target.search = target.search === '' ? `?${query}` : `${target.search}&${query}`;
    } else if (data !== undefined) {
      body = typeof data === 'string' ? data : headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? searchParams(data) : JSON.stringify(data);
    }

    const running = this.inFlight.get(app.id) ?? 0;
    if (running >= MAX_CONCURRENT_REQUESTS) throw new ApiFailure(`too many requests: at most ${MAX_CONCURRENT_REQUESTS} at a time per app`, 12);
    this.inFlight.set(app.id, running + 1);
    try {
      const response = await send(target, { method, headers, body, timeoutMs: Math.min(timeoutMs, DEFAULT_TIMEOUT_MS) }, local ? undefined : this.lookup);
      const bytes = response.bytes;
      const text = new TextDecoder().decode(bytes);
      let parsed: unknown = text;
      if ((options['dataType'] ?? 'json') === 'json' && text !== '') {
        try {
          parsed = JSON.parse(text) as unknown;
        } catch {
          parsed = text;
        }
      }
      const responseHeaders = response.headers;
      return app.dialect === 'alipay' ? { data: parsed, status: response.status, headers: responseHeaders } : { data: parsed, statusCode: response.status, header: responseHeaders };
    } catch (error) {
      if (error instanceof ApiFailure) throw error;
      if (error instanceof DestinationRefused) throw new ApiFailure(`url ${listed.origin} refused: ${error.message}`, 2001);
      const name = (error as { name?: unknown } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new ApiFailure(`timeout after ${Math.min(timeoutMs, DEFAULT_TIMEOUT_MS)} ms`, 13);
      throw new ApiFailure(`network error: ${(error as { cause?: { code?: unknown } }).cause?.code ?? (error instanceof Error ? error.message : String(error))}`, 12);
    } finally {
      this.inFlight.set(app.id, (this.inFlight.get(app.id) ?? 1) - 1);
    }
  }
}
