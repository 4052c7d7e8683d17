/**
 * Customer session held by the proxy: the customer's access token lives in an encrypted,
 * httpOnly cookie (JWE, dir + A256GCM, via jose on WebCrypto, so it runs on any runtime), and page
 * JavaScript only ever sees the user. The cookie holds the access token and a random session id,
 * nothing else (the refresh token, which the proxy never uses, is dropped). Logout puts the
 * session id on a deny-list until the cookie would have expired, so a copied cookie is useless.
 * Where the deployment enables it (`CARSTREL_BEARER_FALLBACK=on`), a page may ask for the bearer
 * fallback with `X-CarStrel-Session: bearer` (readable by page JavaScript: see README).
 */
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { SameSite } from './config.js';

export interface SessionTokens {
  accessToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
}

/** An open session: its access token, its id and when it expires (ms since the epoch). */
export interface OpenSession {
  accessToken: string;
  sid: string;
  expiresAt: number;
}

export interface CookieOptions {
  secure: boolean;
  sameSite: SameSite;
  /** One tenant of a multi-dealer deployment: its id is part of the cookie's name. */
  tenant?: string;
}

/** `__Host-` prefix when Secure (pins the cookie to this host, path /, no Domain); a tenant's id as suffix. */
export function cookieName(secure: boolean, tenant?: string): string {
  const name = tenant ? `carstrel_session_${tenant}` : 'carstrel_session';
  return secure ? `__Host-${name}` : name;
}

/** Pure phase "session cookie": the Set-Cookie value for a session (or its removal when value is ''). */
export function sessionCookie(value: string, maxAge: number, o: CookieOptions): string {
  const parts = [
    `${cookieName(o.secure, o.tenant)}=${value}`,
    'Path=/',
    'HttpOnly',
    `SameSite=${o.sameSite}`,
    `Max-Age=${Math.max(0, Math.floor(maxAge))}`,
  ];
  if (o.secure) parts.push('Secure');
  if (o.sameSite === 'None') parts.push('Partitioned');
  return parts.join('; ');
}

/** The session cookie's value from a Cookie header, if any. */
export function readCookie(cookieHeader: string | null | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Pure phase "split auth result": tokens out of a register/login body, the rest for the browser. */
export function splitAuthResult(body: unknown): { tokens?: SessionTokens; publicBody: unknown } {
  if (typeof body !== 'object' || body === null) return { publicBody: body };
  const b = body as { data?: Record<string, unknown> };
  const data = b.data;
  if (typeof data?.access_token !== 'string') return { publicBody: body };
  // The refresh token is never kept: the proxy does not refresh sessions, so it only adds risk.
  const rest = Object.fromEntries(
    Object.entries(data).filter(([name]) => name !== 'access_token' && name !== 'refresh_token'),
  );
  const expiresIn = typeof data.expires_in === 'number' && data.expires_in > 0 ? data.expires_in : 3600;
  return { tokens: { accessToken: data.access_token, expiresIn }, publicBody: { ...b, data: rest } };
}

/** Most revoked sessions remembered at once (each is forgotten when it would have expired anyway). */
export const MAX_REVOKED = 100_000;

export class SessionSealer {
  private readonly key: Promise<Uint8Array>;
  /** Revoked session ids → when their cookie expires (ms). */
  private readonly revoked = new Map<string, number>();

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)).then((d) => new Uint8Array(d));
  }

  /** The cookie value for a new session: the access token and a fresh random session id. */
  async seal(t: SessionTokens): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    return new EncryptJWT({ at: t.accessToken, sid: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + Math.max(1, Math.floor(t.expiresIn)))
      .encrypt(await this.key);
  }

  /** The session inside a cookie value, or undefined when it is missing, forged, expired or revoked. */
  async session(value: string | undefined): Promise<OpenSession | undefined> {
    // Stryker disable next-line ConditionalExpression: a fast path; jwtDecrypt refuses a missing value too (caught below)
    if (!value) return undefined;
    // The catch's `{}` cannot change behaviour (falling out of it returns undefined too). A directive just before
    // `} catch {` is no node's leading comment, so this one spans the statement (the try block's `{}`, which every
    // session test kills, goes with it) and the next member restores it.
    // Stryker disable BlockStatement: the catch's `{}` returns undefined too
    try {
      const { payload } = await jwtDecrypt(value, await this.key, { currentDate: new Date(this.now()) });
      const { at, sid, exp } = payload;
      if (typeof at !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') return undefined;
      if (this.revoked.has(sid)) return undefined;
      return { accessToken: at, sid, expiresAt: exp * 1000 };
    } catch {
      return undefined;
    }
  }

  // Stryker restore BlockStatement
  /** The access token inside a cookie value, or undefined when it is missing, forged, expired or revoked. */
  async open(value: string | undefined): Promise<string | undefined> {
    return (await this.session(value))?.accessToken;
  }

  /** Logout: the session in this cookie value is refused from now on. True when there was one to revoke. */
  async revoke(value: string | undefined): Promise<boolean> {
    const s = await this.session(value);
    if (!s) return false;
    this.forgetExpired();
    // Bounded: past the cap the session closest to its own expiry is forgotten first.
    if (this.revoked.size >= MAX_REVOKED) {
      let soonest: string | undefined;
      let at = Infinity;
      for (const [sid, expiresAt] of this.revoked)
        // Stryker disable next-line EqualityOperator: on a tie either session is as close to its expiry
        if (expiresAt < at) {
          at = expiresAt;
          soonest = sid;
        }
      // Stryker disable next-line ConditionalExpression: MAX_REVOKED finite expiries are there, so soonest is set (and deleting undefined removes nothing)
      if (soonest !== undefined) this.revoked.delete(soonest);
    }
    this.revoked.set(s.sid, s.expiresAt);
    return true;
  }

  /** How many revoked sessions are remembered (they are forgotten once expired). */
  get revokedCount(): number {
    this.forgetExpired();
    return this.revoked.size;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [sid, expiresAt] of this.revoked) if (expiresAt <= now) this.revoked.delete(sid);
  }
}
