/**
 * The proxy's contract, one table for both runtimes: each security rule (DESIGN.md "Invariants")
 * and each lead rule ("No data lost") as a case that drives a running proxy from outside, over
 * HTTP, in front of a fake CarStrel that records what reached it. `contract-node.test.ts` runs the
 * table against the Node proxy, `test/node/edge/contract-workerd.test.ts` against workerd, so the
 * two runtimes cannot drift apart. Where a runtime's own HTTP parser answers before the app (a
 * CR in a header on workerd), the case says so and still checks the rule (never forwarded).
 */
import { envelope, type FakeReply, type FakeUpstream, type Seen } from '../proxy/fake-upstream.js';

export const CONTRACT_KEY = 'sk_test_contract0key42';
export const ORIGIN = 'https://www.dealer.example';

/**
 * The settings both runtimes run the contract with. Limits are high except login (3 a minute),
 * so only the rate-limit case meets one; the client is `X-Forwarded-For` on Node (one trusted
 * hop) and `CF-Connecting-IP` on workerd (`clientHeaders`).
 */
export function contractEnv(upstreamUrl: string): Record<string, string> {
  return {
    CARSTREL_API_KEY: CONTRACT_KEY,
    CARSTREL_API_URL: upstreamUrl,
    CARSTREL_ALLOWED_ORIGINS: ORIGIN,
    CARSTREL_RATE_LIMIT: 'get=5000,post=5000,auth=3',
    CARSTREL_TRUST_PROXY: '1',
    CARSTREL_UPSTREAM_TIMEOUT_MS: '2000',
    CARSTREL_SESSION_SECRET: 'contract-session-secret-of-32-chars!!',
    CARSTREL_LEAD_QUEUE_MAX: '2',
  };
}

export interface ContractTarget {
  runtime: 'node' | 'workerd';
  url: string;
  fake: FakeUpstream;
  /** Lines the proxy logged so far. */
  logs(): string[];
  /** Headers that make a request come from client `ip` on this runtime. */
  clientHeaders(ip: string): Record<string, string>;
}

export interface ContractCase {
  rule: string;
  run(t: ContractTarget): Promise<void>;
}

/** What the fake CarStrel knows: `down` makes lead routes answer 503 (CarStrel unavailable). */
export const upstreamState = { down: false, redirectTo: '' };

/** Requests the fake answered as "down" (so a lead counts as stored only when answered up). */
export const answeredDown = new WeakSet<Seen>();

/** The fake CarStrel's answers, the same for both runtimes. */
export function contractReply(s: Seen): FakeReply {
  const path = s.url.split('?')[0] ?? '';
  if (upstreamState.down && s.method === 'POST') {
    answeredDown.add(s);
    return { status: 503, body: { statusCode: 503, message: 'down', error: 'Service Unavailable' } };
  }
  if (path === '/external/auth/login')
    return {
      body: envelope({
        access_token: 'eyJ.customer.jwt',
        refresh_token: 'eyJ.refresh',
        expires_in: 3600,
        token_type: 'Bearer',
        user: { id: 'u1', email: 'a@b.c' },
      }),
    };
  if (path === '/external/brands/echo')
    return {
      status: 401,
      body: { statusCode: 401, message: `Invalid API key ${String(s.headers['x-api-key'])}`, error: 'Unauthorized' },
    };
  if (path === '/external/brands/moved') return { status: 302, headers: { location: upstreamState.redirectTo } };
  if (path === '/external/vehicles/broken')
    return { status: 500, body: { statusCode: 500, message: 'boom internals' } };
  if (path === '/external/body-types')
    return { body: envelope(Array.from({ length: 200 }, (_, i) => ({ name: `Body type ${i}`, slug: `body-${i}` }))) };
  if (s.method === 'POST' && /^\/external\/(newsletter\/subscribe|contact\/submit|test-drives)$/.test(path))
    return {
      status: 201,
      body: { statusCode: 201, message: 'stored', data: { id: `up-${s.headers['idempotency-key']}` } },
    };
  return { headers: { 'set-cookie': 'upstream=1', server: 'carstrel-internal' }, body: envelope({ ok: true, path }) };
}

export const json = { 'content-type': 'application/json' };
let serial = 0;
/** A fresh idempotency key per use. */
export const key = (name: string) => `${name}-${Date.now().toString(36)}-${(serial++).toString(36)}`;

export async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

export const seenSince = (t: ContractTarget, n: number) => t.fake.seen.slice(n);
