/**
 * The small HTTP toolkit the sample backends share: JSON in and out with size limits, routes
 * by method and pattern, errors as JSON with a status, and failures on demand (a tester or a
 * test asks for the next N answers to be 503) so apps can be seen handling them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Request {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (request: Request) => Answer | Promise<Answer>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: Handler;
}

const MAX_BODY_BYTES = 64 * 1024;

/** `/v1/orders/:id` → a pattern with named segments. */
function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}$`), names };
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'TOO_LARGE', `the body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'BAD_JSON', `the body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export class Router {
  private readonly routes: Route[] = [];
  /** Answers left to fail with 503 (set through /_sim/fail). */
  private failing = 0;
  /** Answers left to hold back, and for how long (set through /_sim/delay): a slow network, a power cut mid-request. */
  private delaying = { count: 0, ms: 0 };

  constructor(readonly name: string) {
    // Switches for testers and tests (a sample backend's, never a real service's): the next
    // `count` requests answer 503, or are held back.
    this.on('POST', '/_sim/fail', (request) => {
      const count = Number((request.body as { count?: unknown } | undefined)?.count ?? 1);
      if (!Number.isInteger(count) || count < 0 || count > 100) throw new HttpError(422, 'BAD_COUNT', 'count must be a whole number from 0 to 100');
      this.failing = count;
      return { status: 200, body: { failing: count } };
    });
    this.on('POST', '/_sim/delay', (request) => {
      const { count = 1, ms } = (request.body ?? {}) as { count?: unknown; ms?: unknown };
      if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > 100 || !Number.isInteger(ms) || (ms as number) < 0 || (ms as number) > 60_000) {
        throw new HttpError(422, 'BAD_DELAY', 'count must be 0 to 100 and ms 0 to 60000 (whole numbers)');
      }
      this.delaying = { count: count as number, ms: ms as number };
      return { status: 200, body: this.delaying };
    });
  }

  on(method: string, path: string, handler: Handler): this {
    const { pattern, names } = compile(path);
    this.routes.push({ method, pattern, names, handler });
    return this;
  }

  /** The node:http listener. */
  readonly listener = (incoming: IncomingMessage, response: ServerResponse): void => {
    void this.handle(incoming).then((answer) => {
      response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...answer.headers });
      response.end(JSON.stringify(answer.body));
    });
  };

  private async handle(incoming: IncomingMessage): Promise<Answer> {
    try {
      const url = new URL(incoming.url ?? '/', 'http://backend');
      const method = incoming.method ?? 'GET';
      if (this.failing > 0 && !url.pathname.startsWith('/_sim/')) {
        this.failing -= 1;
        return { status: 503, body: { error: 'UNAVAILABLE', message: `${this.name} is briefly unavailable; try again` }, headers: { 'retry-after': '2' } };
      }
      const candidates = this.routes.filter((route) => route.pattern.test(url.pathname));
      const route = candidates.find((each) => each.method === method);
      if (!route) {
        if (candidates.length > 0) throw new HttpError(405, 'METHOD', `${method} is not allowed on ${url.pathname}`);
        throw new HttpError(404, 'NOT_FOUND', `no such resource: ${url.pathname}`);
      }
      const match = route.pattern.exec(url.pathname) as RegExpExecArray;
      const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1] as string)]));
      const body = method === 'GET' ? undefined : await readBody(incoming);
      if (this.delaying.count > 0 && !url.pathname.startsWith('/_sim/')) {
        this.delaying = { ...this.delaying, count: this.delaying.count - 1 };
        await new Promise((resolve) => setTimeout(resolve, this.delaying.ms));
      }
      return await route.handler({ method, path: url.pathname, query: url.searchParams, params, headers: incoming.headers, body });
    } catch (error) {
      if (error instanceof HttpError) return { status: error.status, body: { error: error.code, message: error.message } };
      console.error(`${this.name}: a request failed:`, error);
      return { status: 500, body: { error: 'INTERNAL', message: 'the server failed' } };
    }
  }
}

/** A number from a query parameter, checked. */
export function queryNumber(query: URLSearchParams, name: string, range: readonly [number, number], fallback?: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') {
    if (fallback !== undefined) return fallback;
    throw new HttpError(400, 'MISSING', `the query needs ${name}`);
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value < range[0] || value > range[1]) throw new HttpError(400, 'BAD_QUERY', `${name} must be a number from ${range[0]} to ${range[1]}, found ${JSON.stringify(raw)}`);
  return value;
}

/** "lat,lon" from a query parameter. */
export function queryPoint(query: URLSearchParams, name: string): readonly [number, number] {
  const raw = query.get(name) ?? '';
  const [lat, lon] = raw.split(',').map(Number);
  if (raw.split(',').length !== 2 || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat as number) > 90 || Math.abs(lon as number) > 180) {
    throw new HttpError(400, 'BAD_QUERY', `${name} must be "latitude,longitude", found ${JSON.stringify(raw)}`);
  }
  return [lat as number, lon as number];
}
