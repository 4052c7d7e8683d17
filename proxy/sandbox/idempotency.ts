/**
 * `Idempotency-Key` on POSTs (decision D15 in the contract; the reference is silent): the first
 * answer to a key is kept per organization and environment, and a retry with the same key and
 * the same request gets that answer again (`Idempotent-Replayed: true`) without doing anything
 * twice; the same key with a different request is refused with 400. Only successful answers are
 * kept, so a retry after a refusal or a failure is really retried. Bounded (LRU) and cleared by
 * `/_sandbox/reset`.
 */
import { LRUCache } from 'lru-cache';
import { errors } from './errors.js';

interface Kept {
  fingerprint: string;
  status: number;
  headers: [string, string][];
  body: string;
}

export class IdempotencyStore {
  private readonly kept = new LRUCache<string, Kept>({ max: 10_000, ttl: 24 * 3600 * 1000 });

  clear(): void {
    this.kept.clear();
  }

  /** Runs `handle` once per (scope, key); later calls with the key replay its answer. */
  async once(
    scope: string,
    key: string | null,
    fingerprint: string,
    handle: () => Response | Promise<Response>,
  ): Promise<Response> {
    if (!key) return handle();
    const id = `${scope}\u0000${key}`;
    const kept = this.kept.get(id);
    if (kept) {
      if (kept.fingerprint !== fingerprint) throw errors.idempotencyKeyReused();
      const headers = new Headers(kept.headers);
      headers.set('idempotent-replayed', 'true');
      return new Response(kept.body, { status: kept.status, headers });
    }
    const response = await handle();
    if (response.ok) {
      const body = await response.clone().text();
      this.kept.set(id, { fingerprint, status: response.status, headers: [...response.headers], body });
    }
    return response;
  }
}
