import { expect, fixture, html } from '@open-wc/testing';
import { apiBase, faults, journal, resetSandbox, until } from '../testing/browser.js';
import {
  announced,
  focused,
  freshEmail,
  input,
  press,
  startButton,
  storedDraft,
  tabAndType,
  type,
} from '../testing/forms.js';
import type { CarstrelFormErrorEvent, CarstrelLeadSubmittedEvent } from '../shared/events.js';
import './carstrel-contact-form.js';
import type { CarstrelContactForm } from './carstrel-contact-form.js';

async function mount(storageKey: string, api = apiBase()): Promise<CarstrelContactForm> {
  const wrap = await fixture<HTMLDivElement>(
    html`<div>
      <button id="start">start</button>
      <carstrel-contact-form api=${api} storage-key=${storageKey}></carstrel-contact-form>
    </div>`,
  );
  const el = wrap.querySelector('carstrel-contact-form')!;
  await el.updateComplete;
  return el;
}

const contactsFor = async (email: string) => (await journal()).contacts.filter((c) => c.email === email);

describe('carstrel-contact-form', () => {
  beforeEach(async () => {
    sessionStorage.clear();
    await resetSandbox();
  });
  afterEach(() => faults({ down: false, latencyMs: 0, errorRate: 0 }));

  it('renders a real <form> with labelled inputs of the right name, type and autocomplete (autofill works)', async () => {
    const el = await mount('autofill');
    expect(el.shadowRoot, 'light DOM: no shadow root hides the inputs from autofill').to.equal(null);
    const form = el.querySelector('form');
    expect(form).to.be.instanceOf(HTMLFormElement);
    const expected: Array<[string, string, string]> = [
      ['name', 'text', 'name'],
      ['email', 'email', 'email'],
      ['subject', 'text', 'off'],
    ];
    for (const [name, typeAttr, autocomplete] of expected) {
      const i = input(el, name);
      expect(i.type, name).to.equal(typeAttr);
      expect(i.getAttribute('autocomplete'), name).to.equal(autocomplete);
      expect(i.labels?.[0]?.textContent?.trim(), `${name} has a label`).to.be.a('string').and.not.be.empty;
      expect(i.form).to.equal(form);
    }
    const message = input(el, 'message');
    expect(message.tagName).to.equal('TEXTAREA');
    expect(message.labels?.length).to.equal(1);
  });

  it('keyboard-only journey: Tab through, Enter sends, reference shown, focus on the result, accessible in every state', async () => {
    const el = await mount('journey');
    await expect(el).to.be.accessible();
    const email = freshEmail('contact');
    const submitted: CarstrelLeadSubmittedEvent[] = [];
    el.addEventListener('carstrel-lead-submitted', (e) => submitted.push(e));

    startButton().focus();
    await tabAndType(el, 'name', 'Ada Lovelace');
    await tabAndType(el, 'email', email);
    await tabAndType(el, 'subject', 'Financing');
    await tabAndType(el, 'message', 'Is the blue one still available?');
    await press('Tab');
    expect(focused()?.classList.contains('submit'), 'honeypot is skipped; Tab reaches the submit button').to.equal(
      true,
    );

    await faults({ latencyMs: 600 });
    await press('Enter');
    await announced(el, /Sending/);
    expect(el.querySelector('.submit')?.getAttribute('aria-disabled')).to.equal('true');
    await expect(el).to.be.accessible();

    await until(() => el.querySelector('.result'), 8000, 'the confirmation');
    await announced(el, /Sent/);
    await expect(el).to.be.accessible();
    expect(focused()?.textContent).to.match(/Message sent/);

    const records = await contactsFor(email);
    expect(records).to.have.length(1);
    expect(records[0]!.message).to.equal('Is the blue one still available?');
    expect(el.querySelector('.reference')?.textContent).to.contain(String(records[0]!.referenceId));
    expect(submitted).to.have.length(1);
    expect(submitted[0]!.detail).to.deep.include({
      kind: 'contact',
      reference: records[0]!.referenceId,
      queued: false,
    });
    expect(storedDraft('carstrel-contact-form', 'journey'), 'draft cleared after success').to.equal(undefined);
  });

  it('validation before submit: messages tied to each field, focus on the first, announced, accessible', async () => {
    const el = await mount('validation');
    el.querySelector<HTMLButtonElement>('.submit')!.focus();
    await press('Enter');
    await announced(el, /3 field\(s\) need attention/);
    for (const name of ['name', 'email', 'message']) {
      const i = input(el, name);
      expect(i.getAttribute('aria-invalid'), name).to.equal('true');
      const described = i
        .getAttribute('aria-describedby')!
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent);
      expect(described.join(' '), name).to.match(/Fill in this field/);
    }
    expect(focused()).to.equal(input(el, 'name'));
    expect(input(el, 'name').validity.valid, 'the native constraint API agrees').to.equal(false);
    await expect(el).to.be.accessible();
    expect((await journal()).contacts).to.have.length(0);

    await type('Ada'); // fixing the field clears its message at once
    await el.updateComplete;
    expect(input(el, 'name').getAttribute('aria-invalid')).to.equal(null);
    expect(input(el, 'name').validity.valid).to.equal(true);
  });

  it('one submission at a time: pressing send again while sending sends nothing more', async () => {
    const el = await mount('once');
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
    expect(await contactsFor(email)).to.have.length(1);
  });

  it('speaks the page language: French labels and messages with lang="fr"', async () => {
    const wrap = await fixture<HTMLDivElement>(
      html`<div lang="fr"><carstrel-contact-form api=${apiBase()} storage-key="fr"></carstrel-contact-form></div>`,
    );
    const el = wrap.querySelector('carstrel-contact-form')!;
    await el.updateComplete;
    expect(input(el, 'name').labels?.[0]?.textContent).to.match(/Votre nom/);
    el.querySelector<HTMLButtonElement>('.submit')!.focus();
    await press('Enter');
    await announced(el, /champ\(s\) à corriger/);
    expect(el.querySelector('.error')?.textContent).to.match(/Remplissez ce champ/);
    await expect(el).to.be.accessible();
  });

  it('server validation errors land on the right field', async () => {
    const el = await mount('server-400');
    startButton().focus();
    await tabAndType(el, 'name', 'Ada');
    await tabAndType(el, 'email', 'ada@example.c'); // the client accepts it; the API needs a 2+ letter TLD
    await press('Tab');
    await press('Tab');
    await type('Hello');
    await press('Enter'); // Enter in a textarea is a new line: submit explicitly
    el.querySelector<HTMLButtonElement>('.submit')!.focus();
    await press('Enter');
    await until(() => input(el, 'email').getAttribute('aria-invalid') === 'true', 8000, 'the email error');
    expect(el.querySelector(`#${input(el, 'email').id}-error`)?.textContent).to.match(
      /email must be a valid email address/,
    );
    expect(input(el, 'name').getAttribute('aria-invalid')).to.equal(null);
    expect(focused()).to.equal(input(el, 'email'));
    await expect(el).to.be.accessible();
  });

  it('reload keeps the draft (element re-created with the same storage key)', async () => {
    const el = await mount('reload');
    startButton().focus();
    await tabAndType(el, 'name', 'Grace Hopper');
    await tabAndType(el, 'email', 'grace@example.com');
    el.remove();
    const again = await mount('reload');
    expect(input(again, 'name').value).to.equal('Grace Hopper');
    expect(input(again, 'email').value).to.equal('grace@example.com');
  });

  it('a lead is never sent twice: a failed send retried (after reload) reuses the Idempotency-Key and is stored once', async () => {
    const email = freshEmail('retry');
    // First attempt: the proxy cannot be reached at all.
    const el = await mount('retry', 'http://127.0.0.1:9');
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
    const again = await mount('retry');
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
    expect(await contactsFor(email)).to.have.length(1);
  });

  it('upstream down: the proxy queues the lead, the queued state is shown, and it is delivered exactly once later', async () => {
    const el = await mount('queued');
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
    expect(await contactsFor(email)).to.have.length(0);

    await faults({ down: false });
    await until(async () => (await contactsFor(email)).length === 1, 20000, 'the queued lead to be delivered');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await contactsFor(email)).to.have.length(1);
  });

  it('the honeypot: a filled trap field sends nothing', async () => {
    const el = await mount('honeypot');
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
    const el = await mount('429');
    const realFetch = window.fetch;
    window.fetch = async () =>
      new Response(
        JSON.stringify({ statusCode: 429, message: 'Too many requests', error: 'Too Many Requests', timestamp: '' }),
        {
          status: 429,
          headers: { 'retry-after': '7', 'content-type': 'application/json' },
        },
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
