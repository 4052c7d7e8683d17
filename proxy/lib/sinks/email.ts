/**
 * The email sink: one email per lead to `CARSTREL_LEAD_EMAIL`, its body the lead's ADF 1.0 document
 * (adf.ts), which is how dealer CRMs read leads from an inbox. Sending is a `Mailer` given by the
 * runtime (smtp.ts: nodemailer over `CARSTREL_SMTP_URL`, Node only), so this file stays portable.
 * The Message-ID is derived from the lead's reference: every retry of a lead is the same message.
 */
import { adfDocument } from './adf.js';
import { SinkFailure, type LeadEvent, type LeadSink } from './types.js';

export interface MailMessage {
  from: string;
  to: string;
  /** The shopper, so that answering the email reaches them. */
  replyTo?: string;
  subject: string;
  /** The ADF document (text/plain; charset=utf-8). */
  text: string;
  messageId: string;
}

export interface Mailer {
  /** Resolves once the server accepted the message; rejects otherwise (nodemailer's error). */
  send(msg: MailMessage): Promise<void>;
  close?(): void;
}

/** Opens a mailer for an SMTP URL (`smtp://host:port`, `smtps://user:pass@host`). */
export type MailerFactory = (smtpUrl: string) => Mailer;

/** A single plain address (no display name, no list, nothing that could break a header). */
const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;

export const isAddress = (s: string): boolean => s.length <= 254 && ADDRESS.test(s);

/** The sender: the SMTP user when it is an address (authenticated relays want that), else leads@ the recipient's domain. */
export function senderOf(smtpUrl: string, to: string): string {
  try {
    const user = decodeURIComponent(new URL(smtpUrl).username);
    if (isAddress(user)) return user;
  } catch {
    /* not a URL: the config check refuses it before this */
  }
  return `leads@${to.slice(to.lastIndexOf('@') + 1)}`;
}

const LABEL: Record<LeadEvent['kind'], string> = {
  'test-drive': 'Test drive request',
  'trade-in': 'Trade-in request',
  contact: 'Contact request',
  newsletter: 'Newsletter subscription',
};

/** One line, no control characters, at most 180 characters. */
function headerText(s: string): string {
  const spaced = Array.from(s, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) ? ' ' : c;
  }).join('');
  const line = spaced.replace(/\s+/g, ' ').trim();
  return line.length > 180 ? `${line.slice(0, 179)}…` : line;
}

export function leadEmail(lead: LeadEvent, to: string, from: string, dealerName?: string): MailMessage {
  const car = lead.vehicle ?? lead.tradeIn;
  const carName = car && [car.year, car.make, car.model].filter((x) => x !== undefined).join(' ');
  const who = lead.contact.name ?? lead.contact.email;
  const subject = headerText([LABEL[lead.kind], who, carName].filter(Boolean).join(' — '));
  const email = lead.contact.email;
  return {
    from,
    to,
    ...(email && isAddress(email) ? { replyTo: email } : {}),
    subject,
    text: adfDocument(lead, dealerName),
    messageId: `<${lead.reference}@${from.slice(from.lastIndexOf('@') + 1)}>`,
  };
}

/** A short reason from a mailer's error: the SMTP reply code or the error code, never its text. */
function reasonOf(err: unknown): string {
  const e = err as { responseCode?: unknown; code?: unknown };
  if (typeof e?.responseCode === 'number') return `SMTP ${e.responseCode}`;
  return typeof e?.code === 'string' && /^[A-Z_]{2,20}$/.test(e.code) ? `SMTP ${e.code}` : 'SMTP error';
}

export function emailSink(
  to: string,
  smtpUrl: string,
  mailer: Mailer,
  opts: { dealerName?: string; redact?: (text: string) => string } = {},
): LeadSink {
  const from = senderOf(smtpUrl, to);
  const redact = opts.redact ?? ((s: string) => s);
  return {
    name: 'email',
    async deliver(lead) {
      const msg = leadEmail(lead, to, from, opts.dealerName);
      try {
        const replyTo = msg.replyTo && redact(msg.replyTo);
        await mailer.send({ ...msg, subject: redact(msg.subject), text: redact(msg.text), replyTo });
      } catch (err) {
        throw new SinkFailure(reasonOf(err));
      }
    },
    close() {
      mailer.close?.();
      return Promise.resolve();
    },
  };
}
