/**
 * Customer session held by the proxy: the customer's CarStrel tokens live in an encrypted,
 * httpOnly cookie (JWE, dir + A256GCM, via jose on WebCrypto, so it runs on any runtime), and page
 * JavaScript only ever sees the user. Where the browser drops the cookie (third-party cookies
 * blocked), a page may ask for the bearer fallback with `X-CarStrel-Session: bearer`; the access
 * token then also comes back in `X-CarStrel-Bearer` (readable by page JavaScript: see README).
 */
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { SameSite } from './config.js';

export interface SessionTokens {
  accessToken: string;
  refreshToken?: string;
  /** Seconds the access token lives. */
  expiresIn: number;
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
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Pure phase "split auth result": tokens out of a register/login body, the rest for the browser. */
export function splitAuthResult(body: unknown): { tokens?: SessionTokens; publicBody: unknown } {
  if (!body || typeof body !== 'object') return { publicBody: body };
  const b = body as { data?: Record<string, unknown> };
  const data = b.data;
  if (!data || typeof data !== 'object' || typeof data.access_token !== 'string') return { publicBody: body };
  const { access_token, refresh_token, ...rest } = data;
  const expiresIn = typeof data.expires_in === 'number' && data.expires_in > 0 ? data.expires_in : 3600;
  return {
    tokens: {
      accessToken: access_token,
      refreshToken: typeof refresh_token === 'string' ? refresh_token : undefined,
      expiresIn,
    },
    publicBody: { ...b, data: rest },
  };
}

export class SessionSealer {
  private readonly key: Promise<Uint8Array>;

  constructor(secret: string) {
    this.key = crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)).then((d) => new Uint8Array(d));
  }

  async seal(t: SessionTokens): Promise<string> {
    return new EncryptJWT({ at: t.accessToken, rt: t.refreshToken })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${t.expiresIn}s`)
      .encrypt(await this.key);
  }

  /** The access token inside a cookie value, or undefined when it is missing, forged or expired. */
  async open(value: string | undefined): Promise<string | undefined> {
    if (!value) return undefined;
    try {
      const { payload } = await jwtDecrypt(value, await this.key);
      return typeof payload.at === 'string' ? payload.at : undefined;
    } catch {
      return undefined;
    }
  }
}
