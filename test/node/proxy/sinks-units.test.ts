/**
 * The pure pieces of lead routing, one behaviour each: the sink settings check, the ADF document,
 * the trade-in message reader, the lead's description. (The transports, webhook, inventory lookup
 * and SMTP, are in sinks-transport.test.ts: they wait on sockets, and a mutant of these pure
 * modules reruns only this fast file.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseFlags } from '../../../proxy/lib/cli.js';
import { loadConfig, ConfigError } from '../../../proxy/lib/config.js';
import { adfDocument, xmlAttr, xmlText } from '../../../proxy/lib/sinks/adf.js';
import { LEAD_SINK_SETTINGS, parseLeadSinks, createLeadSinks } from '../../../proxy/lib/sinks/config.js';
import { emailSink, isAddress, leadEmail, senderOf, type MailMessage } from '../../../proxy/lib/sinks/email.js';
import { inventoryLookup, vehicleFacts } from '../../../proxy/lib/sinks/inventory.js';
import { describeLead, isoWithOffset, kindOf, pageOf, readTradeIn } from '../../../proxy/lib/sinks/lead-event.js';
import { redactor, SinkFailure, type LeadEvent } from '../../../proxy/lib/sinks/types.js';
import { SIGNATURE_HEADER, signature, webhookBody, webhookSink } from '../../../proxy/lib/sinks/webhook.js';
import { listUpstream, sampleLead as lead } from './sinks-fakes.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

describe('lead sink settings', () => {
  const problems = (env: Record<string, string>) => {
    const out: string[] = [];
    parseLeadSinks(env, out);
    return out.join('\n');
  };
  it('accept a webhook with its secret, and an email with its SMTP server', () => {
    const out: string[] = [];
    const config = parseLeadSinks(
      {
        CARSTREL_LEAD_WEBHOOK: 'https://crm.dealer.example/hooks/carstrel#x',
        CARSTREL_LEAD_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
        CARSTREL_LEAD_EMAIL: 'leads@crm.dealer.example',
        CARSTREL_SMTP_URL: 'smtps://leads%40dealer.example:p%40ss@smtp.dealer.example',
        CARSTREL_DEALER_NAME: 'Savanna Motors',
      },
      out,
    );
    assert.deepEqual(out, []);
    assert.deepEqual(config, {
      webhook: { url: 'https://crm.dealer.example/hooks/carstrel', secret: 'whsec_0123456789abcdef' },
      email: { to: 'leads@crm.dealer.example', smtpUrl: 'smtps://leads%40dealer.example:p%40ss@smtp.dealer.example' },
      dealerName: 'Savanna Motors',
    });
    assert.deepEqual(parseLeadSinks({}, out), {});
  });
  it('refuse what cannot work, saying how to fix it', () => {
    assert.match(problems({ CARSTREL_LEAD_WEBHOOK: 'https://x.example/h' }), /needs CARSTREL_LEAD_WEBHOOK_SECRET/);
    assert.match(
      problems({ CARSTREL_LEAD_WEBHOOK: 'https://x.example/h', CARSTREL_LEAD_WEBHOOK_SECRET: 'short' }),
      /at least 16/,
    );
    assert.match(problems({ CARSTREL_LEAD_WEBHOOK_SECRET: 'whsec_0123456789abcdef' }), /without CARSTREL_LEAD_WEBHOOK/);
    assert.match(
      problems({
        CARSTREL_LEAD_WEBHOOK: 'http://crm.example/h',
        CARSTREL_LEAD_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
      }),
      /must use https/,
    );
    assert.match(problems({ CARSTREL_LEAD_EMAIL: 'leads@x.example' }), /needs CARSTREL_SMTP_URL/);
    assert.match(problems({ CARSTREL_SMTP_URL: 'smtp://127.0.0.1:25' }), /without CARSTREL_LEAD_EMAIL/);
    assert.match(
      problems({ CARSTREL_LEAD_EMAIL: 'a@x.example, b@x.example', CARSTREL_SMTP_URL: 'smtp://h' }),
      /one email address/,
    );
    assert.match(
      problems({ CARSTREL_LEAD_EMAIL: 'a@x.example', CARSTREL_SMTP_URL: 'http://h' }),
      /smtp:\/\/ or smtps:\/\//,
    );
    assert.match(problems({ CARSTREL_DEALER_NAME: 'A\nB' }), /one line/);
  });
  it('are part of the start-up check, every problem at once', () => {
    assert.throws(
      () => loadConfig({ CARSTREL_LEAD_WEBHOOK: 'ftp://x', CARSTREL_LEAD_EMAIL: 'leads@x.example', PORT: 'x' }),
      (err: unknown) => err instanceof ConfigError && err.problems.length === 4,
    );
    const config = loadConfig({ CARSTREL_LEAD_EMAIL: 'leads@x.example', CARSTREL_SMTP_URL: 'smtp://127.0.0.1:2525' });
    assert.deepEqual(config.leadSinks, { email: { to: 'leads@x.example', smtpUrl: 'smtp://127.0.0.1:2525' } });
  });
  it('build no email sink without a mailer (edge runtimes), and both with one', () => {
    const config = {
      webhook: { url: 'https://h.example/', secret: 'whsec_0123456789abcdef' },
      email: { to: 'leads@x.example', smtpUrl: 'smtp://127.0.0.1:1' },
    };
    assert.deepEqual(
      createLeadSinks(config, 'sk_test_x').map((s) => s.name),
      ['webhook'],
    );
    assert.deepEqual(
      createLeadSinks(config, 'sk_test_x', { mailer: () => ({ send: async () => {} }) }).map((s) => s.name),
      ['webhook', 'email'],
    );
  });
});

describe('ADF document', () => {
  const parse = (xml: string) => {
    assert.equal(XMLValidator.validate(xml), true);
    return parser.parse(xml).adf.prospect;
  };
  it('escapes every text, drops what XML cannot carry, and leaves unfilled elements out', () => {
    const xml = adfDocument(
      lead({
        fields: { name: 'x', email: 'e@x.example', subject: 'a & b', message: 'end ]]> <x/> \u0000\u001b "q"' },
        contact: { name: 'O\'Brien <b> & "Co"', email: 'e@x.example' },
        page: 'https://www.dealer.example/p?a=1&b="2"',
      }),
      'Dealer & <Sons>',
    );
    assert.ok(!['<x/>', '<b>', '\u0000', '\u001b'].some((s) => xml.includes(s)));
    const p = parse(xml);
    assert.equal(p.customer.contact.name['#text'], 'O\'Brien <b> & "Co"');
    assert.equal(p.customer.comments, 'Subject: a & b\n\nend ]]> <x/>  "q"');
    assert.equal(p.vendor.vendorname, 'Dealer & <Sons>');
    assert.equal(p.provider.url, 'https://www.dealer.example/p?a=1&b="2"');
    assert.equal(p.customer.contact.phone, undefined);
    assert.equal(p.vehicle, undefined);
    assert.ok(!/<phone|<vehicle|<timeframe/.test(xml), `no phone, vehicle or timeframe element: ${xml}`);
  });
  it('names the dealer by the page when no name is configured', () => {
    const p = parse(adfDocument(lead({ page: 'https://www.dealer.example/contact' })));
    assert.equal(p.vendor.vendorname, 'www.dealer.example');
    assert.ok(!adfDocument(lead()).includes('<vendor>'), 'no vendor without a page');
  });
  it('names the shopper by the one part given, if only one', () => {
    const p = parse(adfDocument(lead({ fields: { firstName: 'Ada' } })));
    assert.deepEqual(p.customer.contact.name, { '#text': 'Ada', '@part': 'first' });
  });
  it('splits the name only when the shopper gave its parts', () => {
    const p = parse(adfDocument(lead({ fields: { firstName: 'Ada', lastName: 'Lovelace' } })));
    assert.deepEqual(p.customer.contact.name, [
      { '#text': 'Ada', '@part': 'first' },
      { '#text': 'Lovelace', '@part': 'last' },
    ]);
  });
  it("a test drive's car: the dealer's id, year, make, model, trim, odometer, price", () => {
    const p = parse(
      adfDocument(
        lead({
          kind: 'test-drive',
          vehicle: {
            id: 'v-1',
            year: 2021,
            make: 'Alfa Romeo',
            model: 'Stelvio',
            trim: 'Sprint',
            mileage: 94900,
            price: 22500,
          },
        }),
      ),
    );
    assert.equal(p.vehicle['@interest'], 'test-drive');
    assert.equal(p.vehicle['@status'], 'used');
    assert.deepEqual(p.vehicle.id, { '#text': 'v-1', '@source': 'CarStrel' });
    assert.deepEqual(
      [p.vehicle.year, p.vehicle.make, p.vehicle.model, p.vehicle.trim],
      ['2021', 'Alfa Romeo', 'Stelvio', 'Sprint'],
    );
    assert.deepEqual(p.vehicle.odometer, { '#text': '94900', '@status': 'original' });
    assert.deepEqual(p.vehicle.price, { '#text': '22500', '@type': 'asking' });
  });
  it('the request date is ISO 8601 with the offset', () => {
    const prev = process.env.TZ;
    process.env.TZ = 'Africa/Nairobi';
    try {
      assert.equal(isoWithOffset(Date.parse('2026-11-30T06:15:00Z')), '2026-11-30T09:15:00+03:00');
      process.env.TZ = 'America/St_Johns';
      assert.equal(isoWithOffset(Date.parse('2026-11-30T06:15:00Z')), '2026-11-30T02:45:00-03:30');
    } finally {
      if (prev === undefined) delete process.env.TZ;
      else process.env.TZ = prev;
    }
  });
});

describe('ADF document: cars, comments, dates, provenance', () => {
  const parse = (xml: string) => {
    assert.equal(XMLValidator.validate(xml), true);
    return parser.parse(xml).adf.prospect;
  };
  it("a trade-in: the shopper's car, used, with its odometer unit, generation and condition", () => {
    const message = 'Brand: Audi\nYear: 2015';
    const tradeIn = {
      year: 2015,
      make: 'Audi',
      model: 'A4',
      trim: 'S line',
      generation: 'B8',
      condition: 'Good',
      mileage: 120000,
      mileageUnit: 'km' as const,
    };
    const fields = { subject: 'Trade-in', message };
    const p = parse(adfDocument(lead({ kind: 'trade-in', fields, tradeIn })));
    assert.deepEqual(p.vehicle, {
      '@interest': 'trade-in',
      '@status': 'used',
      year: '2015',
      make: 'Audi',
      model: 'A4',
      trim: 'S line',
      odometer: { '#text': '120000', '@status': 'original', '@units': 'km' },
      comments: 'Generation: B8\nCondition: Good',
    });
    assert.equal(p.customer.comments, message, 'the subject of a trade-in is its kind, not a comment');
    const bare = parse(adfDocument(lead({ kind: 'trade-in', fields, tradeIn: { make: 'Audi', condition: '' } })));
    assert.deepEqual(bare.vehicle, { '@interest': 'trade-in', '@status': 'used', make: 'Audi' });
    assert.deepEqual(parse(adfDocument(lead({ kind: 'trade-in', fields, tradeIn: { generation: 'B8' } }))).vehicle, {
      '@interest': 'trade-in',
      '@status': 'used',
      comments: 'Generation: B8',
    });
    assert.equal(parse(adfDocument(lead({ kind: 'trade-in', fields }))).vehicle, undefined);
    assert.equal(parse(adfDocument(lead({ kind: 'contact', fields, tradeIn }))).vehicle, undefined);
  });
  it("the dealer's car: new up to 1,000 of mileage, used beyond, unsaid without; a contact about it is to buy", () => {
    const status = (mileage: number | undefined) =>
      parse(adfDocument(lead({ kind: 'test-drive', vehicle: { id: 'v', mileage } }))).vehicle['@status'];
    assert.equal(status(0), 'new');
    assert.equal(status(1000), 'new');
    assert.equal(status(1001), 'used');
    assert.equal(status(undefined), undefined);
    const p = parse(adfDocument(lead({ vehicle: { id: 'v', price: 0 } })));
    assert.equal(p.vehicle['@interest'], 'buy');
    assert.deepEqual(p.vehicle.price, { '#text': '0', '@type': 'asking' }, 'a zero is a value');
  });
  it('says what the lead is in the comments', () => {
    const comments = (kind: LeadEvent['kind'], fields: Record<string, unknown>) =>
      parse(adfDocument(lead({ kind, fields }))).customer.comments;
    assert.equal(comments('newsletter', { message: 'x' }), 'Newsletter subscription');
    assert.equal(comments('test-drive', { message: 'x' }), 'Test drive request');
    assert.equal(comments('contact', { subject: ' Financing ' }), 'Subject: Financing');
    assert.equal(comments('contact', { message: ' Hi ' }), 'Hi');
    assert.equal(comments('contact', { subject: ' ', message: 7 }), undefined);
    assert.equal(comments('contact', {}), undefined);
  });
  it("a test drive's preferred date as its timeframe, the earliest date when it is one", () => {
    const timeframe = (kind: LeadEvent['kind'], preferredDate: unknown) =>
      parse(adfDocument(lead({ kind, fields: { name: 'Ada', preferredDate } }))).customer.timeframe;
    assert.deepEqual(timeframe('test-drive', '2026-12-05'), {
      description: 'Preferred date 2026-12-05',
      earliestdate: '2026-12-05',
    });
    assert.deepEqual(timeframe('test-drive', 'Tuesday 2026-12-05'), {
      description: 'Preferred date Tuesday 2026-12-05',
    });
    assert.deepEqual(timeframe('test-drive', '2026-12-5'), { description: 'Preferred date 2026-12-5' });
    assert.equal(timeframe('test-drive', ' '), undefined);
    assert.equal(timeframe('contact', '2026-12-05'), undefined);
  });
  it('its id, request date and provenance; the document and its declarations', () => {
    const xml = adfDocument(lead({ page: 'https://www.dealer.example/cars' }));
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<?adf version="1.0"?>\n<adf>\n'), xml);
    assert.ok(xml.endsWith('</adf>\n'), xml);
    const p = parse(xml);
    assert.equal(p['@status'], 'new');
    assert.deepEqual(p.id, {
      '#text': 'lead_00000000-0000-4000-8000-000000000001',
      '@sequence': '1',
      '@source': 'CarStrel Widgets',
    });
    assert.equal(p.requestdate, isoWithOffset(Date.parse('2026-11-30T06:15:00Z')));
    assert.deepEqual(p.provider, {
      name: { '#text': 'CarStrel Widgets', '@part': 'full' },
      service: 'Website lead',
      url: 'https://www.dealer.example/cars',
    });
    assert.deepEqual(p.customer.contact['@primarycontact'], '1');
    assert.deepEqual(p.customer.contact.name, { '#text': 'Ada Lovelace', '@part': 'full' });
    assert.equal(p.customer.contact.email, 'ada@example.com');
    assert.deepEqual(parse(adfDocument(lead({ contact: { phone: '+1 555' } }))).customer.contact.phone, {
      '#text': '+1 555',
      '@type': 'voice',
    });
    assert.equal(parse(adfDocument(lead({ page: 'not a url' }))).vendor, undefined);
    assert.deepEqual(parse(adfDocument(lead())).provider, {
      name: { '#text': 'CarStrel Widgets', '@part': 'full' },
      service: 'Website lead',
    });
  });
  it('escapes text and attribute values; line ends become newlines; what XML cannot carry is dropped', () => {
    assert.equal(xmlText('a\r\nb\rc\nd\te'), 'a\nb\nc\nd\te');
    assert.equal(xmlText('<a href="x">&amp;</a>'), '&lt;a href="x"&gt;&amp;amp;&lt;/a&gt;');
    assert.equal(xmlText('x\u0000\u0008\u000b\u001f\uFFFE\uFFFF\uD800y😀\u00e9\uE000\uFFFD'), 'xy😀\u00e9\uE000\uFFFD');
    assert.equal(xmlAttr('a "b"\n\tc & <d>\r\n'), 'a &quot;b&quot;&#10;&#9;c &amp; &lt;d&gt;&#10;');
    const xml = adfDocument(lead({ contact: { name: ' \u0000 ' }, fields: { message: 'line 1\r\nline 2' } }));
    const p = parse(xml);
    assert.equal(p.customer.contact, undefined, 'a contact of nothing XML can carry is left out');
    assert.equal(p.customer.comments, 'line 1\nline 2');
  });
});

describe('lead description', () => {
  it("reads the trade-in form's message, in English and in French", () => {
    assert.deepEqual(
      readTradeIn(
        'Trade-in request: 2019 Toyota Corolla\nBrand: Toyota\nModel: (not listed)\nGeneration: E210\nYear: 2019\nMileage: 84000 mi\nPhone: +1 555 0100',
      ),
      {
        car: { make: 'Toyota', generation: 'E210', year: 2019, mileage: 84000, mileageUnit: 'mi' },
        phone: '+1 555 0100',
      },
    );
    assert.deepEqual(
      readTradeIn(
        'Demande de reprise : 2018 Renault Clio\nMarque: Renault\nModèle: Clio\nFinition: Zen\nAnnée: 2018\nKilométrage: 120000 km\nÉtat: Bon : usure normale',
      ).car,
      {
        make: 'Renault',
        model: 'Clio',
        trim: 'Zen',
        year: 2018,
        mileage: 120000,
        mileageUnit: 'km',
        condition: 'Bon : usure normale',
      },
    );
    assert.deepEqual(readTradeIn('Hello, I would like: an offer').car, {});
    // A label with only blanks after it names nothing (no ADF comment "Condition:" alone).
    assert.deepEqual(
      readTradeIn('Condition:   \nTrim: \t\nBrand: Toyota').car,
      { make: 'Toyota' },
      'blank values dropped',
    );
  });
  it('tells the kind by the route, and a trade-in by its subject', () => {
    assert.equal(kindOf('/external/test-drives', {}), 'test-drive');
    assert.equal(kindOf('/external/newsletter/subscribe', {}), 'newsletter');
    assert.equal(kindOf('/external/contact/submit', { subject: 'Trade-in' }), 'trade-in');
    assert.equal(kindOf('/external/contact/submit', { subject: ' trade-in ' }), 'trade-in');
    assert.equal(kindOf('/external/contact/submit', { subject: 'Financing' }), 'contact');
  });
  it('keeps the page as an http(s) URL without credentials or fragment, the Referer first', () => {
    assert.equal(
      pageOf('https://u:p@www.dealer.example/a?b=1#c', 'https://o.example'),
      'https://www.dealer.example/a?b=1',
    );
    assert.equal(pageOf(undefined, 'https://www.dealer.example'), 'https://www.dealer.example/');
    assert.equal(pageOf('javascript:alert(1)', 'null'), undefined);
    assert.equal(pageOf(`https://x.example/?q=${'a'.repeat(5000)}`, undefined)!.length, 2048);
  });
});

describe('lead event', () => {
  const job = (path: string, body: string, page?: string) => ({
    id: `${path} k`,
    reference: 'lead_7',
    createdAt: 1_700_000_000_000,
    lead: { path, body, ...(page ? { page } : {}) },
    sinks: {},
  });
  it("describes the lead: its kind, the shopper's fields and contact, when and where it was sent", async () => {
    const body = { name: ' Ada ', email: 'ada@example.com', phone: '   ', message: 'Hi', subject: 'Financing' };
    assert.deepEqual(
      await describeLead(job('/external/contact/submit', JSON.stringify(body), 'https://d.example/'), undefined),
      {
        kind: 'contact',
        reference: 'lead_7',
        receivedAt: 1_700_000_000_000,
        fields: body,
        contact: { name: 'Ada', email: 'ada@example.com' },
        page: 'https://d.example/',
      },
    );
    for (const raw of ['not json', '[1]', 'null', '"x"'])
      assert.deepEqual(await describeLead(job('/external/newsletter/subscribe', raw), undefined), {
        kind: 'newsletter',
        reference: 'lead_7',
        receivedAt: 1_700_000_000_000,
        fields: {},
        contact: {},
      });
  });
  it("adds a test drive's car from the dealer's inventory, or its id alone when the lookup fails", async () => {
    const asked: string[] = [];
    const lookup = (id: string) => {
      asked.push(id);
      return id === 'veh_1'
        ? Promise.resolve({ id: 'other', year: 2022, make: 'Kia' })
        : Promise.reject(new Error('x'));
    };
    const drive = (fields: Record<string, unknown>, path = '/external/test-drives') =>
      describeLead(job(path, JSON.stringify({ name: 'Ada', ...fields })), lookup);
    assert.deepEqual((await drive({ vehicleId: 'veh_1' })).vehicle, { id: 'veh_1', year: 2022, make: 'Kia' });
    assert.deepEqual((await drive({ vehicleId: ' veh_2 ' })).vehicle, { id: 'veh_2' });
    assert.equal((await drive({})).vehicle, undefined);
    assert.equal((await drive({ vehicleId: 'veh_1' }, '/external/contact/submit')).vehicle, undefined);
    assert.deepEqual(asked, ['veh_1', 'veh_2']);
    assert.deepEqual((await describeLead(job('/external/test-drives', '{"vehicleId":"veh_3"}'), undefined)).vehicle, {
      id: 'veh_3',
    });
  });
  it("adds a trade-in's car and phone from its message; the phone field comes first", async () => {
    const message = 'Brand: Audi\nYear: 2015\nPhone: +33 6 00 00 00 00';
    const tradeIn = (fields: Record<string, unknown>) =>
      describeLead(job('/external/contact/submit', JSON.stringify({ subject: 'Trade-in', ...fields })), undefined);
    const a = await tradeIn({ name: 'Jo', message });
    assert.equal(a.kind, 'trade-in');
    assert.deepEqual(a.tradeIn, { make: 'Audi', year: 2015 });
    assert.deepEqual(a.contact, { name: 'Jo', phone: '+33 6 00 00 00 00' });
    const b = await tradeIn({ phone: '+1 555 0101', message });
    assert.deepEqual(b.contact, { phone: '+1 555 0101' });
    const c = await tradeIn({ message: 'Hello' });
    assert.equal('tradeIn' in c, false);
    assert.deepEqual(c.contact, {});
    assert.equal('tradeIn' in (await tradeIn({})), false);
  });
});

describe('email sink (a fake mailer)', () => {
  const sent: MailMessage[] = [];
  const mailer = (fail?: unknown) => ({
    closed: 0,
    send(m: MailMessage) {
      if (fail !== undefined) return Promise.reject(fail);
      sent.push(m);
      return Promise.resolve();
    },
    close() {
      this.closed++;
    },
  });
  it('one message per lead: subject with the kind, the shopper and the car; reply to the shopper; a stable id', async () => {
    sent.length = 0;
    const m = mailer();
    const sink = emailSink('crm@dealer.example', 'smtp://relay.example:25', m, {
      dealerName: 'Savanna Motors',
      redact: (s) => s.replaceAll('SECRET', '[redacted]'),
    });
    assert.equal(sink.name, 'email');
    await sink.deliver(
      lead({
        kind: 'test-drive',
        contact: { name: 'Ada SECRET', email: 'ada@example.com' },
        vehicle: { id: 'v', year: 2021, make: 'Kia', model: 'EV6' },
      }),
    );
    assert.deepEqual(sent[0], {
      from: 'leads@dealer.example',
      to: 'crm@dealer.example',
      replyTo: 'ada@example.com',
      subject: 'Test drive request — Ada [redacted] — 2021 Kia EV6',
      text: adfDocument(
        lead({
          kind: 'test-drive',
          contact: { name: 'Ada [redacted]', email: 'ada@example.com' },
          vehicle: { id: 'v', year: 2021, make: 'Kia', model: 'EV6' },
        }),
        'Savanna Motors',
      ),
      messageId: '<lead_00000000-0000-4000-8000-000000000001@dealer.example>',
    });
    await sink.close?.();
    assert.equal(m.closed, 1);
    const bare = emailSink('crm@dealer.example', 'smtp://h', { send: () => Promise.resolve() });
    await bare.close?.(); // a mailer without close() (an HTTP mail API)
  });
  it('subjects for every kind; one line, without control characters, at most 180 characters', () => {
    const subject = (over: Partial<LeadEvent>) => leadEmail(lead(over), 'a@b.example', 'l@b.example').subject;
    assert.equal(subject({ kind: 'contact' }), 'Contact request — Ada Lovelace');
    assert.equal(
      subject({ kind: 'newsletter', contact: { email: 'n@x.example' } }),
      'Newsletter subscription — n@x.example',
    );
    assert.equal(
      subject({ kind: 'trade-in', contact: {}, tradeIn: { make: 'Audi', year: 2015 } }),
      'Trade-in request — 2015 Audi',
    );
    assert.equal(
      subject({ contact: { name: 'A\r\nBcc: x@y.example\u0085\u007f\tB\u001bC\u0000D\u009fE\u00a0F' } }),
      'Contact request — A Bcc: x@y.example B C D E F',
    );
    const long = subject({ contact: { name: 'x'.repeat(300) } });
    assert.equal(long.length, 180);
    assert.ok(long.endsWith('x…'), long);
    assert.equal(subject({ contact: { name: 'x'.repeat(180 - 18) } }).length, 180, 'exactly 180: kept whole');
    assert.ok(!subject({ contact: { name: 'x'.repeat(180 - 18) } }).endsWith('…'), 'not cut');
  });
  it('replies to the shopper only at a plain address; the sender is the SMTP login when it is an address', () => {
    assert.equal(
      leadEmail(lead({ contact: { email: 'a@b.example, c@d.example' } }), 't@x.example', 'f@x.example').replyTo,
      undefined,
    );
    assert.equal('replyTo' in leadEmail(lead({ contact: {} }), 't@x.example', 'f@x.example'), false);
    assert.equal(
      senderOf('smtps://leads%40dealer.example:pw@smtp.example', 'crm@other.example'),
      'leads@dealer.example',
    );
    assert.equal(senderOf('smtps://apikey:pw@smtp.example', 'crm@other.example'), 'leads@other.example');
    assert.equal(senderOf('smtps://%E0%A4%A@smtp.example', 'crm@other.example'), 'leads@other.example');
    assert.equal(senderOf('not a url', 'crm@other.example'), 'leads@other.example');
    assert.equal(isAddress(`${'a'.repeat(240)}@example.com`), true);
    assert.equal(isAddress(`${'a'.repeat(242)}@example.com`), true, '254 characters');
    assert.equal(isAddress(`${'a'.repeat(243)}@example.com`), false, 'over 254 characters');
    for (const bad of [
      'a@b',
      'a b@c.example',
      '"a"@b.example',
      'a@b.example>',
      'Ada <a@b.example>',
      '@b.example',
      'a@.example.',
    ])
      assert.equal(isAddress(bad), false, bad);
  });
  it("fails with the SMTP reply code or error code, never the server's text", async () => {
    const reason = async (err: unknown) => {
      try {
        await emailSink('crm@dealer.example', 'smtp://h', mailer(err)).deliver(lead());
        return 'sent';
      } catch (e) {
        assert.ok(e instanceof SinkFailure, String(e));
        return e.reason;
      }
    };
    assert.equal(await reason({ responseCode: 550, code: 'EENVELOPE', message: '550 user ada@x unknown' }), 'SMTP 550');
    assert.equal(await reason({ code: 'ECONNREFUSED' }), 'SMTP ECONNREFUSED');
    assert.equal(await reason({ code: 'econn' }), 'SMTP error');
    assert.equal(await reason({ code: 'E' }), 'SMTP error');
    assert.equal(await reason({ code: `E${'X'.repeat(19)}` }), `SMTP E${'X'.repeat(19)}`);
    assert.equal(await reason({ code: `E${'X'.repeat(20)}` }), 'SMTP error');
    assert.equal(await reason({ responseCode: '550' }), 'SMTP error');
    assert.equal(await reason(null), 'SMTP error');
  });
});

describe('webhook sink (a fake fetch)', () => {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchWith =
    (answer: () => Response | Promise<Response>): typeof fetch =>
    (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      return Promise.resolve(answer());
    };
  it('posts the signed JSON of the lead, once per attempt, with its reference as the idempotency key', async () => {
    calls.length = 0;
    const sink = webhookSink('https://crm.example/hook', 'whsec_0123456789abcdef', {
      fetch: fetchWith(() => new Response('ok', { status: 200 })),
      now: () => Date.parse('2026-11-30T06:20:00Z'),
      redact: (s) => s.replaceAll('Ada', '[redacted]'),
    });
    assert.equal(sink.name, 'webhook');
    const event = lead({ vehicle: { id: 'v' }, tradeIn: { make: 'Audi' }, page: 'https://d.example/' });
    await sink.deliver(event);
    const { url, init } = calls[0];
    assert.equal(url, 'https://crm.example/hook');
    assert.equal(init.method, 'POST');
    assert.equal(init.redirect, 'manual');
    assert.ok(init.signal instanceof AbortSignal, 'sent with a deadline');
    const body = String(init.body);
    assert.deepEqual(JSON.parse(body), {
      kind: 'contact',
      reference: event.reference,
      timestamp: isoWithOffset(Date.parse('2026-11-30T06:20:00Z')),
      receivedAt: isoWithOffset(event.receivedAt),
      fields: { name: '[redacted] Lovelace', email: 'ada@example.com', message: 'Hello' },
      vehicle: { id: 'v' },
      tradeIn: { make: 'Audi' },
      page: 'https://d.example/',
    });
    assert.deepEqual(init.headers, {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'CarStrel-Widgets-Leads/1',
      'idempotency-key': event.reference,
      [SIGNATURE_HEADER]: await signature('whsec_0123456789abcdef', body),
    });
    assert.equal(SIGNATURE_HEADER, 'x-carstrel-signature');
    assert.deepEqual(Object.keys(JSON.parse(webhookBody(lead(), 0))), [
      'kind',
      'reference',
      'timestamp',
      'receivedAt',
      'fields',
    ]);
  });
  it('any 2xx is delivery; anything else, or no answer, is a failure to retry', async () => {
    const status = async (code: number) => {
      const sink = webhookSink('https://crm.example/hook', 's', {
        // a Response cannot be built with a status below 200: a plain object stands for it
        fetch: fetchWith(() =>
          code < 200 ? ({ status: code, body: null } as Response) : new Response(null, { status: code }),
        ),
      });
      try {
        await sink.deliver(lead());
        return 'delivered';
      } catch (err) {
        assert.ok(err instanceof SinkFailure, String(err));
        return err.reason;
      }
    };
    assert.equal(await status(200), 'delivered');
    assert.equal(
      JSON.parse(String(calls.at(-1)!.init.body)).reference,
      lead().reference,
      'sent as is without a redactor',
    );
    assert.equal(await status(204), 'delivered');
    assert.equal(await status(299), 'delivered');
    assert.equal(await status(300), 'HTTP 300');
    assert.equal(await status(199), 'HTTP 199');
    assert.equal(await status(500), 'HTTP 500');
    const failing = (err: unknown) =>
      webhookSink('https://crm.example/hook', 's', { fetch: () => Promise.reject(err) }).deliver(lead());
    const timeout = Object.assign(new Error('t'), { name: 'TimeoutError' });
    await assert.rejects(failing(timeout), (e: unknown) => e instanceof SinkFailure && e.reason === 'timeout');
    await assert.rejects(
      failing(new TypeError('fetch failed')),
      (e: unknown) => e instanceof SinkFailure && e.reason === 'unreachable',
    );
    await assert.rejects(failing(undefined), (e: unknown) => e instanceof SinkFailure && e.reason === 'unreachable');
  });
});

describe('lead sink settings: details', () => {
  const check = (env: Record<string, string>, prefix?: string) => {
    const problems: string[] = [];
    const config = parseLeadSinks(env, problems, prefix);
    return { config, problems };
  };
  const SECRET = 'whsec_0123456789abcdef';
  it('are the command-line flags of the proxy, each with its help', () => {
    const { env } = parseFlags([
      '--lead-webhook',
      'https://crm.example/h',
      '--lead-webhook-secret=s',
      '--lead-email',
      'l@x.example',
      '--smtp-url',
      'smtp://h',
      '--dealer-name=D',
    ]);
    assert.deepEqual(env, {
      CARSTREL_LEAD_WEBHOOK: 'https://crm.example/h',
      CARSTREL_LEAD_WEBHOOK_SECRET: 's',
      CARSTREL_LEAD_EMAIL: 'l@x.example',
      CARSTREL_SMTP_URL: 'smtp://h',
      CARSTREL_DEALER_NAME: 'D',
    });
    assert.equal(LEAD_SINK_SETTINGS.length, 5);
    for (const s of LEAD_SINK_SETTINGS) assert.ok(s.help.length > 40, `${s.name} is explained in --help`);
  });
  it('plain http only to this machine; https anywhere; the fragment dropped', () => {
    for (const url of ['http://127.0.0.1:8080/h', 'http://localhost/h', 'http://[::1]/h', 'https://crm.example/h'])
      assert.deepEqual(check({ CARSTREL_LEAD_WEBHOOK: url, CARSTREL_LEAD_WEBHOOK_SECRET: SECRET }), {
        config: { webhook: { url, secret: SECRET } },
        problems: [],
      });
    for (const url of ['http://crm.example/h', 'ftp://127.0.0.1/h', 'ws://localhost/h'])
      assert.match(
        check({ CARSTREL_LEAD_WEBHOOK: url, CARSTREL_LEAD_WEBHOOK_SECRET: SECRET }).problems.join(),
        /https/,
      );
    const bad = check({ CARSTREL_LEAD_WEBHOOK: 'crm.example/h', CARSTREL_LEAD_WEBHOOK_SECRET: SECRET });
    assert.deepEqual(bad.config, {});
    assert.match(bad.problems.join(), /^CARSTREL_LEAD_WEBHOOK="crm.example\/h" is not a URL\. Use e\.g\. https:/);
  });
  it('a secret of 16 characters is enough, 15 is not; values are trimmed, blank ones unset', () => {
    const url = 'https://crm.example/h';
    assert.deepEqual(check({ CARSTREL_LEAD_WEBHOOK: ` ${url} `, CARSTREL_LEAD_WEBHOOK_SECRET: ' 0123456789abcdef ' }), {
      config: { webhook: { url, secret: '0123456789abcdef' } },
      problems: [],
    });
    const short = check({ CARSTREL_LEAD_WEBHOOK: url, CARSTREL_LEAD_WEBHOOK_SECRET: '0123456789abcde' });
    assert.deepEqual(short.config, {});
    assert.equal(short.problems.length, 1);
    assert.deepEqual(check({ CARSTREL_LEAD_WEBHOOK: '  ', CARSTREL_LEAD_EMAIL: ' ', CARSTREL_DEALER_NAME: ' ' }), {
      config: {},
      problems: [],
    });
  });
  it('the mail server: smtp or smtps, a host and nothing after it; the address: one', () => {
    const email = (to: string, smtp: string) => check({ CARSTREL_LEAD_EMAIL: to, CARSTREL_SMTP_URL: smtp });
    assert.deepEqual(email('l@x.example', 'smtp://h/').config, { email: { to: 'l@x.example', smtpUrl: 'smtp://h/' } });
    for (const smtp of ['smtp://h/x', 'smtp://', 'smtps://%E0%A4%A@h', 'https://h']) {
      const { config, problems } = email('l@x.example', smtp);
      assert.deepEqual(config, {}, smtp);
      assert.equal(problems.length, 1, smtp);
      assert.match(
        problems[0],
        /^CARSTREL_SMTP_URL .*Use smtp:\/\/host:port \(no auth\) or smtps:\/\/user:pass@host/,
        smtp,
      );
    }
    assert.match(email('l@x.example', 'smtps://%E0%A4%A@h').problems[0], /is not a valid URL/);
    const wrongTo = email('not an address', 'smtp://h');
    assert.deepEqual(wrongTo.config, {});
    assert.equal(wrongTo.problems.length, 1);
    assert.deepEqual(check({ CARSTREL_SMTP_URL: 'smtp://h' }).config, {});
  });
  it("the dealer's name: one line of at most 200 characters", () => {
    assert.deepEqual(check({ CARSTREL_DEALER_NAME: 'd'.repeat(200) }).config, { dealerName: 'd'.repeat(200) });
    assert.equal(check({ CARSTREL_DEALER_NAME: 'd'.repeat(201) }).problems.length, 1);
    for (const name of ['A\u007fB', 'A\tB', 'A\u0000B']) {
      const { config, problems } = check({ CARSTREL_DEALER_NAME: name });
      assert.deepEqual(config, {});
      assert.match(problems.join(), /one line/);
    }
    assert.deepEqual(check({ CARSTREL_DEALER_NAME: 'Zoë & Co — Motors' }).config, { dealerName: 'Zoë & Co — Motors' });
  });
  it("a tenant's problems are named by its prefix", () => {
    const { problems } = check({ CARSTREL_LEAD_EMAIL: 'l@x.example' }, 'tenant "north": ');
    assert.deepEqual(problems, [
      'tenant "north": CARSTREL_LEAD_EMAIL needs CARSTREL_SMTP_URL (the mail server to send it through).',
    ]);
    assert.ok(
      check({ CARSTREL_LEAD_EMAIL: 'l@x.example' }).problems[0].startsWith('CARSTREL_LEAD_EMAIL needs'),
      'a single deployment names no tenant',
    );
  });
  it('builds the email sink alone when no webhook is set; no key, nothing to redact', async () => {
    const sent: MailMessage[] = [];
    const sinks = createLeadSinks({ email: { to: 'l@x.example', smtpUrl: 'smtp://h' } }, '', {
      mailer: () => ({ send: (m) => Promise.resolve(void sent.push(m)) }),
    });
    assert.deepEqual(
      sinks.map((s) => s.name),
      ['email'],
    );
    await sinks[0].deliver(lead());
    assert.equal(sent[0].subject, 'Contact request — Ada Lovelace', 'an empty key redacts nothing');
    assert.equal(redactor('')('abc'), 'abc');
    assert.equal(redactor('k')('a k b k'), 'a [redacted] b [redacted]');
    assert.equal(redactor('k')('none'), 'none');
  });
});

describe('lead description: details', () => {
  it("reads every label of the trade-in form's message, and what a shopper may type", () => {
    assert.deepEqual(
      readTradeIn(
        [
          'Hello',
          'Model: Corolla',
          'Trim:GR Sport',
          'Condition: good',
          'Year: 19999',
          'Mileage: 84 000 km',
          'Phone: +1 555',
        ].join('\r\n'),
      ),
      {
        car: { model: 'Corolla', trim: 'GR Sport', condition: 'good', mileage: 84000, mileageUnit: 'km' },
        phone: '+1 555',
      },
    );
    assert.deepEqual(readTradeIn('Génération: XV70\nTéléphone: +33 6\nAnnée: 2018\nKilométrage: 12,500').car, {
      generation: 'XV70',
      year: 2018,
      mileage: 12500,
    });
    assert.equal(readTradeIn('Téléphone: +33 6').phone, '+33 6');
    const mileage = (v: string) => readTradeIn(`Mileage: ${v}`).car;
    assert.deepEqual(mileage('120000km'), { mileage: 120000, mileageUnit: 'km' });
    assert.deepEqual(mileage('120000 MI'), { mileage: 120000, mileageUnit: 'mi' });
    assert.deepEqual(mileage('84000'), { mileage: 84000 });
    assert.deepEqual(mileage('lots'), {});
    assert.deepEqual(mileage('about 84000 km'), {});
    assert.deepEqual(readTradeIn('Year: about 2019').car, {});
    assert.deepEqual(readTradeIn('Year: 2019 or so').car, {});
    assert.deepEqual(readTradeIn('Year: unknown').car, {});
    assert.equal('phone' in readTradeIn('Brand: Audi'), false);
  });
  it('keeps an http page too; "not listed" only as the whole value', () => {
    assert.equal(pageOf('http://dealer.example/cars', undefined), 'http://dealer.example/cars');
    assert.deepEqual(readTradeIn('Model: Other (not listed)\nTrim: (not listed) GT').car, {
      model: 'Other (not listed)',
      trim: '(not listed) GT',
    });
  });
  it('reads a car from the message of a trade-in only', async () => {
    const e = await describeLead(
      {
        id: 'i',
        reference: 'r',
        createdAt: 0,
        lead: { path: '/external/contact/submit', body: JSON.stringify({ message: 'Brand: Audi\nPhone: +1 555' }) },
        sinks: {},
      },
      undefined,
    );
    assert.equal(e.kind, 'contact');
    assert.equal('tradeIn' in e, false);
    assert.deepEqual(e.contact, {});
  });
  it('a contact lead without a subject is a contact', () => {
    assert.equal(kindOf('/external/contact/submit', {}), 'contact');
    assert.equal(kindOf('/external/contact/submit', { subject: 7 }), 'contact');
  });
  it('the request date at UTC says +00:00', () => {
    const prev = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      assert.equal(isoWithOffset(Date.parse('2026-11-30T06:15:00Z')), '2026-11-30T06:15:00+00:00');
    } finally {
      if (prev === undefined) delete process.env.TZ;
      else process.env.TZ = prev;
    }
  });
  it('keeps only text fields as the contact', async () => {
    const e = await describeLead(
      {
        id: 'i',
        reference: 'r',
        createdAt: 0,
        lead: {
          path: '/external/contact/submit',
          body: JSON.stringify({ name: 42, email: ['a@b.example'], phone: '+1' }),
        },
        sinks: {},
      },
      undefined,
    );
    assert.deepEqual(e.contact, { phone: '+1' });
  });
});

describe('inventory lookup: details', { timeout: 10_000 }, () => {
  const json = (status: number, v: unknown) => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v)),
  });
  const car = (id: string) => ({ id, year: 2020, model: { name: 'M', brand: { name: 'B' } } });
  const listPage = (n: number, size: number, totalPages?: number) =>
    json(200, {
      statusCode: 200,
      data: Array.from({ length: size }, (_, i) => car(`p${n}-${i}`)),
      page: n,
      totalPages,
    });
  const fake = (answer: (page: number, call: number) => ReturnType<typeof json> | Promise<never>) =>
    listUpstream((req, call) => answer(Number(new URL(req.path, 'http://x').searchParams.get('page')), call));
  it('describes a listed car by what the list says, leaving out what it does not', () => {
    assert.deepEqual(
      vehicleFacts({
        id: ' v1 ',
        year: 2021,
        mileage: 12,
        model: { name: 'EV6', brand: { name: 'Kia' } },
        trim: { name: 'GT' },
        saleOptions: { price: 40000 },
      }),
      { id: 'v1', year: 2021, make: 'Kia', model: 'EV6', trim: 'GT', mileage: 12, price: 40000 },
    );
    assert.deepEqual(
      vehicleFacts({ id: 7, year: '2021', mileage: null, model: 'EV6', trim: null, saleOptions: { price: '1' } }),
      {},
    );
    assert.deepEqual(vehicleFacts({ id: 'v', model: { name: ' ', brand: null } }), { id: 'v' });
  });
  it('reads at most maxPages pages, stops at the last page or a short one, and asks within its deadline', async () => {
    const a = fake((n) => listPage(n, 100, 9));
    await inventoryLookup(a.upstream, 'k', { maxPages: 2 })('none');
    assert.equal(a.sent.length, 2);
    assert.equal(a.sent[0].timeoutMs, 3000);
    const b = fake((n) => listPage(n, n === 1 ? 100 : 40, 9));
    assert.ok(await inventoryLookup(b.upstream, 'k', { timeoutMs: 700 })('p2-39'), 'the last car of the short page');
    assert.equal(b.sent.length, 2, 'a page of fewer than 100 is the last');
    assert.equal(b.sent[0].timeoutMs, 700);
    const c = fake((n) => listPage(n, 100));
    await inventoryLookup(c.upstream, 'k')('none');
    assert.equal(c.sent.length, 1, 'no page count: one page');
    const d = fake((n) => listPage(n, 100, 3));
    await inventoryLookup(d.upstream, 'k')('none');
    assert.equal(d.sent.length, 3);
    const e = fake((n) => listPage(n, 100, 30));
    await inventoryLookup(e.upstream, 'k')('none');
    assert.equal(e.sent.length, 20, 'at most 20 pages (2,000 cars) by default');
  });
  it('keeps the pages read before a refusal; keeps the old index when CarStrel does not answer or answers garbage', async () => {
    let mode: 'ok' | 'refuse' | 'down' | 'garbage' | 'text' = 'ok';
    let now = 0;
    const { upstream } = fake((n) => {
      if (mode === 'down') return Promise.reject(new Error('ECONNREFUSED'));
      if (mode === 'garbage') return json(200, 'not json');
      if (mode === 'text') return json(200, '"down for maintenance"');
      if (mode === 'refuse' && n === 2) return json(403, { statusCode: 403, message: 'Forbidden' });
      return listPage(n, 100, 2);
    });
    const lookup = inventoryLookup(upstream, 'k', { now: () => now });
    mode = 'refuse';
    assert.ok(await lookup('p1-5'), 'page 1 read before page 2 was refused');
    assert.equal(await lookup('p2-5'), undefined);
    mode = 'ok';
    now = 10_000;
    assert.ok(await lookup('p2-5'), 'reloaded after 10 s');
    for (const m of ['down', 'garbage', 'text'] as const) {
      mode = m;
      now += 10_000;
      assert.equal(await lookup('gone'), undefined);
      assert.ok(await lookup('p2-5'), `${m}: the old index is kept`);
    }
  });
  it('reloads for an unknown car at most every reloadMs; concurrent lookups share one load', async () => {
    let now = 1000;
    const { upstream, sent } = fake((n) => listPage(n, 3, 1));
    const lookup = inventoryLookup(upstream, 'k', { now: () => now, reloadMs: 500 });
    const [a, b] = await Promise.all([lookup('p1-0'), lookup('p1-1')]);
    assert.ok(a && b, 'both cars, from one load');
    assert.equal(sent.length, 1);
    now = 1499;
    assert.equal(await lookup('x'), undefined);
    assert.equal(sent.length, 1);
    now = 1500;
    assert.equal(await lookup('x'), undefined);
    assert.equal(sent.length, 2);
    now = 5000;
    assert.ok(await lookup('p1-2'), 'a car of the loaded list');
    assert.equal(sent.length, 2, 'a known car needs no reload');
  });
  it('skips list items that are not cars', async () => {
    const { upstream } = fake(() =>
      json(200, { statusCode: 200, data: [null, 'x', { year: 2020 }, car('ok')], totalPages: 1 }),
    );
    const lookup = inventoryLookup(upstream, 'k');
    assert.deepEqual(await lookup('ok'), { id: 'ok', year: 2020, make: 'B', model: 'M' });
    const { upstream: u2 } = fake(() => json(200, { statusCode: 200, data: 'none', totalPages: 1 }));
    assert.equal(await inventoryLookup(u2, 'k')('ok'), undefined);
  });
});
