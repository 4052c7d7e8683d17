/**
 * The dealer's lead sinks from settings (`CARSTREL_LEAD_WEBHOOK`, …), checked with the rest of the
 * configuration (config.ts) so that every problem is reported at once with how to fix it, and the
 * sinks built from them (`createLeadSinks`). A multi-dealer deployment checks each tenant's own
 * values with the same `parseLeadSinks` (a `prefix` names the tenant in its messages).
 */
import { emailSink, isAddress, type MailerFactory } from './email.js';
import { redactor, type LeadSink, type LeadSinksConfig } from './types.js';
import { webhookSink } from './webhook.js';

export const LEAD_SINK_SETTINGS: Array<{ name: string; flag: string; help: string }> = [
  {
    name: 'CARSTREL_LEAD_WEBHOOK',
    flag: '--lead-webhook',
    help: 'URL that gets one signed JSON POST per lead (https; http only for 127.0.0.1/localhost). Needs CARSTREL_LEAD_WEBHOOK_SECRET.',
  },
  {
    name: 'CARSTREL_LEAD_WEBHOOK_SECRET',
    flag: '--lead-webhook-secret',
    help: 'Secret (≥16 chars) of the webhook signature X-CarStrel-Signature: sha256=<HMAC-SHA256 of the body>.',
  },
  {
    name: 'CARSTREL_LEAD_EMAIL',
    flag: '--lead-email',
    help: "Address that gets one email per lead with its ADF/XML document (a CRM's lead inbox). Needs CARSTREL_SMTP_URL.",
  },
  {
    name: 'CARSTREL_SMTP_URL',
    flag: '--smtp-url',
    help: 'Mail server for CARSTREL_LEAD_EMAIL: smtp://host:port (plain, STARTTLS if offered) or smtps://user:pass@host[:465].',
  },
  {
    name: 'CARSTREL_DEALER_NAME',
    flag: '--dealer-name',
    help: "The dealership's name in ADF <vendorname> (default: the host of the page the lead came from).",
  },
];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Whether a text has a control character (a name must be one line). */
const hasControl = (s: string): boolean => Array.from(s).some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f');

function checkWebhook(raw: string, problems: string[], p: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    problems.push(
      `${p}CARSTREL_LEAD_WEBHOOK="${raw}" is not a URL. Use e.g. https://crm.dealer.example/hooks/carstrel.`,
    );
    return undefined;
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
    problems.push(
      `${p}CARSTREL_LEAD_WEBHOOK must use https (plain http only for 127.0.0.1/localhost): leads carry shoppers' names and emails.`,
    );
    return undefined;
  }
  u.hash = '';
  return u.href;
}

function checkSmtp(raw: string, problems: string[], p: string): string | undefined {
  const fix = 'Use smtp://host:port (no auth) or smtps://user:pass@host (percent-encode special characters).';
  let u: URL;
  try {
    u = new URL(raw);
    decodeURIComponent(u.username);
    decodeURIComponent(u.password);
  } catch {
    problems.push(`${p}CARSTREL_SMTP_URL is not a valid URL. ${fix}`);
    return undefined;
  }
  if ((u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || !u.hostname || (u.pathname && u.pathname !== '/')) {
    problems.push(`${p}CARSTREL_SMTP_URL must be smtp:// or smtps:// with a host and nothing after it. ${fix}`);
    return undefined;
  }
  return raw;
}

/** Check the sink settings (environment-style names) and build the dealer's sink configuration. */
export function parseLeadSinks(
  env: Record<string, string | undefined>,
  problems: string[],
  prefix = '',
): LeadSinksConfig {
  const get = (name: string) => env[name]?.trim() || undefined;
  const config: LeadSinksConfig = {};
  const hook = get('CARSTREL_LEAD_WEBHOOK');
  const secret = get('CARSTREL_LEAD_WEBHOOK_SECRET');
  if (hook && (!secret || secret.length < 16))
    problems.push(
      `${prefix}CARSTREL_LEAD_WEBHOOK needs CARSTREL_LEAD_WEBHOOK_SECRET (at least 16 characters, e.g. \`openssl rand -hex 32\`) so the receiver can verify each lead.`,
    );
  else if (!hook && secret)
    problems.push(
      `${prefix}CARSTREL_LEAD_WEBHOOK_SECRET is set without CARSTREL_LEAD_WEBHOOK: set the URL or unset it.`,
    );
  const url = hook && checkWebhook(hook, problems, prefix);
  if (url && secret && secret.length >= 16) config.webhook = { url, secret };

  const to = get('CARSTREL_LEAD_EMAIL');
  const smtp = get('CARSTREL_SMTP_URL');
  if (to && !isAddress(to))
    problems.push(`${prefix}CARSTREL_LEAD_EMAIL="${to}" must be one email address, like leads@crm.dealer.example.`);
  if (to && !smtp)
    problems.push(`${prefix}CARSTREL_LEAD_EMAIL needs CARSTREL_SMTP_URL (the mail server to send it through).`);
  if (!to && smtp)
    problems.push(`${prefix}CARSTREL_SMTP_URL is set without CARSTREL_LEAD_EMAIL: set the address or unset it.`);
  const smtpUrl = smtp && checkSmtp(smtp, problems, prefix);
  if (to && isAddress(to) && smtpUrl) config.email = { to, smtpUrl };

  const dealer = get('CARSTREL_DEALER_NAME');
  if (dealer && (dealer.length > 200 || hasControl(dealer)))
    problems.push(`${prefix}CARSTREL_DEALER_NAME must be one line of at most 200 characters.`);
  else if (dealer) config.dealerName = dealer;
  return config;
}

export interface LeadSinkDeps {
  /** Opens the mailer of the email sink (Node: `smtpMailer` in smtp.ts). Without it there is no email sink. */
  mailer?: MailerFactory;
  /** The webhook's `fetch` (default: the runtime's). */
  fetch?: typeof fetch;
  now?: () => number;
}

/** One dealer's sinks from its configuration; the API key is redacted from anything they send. */
export function createLeadSinks(config: LeadSinksConfig, apiKey: string, deps: LeadSinkDeps = {}): LeadSink[] {
  const redact = redactor(apiKey);
  const sinks: LeadSink[] = [];
  if (config.webhook)
    sinks.push(webhookSink(config.webhook.url, config.webhook.secret, { redact, fetch: deps.fetch, now: deps.now }));
  if (config.email && deps.mailer)
    sinks.push(
      emailSink(config.email.to, config.email.smtpUrl, deps.mailer(config.email.smtpUrl), {
        dealerName: config.dealerName,
        redact,
      }),
    );
  return sinks;
}
