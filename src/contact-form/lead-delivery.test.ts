/**
 * carstrel-contact-form: a lead is never lost nor sent twice — one submission at a time, the same
 * Idempotency-Key on retry (even after a reload), queued by the proxy when upstream is down, the
 * honeypot, and a 429 that holds the retry.
 */
import { expect } from '@open-wc/testing';
import type { CarstrelFormErrorEvent } from '../shared/events.js';
import { faults, journal, until } from '../testing/browser.js';
import {
  announced,
  focused,
  freshEmail,
  freshSandboxEach,
  input,
  mountForm,
  press,
  recordedFor,
  startButton,
  storedDraft,
  tabAndType,
  type,
} from '../testing/forms.js';
import './carstrel-contact-form.js';

describe('carstrel-contact-form: lead delivery', () => {
  freshSandboxEach();

  it('one submission at a time: pressing send again while sending sends nothing more', async () => {
    const el = await mountForm('carstrel-contact-form', 'once');
    const email = freshEmail('once');
    input(el, 'name').focus();
    await type('Ada');
    await press('Tab');
    await type(email);
    input(el, 'message').focus();
    await type('Once only');
    await faults({ latencyMs: 600 });
    const posts: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (url, init) => {
      if (String(url).endsWith('/external/contact/submit')) posts.push(String(url));
      return realFetch(url, init);
    };
    try {
      el.querySelector<HTMLButtonElement>('.submit')!.focus();
      await press('Enter');
      await press('Enter');
      await press('Space');
      await until(() => el.querySelector('.result'), 8000, 'the confirmation');
    } finally {
      window.fetch = realFetch;
    }
    expect(posts).to.have.length(1);
    expect(await recordedFor('contacts', email)).to.have.length(1);
  });

  it('a lead is never sent twice: a failed send retried (after reload) reuses the Idempotency-Key and is stored once', async () => {
    const email = freshEmail('retry');
    // First attempt: the proxy cannot be reached at all.
    const el = await mountForm('carstrel-contact-form', 'retry', { api: 'http://127.0.0.1:9' });
    el.querySelector<HTMLElement>('form')!.querySelector<HTMLInputElement>('[name=name]')!.focus();
    await type('Alan Turing');
    await press('Tab');
    await type(email);
    await press('Tab');
    await press('Tab');
    await type('Please call me');
    el.querySelector<HTMLButtonElement>('.submit')!.focus();
    const formErrors: CarstrelFormErrorEvent[] = [];
    el.addEventListener('carstrel-form-error', (e) => formErrors.push(e));
    await press('Enter');
    await announced(el, /Not sent/);
    expect(el.querySelector('.notice--error')?.textContent).to.match(/could not be reached/);
    expect(formErrors.map((e) => [e.detail.kind, e.detail.status])).to.deep.equal([['contact', 0]]);
    expect(el.querySelector('.submit')?.textContent?.trim()).to.equal('Try again');
    await expect(el).to.be.accessible();
    const key = (storedDraft('carstrel-contact-form', 'retry') as { submission: { key: string } }).submission.key;

    // "Reload" and retry against the reachable proxy: same key; twice, as an impatient shopper would.
    el.remove();
    const again = await mountForm('carstrel-contact-form', 'retry');
    expect((storedDraft('carstrel-contact-form', 'retry') as { submission: { key: string } }).submission.key).to.equal(
      key,
    );
    const sent: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (inputUrl, init) => {
      const h = new Headers(init?.headers);
      if (h.get('idempotency-key')) sent.push(h.get('idempotency-key')!);
      return realFetch(inputUrl, init);
    };
    try {
      again.querySelector<HTMLButtonElement>('.submit')!.focus();
      await press('Enter');
      await until(() => again.querySelector('.result'), 8000, 'the confirmation');
    } finally {
      window.fetch = realFetch;
    }
    expect(sent).to.deep.equal([key]);
    expect(await recordedFor('contacts', email)).to.have.length(1);
  });

  it('upstream down: the proxy queues the lead, the queued state is shown, and it is delivered exactly once later', async () => {
    const el = await mountForm('carstrel-contact-form', 'queued');
    const email = freshEmail('queued');
    await faults({ down: true });
    startButton().focus();
    await tabAndType(el, 'name', 'Katherine Johnson');
    await tabAndType(el, 'email', email);
    await press('Tab');
    await tabAndType(el, 'message', 'Queued message');
    el.querySelector<HTMLButtonElement>('.submit')!.focus();
    await press('Enter');
    await until(() => el.querySelector('.result--queued'), 8000, 'the queued state');
    await announced(el, /saved and will be delivered automatically/);
    expect(focused()?.textContent).to.match(/Message received/);
    await expect(el).to.be.accessible();
    expect(await recordedFor('contacts', email)).to.have.length(0);

    await faults({ down: false });
    await until(
      async () => (await recordedFor('contacts', email)).length === 1,
      20000,
      'the queued lead to be delivered',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(await recordedFor('contacts', email)).to.have.length(1);
  });

  it('the honeypot: a filled trap field sends nothing', async () => {
    const el = await mountForm('carstrel-contact-form', 'honeypot');
    const form = el.querySelector('form')!;
    const trap = form.querySelector<HTMLInputElement>('[name=carstrel_website]')!;
    expect(trap.tabIndex).to.equal(-1);
    expect(trap.closest('[aria-hidden="true"]')).to.not.equal(null);
    input(el, 'name').focus();
    await type('Bot');
    await press('Tab');
    await type('bot@example.com');
    input(el, 'message').focus();
    await type('spam');
    trap.value = 'http://spam.example';
    el.querySelector<HTMLButtonElement>('.submit')!.focus();
    await press('Enter');
    await until(() => el.querySelector('.result'), 3000, 'the pretend confirmation');
    expect((await journal()).contacts).to.have.length(0);
  });

  it('rate limited (429): shows "try again in N s" and holds the retry', async () => {
    const el = await mountForm('carstrel-contact-form', '429');
    const realFetch = window.fetch;
    window.fetch = () =>
      Promise.resolve(
        new Response(
          JSON.stringify({ statusCode: 429, message: 'Too many requests', error: 'Too Many Requests', timestamp: '' }),
          {
            status: 429,
            headers: { 'retry-after': '7', 'content-type': 'application/json' },
          },
        ),
      );
    try {
      input(el, 'name').focus();
      await type('Ada');
      await press('Tab');
      await type('ada@example.com');
      input(el, 'message').focus();
      await type('Hi');
      el.querySelector<HTMLButtonElement>('.submit')!.focus();
      await press('Enter');
      await announced(el, /Try again in 7 s/);
    } finally {
      window.fetch = realFetch;
    }
    expect(el.querySelector('.submit')?.getAttribute('aria-disabled')).to.equal('true');
    await expect(el).to.be.accessible();
  });
});
