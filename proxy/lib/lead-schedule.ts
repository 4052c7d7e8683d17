/**
 * Pure phases of lead delivery timing: which upstream answers are retried, how long a lead waits
 * before its next attempt, and how often CarStrel is probed while it is down.
 */
import type { UpstreamResponse } from './upstream.js';

/** Upstream answers worth retrying later: 5xx, 429 (the dealer's key is rate-limited), 408. */
export function retryable(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** Pure phase "backoff": full jitter over an exponential ceiling (1 s … 5 min). */
export function backoffDelay(attempts: number, random: number, baseMs = 1000, capMs = 300_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempts, 20));
  return Math.max(baseMs / 2, Math.floor(random * ceiling));
}

/** Pure phase "probe interval" while CarStrel is down: 0.25–0.5 s, doubling, then `maxMs`/2–`maxMs`. */
export function probeDelay(failures: number, random: number, maxMs = 5000): number {
  return Math.round(Math.min(maxMs, 500 * 2 ** Math.min(failures, 20)) * (0.5 + random / 2));
}

/** Retry-After of a 429/503 in ms (seconds or an HTTP date), capped at 5 min; 0 when absent. */
export function retryAfterMs(res: UpstreamResponse | undefined, now: number): number {
  const raw = res?.headers['retry-after'];
  if (!res || typeof raw !== 'string' || (res.status !== 429 && res.status !== 503)) return 0;
  // Stryker disable next-line MethodExpression: Number() trims whitespace itself (the test's trim is checked, and ignored with it)
  const ms = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) * 1000 : Date.parse(raw) - now;
  return Number.isFinite(ms) ? Math.min(300_000, Math.max(0, ms)) : 0;
}
