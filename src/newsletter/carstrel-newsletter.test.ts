import { expect, fixture, html } from '@open-wc/testing';
import { apiBase, faults, journal, resetSandbox, until } from '../testing/browser.js';
import { announced, focused, freshEmail, input, press, startButton, tabAndType, type } from '../testing/forms.js';
import type { CarstrelLeadSubmittedEvent } from '../shared/events.js';
import './carstrel-newsletter.js';
import type { CarstrelNewsletter } from './carstrel-newsletter.js';

async function mount(storageKey: string): Promise<CarstrelNewsletter> {
  const wrap = await fixture<HTMLDivElement>(
    html`<div>
      <button id="start">start</button>
      <carstrel-newsletter api=${apiBase()} storage-key=${storageKey}></carstrel-newsletter>
    </div>`,
  );
  const el = wrap.querySelector('carstrel-newsletter')!;
  await el.updateComplete;
  return el;
}

const subscribers = async (email: string) =>
  (await journal()).newsletter.filter((n) => (n as { email: string }).email === email);
const submit = async (el: Element) => {
  el.querySelector<HTMLButtonElement>('.submit')!.focus();
  await press('Enter');
};

describe('carstrel-newsletter', () => {
  beforeEach(async () => {
    sessionStorage.clear();
    localStorage.clear();
    await resetSandbox();
  });
  afterEach(() => faults({ down: false, latencyMs: 0, errorRate: 0 }));

  it('renders a real <form> with a labelled email input (type=email, autocomplete=email)', async () => {
    const el = await mount('autofill');
    const email = input(el, 'email');
    expect(email.type).to.equal('email');
    expect(email.getAttribute('autocomplete')).to.equal('email');
    expect(email.labels?.[0]?.textContent).to.match(/Email/);
    expect(email.form).to.be.instanceOf(HTMLFormElement);
  });

  it('keyboard-only journey: subscribe, then subscribing again shows "already subscribed"; stored once', async () => {
    const el = await mount('journey');
    await expect(el).to.be.accessible();
    const email = freshEmail('news');
    const events: CarstrelLeadSubmittedEvent[] = [];
    el.addEventListener('carstrel-lead-submitted', (e) => events.push(e));

    startButton().focus();
    await tabAndType(el, 'email', email);
    await faults({ latencyMs: 500 });
    await press('Enter');
    await announced(el, /Sending/);
    await expect(el).to.be.accessible();
    await until(() => el.querySelector('.result'), 8000, 'the confirmation');
    expect(el.querySelector('.result')?.getAttribute('data-outcome')).to.equal('subscribe');
    expect(focused()?.textContent).to.match(/You are subscribed/);
    await expect(el).to.be.accessible();
    expect(events.map((e) => e.detail.kind)).to.deep.equal(['newsletter']);

    await faults({ latencyMs: 0 });
    await press('Tab'); // from the heading to "Send another"
    await press('Enter');
    expect(focused()).to.equal(input(el, 'email'));
    await type(email);
    await press('Enter');
    await until(() => el.querySelector('[data-outcome="already"]'), 8000, "the 'already subscribed' state");
    expect(focused()?.textContent).to.match(/Already subscribed/);
    await expect(el).to.be.accessible();
    expect(await subscribers(email)).to.have.length(1);
  });

  it('opens in unsubscribe mode from a ?unsubscribe= link; a failure offers a retry that then succeeds', async () => {
    const email = freshEmail('unsub');
    // Subscribed first (through the API, as the newsletter's own sign-up would have done).
    const first = await mount('unsub-setup');
    input(first, 'email').focus();
    await type(email);
    await press('Enter');
    await until(() => first.querySelector('.result'), 8000, 'subscription');
    expect(await subscribers(email)).to.have.length(1);

    const before = location.href;
    history.replaceState(null, '', `${location.pathname}?unsubscribe=${encodeURIComponent(email)}`);
    try {
      const el = await mount('unsub');
      expect(el.mode).to.equal('unsubscribe');
      expect(input(el, 'email').value).to.equal(email);
      expect(el.querySelector('.title')?.textContent).to.match(/Unsubscribe/);
      await expect(el).to.be.accessible();

      await faults({ down: true });
      await submit(el);
      await announced(el, /Not sent/);
      expect(el.querySelector('.submit')?.textContent?.trim()).to.equal('Try again');
      expect(focused(), 'focus stays on the action').to.equal(el.querySelector('.submit'));
      await expect(el).to.be.accessible();

      await faults({ down: false });
      await press('Enter');
      await until(() => el.querySelector('[data-outcome="unsubscribe"]'), 8000, 'unsubscribed');
      expect(focused()?.textContent).to.match(/You are unsubscribed/);
      await expect(el).to.be.accessible();
      expect(await subscribers(email)).to.have.length(0);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('switches between subscribe and unsubscribe from the keyboard, keeping the address', async () => {
    const el = await mount('switch');
    input(el, 'email').focus();
    await type('switch@example.com');
    el.querySelector<HTMLButtonElement>('[part~="switch"]')!.focus();
    await press('Enter');
    await el.updateComplete;
    expect(el.mode).to.equal('unsubscribe');
    expect(el.getAttribute('mode')).to.equal('unsubscribe');
    expect(el.querySelector('[part~="submit"]')?.textContent?.trim()).to.equal('Unsubscribe');
    await until(() => focused() === input(el, 'email'), 2000, 'focus on the address');
    expect(input(el, 'email').value).to.equal('switch@example.com');
    await expect(el).to.be.accessible();
  });

  it('server validation errors land on the email field', async () => {
    const el = await mount('server-400');
    input(el, 'email').focus();
    await type('someone@example.c');
    await press('Enter');
    await until(() => input(el, 'email').getAttribute('aria-invalid') === 'true', 8000, 'the email error');
    expect(el.querySelector('.error')?.textContent).to.match(/email must be a valid email address/);
    await expect(el).to.be.accessible();
  });

  it('reload keeps the draft (element re-created with the same storage key)', async () => {
    const el = await mount('reload');
    input(el, 'email').focus();
    await type('draft@example.com');
    el.remove();
    const again = await mount('reload');
    expect(input(again, 'email').value).to.equal('draft@example.com');
  });

  it('upstream down: subscription queued by the proxy, shown as queued, delivered once later', async () => {
    const el = await mount('queued');
    const email = freshEmail('newsq');
    await faults({ down: true });
    input(el, 'email').focus();
    await type(email);
    await press('Enter');
    await until(() => el.querySelector('[data-outcome="queued"]'), 8000, 'the queued state');
    await expect(el).to.be.accessible();
    await faults({ down: false });
    await until(async () => (await subscribers(email)).length === 1, 20000, 'delivery of the queued subscription');
  });
});
