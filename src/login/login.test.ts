/** carstrel-login: logging in and out with the keyboard, the WAI-ARIA tabs, a refused password. */
import { expect } from '@open-wc/testing';
import { CarstrelClient } from '../api/client.js';
import type { CarstrelSessionChangeEvent } from '../shared/events.js';
import { resetSandbox, until } from '../testing/browser.js';
import {
  announced,
  DEMO_CUSTOMER,
  focused,
  input,
  logIn,
  logOutQuietly,
  mountLogin,
  press,
  readableJwts,
  startButton,
  tabAndType,
  tabPanel,
  type,
} from '../testing/forms.js';
import './carstrel-login.js';
import { session } from './session.js';

describe('carstrel-login: logging in and out', () => {
  beforeEach(async () => {
    sessionStorage.clear();
    await resetSandbox();
    await logOutQuietly();
  });

  it('renders real forms whose inputs have the name, type and autocomplete password managers need', async () => {
    const el = await mountLogin();
    const expected: Array<['login' | 'register', string, string, string]> = [
      ['login', 'email', 'email', 'username'],
      ['login', 'password', 'password', 'current-password'],
      ['register', 'firstName', 'text', 'given-name'],
      ['register', 'lastName', 'text', 'family-name'],
      ['register', 'email', 'email', 'username'],
      ['register', 'password', 'password', 'new-password'],
      ['register', 'phone', 'tel', 'tel'],
    ];
    for (const [tab, name, t, autocomplete] of expected) {
      const i = input(tabPanel(el, tab), name);
      expect(i.type, `${tab} ${name}`).to.equal(t);
      expect(i.getAttribute('autocomplete'), `${tab} ${name}`).to.equal(autocomplete);
      expect(i.labels?.length, `${tab} ${name} is labelled`).to.equal(1);
      expect(i.form, `${tab} ${name} is in a real form`).to.be.instanceOf(HTMLFormElement);
    }
    expect(el.shadowRoot).to.equal(null);
  });

  it('keyboard-only journey: log in, see the customer, log out; accessible in every state; the token is unreadable', async () => {
    const el = await mountLogin();
    await expect(el).to.be.accessible();
    const changes: CarstrelSessionChangeEvent[] = [];
    const onChange = (e: CarstrelSessionChangeEvent) => changes.push(e);
    window.addEventListener('carstrel-session-change', onChange);
    try {
      startButton().focus();
      await press('Tab');
      expect(focused()?.getAttribute('role')).to.equal('tab');
      await tabAndType(el, 'email', DEMO_CUSTOMER.email);
      await tabAndType(tabPanel(el, 'login'), 'password', DEMO_CUSTOMER.password);
      await press('Enter');
      await until(() => el.querySelector('.account'), 8000, 'the logged-in view');
      expect(focused()?.textContent).to.match(/Signed in as Jane Doe/);
      expect(el.textContent).to.contain(DEMO_CUSTOMER.email);
      await announced(el, /logged in as Jane Doe/);
      await expect(el).to.be.accessible();
      expect(session().current.transport).to.equal('cookie');
      expect(CarstrelClient.bearer).to.equal(undefined);
      expect(readableJwts()).to.deep.equal([]);

      await press('Tab');
      expect(focused()?.textContent).to.match(/Log out/);
      await press('Enter');
      await until(() => el.querySelector('[role="tablist"]'), 8000, 'the forms after logout');
      await announced(el, /logged out/);
      expect(focused()).to.equal(input(tabPanel(el, 'login'), 'email'));
      await expect(el).to.be.accessible();
      expect(changes.map((e) => [e.detail.loggedIn, e.detail.reason])).to.deep.equal([
        [true, 'login'],
        [false, 'logout'],
      ]);
    } finally {
      window.removeEventListener('carstrel-session-change', onChange);
    }
  });

  it('tabs follow the WAI-ARIA pattern: arrow keys switch, one tab stop', async () => {
    const el = await mountLogin();
    const tabs = Array.from(el.querySelectorAll<HTMLElement>('[role="tab"]'));
    tabs[0].focus();
    await press('ArrowRight');
    await until(() => focused() === tabs[1], 2000, 'focus on the register tab');
    expect(tabs[1].getAttribute('aria-selected')).to.equal('true');
    expect(tabPanel(el, 'register').hasAttribute('hidden')).to.equal(false);
    expect(tabPanel(el, 'login').hasAttribute('hidden')).to.equal(true);
    expect(tabs.map((t) => t.tabIndex)).to.deep.equal([-1, 0]);
    await press('Home');
    await until(() => focused() === tabs[0], 2000, 'focus back on the login tab');
    await expect(el).to.be.accessible();
  });

  it('wrong password: the reason is shown on the password field and announced', async () => {
    const el = await mountLogin();
    input(tabPanel(el, 'login'), 'email').focus();
    await type(DEMO_CUSTOMER.email);
    await press('Tab');
    await type('not-the-password');
    await press('Enter');
    await announced(el, /need attention/);
    const password = input(tabPanel(el, 'login'), 'password');
    expect(password.getAttribute('aria-invalid')).to.equal('true');
    expect(el.querySelector(`#${password.id}-error`)?.textContent).to.match(/email or password is not right/);
    expect(focused()).to.equal(password);
    await expect(el).to.be.accessible();
  });

  it('a customer of another dealer signing in here for the first time is linked and told so (isNewCustomer)', async () => {
    // A real customer of the second demo dealer (registered there through the test runner's
    // bridge, which holds that dealer's key) signs in on this dealer's page for the first time.
    const other = { email: `other-dealer-${Date.now()}@example.com`, password: 'other-dealer-pass' };
    const reg = await fetch('/_dealer-two/register', {
      method: 'POST',
      body: JSON.stringify({ ...other, firstName: 'Omar', lastName: 'Otieno' }),
    });
    expect(reg.status).to.equal(201);
    const el = await mountLogin();
    await logIn(el, other);
    expect(session().current.isNewCustomer).to.equal(true);
    expect(el.querySelector('.account .notice')?.textContent).to.match(/now linked to this dealer/);
    await announced(el, /logged in as Omar Otieno/);
    await expect(el).to.be.accessible();
  });
});
