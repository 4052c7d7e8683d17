/**
 * The dealer console's settings (`/admin`), checked with the rest of the configuration (config.ts).
 * The console is on only when a password is set: `CARSTREL_ADMIN_PASSWORD` (the password itself) or
 * `CARSTREL_ADMIN_PASSWORD_HASH` (its hash, from `carstrel-proxy hash-password`; preferred, so the
 * password is in no file or process listing).
 */
import { isPasswordHash } from './password.js';

export interface AdminConfig {
  /** The password in clear (`CARSTREL_ADMIN_PASSWORD`). */
  password?: string;
  /** `$scrypt$ln=…,r=…,p=…$<salt>$<hash>` or `pbkdf2-sha256$<iterations>$<salt>$<hash>` (`CARSTREL_ADMIN_PASSWORD_HASH`). */
  passwordHash?: string;
}

export const ADMIN_SETTINGS: Array<{ name: string; flag: string; help: string }> = [
  {
    name: 'CARSTREL_ADMIN_PASSWORD',
    flag: '--admin-password',
    help: 'Turns on the dealer console at /admin with this password (≥ 12 chars). Unset (and no hash) = /admin answers 404.',
  },
  {
    name: 'CARSTREL_ADMIN_PASSWORD_HASH',
    flag: '--admin-password-hash',
    help: 'The console password as a scrypt hash ($scrypt$ln=…,r=…,p=…$salt$hash, from `carstrel-proxy hash-password`) or pbkdf2-sha256, instead of CARSTREL_ADMIN_PASSWORD.',
  },
];

/** Check the console settings; undefined when the console is off. */
export function parseAdmin(env: Record<string, string | undefined>, problems: string[]): AdminConfig | undefined {
  const password = env.CARSTREL_ADMIN_PASSWORD;
  const hash = env.CARSTREL_ADMIN_PASSWORD_HASH?.trim();
  if (password && hash) {
    problems.push('CARSTREL_ADMIN_PASSWORD and CARSTREL_ADMIN_PASSWORD_HASH are both set: keep only the hash.');
    return undefined;
  }
  if (hash) {
    if (isPasswordHash(hash)) return { passwordHash: hash };
    problems.push(
      'CARSTREL_ADMIN_PASSWORD_HASH must be a scrypt PHC string ($scrypt$ln=<10…20>,r=<1…32>,p=<1…16>$<salt>$<hash>, base64, at most 64 MiB) or pbkdf2-sha256$<iterations>$<salt>$<hash>: make one with `printf %s "your password" | npx carstrel-proxy hash-password`.',
    );
    return undefined;
  }
  if (password === undefined || password === '') return undefined;
  if (password.length < 12) {
    problems.push('CARSTREL_ADMIN_PASSWORD must be at least 12 characters (it opens the customer records).');
    return undefined;
  }
  return { password };
}
