/**
 * The console password: checked against the password in clear or against one of two hashes:
 *
 * - scrypt, as a PHC string (the format of passlib and of the PHC string format):
 *   `$scrypt$ln=<log2 N>,r=<block size>,p=<parallelism>$<salt>$<hash>`, salt and hash in base64
 *   without padding. Derived with `@noble/hashes` (plain JavaScript), so the same check runs on
 *   Node and on the edge, whose WebCrypto has no scrypt. `hash-password` makes these.
 * - PBKDF2-HMAC-SHA256, `pbkdf2-sha256$<iterations>$<salt, base64url>$<hash, base64url>`, with
 *   WebCrypto (the format earlier versions printed; still accepted, and `hash-password --pbkdf2`).
 *
 * Comparisons take a time that does not depend on where the values differ.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';

const enc = new TextEncoder();
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const DEFAULT_ITERATIONS = 600_000;
/**
 * OWASP's scrypt equivalent N=2^15, r=8, p=3: 32 MiB, within a Worker isolate's 128 MB (OWASP's
 * first choice, N=2^17, needs 128 MiB).
 */
export const SCRYPT_DEFAULTS = { ln: 15, r: 8, p: 3 };
/** The most memory a hash may ask for (128·r·N bytes), so a hash cannot exhaust an isolate. */
const SCRYPT_MAX_BYTES = 64 * 1024 * 1024;
const PBKDF2 = /^pbkdf2-sha256\$(\d{1,8})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{43})$/;
const SCRYPT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,88})\$([A-Za-z0-9+/]{22,88})$/;

interface ScryptHash {
  ln: number;
  r: number;
  p: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Base64 without padding (PHC). */
const b64 = (bytes: Uint8Array) => b64url(bytes).replace(/-/g, '+').replace(/_/g, '/');

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

function scrypt(password: string, salt: Uint8Array, { ln, r, p }: typeof SCRYPT_DEFAULTS, dkLen: number) {
  return scryptAsync(enc.encode(password), salt, { N: 2 ** ln, r, p, dkLen, maxmem: SCRYPT_MAX_BYTES + 1024 });
}

/** A scrypt PHC string's parts, if it is one this proxy can check (parameters within bounds). */
function parseScrypt(text: string): ScryptHash | undefined {
  const m = SCRYPT.exec(text);
  if (!m) return undefined;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16 || 128 * r * 2 ** ln > SCRYPT_MAX_BYTES)
    return undefined;
  try {
    const salt = fromB64url(m[4]);
    const hash = fromB64url(m[5]);
    return salt.length >= 8 && hash.length >= 16 ? { ln, r, p, salt, hash } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `text` is a hash this proxy checks: scrypt (PHC string) or pbkdf2-sha256. */
export function isPasswordHash(text: string): boolean {
  const m = PBKDF2.exec(text);
  return (m !== null && Number(m[1]) >= 1000) || parseScrypt(text) !== undefined;
}

/** A new scrypt hash of `password` (fresh random salt), as a PHC string. */
export async function hashPassword(password: string, params = SCRYPT_DEFAULTS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await scrypt(password, salt, params, 32);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

/** A new PBKDF2-SHA256 hash of `password` (fresh random salt). */
export async function hashPasswordPbkdf2(password: string, iterations = DEFAULT_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2-sha256$${iterations}$${b64url(salt)}$${b64url(await pbkdf2(password, salt, iterations))}`;
}

/** Whether `attempt` is the password configured (in clear or as a hash). */
export async function checkPassword(attempt: string, config: { password?: string; passwordHash?: string }) {
  if (config.passwordHash) {
    const s = parseScrypt(config.passwordHash);
    if (s) return sameBytes(await scrypt(attempt, s.salt, s, s.hash.length), s.hash);
    const m = PBKDF2.exec(config.passwordHash);
    if (!m) return false;
    return sameBytes(await pbkdf2(attempt, fromB64url(m[2]), Number(m[1])), fromB64url(m[3]));
  }
  if (config.password === undefined) return false;
  const digest = async (s: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(s)));
  return sameBytes(await digest(attempt), await digest(config.password));
}
