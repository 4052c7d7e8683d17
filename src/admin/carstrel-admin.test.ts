/**
 * `carstrel-admin` in the browser, driven as a dealer would (keyboard and clicks), accessible in
 * every state, in English and French. The console's routes are answered here by a small fake of
 * `/admin/…` (the real proxy + sandbox journeys are in test/e2e/admin.test.ts): the console lives
 * on the proxy's own origin, which the test page is not.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Customer } from '../api/types.js';
import { $, $$, until } from '../testing/browser.js';
import type { CarstrelAdmin } from './carstrel-admin.js';
import './main.js';
import type { OutboxView } from './types.js';

const PASSWORD = 'right password here';

function customer(id: string, first: string, last: string, segment: string, tags: string[]): Customer {
  return {
    id,
    user: { id: `u-${id}`, email: `${first.toLowerCase()}@example.com`, firstName: first, lastName: last },
    stats: {
      totalPurchases: 1,
      totalSpent: 25000,
      lastPurchaseDate: null,
      totalVehiclesPurchased: 1,
      totalVehiclesRented: 0,
    },
    classification: { leadScore: 50, lifecycleStage: 'LEAD', customerSegment: segment, isVip: false },
    preferences: {},
    tags,
    notes: '',
    createdDate: '2026-01-15T10:30:00Z',
  } as unknown as Customer;
}

interface Fake {
  signedIn: boolean;
  customers: Customer[];
  outbox: OutboxView;
  calls: string[];
  restore(): void;
}

function fakeConsole(): Fake {
  const original = window.fetch;
  const fake: Fake = {
    signedIn: false,
    customers: [
      customer('11111111-1111-4111-8111-111111111111', 'Ada', 'Lovelace', 'vip', ['<b>bold</b>']),
      customer('22222222-2222-4222-8222-222222222222', 'Grace', 'Hopper', 'new', []),
    ],
    outbox: {
      queue: {
        depth: 0,
        upstream: 'up',
        journal: { writable: true, error: null },
        sinks: { webhook: { pending: 1, failed: 0, state: 'failing', lastError: 'webhook answered 500' } },
      },
      waiting: [],
      leads: [
        {
          reference: 'lead_abc',
          kind: 'contact',
          receivedAt: '2026-11-30T10:00:00Z',
          sinks: {
            webhook: {
              state: 'pending',
              attempts: 3,
              at: null,
              next: '2026-11-30T10:05:00Z',
              error: 'webhook answered 500',
            },
          },
        },
      ],
    },
    calls: [],
    restore: () => (window.fetch = original),
  };
  const json = (status: number, data: unknown, message = 'ok') =>
    new Response(
      JSON.stringify(
        status < 400
          ? { statusCode: status, message, data }
          : { statusCode: status, message, error: 'x', timestamp: '' },
      ),
      {
        status,
        headers: { 'content-type': 'application/json' },
      },
    );
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!url.pathname.startsWith('/admin/')) return original(input, init);
    const method = init?.method ?? 'GET';
    fake.calls.push(`${method} ${url.pathname}${url.search}`);
    const path = url.pathname.slice('/admin'.length);
    if (path === '/session' && method === 'POST') {
      const { password } = JSON.parse(String(init?.body)) as { password: string };
      if (password !== PASSWORD) return json(401, null, 'Wrong password. Check it and try again.');
      fake.signedIn = true;
      return json(200, { signedIn: true });
    }
    if (!fake.signedIn) return json(401, null, 'Sign in to the dealer console first.');
    if (path === '/session' && method === 'DELETE') {
      fake.signedIn = false;
      return json(200, { signedIn: false });
    }
    if (path === '/session') return json(200, { signedIn: true });
    if (path === '/api/customers') {
      const search = (url.searchParams.get('search') ?? '').toLowerCase();
      const data = fake.customers.filter((c) => !search || c.user.email.includes(search));
      return json(200, { data, total: data.length, page: 1, limit: 20, totalPages: 1 });
    }
    const m = /^\/api\/customers\/(.+)$/.exec(path);
    const c = m && fake.customers.find((x) => x.id === m[1]);
    if (c && method === 'GET') return json(200, c);
    if (c && method === 'PATCH') {
      const patch = JSON.parse(String(init?.body)) as { notes: string; tags: string[]; isVip: boolean };
      Object.assign(c, { notes: patch.notes, tags: patch.tags });
      c.classification.isVip = patch.isVip;
      return json(200, { id: c.id });
    }
    if (path === '/api/outbox') return json(200, fake.outbox);
    if (path === '/api/outbox/retry') {
      const sink = fake.outbox.leads[0].sinks.webhook;
      Object.assign(sink, { state: 'delivered', at: '2026-11-30T10:01:00Z', next: null, error: null, attempts: 4 });
      return json(200, { retrying: true });
    }
    if (path === '/api/stats')
      return json(200, {
        customers: {
          totalCustomers: 2,
          vipCustomers: 1,
          totalRevenue: 50000,
          averageSpent: 25000,
          totalTransactions: 2,
          averageLeadScore: 50,
          newCustomersLast30Days: 1,
          segmentBreakdown: { new: 1, regular: 0, vip: 1, atRisk: 0 },
        },
        vehicles: { totalVehicles: 3, availableVehicles: 2, byListingType: { sale: 2, rental: 1, auction: 0 } },
      });
    if (path === '/api/health')
      return json(200, {
        health: {
          status: 'ok',
          mode: 'sandbox',
          upstream: { reachable: true, keyAccepted: true, status: 200, latencyMs: 12 },
          queue: fake.outbox.queue,
        },
        config: { mode: 'sandbox', apiKey: 'test key set', allowedOrigins: ['https://www.dealer.example'] },
        checks: [{ level: 'warning', message: 'CARSTREL_SESSION_SECRET is not set.' }],
      });
    return json(404, null, 'Unrecognized request URL.');
  };
  return fake;
}

/** Waits for something to be there, and gives it without its null. */
const present = <T>(check: () => T | null | undefined, timeout = 3000, what = 'element') =>
  until(check, timeout, what) as Promise<NonNullable<T>>;

/** The open view element inside the app (customers, overview, outbox, health). */
const view = (el: Element, tag: string) => $(el, tag) as HTMLElement & { shadowRoot: ShadowRoot };
const text = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');

async function signIn(el: CarstrelAdmin, password: string): Promise<void> {
  const input = await present(() => $<HTMLInputElement>(el, '#password'), 3000, 'the password field');
  input.focus();
  input.value = '';
  await sendKeys({ type: password });
  await sendKeys({ press: 'Enter' });
}

describe('carstrel-admin', () => {
  let fake: Fake;
  beforeEach(() => (fake = fakeConsole()));
  afterEach(() => fake.restore());

  it('announces a wrong password as an alert, then signs in with the right one (keyboard only)', async () => {
    const el = await fixture<CarstrelAdmin>(html`<carstrel-admin lang="en"></carstrel-admin>`);
    await until(() => $(el, '#password'), 3000, 'the sign-in form');
    await expect(el).to.be.accessible();
    await signIn(el, 'wrong password');
    const alert = await until(() =>
      $(el, '[role="alert"]')?.textContent?.includes('Wrong password') ? $(el, '[role="alert"]') : null,
    );
    expect(alert).to.not.equal(null);
    expect(el.shadowRoot!.activeElement?.id).to.equal('password');
    expect($(el, '#password')?.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
    await signIn(el, PASSWORD);
    await until(() => view(el, 'carstrel-admin-customers')?.shadowRoot?.querySelector('table'), 3000, 'the customers');
    expect(el.shadowRoot!.activeElement?.tagName).to.equal('H1');
    await expect(el).to.be.accessible();
  });

  it('lists customers as text, searches, and edits tags and VIP', async () => {
    fake.signedIn = true;
    const el = await fixture<CarstrelAdmin>(html`<carstrel-admin lang="en"></carstrel-admin>`);
    const list = await until(() => view(el, 'carstrel-admin-customers'));
    await until(() => list.shadowRoot.querySelector('table'));
    expect(list.shadowRoot.querySelector('.tag')?.textContent).to.equal('<b>bold</b>');
    expect(list.shadowRoot.querySelector('b')).to.equal(null);
    await expect(el).to.be.accessible();

    const search = list.shadowRoot.querySelector<HTMLInputElement>('#search')!;
    search.focus();
    await sendKeys({ type: 'grace' });
    await sendKeys({ press: 'Enter' });
    await until(() => fake.calls.some((c) => c.includes('search=grace')));
    await until(() => list.shadowRoot.querySelectorAll('tbody tr').length === 1);
    list.shadowRoot.querySelector<HTMLButtonElement>('button[data-id]')!.click();

    const editor = await present(() => list.shadowRoot.querySelector('carstrel-admin-customer'));
    await until(() => editor.shadowRoot?.querySelector('#tags'));
    await until(() => editor.shadowRoot!.activeElement?.tagName === 'H2', 3000, 'focus on the customer heading');
    await expect(el).to.be.accessible();
    const tags = editor.shadowRoot!.querySelector<HTMLInputElement>('#tags')!;
    tags.value = 'weekend, hybrid, weekend ,';
    editor.shadowRoot!.querySelector<HTMLInputElement>('#vip')!.click();
    editor.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => text(editor).includes('Changes saved.'));
    const grace = fake.customers[1];
    expect(grace.tags).to.deep.equal(['weekend', 'hybrid']);
    expect(grace.classification.isVip).to.equal(true);
    await expect(el).to.be.accessible();

    editor.shadowRoot!.querySelector<HTMLButtonElement>('button.secondary')!.click();
    await until(() => list.shadowRoot.querySelector('table'));
    await until(
      () => list.shadowRoot.activeElement?.getAttribute('data-id') === grace.id,
      3000,
      'focus back on the row',
    );
  });

  it('shows a failed lead and retries it now; statistics and health, in French', async () => {
    fake.signedIn = true;
    const el = await fixture<CarstrelAdmin>(html`<carstrel-admin lang="fr"></carstrel-admin>`);
    await until(() => view(el, 'carstrel-admin-customers'));
    const nav = () => $$<HTMLButtonElement>(el, 'nav button');
    expect(nav().map((b) => b.textContent?.trim())).to.deep.equal([
      'Clients',
      'Statistiques',
      'File des prospects',
      'État et configuration',
    ]);
    nav()[2].click();
    const outbox = await until(() => view(el, 'carstrel-admin-outbox'));
    await until(() => outbox.shadowRoot.querySelector('li[data-sink="webhook"]'));
    expect(text(outbox)).to.include('webhook : 1 en attente');
    expect(outbox.shadowRoot.querySelector('li[data-sink="webhook"]')!.textContent).to.match(
      /En attente.*webhook answered 500/,
    );
    expect(nav()[2].getAttribute('aria-current')).to.equal('page');
    await expect(el).to.be.accessible();
    outbox.shadowRoot.querySelector<HTMLButtonElement>('button')!.click();
    await until(() => text(outbox).includes('Nouvel essai'));
    await until(
      () => /Livré/.test(outbox.shadowRoot.querySelector('li[data-sink="webhook"]')?.textContent ?? ''),
      4000,
    );
    expect(fake.calls).to.include('POST /admin/api/outbox/retry');

    nav()[1].click();
    const overview = await until(() => view(el, 'carstrel-admin-overview'));
    await until(() => text(overview).includes('Statistiques clients'));
    expect(text(overview)).to.include('Clients VIP');
    await expect(el).to.be.accessible();

    nav()[3].click();
    const health = await until(() => view(el, 'carstrel-admin-health'));
    await until(() => text(health).includes('Vérification de la configuration'));
    expect(text(health)).to.include('CARSTREL_SESSION_SECRET is not set.');
    await expect(el).to.be.accessible();
  });

  it('lists the leads waiting for CarStrel and the leads routed, each table with its own columns', async () => {
    fake.signedIn = true;
    fake.outbox.waiting = [
      {
        reference: 'lead_wait',
        kind: 'test-drive',
        receivedAt: '2026-11-30T09:00:00Z',
        attempts: 4,
        nextAttempt: '2026-11-30T09:30:00Z',
      },
    ];
    const el = await fixture<CarstrelAdmin>(html`<carstrel-admin lang="en"></carstrel-admin>`);
    await until(() => view(el, 'carstrel-admin-customers'));
    $$<HTMLButtonElement>(el, 'nav button')[2].click();
    const outbox = await until(() => view(el, 'carstrel-admin-outbox'));
    await until(() => text(outbox).includes('lead_wait'));
    const tables = [...outbox.shadowRoot.querySelectorAll('table')].map((table) => ({
      caption: table.caption?.textContent?.trim(),
      headings: [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim()),
      rows: [...table.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.children].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()),
      ),
    }));
    const when = (iso: string) =>
      new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
    expect(tables).to.deep.equal([
      {
        caption: 'Waiting for CarStrel (1)',
        headings: ['Reference', 'Kind', 'Received', 'Attempts', 'Next attempt'],
        rows: [['lead_wait', 'test-drive', when('2026-11-30T09:00:00Z'), '4', when('2026-11-30T09:30:00Z')]],
      },
      {
        caption: 'Leads sent to your systems (1)',
        headings: ['Reference', 'Kind', 'Received', 'Status'],
        rows: [
          [
            'lead_abc',
            'contact',
            when('2026-11-30T10:00:00Z'),
            'webhook: Pending, attempts 3 (last error: webhook answered 500)',
          ],
        ],
      },
    ]);
    expect(text(outbox)).to.not.include('No lead yet.');
    await expect(el).to.be.accessible();
  });

  it('goes back to the sign-in form when the session ends, and signs out', async () => {
    fake.signedIn = true;
    const el = await fixture<CarstrelAdmin>(html`<carstrel-admin lang="en"></carstrel-admin>`);
    await until(() => view(el, 'carstrel-admin-customers'));
    fake.signedIn = false; // the session expired on the proxy
    $$<HTMLButtonElement>(el, 'nav button')[1].click();
    await until(() => $(el, '#password'), 3000, 'the sign-in form');
    expect(text(el)).to.include('Your session has ended.');
    await expect(el).to.be.accessible();
    await signIn(el, PASSWORD);
    const signOut = await until(() => $$<HTMLButtonElement>(el, 'header button')[0]);
    signOut.click();
    await until(() => $(el, '#password'));
    expect(fake.signedIn).to.equal(false);
  });
});
