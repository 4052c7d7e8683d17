/**
 * The email sink's mailer on Node: nodemailer over SMTP. `smtp://host:port` (plain; upgraded with
 * STARTTLS when the server offers it), `smtps://user:pass@host[:465]` (TLS from the first byte);
 * credentials in the URL are percent-decoded. Bounded timeouts, one connection per message, and no
 * file or URL access from message content.
 */
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { createTransport } from 'nodemailer';
import type { Mailer } from './email.js';

export interface SmtpOptions {
  /** TLS settings (tests: a CA for a self-signed server certificate). */
  tls?: ConnectionOptions;
  /** Connection, greeting and socket timeouts (default 10 s, 10 s, 30 s). */
  timeoutMs?: number;
}

export function smtpMailer(smtpUrl: string, opts: SmtpOptions = {}): Mailer {
  const u = new URL(smtpUrl);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const secure = u.protocol === 'smtps:';
  const timeout = opts.timeoutMs ?? 10_000;
  const transport = createTransport({
    host,
    port: u.port ? Number(u.port) : secure ? 465 : 25,
    secure,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 3,
    // SNI names a host, never an address (RFC 6066).
    tls: { ...(isIP(host) ? {} : { servername: host }), ...opts.tls },
    // Stryker disable next-line BooleanLiteral: defence in depth; the messages are plain text strings, never a path or URL
    disableFileAccess: true,
    // Stryker disable next-line BooleanLiteral: as above
    disableUrlAccess: true,
  });
  return {
    async send(msg) {
      await transport.sendMail({
        from: msg.from,
        to: msg.to,
        replyTo: msg.replyTo,
        subject: msg.subject,
        text: msg.text,
        messageId: msg.messageId,
        // Stryker disable next-line BooleanLiteral: defence in depth; `text` is a string, never a path or URL
        disableFileAccess: true,
        // Stryker disable next-line BooleanLiteral: as above
        disableUrlAccess: true,
      });
    },
    close() {
      transport.close();
    },
  };
}
