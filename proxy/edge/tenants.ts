/**
 * Many dealers on the edge: the tenants document, in the same format and checked by the same zod
 * schema as the Node proxy's tenants file (`tenants/file.ts`), read from one of two places:
 *
 * - a KV namespace bound as `TENANTS`, the document under the key `CARSTREL_TENANTS_KEY`
 *   (default `tenants.json`): `wrangler kv key put --binding TENANTS tenants.json "$(cat tenants.json)"`.
 *   `npm run edge` with `CARSTREL_TENANTS=<file>` binds the file's directory as this namespace
 *   (workerd's disk service answers the KV binding's reads), so an edit is seen as a KV write is;
 * - a plain-text binding `CARSTREL_TENANTS_JSON` (a var or a secret: `wrangler secret put`).
 *
 * `apiKeyEnv` names another binding of the worker (a secret per dealer). The document is read again
 * when it is older than `TENANTS_REFRESH_MS` (by requests, and by each outbox before it delivers),
 * so an edit takes effect within seconds (plus KV's own propagation on Cloudflare) without a
 * deploy; a broken new document keeps the tenants being served, and the log says why.
 *
 * A tenant's `leads` block gives it its webhook (delivered by its own outbox object, lead-outbox.ts);
 * an ADF email sink (`leads.email`) cannot run on the edge (no SMTP from a Worker), so a document
 * with one is refused, as CARSTREL_LEAD_EMAIL is for one dealer (config.ts), never dropped.
 */
import { ConfigError } from '../lib/config.js';
import { parseTenants, type TenantSpec, type TenantsResult } from '../tenants/file.js';
import { settingsOf, type EdgeEnv, type KVNamespace } from './platform.js';

/** How long a read of the tenants document is reused. */
export const TENANTS_REFRESH_MS = 3000;
export const DEFAULT_TENANTS_KEY = 'tenants.json';

export interface TenantSource {
  /** Where the document is, for messages: `KV TENANTS["tenants.json"]` or `CARSTREL_TENANTS_JSON`. */
  label: string;
  read(): Promise<string | undefined>;
}

function isKv(value: unknown): value is KVNamespace {
  return typeof value === 'object' && value !== null && typeof (value as KVNamespace).get === 'function';
}

/** The tenants document's source, or undefined for a single dealer. */
export function tenantSource(env: EdgeEnv): TenantSource | undefined {
  const kv = env.TENANTS;
  if (isKv(kv)) {
    const key =
      (typeof env.CARSTREL_TENANTS_KEY === 'string' && env.CARSTREL_TENANTS_KEY.trim()) || DEFAULT_TENANTS_KEY;
    return { label: `KV TENANTS["${key}"]`, read: async () => (await kv.get(key)) ?? undefined };
  }
  const text = env.CARSTREL_TENANTS_JSON;
  if (typeof text === 'string' && text.trim())
    return { label: 'CARSTREL_TENANTS_JSON', read: () => Promise.resolve(text) };
  return undefined;
}

export interface TenantsRead {
  specs: TenantSpec[];
  /** True once for each new document that was applied (the first one included). */
  changed: boolean;
}

/** A parsed document, refused when a tenant asks for what the edge cannot do (an email sink). */
export function edgeChecked(result: TenantsResult): TenantsResult {
  if ('problems' in result) return result;
  const mailing = result.tenants.filter((t) => t.leadSinks?.email).map((t) => `"${t.id}"`);
  if (!mailing.length) return result;
  return {
    problems: [
      `tenant ${mailing.join(', ')}: "leads.email" (ADF email) is not available on the edge (Workers cannot speak SMTP): remove it and use "leads.webhook" (a receiver there can email the ADF), or run the Node proxy, which emails them.`,
    ],
  };
}

/** The tenants document, read at most every `TENANTS_REFRESH_MS`. */
export class TenantsCache {
  private text: string | undefined;
  private specs: TenantSpec[] | undefined;
  private readAt = -Infinity;
  private reading: Promise<TenantsRead> | undefined;

  constructor(
    private readonly source: TenantSource,
    private readonly env: EdgeEnv,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** The tenants, read again if the last read is stale. Until one document is good, a bad one throws. */
  current(now = Date.now()): Promise<TenantsRead> {
    if (this.specs && now - this.readAt < TENANTS_REFRESH_MS)
      return Promise.resolve({ specs: this.specs, changed: false });
    this.reading ??= this.load(now).finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async load(now: number): Promise<TenantsRead> {
    const served = this.specs;
    let text: string | undefined;
    try {
      text = await this.source.read();
    } catch (err) {
      if (!served) throw err;
      this.warn(`${this.source.label} could not be read (${String(err)}): the tenants loaded before are served`);
      this.readAt = now;
      return { specs: served, changed: false };
    }
    this.readAt = now;
    if (served && text === this.text) return { specs: served, changed: false };
    this.text = text;
    const result =
      text === undefined
        ? {
            problems: [
              'is empty: put the tenants document there ({ "tenants": [ … ] }, the format of CARSTREL_TENANTS)',
            ],
          }
        : edgeChecked(parseTenants(text, settingsOf(this.env)));
    if ('problems' in result) {
      const problems = result.problems.map((p) => `${this.source.label}: ${p}`);
      if (!served) throw new ConfigError(problems);
      this.warn(`tenants document refused, the tenants served are kept: ${problems.join(' | ')}`);
      return { specs: served, changed: false };
    }
    this.specs = result.tenants;
    return { specs: result.tenants, changed: true };
  }

  private warn(msg: string): void {
    this.log(JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg }));
  }
}
