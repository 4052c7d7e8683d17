/** carstrel-newsletter: subscribing — once, 'already subscribed', server refusals, drafts, queued delivery. */
import { expect } from '@open-wc/testing';
import type { CarstrelLeadSubmittedEvent } from '../shared/events.js';
import { faults, until } from '../testing/browser.js';
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
  tabAndType,
  type,
} from '../testing/forms.js';
import './carstrel-newsletter.js';

describe('carstrel-newsletter: subscribing', () => {
  freshSandboxEach({ localStorage: true });

  it('renders a real <form> with a labelled email input (type=email, autocomplete=email)', async () => {
    const el = await mountForm('carstrel-newsletter', 'autofill');
    const email = input(el, 'email');
    expect(email.type).to.equal('email');
    expect(email.getAttribute('autocomplete')).to.equal('email');
    expect(email.labels?.[0]?.textContent).to.match(/Email/);
    expect(email.form).to.be.instanceOf(HTMLFormElement);
  });

  it('keyboard-only journey: subscribe, then subscribing again shows "already subscribed"; stored once', async () => {
    const el = await mountForm('carstrel-newsletter', 'journey');
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
    expect(await recordedFor('newsletter', email)).to.have.length(1);
  });

  it('server validation errors land on the email field', async () => {
    const el = await mountForm('carstrel-newsletter', 'server-400');
    input(el, 'email').focus();
    await type('someone@example.c');
    await press('Enter');
    await until(() => input(el, 'email').getAttribute('aria-invalid') === 'true', 8000, 'the email error');
    expect(el.querySelector('.error')?.textContent).to.match(/email must be a valid email address/);
    await expect(el).to.be.accessible();
  });

  it('reload keeps the draft (element re-created with the same storage key)', async () => {
    const el = await mountForm('carstrel-newsletter', 'reload');
    input(el, 'email').focus();
    await type('draft@example.com');
    el.remove();
    const again = await mountForm('carstrel-newsletter', 'reload');
    expect(input(again, 'email').value).to.equal('draft@example.com');
  });

  it('upstream down: subscription queued by the proxy, shown as queued, delivered once later', async () => {
    const el = await mountForm('carstrel-newsletter', 'queued');
    const email = freshEmail('newsq');
    await faults({ down: true });
    input(el, 'email').focus();
    await type(email);
    await press('Enter');
    await until(() => el.querySelector('[data-outcome="queued"]'), 8000, 'the queued state');
    await expect(el).to.be.accessible();
    await faults({ down: false });
    await until(
      async () => (await recordedFor('newsletter', email)).length === 1,
      20000,
      'delivery of the queued subscription',
    );
  });
});
