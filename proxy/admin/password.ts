/**
 * The console password: checked against the password in clear or against its PBKDF2-SHA256 hash
 * (`pbkdf2-sha256$<iterations>$<salt, base64url>$<hash, base64url>`), with WebCrypto only, so the
 * same check runs on Node and on an edge runtime (WebCrypto has no scrypt). Comparisons take a
 * time that does not depend on where the values differ.
 */

const enc = new TextEncoder();
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const DEFAULT_ITERATIONS = 600_000;
const HASH = /^pbkdf2-sha256\$(\d{1,8})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{43})$/;

function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

export function isPasswordHash(text: string): boolean {
  const m = HASH.exec(text);
  return m !== null && Number(m[1]) >= 1000;
}

/** A new hash of `password` (fresh random salt). */
export async function hashPassword(password: string, iterations = DEFAULT_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2-sha256$${iterations}$${b64url(salt)}$${b64url(await derive(password, salt, iterations))}`;
}

/** Whether `attempt` is the password configured (in clear or as a hash). */
export async function checkPassword(attempt: string, config: { password?: string; passwordHash?: string }) {
  if (config.passwordHash) {
    const m = HASH.exec(config.passwordHash);
    if (!m) return false;
    const derived = await derive(attempt, fromB64url(m[2]), Number(m[1]));
    return sameBytes(derived, fromB64url(m[3]));
  }
  if (config.password === undefined) return false;
  const digest = async (s: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(s)));
  return sameBytes(await digest(attempt), await digest(config.password));
}
