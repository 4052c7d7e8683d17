/** carstrel-newsletter: unsubscribing — from the newsletter's link (confirmed by a button), or by switching modes. */
import { expect } from '@open-wc/testing';
import { faults, until } from '../testing/browser.js';
import {
  announced,
  focused,
  freshEmail,
  freshSandboxEach,
  input,
  mountForm,
  press,
  pressSubmit,
  recordedFor,
  type,
} from '../testing/forms.js';
import './carstrel-newsletter.js';

describe('carstrel-newsletter: unsubscribing', () => {
  freshSandboxEach({ localStorage: true });

  it('opens in unsubscribe mode from a ?unsubscribe= link; a failure offers a retry that then succeeds', async () => {
    const email = freshEmail('unsub');
    // Subscribed first (through the API, as the newsletter's own sign-up would have done).
    const first = await mountForm('carstrel-newsletter', 'unsub-setup');
    input(first, 'email').focus();
    await type(email);
    await press('Enter');
    await until(() => first.querySelector('.result'), 8000, 'subscription');
    expect(await recordedFor('newsletter', email)).to.have.length(1);

    const before = location.href;
    history.replaceState(null, '', `${location.pathname}?unsubscribe=${encodeURIComponent(email)}`);
    try {
      const el = await mountForm('carstrel-newsletter', 'unsub');
      expect(el.mode).to.equal('unsubscribe');
      expect(input(el, 'email').value).to.equal(email);
      expect(el.querySelector('.title')?.textContent).to.match(/Unsubscribe/);
      await expect(el).to.be.accessible();

      await faults({ down: true });
      await pressSubmit(el);
      await announced(el, /Not sent/);
      expect(el.querySelector('.submit')?.textContent?.trim()).to.equal('Try again');
      expect(focused(), 'focus stays on the action').to.equal(el.querySelector('.submit'));
      await expect(el).to.be.accessible();

      await faults({ down: false });
      await press('Enter');
      await until(() => el.querySelector('[data-outcome="unsubscribe"]'), 8000, 'unsubscribed');
      expect(focused()?.textContent).to.match(/You are unsubscribed/);
      await expect(el).to.be.accessible();
      expect(await recordedFor('newsletter', email)).to.have.length(0);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('switches between subscribe and unsubscribe from the keyboard, keeping the address', async () => {
    const el = await mountForm('carstrel-newsletter', 'switch');
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
});
