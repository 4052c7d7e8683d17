/**
 * The sinks' transports, one behaviour each: the webhook's signature and refusals, the API key
 * redacted from what is sent, the inventory lookup (never a detail call, which would count a view),
 * and the SMTP mailer over smtps with a login. (The pure pieces are in sinks-units.test.ts: a
 * mutant of those reruns only that fast file.)
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { describe, it, after } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { createLeadSinks } from '../../../proxy/lib/sinks/config.js';
import { emailSink, type MailMessage } from '../../../proxy/lib/sinks/email.js';
import { inventoryLookup } from '../../../proxy/lib/sinks/inventory.js';
import { smtpMailer } from '../../../proxy/lib/sinks/smtp.js';
import { SinkFailure } from '../../../proxy/lib/sinks/types.js';
import { signature, webhookSink } from '../../../proxy/lib/sinks/webhook.js';
import { listUpstream, readMail, sampleLead as lead, selfSignedCert, startSmtp, startWebhook } from './sinks-fakes.js';

describe('webhook sink', () => {
  const closers: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of closers) await c();
  });

  it('signs the raw body with HMAC-SHA256 (hex)', async () => {
    const body = '{"kind":"contact","reference":"lead_x"}';
    assert.equal(
      await signature('s3cret', body),
      `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`,
    );
  });

  it('fails (to be retried) on non-2xx, follows no redirect, and tells a timeout from an unreachable host', async () => {
    const other = await startWebhook();
    closers.push(() => other.close());
    // answers after the sink's timeout; its timer does not hold the test process open
    const slow = createServer((_req, res) => void setTimeout(() => res.end('late'), 4000).unref());
    await new Promise<void>((ok) => slow.listen(0, '127.0.0.1', ok));
    closers.push(
      () =>
        new Promise<void>((ok) => {
          slow.close(() => ok());
          slow.closeAllConnections();
        }),
    );
    const redirect = createServer((_req, res) => {
      res.writeHead(307, { location: other.url });
      res.end();
    });
    await new Promise<void>((ok) => redirect.listen(0, '127.0.0.1', ok));
    closers.push(() => new Promise<void>((ok) => redirect.close(() => ok())));
    const port = (s: ReturnType<typeof createServer>) => (s.address() as { port: number }).port;
    const reason = async (url: string, timeoutMs = 5000) => {
      try {
        await webhookSink(url, 'secret-0123456789', { timeoutMs }).deliver(lead());
        return 'delivered';
      } catch (err) {
        assert.ok(err instanceof SinkFailure, `a SinkFailure, not ${String(err)}`);
        return err.reason;
      }
    };
    assert.equal(await reason(`http://127.0.0.1:${port(redirect)}/`), 'HTTP 307');
    assert.equal(other.hits.length, 0, 'the redirect was not followed');
    assert.equal(await reason(`http://127.0.0.1:${port(slow)}/`, 300), 'timeout');
    assert.equal(await reason('http://127.0.0.1:1/'), 'unreachable');
    other.script.push(422);
    assert.equal(await reason(other.url), 'HTTP 422');
    assert.equal(await reason(other.url), 'delivered');
  });

  it('sends no API key, even one that found its way into the lead', async () => {
    const key = 'sk_live_SECRETKEY123';
    const hook = await startWebhook();
    closers.push(() => hook.close());
    const sent: MailMessage[] = [];
    const sinks = createLeadSinks(
      {
        webhook: { url: hook.url, secret: 'whsec_0123456789abcdef' },
        email: { to: 'l@x.example', smtpUrl: 'smtp://h' },
      },
      key,
      { mailer: () => ({ send: (m) => Promise.resolve(void sent.push(m)) }) },
    );
    const tainted = lead({
      fields: { name: key, email: 'e@x.example', message: `my key is ${key}` },
      contact: { name: key },
    });
    for (const s of sinks) await s.deliver(tainted);
    assert.ok(
      !hook.hits[0].body.includes(key) && hook.hits[0].body.includes('[redacted]'),
      'the key is redacted in what the hook got',
    );
    assert.ok(!JSON.stringify(sent).includes(key), 'the key is in no request sent upstream');
    assert.equal(XMLValidator.validate(sent[0].text), true);
  });
});

describe('inventory lookup', { timeout: 10_000 }, () => {
  const page = (ids: string[], n: number, pages: number) => ({
    status: 200,
    headers: {},
    body: new TextEncoder().encode(
      JSON.stringify({
        statusCode: 200,
        data: ids.map((id, i) => ({
          id,
          year: 2020 + i,
          mileage: 1000,
          model: { name: `M${i}`, brand: { name: `B${n}` } },
          trim: i % 2 ? { name: 'Sport' } : null,
          saleOptions: { price: 10000 },
        })),
        page: n,
        totalPages: pages,
      }),
    ),
  });
  it('reads the inventory list, page by page, never the detail route (a view), and reloads at most every few seconds', async () => {
    let now = 0;
    const { upstream, sent } = listUpstream((req) => {
      const n = Number(new URL(req.path, 'http://x').searchParams.get('page'));
      return page(
        Array.from({ length: n === 1 ? 100 : 3 }, (_, i) => `v${n}-${i}`),
        n,
        2,
      );
    });
    const lookup = inventoryLookup(upstream, 'sk_test_x', { now: () => now, reloadMs: 10_000 });
    assert.deepEqual(await lookup('v2-1'), {
      id: 'v2-1',
      year: 2021,
      make: 'B2',
      model: 'M1',
      trim: 'Sport',
      mileage: 1000,
      price: 10000,
    });
    assert.deepEqual(
      sent.map((r) => r.path),
      ['/external/vehicles?limit=100&page=1', '/external/vehicles?limit=100&page=2'],
    );
    assert.equal(sent[0].headers['x-api-key'], 'sk_test_x');
    assert.equal(await lookup('unknown'), undefined);
    assert.equal(sent.length, 2, 'no reload within 10 s');
    now = 11_000;
    assert.equal(await lookup('unknown'), undefined);
    assert.equal(sent.length, 4);
    assert.ok(
      sent.every((r) => r.method === 'GET' && r.path.startsWith('/external/vehicles?')),
      `only vehicle list reads: ${sent.map((r) => `${r.method} ${r.path}`).join(', ')}`,
    );
  });
});

describe('SMTP mailer', () => {
  it(
    'sends over smtps with the login from the URL (percent-decoded), and over plain smtp without one',
    { timeout: 20_000 },
    async () => {
      const tls = selfSignedCert();
      const secure = await startSmtp({ tls, users: { 'leads@dealer.example': 'p@ss:word' } });
      const plain = await startSmtp();
      try {
        const url = `smtps://leads%40dealer.example:p%40ss%3Aword@127.0.0.1:${secure.port}`;
        const sink = emailSink('crm@dealer.example', url, smtpMailer(url, { tls: { ca: tls.cert } }));
        await sink.deliver(lead());
        await sink.close?.();
        assert.equal(secure.accepted().length, 1);
        assert.deepEqual(secure.logins, [{ username: 'leads@dealer.example', password: 'p@ss:word', secure: true }]);
        const mail = secure.accepted()[0];
        assert.equal(mail.secure, true);
        assert.equal(mail.from, 'leads@dealer.example', 'the authenticated user sends it');
        assert.deepEqual(mail.to, ['crm@dealer.example']);

        const plainSink = emailSink('crm@dealer.example', plain.url, smtpMailer(plain.url));
        await plainSink.deliver(lead());
        await plainSink.close?.();
        const m = plain.accepted()[0];
        assert.equal(m.from, 'leads@dealer.example', 'leads@ the recipient domain');
        assert.equal(m.secure, false);
        const { headers, body } = readMail(m.raw);
        assert.match(headers['content-type'], /^text\/plain; charset=utf-8/);
        assert.equal(XMLValidator.validate(body), true);

        const refusing = emailSink('crm@dealer.example', url, smtpMailer(url, { tls: { ca: tls.cert } }));
        secure.reject = 1;
        await assert.rejects(
          refusing.deliver(lead()),
          (err: unknown) => err instanceof SinkFailure && err.reason === 'SMTP 451',
        );
        await refusing.close?.();
        const wrong = `smtps://leads%40dealer.example:nope@127.0.0.1:${secure.port}`;
        const badLogin = emailSink('crm@dealer.example', wrong, smtpMailer(wrong, { tls: { ca: tls.cert } }));
        await assert.rejects(
          badLogin.deliver(lead()),
          (err: unknown) => err instanceof SinkFailure && /^SMTP /.test(err.reason),
        );
        await badLogin.close?.();
      } finally {
        await secure.close();
        await plain.close();
      }
    },
  );
});

describe('SMTP mailer: a silent server', () => {
  it('fails the delivery within the configured time when the server never greets', { timeout: 10_000 }, async () => {
    const sockets = new Set<Socket>();
    const silent = createNetServer((s) => void sockets.add(s));
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const url = `smtp://127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      const sink = emailSink('crm@dealer.example', url, smtpMailer(url, { timeoutMs: 300 }));
      const started = Date.now();
      await assert.rejects(
        sink.deliver(lead()),
        (err: unknown) => err instanceof SinkFailure && /^SMTP /.test(err.reason),
      );
      assert.ok(Date.now() - started < 3000, `failed after ${Date.now() - started} ms`);
      await sink.close?.();
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => silent.close(() => ok()));
    }
  });
});
