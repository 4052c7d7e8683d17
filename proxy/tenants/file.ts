/**
 * The tenants file (`CARSTREL_TENANTS`): many dealers behind one proxy. Checked with zod, every
 * problem reported at once with where it is and how to fix it; a key is never echoed. Pure (text
 * and environment in, tenants or problems out), so the same check runs at start-up and on reload.
 *
 *   { "tenants": [ { "id": "savanna", "apiKey": "sk_live_…" | "apiKeyEnv": "SAVANNA_KEY",
 *                    "allowedOrigins": ["https://www.savanna.example"], "hosts": ["cars.savanna.example"],
 *                    "leads": { "webhook": "https://crm.savanna.example/hooks", "webhookSecretEnv": "SAVANNA_HOOK_SECRET",
 *                               "email": "leads@crm.savanna.example", "smtpUrlEnv": "SAVANNA_SMTP", "dealerName": "Savanna Motors" } } ] }
 *
 * `leads` is the tenant's own lead routing (what CARSTREL_LEAD_* set for one dealer), checked by the
 * same rules (lib/sinks/config.ts); secrets may come from environment variables (`…Env`).
 */
import { z } from 'zod';
import { exactOrigin, KEY_SHAPE } from '../lib/config.js';
import { parseLeadSinks } from '../lib/sinks/config.js';
import type { LeadSinksConfig } from '../lib/sinks/types.js';

/** One dealer of a multi-dealer deployment, as checked and resolved (the key read from its variable). */
export interface TenantSpec {
  id: string;
  apiKey: string;
  allowedOrigins: string[];
  /** Lower-case `host` or `host:port` values of the Host header served at the root for this tenant. */
  hosts: string[];
  /** Where this tenant's leads also go (its webhook, its ADF email); `{}` for none. */
  leadSinks?: LeadSinksConfig;
}

export type TenantsResult = { tenants: TenantSpec[] } | { problems: string[] };

const ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST = new RegExp(`^${LABEL}(?:\\.${LABEL})*(?::\\d{1,5})?$`);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** More tenants than this in one process is a sign of a generated file gone wrong. */
export const MAX_TENANTS = 20_000;

const envName = z.string('must be a string').regex(ENV_NAME, 'must be the name of an environment variable');
const leadsSchema = z.strictObject(
  {
    webhook: z.string('must be a string').optional(),
    webhookSecret: z.string('must be a string').optional(),
    webhookSecretEnv: envName.optional(),
    email: z.string('must be a string').optional(),
    smtpUrl: z.string('must be a string').optional(),
    smtpUrlEnv: envName.optional(),
    dealerName: z.string('must be a string').optional(),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type'
        ? 'must be an object like { "webhook": "https://…", "webhookSecretEnv": "NAME", "email": "…", "smtpUrlEnv": "NAME" }'
        : undefined,
  },
);

const tenantSchema = z.strictObject({
  id: z
    .string('must be a string')
    .regex(ID, 'must be 1 to 63 lower-case letters, digits or "-" (not first or last), e.g. "savanna"'),
  apiKey: z
    .string('must be a string')
    .trim()
    .regex(
      KEY_SHAPE,
      'must look like sk_live_… or sk_test_… (letters and digits after the prefix); copy it again from Dashboard → Integrations → API Keys',
    )
    .optional(),
  apiKeyEnv: z
    .string('must be a string')
    .regex(ENV_NAME, 'must be the name of an environment variable, e.g. "SAVANNA_API_KEY"')
    .optional(),
  allowedOrigins: z
    .array(z.string('must be a string'), 'must be a list of exact origins, e.g. ["https://www.savanna.example"]')
    .min(1, 'must list at least one origin: the dealer site(s) whose pages use the widgets'),
  hosts: z
    .array(
      z
        .string('must be a string')
        .trim()
        .toLowerCase()
        .regex(HOST, 'must be a host name with an optional port, e.g. "cars.savanna.example" (no scheme, no path)'),
      'must be a list of host names, e.g. ["cars.savanna.example"]',
    )
    .optional(),
  leads: leadsSchema.optional(),
});

const SHAPE = '{ "tenants": [ { "id": …, "apiKey": …, "allowedOrigins": [ … ] } ] }';
const fileSchema = z.strictObject(
  {
    tenants: z
      .array(tenantSchema, `must be a list of tenants: ${SHAPE}`)
      .max(MAX_TENANTS, `must list at most ${MAX_TENANTS} tenants`),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? `must be a JSON object: ${SHAPE}` : undefined) },
);
const KNOWN =
  'known fields: id, apiKey, apiKeyEnv, allowedOrigins, hosts, leads (webhook, webhookSecret, webhookSecretEnv, email, smtpUrl, smtpUrlEnv, dealerName)';

type RawFile = z.infer<typeof fileSchema>;

/** `tenants[3] ("savanna").allowedOrigins[0]`: where a problem is, with the tenant's id when known. */
function where(path: ReadonlyArray<PropertyKey>, raw: unknown): string {
  let out = '';
  for (const [i, part] of path.entries()) {
    out += typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`;
    if (i === 1 && path[0] === 'tenants' && typeof part === 'number') {
      const id = (raw as { tenants?: Array<{ id?: unknown }> }).tenants?.[part]?.id;
      if (typeof id === 'string' && ID.test(id)) out += ` ("${id}")`;
    }
  }
  return out || '(top level)';
}

/** A tenant's `leads` block as the sink settings of one dealer (secrets read from their variables). */
function leadSinksOf(
  leads: RawFile['tenants'][number]['leads'],
  env: Record<string, string | undefined>,
  problems: string[],
  at: string,
): LeadSinksConfig {
  if (!leads) return {};
  const secret = (value: string | undefined, name: string | undefined, field: string): string | undefined => {
    if (value !== undefined && name !== undefined)
      problems.push(`${at}.leads: has both "${field}" and "${field}Env". Keep one.`);
    if (name === undefined) return value;
    const v = env[name]?.trim();
    if (!v) problems.push(`${at}.leads.${field}Env: the environment variable ${name} is not set.`);
    return v;
  };
  const found: string[] = [];
  const config = parseLeadSinks(
    {
      CARSTREL_LEAD_WEBHOOK: leads.webhook,
      CARSTREL_LEAD_WEBHOOK_SECRET: secret(leads.webhookSecret, leads.webhookSecretEnv, 'webhookSecret'),
      CARSTREL_LEAD_EMAIL: leads.email,
      CARSTREL_SMTP_URL: secret(leads.smtpUrl, leads.smtpUrlEnv, 'smtpUrl'),
      CARSTREL_DEALER_NAME: leads.dealerName,
    },
    found,
    `${at}.leads: `,
  );
  // The same rules as CARSTREL_LEAD_*, said with this file's field names.
  const FIELDS: Array<[RegExp, string]> = [
    [/CARSTREL_LEAD_WEBHOOK_SECRET/g, '"webhookSecret"'],
    [/CARSTREL_LEAD_WEBHOOK/g, '"webhook"'],
    [/CARSTREL_LEAD_EMAIL/g, '"email"'],
    [/CARSTREL_SMTP_URL/g, '"smtpUrl"'],
    [/CARSTREL_DEALER_NAME/g, '"dealerName"'],
  ];
  for (const p of found) problems.push(FIELDS.reduce((text, [re, field]) => text.replace(re, field), p));
  return config;
}

/** Cross-field rules: one key source, the key's variable set, exact origins, ids and hosts unique. */
function resolve(file: RawFile, env: Record<string, string | undefined>): TenantsResult {
  const problems: string[] = [];
  const ids = new Map<string, number>();
  const hosts = new Map<string, string>();
  const tenants: TenantSpec[] = [];
  for (const [i, t] of file.tenants.entries()) {
    const at = `tenants[${i}] ("${t.id}")`;
    const first = ids.get(t.id);
    if (first !== undefined)
      problems.push(`${at}.id: "${t.id}" is already the id of tenants[${first}]. Each tenant needs its own id.`);
    else ids.set(t.id, i);
    let apiKey = t.apiKey;
    if (t.apiKey !== undefined && t.apiKeyEnv !== undefined)
      problems.push(`${at}: has both "apiKey" and "apiKeyEnv". Keep one.`);
    else if (t.apiKeyEnv !== undefined) {
      const value = env[t.apiKeyEnv]?.trim();
      if (!value)
        problems.push(
          `${at}.apiKeyEnv: the environment variable ${t.apiKeyEnv} is not set. Set it in the proxy's environment before it starts (a running process keeps the environment it started with), or use "apiKey".`,
        );
      else if (!KEY_SHAPE.test(value))
        problems.push(
          `${at}.apiKeyEnv: the value of ${t.apiKeyEnv} must look like sk_live_… or sk_test_… (letters and digits after the prefix).`,
        );
      else apiKey = value;
    } else if (t.apiKey === undefined) problems.push(`${at}: needs "apiKey" (the dealer's secret key) or "apiKeyEnv".`);
    const origins: string[] = [];
    for (const [j, o] of t.allowedOrigins.entries()) {
      const exact = exactOrigin(o.trim());
      if (exact) origins.push(exact);
      else
        problems.push(
          `${at}.allowedOrigins[${j}]: "${o}" must be an exact origin like https://www.savanna.example (scheme, host, optional port; no path, no wildcard).`,
        );
    }
    for (const h of t.hosts ?? []) {
      const owner = hosts.get(h);
      if (owner !== undefined && owner !== t.id)
        problems.push(`${at}.hosts: "${h}" is already a host of "${owner}". A host can serve one tenant only.`);
      hosts.set(h, t.id);
    }
    const leadSinks = leadSinksOf(t.leads, env, problems, at);
    if (apiKey)
      tenants.push({
        id: t.id,
        apiKey,
        allowedOrigins: origins,
        hosts: [...new Set(t.hosts ?? [])],
        ...(t.leads ? { leadSinks } : {}),
      });
  }
  return problems.length ? { problems } : { tenants };
}

/** Check a tenants file's text; `env` resolves `apiKeyEnv`. */
export function parseTenants(text: string, env: Record<string, string | undefined>): TenantsResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return {
      problems: [`is not valid JSON (${(err as Error).message}). Check quotes, commas and brackets.`],
    };
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success)
    return {
      problems: parsed.error.issues.map(
        (issue) =>
          `${where(issue.path, raw)}: ${issue.message}${issue.code === 'unrecognized_keys' ? ` (${issue.path.length ? KNOWN : 'the file has only "tenants"'})` : ''}`,
      ),
    };
  return resolve(parsed.data, env);
}
