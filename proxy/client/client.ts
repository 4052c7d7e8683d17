/**
 * `createCarstrelClient`: a typed client for the whole CarStrel external API, for server code that
 * holds the dealer's API key (the proxy itself, the dealer console, a dealer's own backend).
 *
 * One method per operation (operations.ts). A 2xx answer resolves to its JSON body (the envelope
 * with `data`); anything else throws `CarstrelApiError` (envelope + status) or
 * `CarstrelNetworkError`. Redirects are never followed (they would carry the key elsewhere).
 * Leads (register, newsletter, contact, test drive) carry an `Idempotency-Key` and are retried with
 * the same key, with exponential backoff, on network errors, timeouts, 5xx, 429 and 408: the
 * contract (D15) makes a replay record nothing twice.
 */
import { CarstrelApiError, CarstrelNetworkError, envelopeOf } from './errors.js';
import {
  OPERATIONS,
  type BearerOptions,
  type CallOptions,
  type CarstrelOperations,
  type OperationName,
  type OperationSpec,
} from './operations.js';

export interface CarstrelClientOptions {
  /** The API origin, e.g. `https://api.carstrel.com` or a sandbox `http://127.0.0.1:4010`. */
  baseUrl: string;
  /** The dealer's secret key (`sk_live_…` / `sk_test_…`). */
  apiKey: string;
  /** A `fetch` to use instead of the global one (tests, an in-process sandbox, a custom agent). */
  fetch?: (input: Request) => Promise<Response>;
  /** Retries of a lead after its first attempt (default 3). */
  retries?: number;
  /** Deadline of each attempt in ms (default 10 000). */
  timeoutMs?: number;
  /** First backoff delay in ms, doubled on each retry (default 250; `Retry-After` wins, up to 30 s). */
  backoffMs?: number;
}

export type CarstrelClient = CarstrelOperations;

const RETRY_STATUS = (status: number) => status >= 500 || status === 429 || status === 408;
const MAX_RETRY_AFTER_MS = 30_000;

export function createCarstrelClient(options: CarstrelClientOptions): CarstrelClient {
  const base = checkBaseUrl(options.baseUrl);
  if (typeof options.apiKey !== 'string' || !options.apiKey.trim())
    throw new TypeError('createCarstrelClient: apiKey is required (the dealer’s sk_live_… or sk_test_… key).');
  const apiKey = options.apiKey;
  const fetchFn = options.fetch ?? ((req: Request) => fetch(req));
  const retries = Math.max(0, Math.floor(options.retries ?? 3));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoffMs = options.backoffMs ?? 250;
  const mask = (s: string) => s.split(apiKey).join('[redacted]');

  async function attempt(name: string, req: () => Request, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const request = req();
    try {
      return await fetchFn(
        new Request(request, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'manual' }),
      );
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) throw new CarstrelNetworkError(name, 'timeout', `no answer within ${timeoutMs} ms`);
      throw new CarstrelNetworkError(
        name,
        'unreachable',
        `${request.method} ${new URL(request.url).pathname} failed`,
        err,
      );
    }
  }

  async function call(name: OperationName, spec: OperationSpec, input: CallInput): Promise<unknown> {
    const url = new URL(expand(spec.path, input.id) + queryString(input.query), base);
    const headers: Record<string, string> = { accept: 'application/json', ...input.options?.headers };
    headers['x-api-key'] = apiKey;
    if (spec.bearer) headers.authorization = `Bearer ${(input.options as BearerOptions | undefined)?.token ?? ''}`;
    const body = input.body === undefined ? undefined : JSON.stringify(input.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (spec.lead) headers['idempotency-key'] = input.options?.idempotencyKey ?? crypto.randomUUID();
    const make = () => new Request(url, { method: spec.method, headers, body });
    const tries = spec.lead ? retries + 1 : 1;
    const signal = input.options?.signal;

    for (let n = 1; ; n++) {
      let res: Response;
      try {
        res = await attempt(name, make, signal);
      } catch (err) {
        if (!(err instanceof CarstrelNetworkError) || n >= tries) throw err;
        await sleep(backoff(n), signal);
        continue;
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        throw new CarstrelNetworkError(name, 'redirect', `answered ${res.status} (a redirect, not followed)`);
      }
      const parsed = await readJson(res);
      if (res.ok) return parsed;
      const retryAfter = retryAfterSeconds(res.headers.get('retry-after'));
      if (n < tries && RETRY_STATUS(res.status)) {
        await sleep(retryAfter === undefined ? backoff(n) : Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS), signal);
        continue;
      }
      throw new CarstrelApiError(name, res.status, envelopeOf(res.status, parsed, mask), retryAfter);
    }
  }

  const backoff = (n: number) => backoffMs * 2 ** (n - 1) * (0.75 + Math.random() / 2);

  const client = {} as Record<OperationName, (...args: never[]) => Promise<unknown>>;
  for (const [name, spec] of Object.entries(OPERATIONS) as Array<[OperationName, OperationSpec]>) {
    client[name] = (...args: unknown[]) => call(name, spec, inputOf(spec, args));
  }
  return client as unknown as CarstrelClient;
}

interface CallInput {
  id?: string;
  query?: Record<string, unknown>;
  body?: unknown;
  options?: CallOptions;
}

function inputOf(spec: OperationSpec, args: unknown[]): CallInput {
  const [a, b, c] = args as [never, never, never];
  switch (spec.shape) {
    case 'list':
      return { query: a, options: b };
    case 'get':
      return { id: a, options: b };
    case 'post':
      return { body: a, options: b };
    case 'patch':
      return { id: a, body: b, options: c };
    case 'none':
      return { options: a };
  }
}

function checkBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`createCarstrelClient: baseUrl must be an absolute http(s) URL, got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError(`createCarstrelClient: baseUrl must be http(s), got ${url.protocol}`);
  url.pathname = url.pathname.replace(/\/+$/, '') + '/';
  return url;
}

function expand(path: string, id: string | undefined): string {
  if (!path.includes('{')) return path.slice(1);
  if (typeof id !== 'string' || !id) throw new TypeError(`${path}: an id is required.`);
  return path.slice(1).replace(/\{[^}]+\}/, encodeURIComponent(id));
}

function queryString(query: Record<string, unknown> | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) params.append(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function retryAfterSeconds(value: string | null): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0) return n;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}
