/** Fixed one-minute windows per API key; off when no limit is configured. */
import { errors } from './errors.js';

const WINDOW_MS = 60_000;

export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.perMinute !== undefined && this.perMinute > 0;
  }

  clear(): void {
    this.windows.clear();
  }

  /** Counts one request for `key`; throws 429 with Retry-After when the window is full. */
  take(key: string): void {
    if (!this.enabled) return;
    const limit = this.perMinute!;
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= WINDOW_MS) this.windows.set(key, (w = { start: now, count: 0 }));
    if (w.count >= limit) throw errors.rateLimited(Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000)), limit);
    w.count++;
  }

  headers(key: string): Record<string, string> {
    if (!this.enabled) return {};
    const w = this.windows.get(key);
    return {
      'x-ratelimit-limit': String(this.perMinute),
      'x-ratelimit-remaining': String(Math.max(0, this.perMinute! - (w?.count ?? 0))),
    };
  }
}
