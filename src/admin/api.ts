/**
 * The console's calls to its own proxy (`<base>/…`, same origin, the console's cookie sent by the
 * browser). A refusal becomes an `AdminApiError` with the envelope's status and message.
 */
import type { CustomerPatchBody, CustomerPatchResult, Customer } from '../api/types.js';
import type { ConsoleReport, ConsoleStats, CustomerPage, OutboxView } from './types.js';

export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CustomerFilter {
  search: string;
  segment: string;
  sortBy: string;
  sortOrder: string;
  page: number;
  limit: number;
}

export class AdminApi {
  constructor(private readonly base: string) {}

  private async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new AdminApiError(0, '');
    }
    let json: { data?: unknown; message?: unknown } = {};
    try {
      json = (await res.json()) as typeof json;
    } catch {
      /* not JSON: the status speaks */
    }
    if (!res.ok) throw new AdminApiError(res.status, typeof json.message === 'string' ? json.message : '');
    return json.data as T;
  }

  signIn(password: string): Promise<unknown> {
    return this.call('POST', '/session', { password });
  }

  /** Resolves with a live console session, rejects (401) without one. */
  session(): Promise<unknown> {
    return this.call('GET', '/session');
  }

  signOut(): Promise<unknown> {
    return this.call('DELETE', '/session');
  }

  customers(f: CustomerFilter, signal?: AbortSignal): Promise<CustomerPage> {
    const q = new URLSearchParams({ page: String(f.page), limit: String(f.limit) });
    if (f.search.trim()) q.set('search', f.search.trim());
    if (f.segment) q.set('segment', f.segment);
    if (f.sortBy) q.set('sortBy', f.sortBy);
    if (f.sortOrder) q.set('sortOrder', f.sortOrder);
    return this.call('GET', `/api/customers?${q.toString()}`, undefined, signal);
  }

  customer(id: string, signal?: AbortSignal): Promise<Customer> {
    return this.call('GET', `/api/customers/${encodeURIComponent(id)}`, undefined, signal);
  }

  patchCustomer(id: string, patch: CustomerPatchBody): Promise<CustomerPatchResult> {
    return this.call('PATCH', `/api/customers/${encodeURIComponent(id)}`, patch);
  }

  stats(signal?: AbortSignal): Promise<ConsoleStats> {
    return this.call('GET', '/api/stats', undefined, signal);
  }

  outbox(signal?: AbortSignal): Promise<OutboxView> {
    return this.call('GET', '/api/outbox', undefined, signal);
  }

  retryNow(): Promise<unknown> {
    return this.call('POST', '/api/outbox/retry', {});
  }

  report(signal?: AbortSignal): Promise<ConsoleReport> {
    return this.call('GET', '/api/health', undefined, signal);
  }
}
