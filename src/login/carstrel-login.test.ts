import { expect, fixture, html } from '@open-wc/testing';
import { CarstrelClient } from '../api/client.js';
import { apiBase, faults, journal, resetSandbox, until } from '../testing/browser.js';
import {
  announced,
  focused,
  freshEmail,
  input,
  press,
  readableJwts,
  startButton,
  tabAndType,
  type,
} from '../testing/forms.js';
import type { CarstrelSessionChangeEvent } from '../shared/events.js';
import './carstrel-login.js';
import type { CarstrelLogin } from './carstrel-login.js';
import { session } from './session.js';

const DEMO = { email: 'jane.doe@example.com', password: 'password123' };

async function mount(storageKey = 'login'): Promise<CarstrelLogin> {
  const wrap = await fixture<HTMLDivElement>(
    html`<div>
      <button id="start">start</button>
      <carstrel-login api=${apiBase()} storage-key=${storageKey}></carstrel-login>
    </div>`,
  );
  const el = wrap.querySelector('carstrel-login')!;
  await until(() => el.querySelector('[role="tablist"], .account'), 5000, 'the session check');
  return el;
}

const panel = (el: Element, tab: 'login' | 'register') => el.querySelector(`[role="tabpanel"][id$="-panel-${tab}"]`)!;

/** A fresh page: forget the in-memory session store, as a reload would. */
function forgetPageState(): void {
  delete (globalThis as unknown as Record<symbol, unknown>)[Symbol.for('carstrel.session')];
  CarstrelClient.bearer = undefined;
}

async function logIn(el: CarstrelLogin, who: { email: string; password: string }): Promise<void> {
  input(panel(el, 'login'), 'email').focus();
  await type(who.email);
  await press('Tab');
  await type(who.password);
  await press('Enter');
  await until(() => el.querySelector('.account'), 8000, 'the logged-in view');
}

async function logOutQuietly(): Promise<void> {
  await fetch(`${apiBase()}/session/logout`, { method: 'POST', credentials: 'include' });
  forgetPageState();
}

describe('carstrel-login', () => {
  beforeEach(async () => {
    sessionStorage.clear();
    await resetSandbox();
    await logOutQuietly();
  });

  it('an anonymous visitor costs no /external/auth/me: the proxy says there is no session (GET /session)', async () => {
    const asked: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      asked.push(String(input instanceof Request ? input.url : input));
      return realFetch(input, init);
    };
    try {
      const el = await mount();
      expect(el.querySelector('[role="tablist"]')).to.exist;
      expect(asked.some((u) => u.endsWith('/session'))).to.equal(true);
      expect(asked.filter((u) => u.includes('/external/auth/me'))).to.deep.equal([]);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('renders real forms whose inputs have the name, type and autocomplete password managers need', async () => {
    const el = await mount();
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
      const i = input(panel(el, tab), name);
      expect(i.type, `${tab} ${name}`).to.equal(t);
      expect(i.getAttribute('autocomplete'), `${tab} ${name}`).to.equal(autocomplete);
      expect(i.labels?.length, `${tab} ${name} is labelled`).to.equal(1);
      expect(i.form, `${tab} ${name} is in a real form`).to.be.instanceOf(HTMLFormElement);
    }
    expect(el.shadowRoot).to.equal(null);
  });

  it('keyboard-only journey: log in, see the customer, log out; accessible in every state; the token is unreadable', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
    const changes: CarstrelSessionChangeEvent[] = [];
    const onChange = (e: CarstrelSessionChangeEvent) => changes.push(e);
    window.addEventListener('carstrel-session-change', onChange);
    try {
      startButton().focus();
      await press('Tab');
      expect(focused()?.getAttribute('role')).to.equal('tab');
      await tabAndType(el, 'email', DEMO.email);
      await tabAndType(panel(el, 'login'), 'password', DEMO.password);
      await press('Enter');
      await until(() => el.querySelector('.account'), 8000, 'the logged-in view');
      expect(focused()?.textContent).to.match(/Signed in as Jane Doe/);
      expect(el.textContent).to.contain(DEMO.email);
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
      expect(focused()).to.equal(input(panel(el, 'login'), 'email'));
      await expect(el).to.be.accessible();
      expect(changes.map((e) => [e.detail.loggedIn, e.detail.reason])).to.deep.equal([
        [true, 'login'],
        [false, 'logout'],
      ]);
    } finally {
      window.removeEventListener('carstrel-session-change', onChange);
    }
  });

  it('while the session is being checked: a status message, accessible', async () => {
    // Only a page with a session cookie asks upstream who is logged in (GET /session says so
    // first): log in, then come back as a fresh page while upstream is slow.
    await logIn(await mount(), DEMO);
    forgetPageState();
    await faults({ latencyMs: 700 });
    try {
      const wrap = await fixture<HTMLDivElement>(html`<div><carstrel-login api=${apiBase()}></carstrel-login></div>`);
      const el = wrap.querySelector('carstrel-login')!;
      await el.updateComplete;
      expect(el.querySelector('.notice')?.textContent).to.match(/Checking whether you are logged in/);
      await expect(el).to.be.accessible();
      await until(() => el.querySelector('.account'), 5000, 'the restored session');
    } finally {
      await faults({ latencyMs: 0 });
    }
  });

  it('tabs follow the WAI-ARIA pattern: arrow keys switch, one tab stop', async () => {
    const el = await mount();
    const tabs = Array.from(el.querySelectorAll<HTMLElement>('[role="tab"]'));
    tabs[0]!.focus();
    await press('ArrowRight');
    await until(() => focused() === tabs[1], 2000, 'focus on the register tab');
    expect(tabs[1]!.getAttribute('aria-selected')).to.equal('true');
    expect(panel(el, 'register').hasAttribute('hidden')).to.equal(false);
    expect(panel(el, 'login').hasAttribute('hidden')).to.equal(true);
    expect(tabs.map((t) => t.tabIndex)).to.deep.equal([-1, 0]);
    await press('Home');
    await until(() => focused() === tabs[0], 2000, 'focus back on the login tab');
    await expect(el).to.be.accessible();
  });

  it('wrong password: the reason is shown on the password field and announced', async () => {
    const el = await mount();
    input(panel(el, 'login'), 'email').focus();
    await type(DEMO.email);
    await press('Tab');
    await type('not-the-password');
    await press('Enter');
    await announced(el, /need attention/);
    const password = input(panel(el, 'login'), 'password');
    expect(password.getAttribute('aria-invalid')).to.equal('true');
    expect(el.querySelector(`#${password.id}-error`)?.textContent).to.match(/email or password is not right/);
    expect(focused()).to.equal(password);
    await expect(el).to.be.accessible();
  });

  it('register (keyboard only): account created, recorded once, welcomed; the password is never stored', async () => {
    const el = await mount('register');
    const email = freshEmail('register');
    const password = 'a-long-secret-9731';
    el.querySelector<HTMLElement>('[role="tab"]')!.focus();
    await press('ArrowRight');
    await tabAndType(panel(el, 'register'), 'firstName', 'Dorothy');
    await tabAndType(panel(el, 'register'), 'lastName', 'Vaughan');
    await tabAndType(panel(el, 'register'), 'email', email);
    await tabAndType(panel(el, 'register'), 'password', password);
    await tabAndType(panel(el, 'register'), 'phone', '+1 555 0199');
    const stored = JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage });
    expect(stored).to.contain('Dorothy');
    expect(stored, 'the password is not in the draft').not.to.contain(password);
    await press('Enter');
    await until(() => el.querySelector('.account'), 8000, 'the logged-in view');
    expect(el.querySelector('.account .notice')?.textContent).to.match(/Your account is ready/);
    await expect(el).to.be.accessible();
    const customers = (await journal()).customers.filter((c) => c.email === email);
    expect(customers).to.have.length(1);
    expect(customers[0]).to.deep.include({ firstName: 'Dorothy', lastName: 'Vaughan' });
    expect(JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })).not.to.contain(password);
  });

  it('everything from the API is rendered as text: markup in a customer name stays text', async () => {
    const el = await mount('markup');
    el.querySelector<HTMLElement>('[role="tab"]')!.focus();
    await press('ArrowRight');
    await tabAndType(panel(el, 'register'), 'firstName', '<img src=x onerror=alert(1)>');
    await tabAndType(panel(el, 'register'), 'lastName', '<b>Bold</b>');
    await tabAndType(panel(el, 'register'), 'email', freshEmail('markup'));
    await tabAndType(panel(el, 'register'), 'password', 'markup-password-1');
    await press('Enter');
    await until(() => el.querySelector('.account'), 8000, 'the logged-in view');
    const heading = el.querySelector('.account h2')!;
    expect(heading.textContent).to.contain('<img src=x onerror=alert(1)> <b>Bold</b>');
    expect(el.querySelector('.account img, .account b')).to.equal(null);
  });

  it('email already registered: said on the email field, with a way to log in instead', async () => {
    const el = await mount('taken');
    el.querySelector<HTMLElement>('[role="tab"]')!.focus();
    await press('ArrowRight');
    await tabAndType(panel(el, 'register'), 'firstName', 'Jane');
    await tabAndType(panel(el, 'register'), 'lastName', 'Doe');
    await tabAndType(panel(el, 'register'), 'email', DEMO.email);
    await tabAndType(panel(el, 'register'), 'password', 'whatever-123');
    await press('Enter');
    const email = input(panel(el, 'register'), 'email');
    await until(() => email.getAttribute('aria-invalid') === 'true', 8000, 'the email error');
    expect(el.querySelector(`#${email.id}-error`)?.textContent).to.match(/already (registered|exists)/);
    await expect(el).to.be.accessible();
    const instead = el.querySelector<HTMLButtonElement>('.link')!;
    expect(instead.textContent).to.match(/Log in with this email instead/);
    instead.focus();
    await press('Enter');
    await until(() => focused() === input(panel(el, 'login'), 'password'), 3000, 'focus on the login password');
    expect(input(panel(el, 'login'), 'email').value).to.equal(DEMO.email);
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
    const el = await mount();
    await logIn(el, other);
    expect(session().current.isNewCustomer).to.equal(true);
    expect(el.querySelector('.account .notice')?.textContent).to.match(/now linked to this dealer/);
    await announced(el, /logged in as Omar Otieno/);
    await expect(el).to.be.accessible();
  });

  it('login survives a reload through the cookie session; page JavaScript cannot read the token', async () => {
    const el = await mount();
    await logIn(el, DEMO);
    el.remove();
    forgetPageState();
    const again = await mount();
    expect(again.querySelector('.account'), 'restored from the cookie session').to.not.equal(null);
    expect(again.textContent).to.contain('Jane Doe');
    expect(session().current).to.deep.include({ status: 'authenticated', reason: 'restored', transport: 'cookie' });
    expect(CarstrelClient.bearer).to.equal(undefined);
    expect(readableJwts(), 'no JWT in document.cookie, localStorage or sessionStorage').to.deep.equal([]);
    expect(document.cookie).not.to.contain('carstrel_session');
  });

  it('an expired session goes back to logged out with a message', async () => {
    const el = await mount();
    await logIn(el, DEMO);
    // The session ends on the server side (here: its cookie is cleared behind the page's back).
    await fetch(`${apiBase()}/session/logout`, { method: 'POST', credentials: 'include' });
    document.dispatchEvent(new Event('visibilitychange')); // the shopper comes back to the tab
    await until(() => el.querySelector('[role="tablist"]'), 8000, 'the forms');
    expect(el.querySelector('.notice--warning')?.textContent).to.match(/session has expired/);
    await announced(el, /session has expired/);
    expect(session().current).to.deep.include({ status: 'anonymous', reason: 'expired' });
    await expect(el).to.be.accessible();
  });

  it('logout that cannot reach the proxy keeps the session and says so (never a false "logged out")', async () => {
    const el = await mount();
    await logIn(el, DEMO);
    const realFetch = window.fetch;
    window.fetch = (url, init) =>
      String(url).endsWith('/session/logout') ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(url, init);
    try {
      el.querySelector<HTMLButtonElement>('[part~="logout"]')!.focus();
      await press('Enter');
      await announced(el, /Could not log out/);
    } finally {
      window.fetch = realFetch;
    }
    expect(el.querySelector('.account'), 'still shows the customer').to.not.equal(null);
    expect(session().current.status).to.equal('authenticated');
    await expect(el).to.be.accessible();
  });

  it('bearer fallback when the browser refuses the session cookie: token in memory only', async () => {
    const realFetch = window.fetch;
    window.fetch = (url, init) => realFetch(url, { ...init, credentials: 'omit' }); // as if third-party cookies were blocked
    try {
      const el = await mount('bearer');
      await logIn(el, DEMO);
      expect(session().current.transport).to.equal('bearer');
      expect(CarstrelClient.bearer).to.be.a('string').and.match(/^eyJ/);
      expect(readableJwts(), 'the fallback token is never stored').to.deep.equal([]);
    } finally {
      window.fetch = realFetch;
      CarstrelClient.bearer = undefined;
    }
  });

  it('reload keeps the registration draft (never the password)', async () => {
    const el = await mount('draft');
    el.querySelector<HTMLElement>('[role="tab"]')!.focus();
    await press('ArrowRight');
    await tabAndType(panel(el, 'register'), 'firstName', 'Mae');
    await tabAndType(panel(el, 'register'), 'lastName', 'Jemison');
    await press('Tab');
    await tabAndType(panel(el, 'register'), 'password', 'secret-secret');
    el.remove();
    const again = await mount('draft');
    expect(input(panel(again, 'register'), 'firstName').value).to.equal('Mae');
    expect(input(panel(again, 'register'), 'lastName').value).to.equal('Jemison');
    expect(input(panel(again, 'register'), 'password').value).to.equal('');
  });
});
