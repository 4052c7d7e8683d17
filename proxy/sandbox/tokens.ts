/** Customer JWTs (HS256, one secret per environment) — contract decision D10. */
import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { ApiKey, Environment } from './data/dealers.js';
import { errors } from './errors.js';

export const ACCESS_TTL_SECONDS = 3600;
const REFRESH_TTL_SECONDS = 30 * 24 * 3600;
const ISSUER = 'carstrel-sandbox';
const AUDIENCE = 'carstrel-external';

const secrets: Record<Environment, Uint8Array> = {
  test: new TextEncoder().encode('carstrel-sandbox/test/jwt-secret/please-do-not-reuse-1f7c'),
  live: new TextEncoder().encode('carstrel-sandbox/live/jwt-secret/please-do-not-reuse-9a2e'),
};

export interface TokenClaims {
  sub: string;
  org: string;
  env: Environment;
  cid: string;
  typ: 'access' | 'refresh';
}

function sign(claims: TokenClaims, ttl: number, now: number): Promise<string> {
  return new SignJWT({ org: claims.org, env: claims.env, cid: claims.cid, typ: claims.typ })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(randomUUID())
    .sign(secrets[claims.env]);
}

export async function issueTokens(
  key: ApiKey,
  userId: string,
  customerId: string,
  now = Math.floor(Date.now() / 1000),
) {
  const base = { sub: userId, org: key.dealerId, env: key.environment, cid: customerId };
  return {
    access_token: await sign({ ...base, typ: 'access' }, ACCESS_TTL_SECONDS, now),
    refresh_token: await sign({ ...base, typ: 'refresh' }, REFRESH_TTL_SECONDS, now),
    expires_in: ACCESS_TTL_SECONDS,
    token_type: 'Bearer' as const,
  };
}

/** Test helper and `me`: verifies an access token for the calling key's organization. */
export async function verifyAccessToken(token: string, key: ApiKey): Promise<TokenClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, secrets[key.environment], {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw errors.invalidToken('it has expired');
    throw errors.invalidToken('its signature or format is invalid');
  }
  if (payload.typ !== 'access') throw errors.invalidToken('it is a refresh token, not an access token');
  if (payload.org !== key.dealerId || payload.env !== key.environment)
    throw errors.invalidToken('it was issued for another organization');
  return payload as unknown as TokenClaims;
}

export function bearerOf(req: Request): string {
  const header = req.headers.get('authorization') ?? '';
  const match = /^Bearer\s+([A-Za-z0-9\-_.]+)\s*$/i.exec(header);
  if (!match) throw errors.missingBearer();
  return match[1];
}

/** For tests: a token signed with the right secret but arbitrary claims/expiry. */
export function signForTest(claims: TokenClaims, ttl: number, now: number): Promise<string> {
  return sign(claims, ttl, now);
}
