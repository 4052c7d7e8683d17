/** carstrel-test-drive-form: contact fields filled from the logged-in customer, never over what the shopper typed. */
import { expect } from '@open-wc/testing';
import { clientFor } from '../api/client.js';
import type { Vehicle } from '../api/types.js';
import { session } from '../login/session.js';
import { apiBase, until } from '../testing/browser.js';
import { forVehicle, freshEmail, freshSandboxEach, input, mountForm, someVehicles } from '../testing/forms.js';
import './carstrel-test-drive-form.js';

describe('carstrel-test-drive-form: prefilled from the customer account', () => {
  let vehicle: Vehicle;
  before(async () => {
    [vehicle] = await someVehicles(1);
  });
  freshSandboxEach();

  it('an anonymous shopper costs no session check: no /external/auth/me request without a login hint', async () => {
    localStorage.removeItem('carstrel:session-hint');
    const calls: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (url, init) => {
      calls.push(String(url));
      return realFetch(url, init);
    };
    try {
      const el = await mountForm('carstrel-test-drive-form', 'anonymous', forVehicle(vehicle));
      await new Promise((r) => setTimeout(r, 300));
      expect(el.querySelector('form')).to.not.equal(null);
    } finally {
      window.fetch = realFetch;
    }
    expect(calls.filter((u) => u.includes('/external/auth/me'))).to.deep.equal([]);
  });

  it('prefilled from the logged-in customer; what the shopper typed wins', async () => {
    const email = freshEmail('prefill');
    const client = clientFor(apiBase());
    await session().register(
      client,
      { email, password: 'correct horse 1', firstName: 'Mary', lastName: 'Jackson', phone: { mobile: '+1 555 0100' } },
      crypto.randomUUID(),
    );
    try {
      const el = await mountForm('carstrel-test-drive-form', 'prefill', forVehicle(vehicle));
      await until(() => input(el, 'email').value === email, 3000, 'prefill');
      expect(input(el, 'name').value).to.equal('Mary Jackson');
      expect(input(el, 'phone').value).to.equal('+1 555 0100');
      expect(el.querySelector('.hint')?.textContent).to.match(/Filled in from your account/);
      await expect(el).to.be.accessible();

      // A shopper's own draft is never overwritten by the account's data.
      el.remove();
      sessionStorage.setItem(
        'carstrel:draft:carstrel-test-drive-form:typed',
        JSON.stringify({ values: { name: 'Typed By Shopper' } }),
      );
      const typed = await mountForm('carstrel-test-drive-form', 'typed', forVehicle(vehicle));
      await until(() => input(typed, 'email').value === email, 3000, 'prefill of the empty fields');
      expect(input(typed, 'name').value).to.equal('Typed By Shopper');
      // Logging out takes the account's details back (shared computers); the shopper's own stay.
      await session().logout(client);
      await typed.updateComplete;
      expect(input(typed, 'email').value).to.equal('');
      expect(input(typed, 'name').value).to.equal('Typed By Shopper');
    } finally {
      if (session().current.status === 'authenticated') await session().logout(client);
    }
  });
});
