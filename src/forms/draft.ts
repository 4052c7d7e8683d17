/**
 * Draft persistence: what the shopper typed survives a reload (session storage, this tab only)
 * until the lead is sent, together with the submission's `Idempotency-Key`, so that a retry after
 * a reload is recognised by the proxy as the same submission and never stored twice.
 *
 * Secrets are never written: callers pass only the fields that may persist (never passwords).
 */
import type { Values } from './form-options.js';

export interface Submission {
  /** The `Idempotency-Key` of this submission (crypto.randomUUID()). */
  key: string;
  /** Fingerprint of the body it was used for; a different body gets a different key. */
  fingerprint: string;
}

export interface Draft {
  values: Values;
  submission?: Submission;
}

const PREFIX = 'carstrel:draft:';

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    // storage disabled (privacy mode, sandboxed frame): drafts live in memory only
  }
  return undefined;
}

function isDraft(x: unknown): x is Draft {
  return typeof x === 'object' && x !== null && 'values' in x && typeof x.values === 'object' && x.values !== null;
}

/** One form's draft in session storage under `carstrel:draft:<storageKey>`. */
export class DraftStore {
  private memory: Draft = { values: {} };

  constructor(readonly storageKey: string) {}

  private get key(): string {
    return PREFIX + this.storageKey;
  }

  load(): Draft {
    const raw = storage()?.getItem(this.key);
    // Stryker disable next-line ConditionalExpression: equivalent (JSON.parse(null) is null, JSON.parse('') throws: both keep the memory copy)
    if (!raw) return this.memory;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      /* a corrupt draft is dropped: the form simply starts empty */
    }
    if (isDraft(parsed)) this.memory = parsed;
    return this.memory;
  }

  save(draft: Draft): void {
    this.memory = draft;
    const hasContent = Object.values(draft.values).some((v) => v !== '') || draft.submission;
    // Stryker disable OptionalChaining: equivalent (without storage the call throws inside the try: nothing written either way)
    try {
      if (hasContent) storage()?.setItem(this.key, JSON.stringify(draft));
      else storage()?.removeItem(this.key);
    } catch {
      /* quota or disabled storage: keep the in-memory copy */
    }
  }

  clear(): void {
    this.memory = { values: {} };
    try {
      storage()?.removeItem(this.key);
    } catch {
      /* nothing to clear */
    }
    // Stryker restore OptionalChaining
  }
}

/**
 * A short, stable fingerprint of a request body (key order independent; FNV-1a, 32 bit). Callers
 * leave secrets (passwords) out of `body`: the fingerprint is stored with the draft.
 */
export function fingerprint(body: Record<string, unknown>): string {
  const text = JSON.stringify(
    Object.keys(body)
      .sort()
      .map((k) => [k, body[k]]),
  );
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The `Idempotency-Key` to send for `body`: the stored one when it was made for this same body
 * (a retry, possibly after a reload), else a fresh one.
 */
export function submissionFor(body: Record<string, unknown>, previous: Submission | undefined): Submission {
  const print = fingerprint(body);
  if (previous && previous.fingerprint === print) return previous;
  return { key: crypto.randomUUID(), fingerprint: print };
}
