/**
 * Idempotency of leads, as pure pieces the lead desk calls:
 *
 * - scope: a key counts per (route, key, customer or anonymous), so one customer's key never
 *   answers another's request (`leadId`, `customerScope`);
 * - fingerprint: SHA-256 over route and body (`leadFingerprint`), so the same key with another
 *   body is caught (a 32-bit hash could be collided on purpose);
 * - concurrency: a second request with a key that is still in flight joins the first only when its
 *   fingerprint is the same, and is refused otherwise (`InFlight`).
 *
 * WebCrypto only, so it runs on any runtime.
 */

/** The same Idempotency-Key was used for another request (another body, route or customer). */
export class IdempotencyMismatch extends Error {
  // Stryker disable next-line StringLiteral: callers tell it by instanceof; the name only reads in a stack trace
  override name = 'IdempotencyMismatch';
}

const encoder = new TextEncoder();

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** `sha256:<hex>` over the route and the body as sent. */
export async function leadFingerprint(route: string, body: string): Promise<string> {
  return `sha256:${await sha256Hex(`${route}\n${body}`)}`;
}

/** The fingerprint journals written before SHA-256 hold (a 32-bit FNV-1a), to compare them on replay. */
export function legacyFingerprint(route: string, body: string): string {
  let h = 0x811c9dc5;
  const s = `${route}\n${body}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return `${s.length.toString(36)}.${(h >>> 0).toString(36)}`;
}

/** True when a stored fingerprint (SHA-256, or legacy) names the same request as `fresh`. */
export function sameFingerprint(stored: string, fresh: string, route: string, body: string): boolean {
  return stored.startsWith('sha256:') ? stored === fresh : stored === legacyFingerprint(route, body);
}

/**
 * Who a lead belongs to: `c_` + a hash of the customer's access token (never the token itself),
 * or undefined for an anonymous shopper.
 */
export async function customerScope(bearer: string | undefined): Promise<string | undefined> {
  return bearer ? `c_${(await sha256Hex(`customer\n${bearer}`)).slice(0, 32)}` : undefined;
}

/**
 * The lead's id in the store: route and key, plus the customer when there is one. An anonymous
 * lead keeps the form journals have always used (`<route> <key>`).
 */
export function leadId(route: string, key: string, customer?: string): string {
  return customer ? `${route} ${key} ${customer}` : `${route} ${key}`;
}

/** Work in flight by id, each with the fingerprint of the request that started it. */
export class InFlight<T> {
  private readonly running = new Map<string, { fingerprint: string; answer: Promise<T> }>();

  get size(): number {
    return this.running.size;
  }

  /**
   * The answer for `id`: joins the running work when it has the same fingerprint, refuses
   * (IdempotencyMismatch) when it has another, else starts it with `start`.
   */
  run(id: string, fingerprint: string, start: () => Promise<T>): Promise<T> {
    const current = this.running.get(id);
    if (current) {
      return current.fingerprint === fingerprint ? current.answer : Promise.reject(new IdempotencyMismatch());
    }
    const answer = start().finally(() => this.running.delete(id));
    this.running.set(id, { fingerprint, answer });
    return answer;
  }

  /** Every answer still running (to wait for them on close). */
  answers(): Promise<T>[] {
    return [...this.running.values()].map((r) => r.answer);
  }
}
