/**
 * Lead routing end to end: the proxy in sandbox mode (the sandbox in-process, as `npm start` runs
 * it) with a webhook sink and a real SMTP server started here. Each lead reaches each sink exactly
 * once, through sink failures, without delaying the shopper's answer or CarStrel; the webhook is
 * signed and verifiable as the README says; the email is an ADF document that parses back field by
 * field; the API key is in nothing a sink receives.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startProxy, type RunningProxy } from '../../../proxy/server.js';
import { until } from './lead-fakes.js';
import {
  eventually,
  readMail,
  startSmtp,
  startWebhook,
  verifyCarstrelSignature,
  type SmtpReceiver,
  type WebhookReceiver,
} from './sinks-fakes.js';

const SECRET = 'whsec_test_0123456789abcdef';
const KEY = 'sk_test_sandbox';
const PAGE = 'https://www.dealer.example/cars/stelvio?utm_source=ads';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: false,
});

/** The ADF document of a mail, checked well-formed, and its `<prospect>` parsed (fast-xml-parser: untyped). */
function adfOf(raw: string) {
  const { body } = readMail(raw);
  assert.equal(XMLValidator.validate(body), true, 'the ADF document is well-formed');
  assert.match(body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<\?adf version="1\.0"\?>\n<adf>/);
  const doc = parser.parse(body);
  return { xml: body, prospect: doc.adf.prospect };
}

describe('lead routing: webhook and ADF email (sandbox mode)', () => {
  let proxy: RunningProxy;
  let hook: WebhookReceiver;
  let smtp: SmtpReceiver;
  let dataDir: string;
  let car: {
    id: string;
    year: number;
    model: { name: string; brand: { name: string } };
    trim: { name: string } | null;
  };

  const post = (path: string, key: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, referer: PAGE, ...headers },
      body: JSON.stringify(body),
    });
  const faults = (f: object) =>
    fetch(`${proxy.sandboxUrl}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(f),
    }).then((r) => r.arrayBuffer());
  const hitsFor = (email: string) => hook.hits.filter((h) => h.body.includes(email));
  const mailsFor = (email: string) => smtp.mails.filter((m) => m.raw.includes(email));

  before(async () => {
    hook = await startWebhook();
    smtp = await startSmtp();
    dataDir = mkdtempSync(join(tmpdir(), 'proxy-sinks-'));
    proxy = await startProxy(
      {
        CARSTREL_DATA_DIR: dataDir,
        SANDBOX_PORT: '0',
        CARSTREL_RATE_LIMIT: 'off',
        CARSTREL_LOG: 'off',
        CARSTREL_UPSTREAM_TIMEOUT_MS: '2000',
        CARSTREL_LEAD_WEBHOOK: hook.url,
        CARSTREL_LEAD_WEBHOOK_SECRET: SECRET,
        CARSTREL_LEAD_EMAIL: 'leads@crm.dealer.example',
        CARSTREL_SMTP_URL: smtp.url,
        CARSTREL_DEALER_NAME: 'Savanna Motors',
      },
      { port: 0, log: () => {} },
    );
    const list = await (await fetch(`${proxy.url}/external/vehicles?limit=20&listingType=sale`)).json();
    car = list.data.find((v: { trim: unknown }) => v.trim) ?? list.data[0];
  });
  after(async () => {
    await proxy.close();
    await hook.close();
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'a test drive reaches each sink exactly once through failures (webhook 500, 500, then 200; SMTP refuses, then accepts), without delaying the shopper',
    { timeout: 30_000 },
    async () => {
      hook.script.push(500, 500);
      smtp.reject = 1;
      const lead = {
        vehicleId: car.id,
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+254700000001',
        preferredDate: '2099-12-03',
      };
      const started = Date.now();
      const r = await post('/external/test-drives', 'sinks-testdrive-0001', lead);
      assert.equal(r.status, 201);
      await r.arrayBuffer();
      assert.ok(Date.now() - started < 1500, 'the shopper is answered while the sinks still fail');
      assert.ok(await until(() => hook.accepted().some((h) => h.body.includes('ada@example.com')), 15_000, 50));
      assert.ok(await until(() => smtp.accepted().some((m) => m.raw.includes('ada@example.com')), 15_000, 50));
      await new Promise((ok) => setTimeout(ok, 1500)); // anything more would show now
      const hits = hitsFor('ada@example.com');
      assert.deepEqual(
        hits.map((h) => h.status),
        [500, 500, 200],
        'three tries, one accepted',
      );
      assert.ok(hits[2].at - hits[0].at < 10_000, 'retries start within seconds');
      assert.deepEqual(
        mailsFor('ada@example.com').map((m) => m.accepted),
        [false, true],
      );

      // The webhook: signed as documented, the lead as submitted, the car from the inventory.
      const hit = hits[2];
      assert.equal(verifyCarstrelSignature(hit.body, hit.headers['x-carstrel-signature'] as string, SECRET), true);
      assert.equal(
        verifyCarstrelSignature(hit.body, hit.headers['x-carstrel-signature'] as string, 'another-secret-000'),
        false,
      );
      assert.equal(
        verifyCarstrelSignature(hit.body.replace('Ada', 'Eve'), hit.headers['x-carstrel-signature'] as string, SECRET),
        false,
      );
      const body = JSON.parse(hit.body);
      assert.equal(body.kind, 'test-drive');
      assert.match(body.reference, /^lead_[0-9a-f-]{36}$/);
      assert.equal(hit.headers['idempotency-key'], body.reference);
      assert.deepEqual(body.fields, lead);
      assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      assert.ok(Math.abs(Date.parse(body.timestamp) - hit.at) < 2000, 'timestamp: when it was signed');
      assert.ok(Math.abs(Date.parse(body.receivedAt) - started) < 2000);
      assert.deepEqual(
        { id: body.vehicle.id, year: body.vehicle.year, make: body.vehicle.make, model: body.vehicle.model },
        { id: car.id, year: car.year, make: car.model.brand.name, model: car.model.name },
      );
      assert.equal(body.page, PAGE);
      assert.equal(JSON.parse(hits[0].body).reference, body.reference, 'the same lead on every retry');

      // The email: the ADF document, field by field.
      const mail = mailsFor('ada@example.com').find((m) => m.accepted)!;
      assert.deepEqual(mail.to, ['leads@crm.dealer.example']);
      const { headers } = readMail(mail.raw);
      assert.equal(headers['message-id'], `<${body.reference}@crm.dealer.example>`);
      assert.equal(headers['reply-to'], 'ada@example.com');
      assert.match(headers.subject, /^Test drive request — Ada Lovelace — \d{4} /);
      const { prospect: p } = adfOf(mail.raw);
      assert.equal(p['@status'], 'new');
      assert.equal(p.id['#text'], body.reference);
      assert.equal(p.id['@source'], 'CarStrel Widgets');
      assert.match(p.requestdate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      assert.equal(Date.parse(p.requestdate), Date.parse(body.receivedAt));
      assert.equal(p.vehicle['@interest'], 'test-drive');
      assert.equal(p.vehicle.id['#text'], car.id);
      assert.equal(p.vehicle.id['@source'], 'CarStrel');
      assert.equal(p.vehicle.year, String(car.year));
      assert.equal(p.vehicle.make, car.model.brand.name);
      assert.equal(p.vehicle.model, car.model.name);
      if (car.trim) assert.equal(p.vehicle.trim, car.trim.name);
      const contact = p.customer.contact;
      assert.equal(contact['@primarycontact'], '1');
      assert.deepEqual(contact.name, { '#text': 'Ada Lovelace', '@part': 'full' });
      assert.equal(contact.email, 'ada@example.com');
      assert.equal(contact.phone['#text'], '+254700000001');
      assert.equal(p.customer.timeframe.description, 'Preferred date 2099-12-03');
      assert.equal(p.customer.timeframe.earliestdate, '2099-12-03');
      assert.equal(p.customer.comments, 'Test drive request');
      assert.equal(p.vendor.vendorname, 'Savanna Motors');
      assert.deepEqual(p.provider.name, { '#text': 'CarStrel Widgets', '@part': 'full' });
      assert.equal(p.provider.service, 'Website lead');
      assert.equal(p.provider.url, PAGE);
      assert.equal(p.customer.vehicle, undefined, '<vehicle> is directly inside <prospect>');

      // No API key in anything a sink received.
      for (const h of hook.hits) assert.ok(!JSON.stringify(h.headers).includes(KEY) && !h.body.includes(KEY));
      for (const m of smtp.mails) assert.ok(!m.raw.includes(KEY));

      // A repeated Idempotency-Key is answered from the first result and routed nowhere again.
      const again = await post('/external/test-drives', 'sinks-testdrive-0001', lead);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      await again.arrayBuffer();
      await new Promise((ok) => setTimeout(ok, 1000));
      assert.equal(hitsFor('ada@example.com').length, 3);
      assert.equal(mailsFor('ada@example.com').length, 2);
    },
  );

  it('hostile text stays well-formed XML and exact JSON', { timeout: 20_000 }, async () => {
    const hostile = {
      name: '<script>alert("x")</script> & Co ]]> \u0007',
      email: 'mallory@example.com',
      subject: 'Price <b>now</b> & "quotes"',
      message: 'Line one ]]> <![CDATA[ x ]]>\n</comments><injected/>&amp; \uD800 end',
    };
    const r = await post('/external/contact/submit', 'sinks-hostile-0001', hostile);
    assert.equal(r.status, 201);
    await r.arrayBuffer();
    assert.ok(await until(() => mailsFor('mallory@example.com').some((m) => m.accepted), 10_000, 50));
    assert.ok(await until(() => hook.accepted().some((h) => h.body.includes('mallory@example.com')), 10_000, 50));
    const { xml, prospect: p } = adfOf(mailsFor('mallory@example.com')[0].raw);
    assert.ok(!xml.includes('<script>') && !xml.includes('<injected/>') && !xml.includes('<b>'));
    assert.equal(p.customer.contact.name['#text'], '<script>alert("x")</script> & Co ]]>');
    assert.equal(
      p.customer.comments,
      `Subject: ${hostile.subject}\n\nLine one ]]> <![CDATA[ x ]]>\n</comments><injected/>&amp;  end`,
    );
    assert.equal(p.vehicle, undefined, 'a contact lead has no vehicle');
    const body = JSON.parse(hitsFor('mallory@example.com')[0].body);
    assert.equal(body.kind, 'contact');
    assert.deepEqual(body.fields, hostile);
  });

  it(
    'a trade-in (a contact lead with subject "Trade-in") carries the shopper\'s car',
    { timeout: 20_000 },
    async () => {
      const lead = {
        name: 'Grace Hopper',
        email: 'grace@example.com',
        subject: 'Trade-in',
        message:
          'Trade-in request: 2019 Toyota Corolla\nBrand: Toyota\nModel: Corolla\nTrim: GLi\nYear: 2019\nMileage: 84000 km\nCondition: Good: normal wear\nPhone: +254700000002',
      };
      const r = await post('/external/contact/submit', 'sinks-tradein-0001', lead);
      assert.equal(r.status, 201);
      await r.arrayBuffer();
      assert.ok(await until(() => mailsFor('grace@example.com').some((m) => m.accepted), 10_000, 50));
      assert.ok(await until(() => hitsFor('grace@example.com').length > 0, 10_000, 50));
      const body = JSON.parse(hitsFor('grace@example.com')[0].body);
      assert.equal(body.kind, 'trade-in');
      assert.deepEqual(body.tradeIn, {
        make: 'Toyota',
        model: 'Corolla',
        trim: 'GLi',
        year: 2019,
        mileage: 84000,
        mileageUnit: 'km',
        condition: 'Good: normal wear',
      });
      const { prospect: p } = adfOf(mailsFor('grace@example.com')[0].raw);
      assert.equal(p.vehicle['@interest'], 'trade-in');
      assert.equal(p.vehicle['@status'], 'used');
      assert.equal(p.vehicle.year, '2019');
      assert.equal(p.vehicle.make, 'Toyota');
      assert.equal(p.vehicle.model, 'Corolla');
      assert.equal(p.vehicle.trim, 'GLi');
      assert.deepEqual(p.vehicle.odometer, { '#text': '84000', '@status': 'original', '@units': 'km' });
      assert.equal(p.vehicle.id, undefined, "the shopper's car has no dealer id");
      assert.equal(p.customer.contact.phone['#text'], '+254700000002');
      assert.match(
        readMail(mailsFor('grace@example.com')[0].raw).headers.subject,
        /^Trade-in request — Grace Hopper — 2019 Toyota Corolla$/,
      );
    },
  );

  it('a newsletter subscription goes out as a prospect with the email alone', { timeout: 20_000 }, async () => {
    const r = await post('/external/newsletter/subscribe', 'sinks-newsletter-01', { email: 'news@example.com' });
    assert.equal(r.status, 200);
    await r.arrayBuffer();
    assert.ok(await until(() => mailsFor('news@example.com').some((m) => m.accepted), 10_000, 50));
    assert.ok(await until(() => hitsFor('news@example.com').length > 0, 10_000, 50));
    assert.equal(JSON.parse(hitsFor('news@example.com')[0].body).kind, 'newsletter');
    const { prospect: p } = adfOf(mailsFor('news@example.com')[0].raw);
    assert.equal(p.customer.contact.email, 'news@example.com');
    assert.equal(p.customer.contact.name, undefined, 'what the shopper did not fill is left out');
    assert.equal(p.customer.contact.phone, undefined);
    assert.equal(p.customer.comments, 'Newsletter subscription');
    assert.equal(p.vehicle, undefined);
  });

  it('a lead CarStrel refuses (4xx) goes to no sink', { timeout: 10_000 }, async () => {
    const r = await post('/external/contact/submit', 'sinks-refused-0001', { name: 'X', email: 'refused@example.com' });
    assert.equal(r.status, 400);
    await r.arrayBuffer();
    await new Promise((ok) => setTimeout(ok, 1000));
    assert.equal(hitsFor('refused@example.com').length + mailsFor('refused@example.com').length, 0);
  });

  it(
    'while CarStrel is down, a queued lead (202) still reaches the sinks within seconds; a dead sink blocks neither CarStrel nor the other sink',
    { timeout: 30_000 },
    async () => {
      await faults({ down: true });
      hook.fallback = 500; // the webhook is down too
      try {
        const r = await post('/external/contact/submit', 'sinks-outage-00001', {
          name: 'Kim',
          email: 'kim@example.com',
          message: 'Call me',
        });
        assert.equal(r.status, 202);
        await r.arrayBuffer();
        assert.ok(
          await until(() => mailsFor('kim@example.com').some((m) => m.accepted), 5000, 50),
          'email within seconds',
        );
        assert.ok(await until(() => hitsFor('kim@example.com').length >= 3, 15_000, 50), 'the webhook is retried');
        const health = await (await fetch(`${proxy.url}/healthz`)).json();
        assert.equal(health.data.queue.sinks.webhook.state, 'failing');
        assert.equal(health.data.queue.sinks.webhook.lastError, 'HTTP 500');
        assert.ok(health.data.queue.sinks.webhook.pending >= 1);
        assert.equal(health.data.queue.sinks.email.pending, 0);
        await faults({ down: false });
        // CarStrel gets it once it is back, while the webhook still fails.
        const journal = async () => (await fetch(`${proxy.sandboxUrl}/_sandbox/journal?key=${KEY}`)).json();
        assert.ok(
          await eventually(
            async () => (await journal()).contacts.some((c: { email: string }) => c.email === 'kim@example.com'),
            15_000,
          ),
        );
        hook.fallback = 200;
        assert.ok(await until(() => hook.accepted().some((h) => h.body.includes('kim@example.com')), 15_000, 50));
        await new Promise((ok) => setTimeout(ok, 1000));
        assert.equal(hook.accepted().filter((h) => h.body.includes('kim@example.com')).length, 1);
        assert.equal(mailsFor('kim@example.com').filter((m) => m.accepted).length, 1);
      } finally {
        await faults({ down: false });
        hook.fallback = 200;
      }
    },
  );
});
