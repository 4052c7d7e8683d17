/**
 * Sinks started by the tests: a webhook receiver (scripted answers, every request recorded raw) and
 * a real SMTP server (`smtp-server`: plain, or TLS with a certificate made here, with or without
 * auth; it can refuse messages). Plus what a receiver does with what it gets: the README's webhook
 * signature check, and a small MIME reader for the ADF email.
 */
import { execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { LeadEvent } from '../../../proxy/lib/sinks/types.js';
import type { Upstream, UpstreamRequest, UpstreamResponse } from '../../../proxy/lib/upstream.js';

export interface WebhookHit {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  hits: WebhookHit[];
  /** Answers, in order; then `fallback` (default 200). */
  script: number[];
  fallback: number;
  accepted(): WebhookHit[];
  close(): Promise<void>;
}

export async function startWebhook(script: number[] = [], port = 0): Promise<WebhookReceiver> {
  const hook: WebhookReceiver = {
    url: '',
    hits: [],
    script,
    fallback: 200,
    accepted: () => hook.hits.filter((h) => h.status >= 200 && h.status < 300),
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = hook.script.shift() ?? hook.fallback;
      hook.hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status, at: Date.now() });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  const addr = server.address();
  hook.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hooks/carstrel`;
  hook.close = () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    });
  return hook;
}

/** The README's verification snippet, as a receiver would run it. */
export function verifyCarstrelSignature(
  rawBody: string,
  header: string | undefined,
  secret: string,
  toleranceMs = 300_000,
) {
  const expected = 'sha256=' + createHmac('sha256', secret).update(rawBody).digest('hex');
  const a = Buffer.from(header ?? '');
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return false;
  const { timestamp } = JSON.parse(rawBody);
  return Math.abs(Date.now() - Date.parse(timestamp)) <= toleranceMs;
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
  accepted: boolean;
  /** The user the session signed in as. */
  user?: string;
  secure: boolean;
}

export interface SmtpReceiver {
  url: string;
  port: number;
  mails: Mail[];
  /** Every sign-in attempt, as the server received it. */
  logins: Array<{ username?: string; password?: string | null; secure: boolean }>;
  /** Messages to refuse (451) before accepting. */
  reject: number;
  accepted(): Mail[];
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 (openssl), for the smtps server. */
export function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const out = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  rmSync(dir, { recursive: true, force: true });
  return out;
}

export async function startSmtp(
  opts: { tls?: { key: string; cert: string }; users?: Record<string, string>; reject?: number; port?: number } = {},
): Promise<SmtpReceiver> {
  const box: SmtpReceiver = {
    url: '',
    port: 0,
    mails: [],
    logins: [],
    reject: opts.reject ?? 0,
    accepted: () => box.mails.filter((m) => m.accepted),
    close: async () => {},
  };
  const server = new SMTPServer({
    secure: !!opts.tls,
    ...(opts.tls ?? {}),
    disabledCommands: [...(opts.tls ? [] : ['STARTTLS']), ...(opts.users ? [] : ['AUTH'])],
    authOptional: !opts.users,
    logger: false,
    onAuth(auth, session, cb) {
      box.logins.push({ username: auth.username, password: auth.password, secure: session.secure });
      const users = opts.users ?? {};
      if (auth.username && users[auth.username] === auth.password) return cb(null, { user: auth.username });
      cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const accepted = box.reject <= 0;
        if (!accepted) box.reject--;
        box.mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          accepted,
          user: session.user === undefined ? undefined : String(session.user),
          secure: session.secure,
        });
        if (accepted) cb();
        else cb(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      });
    },
  });
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', () => ok()));
  const addr = server.server.address();
  box.port = typeof addr === 'object' && addr ? addr.port : 0;
  box.url = `${opts.tls ? 'smtps' : 'smtp'}://127.0.0.1:${box.port}`;
  box.close = () => new Promise<void>((ok) => server.close(() => ok()));
  return box;
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) decoded. */
function decodeWords(v: string): string {
  return v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

/** A single-part message: its headers (lower-case names, unfolded, decoded) and its decoded body. */
export function readMail(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const decoded =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return { headers, body: decoded.replace(/\r\n/g, '\n') };
}

/** Poll an async condition until it holds (true) or the time is up (false). */
export async function eventually(cond: () => Promise<boolean>, timeoutMs: number, stepMs = 200): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond().catch(() => false)) return true;
    if (Date.now() > end) return false;
    await new Promise((ok) => setTimeout(ok, stepMs));
  }
}

/**
 * A fake CarStrel for the inventory list: every request recorded, each answered on a later turn of
 * the event loop (a page loop gone wrong then still lets the tests' timers run, where a bare resolved
 * promise would starve them), and a refusal past `maxCalls` requests, so that an endless reading loop
 * fails its test at once instead of hanging the file.
 */
export function listUpstream(
  answer: (req: UpstreamRequest, call: number) => UpstreamResponse | Promise<UpstreamResponse>,
  maxCalls = 100,
): { upstream: Upstream; sent: UpstreamRequest[] } {
  const sent: UpstreamRequest[] = [];
  const upstream: Upstream = {
    async request(req) {
      sent.push(req);
      await new Promise((ok) => setImmediate(ok));
      if (sent.length > maxCalls) throw new Error(`fake CarStrel: more than ${maxCalls} calls (a loop?)`);
      return answer(req, sent.length);
    },
    async close() {},
  };
  return { upstream, sent };
}

/** A contact lead as the sinks receive it, with `over` on top. */
export const sampleLead = (over: Partial<LeadEvent> = {}): LeadEvent => ({
  kind: 'contact',
  reference: 'lead_00000000-0000-4000-8000-000000000001',
  receivedAt: Date.parse('2026-11-30T06:15:00Z'),
  fields: { name: 'Ada Lovelace', email: 'ada@example.com', message: 'Hello' },
  contact: { name: 'Ada Lovelace', email: 'ada@example.com' },
  ...over,
});
