/**
 * carstrel-login: the customer session across page loads — restored from the proxy's httpOnly
 * cookie (never readable by page JavaScript), checked without upstream calls for anonymous
 * visitors, expired, kept when logout cannot reach the proxy, and the in-memory bearer fallback.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { CarstrelClient } from '../api/client.js';
import { apiBase, faults, resetSandbox, servers, until } from '../testing/browser.js';
import {
  announced,
  DEMO_CUSTOMER,
  forgetPageState,
  logIn,
  logOutQuietly,
  mountLogin,
  press,
  readableJwts,
  submitLogin,
} from '../testing/forms.js';
import './carstrel-login.js';
import { session } from './session.js';

describe('carstrel-login: the session across page loads', () => {
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
      const el = await mountLogin();
      expect(el.querySelector('[role="tablist"]')).not.to.equal(null);
      expect(asked.some((u) => u.endsWith('/session'))).to.equal(true);
      expect(asked.filter((u) => u.includes('/external/auth/me'))).to.deep.equal([]);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('while the session is being checked: a status message, accessible', async () => {
    // Only a page with a session cookie asks upstream who is logged in (GET /session says so
    // first): log in, then come back as a fresh page while upstream is slow.
    await logIn(await mountLogin(), DEMO_CUSTOMER);
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

  it('login survives a reload through the cookie session; page JavaScript cannot read the token', async () => {
    const el = await mountLogin();
    await logIn(el, DEMO_CUSTOMER);
    el.remove();
    forgetPageState();
    const again = await mountLogin();
    expect(again.querySelector('.account'), 'restored from the cookie session').to.not.equal(null);
    expect(again.textContent).to.contain('Jane Doe');
    expect(session().current).to.deep.include({ status: 'authenticated', reason: 'restored', transport: 'cookie' });
    expect(CarstrelClient.bearer).to.equal(undefined);
    expect(readableJwts(), 'no JWT in document.cookie, localStorage or sessionStorage').to.deep.equal([]);
    expect(document.cookie).not.to.contain('carstrel_session');
  });

  it('an expired session goes back to logged out with a message', async () => {
    const el = await mountLogin();
    await logIn(el, DEMO_CUSTOMER);
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
    const el = await mountLogin();
    await logIn(el, DEMO_CUSTOMER);
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

  it('bearer fallback off (the default): a refused session cookie is reported, no token reaches the page', async () => {
    const realFetch = window.fetch;
    window.fetch = (url, init) => realFetch(url, { ...init, credentials: 'omit' }); // as if third-party cookies were blocked
    try {
      const el = await mountLogin('no-bearer');
      await submitLogin(el, DEMO_CUSTOMER);
      await announced(el, /browser blocked this site’s sign-in cookie/);
      expect(el.querySelector('.account'), 'not shown as logged in').to.equal(null);
      expect(CarstrelClient.bearer).to.equal(undefined);
      expect(session().current.status).to.not.equal('authenticated');
      await expect(el).to.be.accessible();
    } finally {
      window.fetch = realFetch;
    }
  });

  it('bearer fallback when the deployment enables it and the browser refuses the session cookie: token in memory only', async () => {
    const realFetch = window.fetch;
    window.fetch = (url, init) => realFetch(url, { ...init, credentials: 'omit' }); // as if third-party cookies were blocked
    try {
      const el = await mountLogin('bearer', { api: servers().bearerProxy });
      await logIn(el, DEMO_CUSTOMER);
      expect(session().current.transport).to.equal('bearer');
      expect(CarstrelClient.bearer).to.be.a('string').and.match(/^eyJ/);
      expect(readableJwts(), 'the fallback token is never stored').to.deep.equal([]);
    } finally {
      window.fetch = realFetch;
      CarstrelClient.bearer = undefined;
    }
  });
});
