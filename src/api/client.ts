import type { Envelope, ErrorEnvelope, ListEnvelope } from './types.js';

/** Where the loader records the proxy origin it was served from (see `src/carstrel.ts`). */
export const CONFIG_KEY = Symbol.for('carstrel.config');

export interface CarstrelGlobalConfig {
  /** Origin (and optional base path) of the CarStrel proxy, e.g. `https://cars.dealer.example`. */
  apiBase?: string;
  /** Version of the loader that set this config (first loader on the page wins). */
  version?: string;
  /** List requests the loader started before any chunk arrived, by URL (taken once: `shared/prefetch.ts`). */
  early?: Map<string, Promise<Response>>;
}

export function globalConfig(): CarstrelGlobalConfig {
  const g = globalThis as unknown as Record<symbol, CarstrelGlobalConfig | undefined>;
  return (g[CONFIG_KEY] ??= {});
}

/**
 * The proxy base an element talks to: its own `api` attribute, else the origin the bundle was
 * loaded from, else the page's own origin.
 */
export function resolveApiBase(api?: string | null): string {
  const base = api || globalConfig().apiBase || globalThis.location?.origin || '';
  return base.replace(/\/+$/, '');
}

/**
 * What the proxy says of the key it forwards with, in `X-CarStrel-Mode` on its answers: `test` for
 * an `sk_test_` key or the sandbox, `live` otherwise. Never the key itself.
 */
export type ProxyMode = 'test' | 'live';

/** A refusal or failure, carrying the CarStrel error envelope. */
export class CarstrelApiError extends Error {
  override name = 'CarstrelApiError';
  constructor(
    /** HTTP status; 0 when the network failed before any answer. */
    readonly status: number,
    readonly envelope: ErrorEnvelope,
    /** Seconds to wait, from `Retry-After` on 429/503. */
    readonly retryAfter?: number,
  ) {
    super(envelope.message);
  }

  /** True when retrying the same request later may succeed. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key` on lead POSTs; reuse it when retrying the same submission. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  /** The answer of this very request, already started (the loader's early list): read instead of fetching again. */
  response?: Promise<Response>;
}

/** A successful answer; `queued` is true when the proxy stored a lead for later delivery (202). */
export interface ApiResult<E> {
  status: number;
  queued: boolean;
  body: E;
  /** Response headers (e.g. `X-CarStrel-Bearer` for the session fallback). */
  headers: Headers;
}

function toSearch(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

function errorFrom(status: number, message: string, error: string): ErrorEnvelope {
  return { statusCode: status, message, error, timestamp: new Date().toISOString() };
}

function isEnvelope(x: unknown): x is ErrorEnvelope {
  return typeof x === 'object' && x !== null && 'statusCode' in x && 'message' in x;
}

/**
 * Thin fetch wrapper for the CarStrel proxy: query encoding, JSON, the error envelope,
 * `Retry-After`, credentials for the cookie session and an optional bearer fallback.
 */
/** The largest page the API serves (contract D3). */
const LIST_PAGE_LIMIT = 100;

export class CarstrelClient {
  /** Bearer fallback when the browser refuses the proxy's session cookie (see README). */
  static bearer: string | undefined;

  /** The proxy's mode, once one of its answers said it (unknown before, or when CORS hides it). */
  mode: ProxyMode | undefined;
  /** Requests sent and not yet answered. */
  pending = 0;
  private readonly modeListeners = new Set<(mode: ProxyMode) => void>();

  constructor(readonly base: string) {}

  /** Calls `listener` once the proxy's mode is known (at once if it is); returns an unsubscribe. */
  onMode(listener: (mode: ProxyMode) => void): () => void {
    if (this.mode) listener(this.mode);
    else this.modeListeners.add(listener);
    return () => this.modeListeners.delete(listener);
  }

  private noteMode(value: string | null): void {
    if (this.mode || (value !== 'test' && value !== 'live')) return;
    this.mode = value;
    for (const listener of this.modeListeners) listener(value);
    this.modeListeners.clear();
  }

  url(path: string, query?: Query): string {
    return `${this.base}${path}${toSearch(query)}`;
  }

  async request<E>(
    method: string,
    path: string,
    init: { query?: Query; body?: unknown } & RequestOptions = {},
  ): Promise<ApiResult<E>> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
    if (CarstrelClient.bearer) headers.authorization = `Bearer ${CarstrelClient.bearer}`;
    let res: Response;
    this.pending++;
    try {
      res = await (init.response ??
        fetch(this.url(path, init.query), {
          method,
          headers,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
          credentials: 'include',
          signal: init.signal,
        }));
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      throw new CarstrelApiError(
        0,
        errorFrom(0, 'The dealer service could not be reached. Check your connection and try again.', 'Network Error'),
      );
    } finally {
      this.pending--;
    }
    this.noteMode(res.headers.get('x-carstrel-mode'));
    let body: unknown = undefined;
    const text = await res.text();
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    if (!res.ok) {
      const retry = Number(res.headers.get('retry-after'));
      const envelope = isEnvelope(body) ? body : errorFrom(res.status, res.statusText || 'Request failed', 'Error');
      throw new CarstrelApiError(res.status, envelope, Number.isFinite(retry) && retry > 0 ? retry : undefined);
    }
    return { status: res.status, queued: res.status === 202, body: body as E, headers: res.headers };
  }

  async get<T>(path: string, query?: Query, opts: RequestOptions = {}): Promise<Envelope<T>> {
    return (await this.request<Envelope<T>>('GET', path, { ...opts, query })).body;
  }

  async list<T>(path: string, query?: Query, opts: RequestOptions = {}): Promise<ListEnvelope<T>> {
    return (await this.request<ListEnvelope<T>>('GET', path, { ...opts, query })).body;
  }

  post<T>(path: string, body: unknown, opts: RequestOptions = {}): Promise<ApiResult<Envelope<T>>> {
    return this.request<Envelope<T>>('POST', path, { ...opts, body });
  }
}

/**
 * Every item of a paginated list (reference data: brands, body types, generations…): the first
 * page tells how many there are, the others are fetched together, at most `maxPages` in all, so
 * that a broken `totalPages` or `total` cannot loop for ever.
 */
export async function listAll<T>(client: CarstrelClient, path: string, maxPages: number): Promise<T[]> {
  const first = await client.list<T>(path, { page: 1, limit: LIST_PAGE_LIMIT });
  const pages = Math.min(first.totalPages ?? Math.ceil((first.total ?? 0) / LIST_PAGE_LIMIT), maxPages);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) =>
      client.list<T>(path, { page: i + 2, limit: LIST_PAGE_LIMIT }),
    ),
  );
  return [first, ...rest].flatMap((r) => (Array.isArray(r.data) ? r.data : []));
}

const clients = new Map<string, CarstrelClient>();

/** One client per proxy base, shared by every element on the page. */
export function clientFor(api?: string | null): CarstrelClient {
  const base = resolveApiBase(api);
  let c = clients.get(base);
  if (!c) clients.set(base, (c = new CarstrelClient(base)));
  return c;
}
