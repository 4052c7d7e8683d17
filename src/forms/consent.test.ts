/**
 * Consent on every form (contact, test drive, newsletter, login's register tab, trade-in): with
 * `consent-text` an unticked, required checkbox; without consent nothing is sent (the error says
 * so and takes focus); ticked, the lead goes once. And `data-layer` pushes that wait for the
 * page's consent signal when the dealer sets `consent="required"`.
 */
import { expect } from '@open-wc/testing';
import '../contact-form/carstrel-contact-form.js';
import '../login/carstrel-login.js';
import '../newsletter/carstrel-newsletter.js';
import '../test-drive-form/carstrel-test-drive-form.js';
import '../trade-in/carstrel-trade-in.js';
import { resetSandbox, until } from '../testing/browser.js';
import {
  announced,
  fill,
  focused,
  forVehicle,
  freshEmail,
  logOutQuietly,
  mountForm,
  press,
  recordedFor,
  someVehicles,
  tabPanel,
} from '../testing/forms.js';
import { fillTradeIn } from '../testing/trade-in.js';

const CONSENT_TEXT = 'I agree that Savanna Motors contacts me about this request.';
const PRIVACY = 'https://savanna.example/privacy';

type Recorded = 'contacts' | 'testDrives' | 'newsletter' | 'customers';

interface FormCase {
  tag:
    | 'carstrel-contact-form'
    | 'carstrel-test-drive-form'
    | 'carstrel-newsletter'
    | 'carstrel-login'
    | 'carstrel-trade-in';
  /** Where the lead is recorded in the sandbox journal. */
  recorded: Recorded;
  attributes?: () => Record<string, string> | Promise<Record<string, string>>;
  /** The form the shopper fills (login: its register tab). */
  root?: (el: Element) => Element;
  fill(root: Element, email: string): void | Promise<void>;
}

const CASES: FormCase[] = [
  {
    tag: 'carstrel-contact-form',
    recorded: 'contacts',
    fill: (root, email) => {
      fill(root, 'name', 'Ada');
      fill(root, 'email', email);
      fill(root, 'message', 'Hello');
    },
  },
  {
    tag: 'carstrel-test-drive-form',
    recorded: 'testDrives',
    attributes: async () => forVehicle((await someVehicles(1))[0]),
    fill: (root, email) => {
      fill(root, 'name', 'Ada');
      fill(root, 'email', email);
    },
  },
  {
    tag: 'carstrel-newsletter',
    recorded: 'newsletter',
    fill: (root, email) => fill(root, 'email', email),
  },
  {
    tag: 'carstrel-login',
    recorded: 'customers',
    attributes: () => ({ tab: 'register' }),
    root: (el) => tabPanel(el, 'register'),
    fill: (root, email) => {
      fill(root, 'firstName', 'Ada');
      fill(root, 'lastName', 'Byron');
      fill(root, 'email', email);
      fill(root, 'password', 'consent-password-1');
    },
  },
  {
    tag: 'carstrel-trade-in',
    recorded: 'contacts',
    fill: (root, email) => fillTradeIn(root, { name: 'Ada', email }),
  },
];

async function mount(c: FormCase, key: string, attributes: Record<string, string>): Promise<Element> {
  const el = await mountForm(c.tag, key, { ...(await c.attributes?.()), ...attributes });
  if (c.tag === 'carstrel-login') await until(() => el.querySelector('[role="tablist"]'), 5000, 'the login tabs');
  return c.root?.(el) ?? el;
}

async function send(root: Element): Promise<void> {
  root.querySelector<HTMLButtonElement>('button[type=submit]')?.focus();
  await press('Enter');
}

describe('consent on every form', () => {
  beforeEach(async () => {
    sessionStorage.clear();
    await resetSandbox();
    await logOutQuietly();
  });

  for (const c of CASES) {
    it(`${c.tag}: no consent-text, no checkbox`, async () => {
      const root = await mount(c, 'none', {});
      expect(root.querySelector('[name="consent"]')).to.equal(null);
    });

    it(`${c.tag}: unticked and required; without it nothing is sent (the error says so, focus on it); ticked, sent once`, async () => {
      const root = await mount(c, 'consent', { 'consent-text': CONSENT_TEXT, 'privacy-href': PRIVACY });
      const box = root.querySelector<HTMLInputElement>('input[type="checkbox"][name="consent"]');
      expect(box, 'the consent checkbox').to.not.equal(null);
      expect(box?.checked, 'unticked').to.equal(false);
      expect(box?.required, 'required').to.equal(true);
      expect(box?.labels?.[0]?.textContent?.trim()).to.equal(CONSENT_TEXT);
      expect(root.querySelector<HTMLAnchorElement>('[part~="privacy"]')?.href).to.equal(PRIVACY);
      const email = freshEmail('consent');
      await c.fill(root, email);

      await send(root);
      await announced(root, /need attention: Consent/);
      expect(focused(), 'focus on the checkbox').to.equal(box);
      expect(root.querySelector('[data-field="consent"] .error')?.textContent).to.match(
        /Without your consent nothing is sent/,
      );
      expect(box?.getAttribute('aria-invalid')).to.equal('true');
      await expect(root).to.be.accessible();
      await new Promise((r) => setTimeout(r, 300));
      expect(await recordedFor(c.recorded, email), 'nothing sent without consent').to.have.length(0);

      await press('Space');
      expect(box?.checked).to.equal(true);
      await until(() => !root.querySelector('[data-field="consent"] .error'), 2000, 'the error to clear');
      await send(root);
      await until(async () => (await recordedFor(c.recorded, email)).length > 0, 8000, 'the lead');
      expect(await recordedFor(c.recorded, email)).to.have.length(1);
    });
  }

  it('the privacy link is shown only for an http(s) address', async () => {
    const root = await mount(CASES[0], 'js-link', {
      'consent-text': CONSENT_TEXT,
      'privacy-href': 'javascript:alert(1)',
    });
    expect(root.querySelector('[name="consent"]')).to.not.equal(null);
    expect(root.querySelector('[part~="privacy"]')).to.equal(null);
  });

  it('consent is asked again after a reload: a ticked box is not kept in the draft', async () => {
    const root = await mount(CASES[0], 'reload', { 'consent-text': CONSENT_TEXT });
    fill(root, 'name', 'Ada');
    root.querySelector<HTMLInputElement>('[name="consent"]')?.click();
    root.remove();
    const again = await mount(CASES[0], 'reload', { 'consent-text': CONSENT_TEXT });
    expect(again.querySelector<HTMLInputElement>('[name="name"]')?.value).to.equal('Ada');
    expect(again.querySelector<HTMLInputElement>('[name="consent"]')?.checked).to.equal(false);
  });
});

describe('data-layer analytics wait for the page’s consent when consent="required"', () => {
  const leadEvents = () =>
    (window.dataLayer ?? []).filter(
      (e): e is Record<string, unknown> =>
        typeof e === 'object' && e !== null && 'event' in e && e.event === 'carstrel-lead-submitted',
    );

  beforeEach(async () => {
    sessionStorage.clear();
    await resetSandbox();
    window.dataLayer = [];
    delete window.carstrelConsent;
  });
  afterEach(() => {
    window.dispatchEvent(new CustomEvent('carstrel-consent', { detail: { analytics: false } }));
    delete window.carstrelConsent;
  });

  async function sendContact(attributes: Record<string, string>): Promise<void> {
    const el = await mountForm('carstrel-contact-form', `dl-${Math.random()}`, attributes);
    await CASES[0].fill(el, freshEmail('datalayer'));
    await send(el);
    await until(() => el.querySelector('.result'), 8000, 'the confirmation');
  }

  it('nothing is pushed before the carstrel-consent signal; then what waited is pushed, in order', async () => {
    await sendContact({ 'data-layer': '', consent: 'required' });
    await sendContact({ 'data-layer': '', consent: 'required' });
    expect(leadEvents(), 'nothing before consent').to.have.length(0);
    window.dispatchEvent(new CustomEvent('carstrel-consent', { detail: { analytics: true } }));
    expect(leadEvents().map((e) => e.kind)).to.deep.equal(['contact', 'contact']);
    await sendContact({ 'data-layer': '', consent: 'required' });
    expect(leadEvents(), 'after consent, pushed at once').to.have.length(3);
  });

  it('refused consent drops what waited; window.carstrelConsent = true set by the page lets pushes through', async () => {
    await sendContact({ 'data-layer': '', consent: 'required' });
    window.dispatchEvent(new CustomEvent('carstrel-consent', { detail: { analytics: false } }));
    window.carstrelConsent = true;
    await sendContact({ 'data-layer': '', consent: 'required' });
    expect(leadEvents(), 'only the one sent after consent').to.have.length(1);
  });

  it('without consent="required", pushes go at once (the default)', async () => {
    await sendContact({ 'data-layer': '' });
    expect(leadEvents()).to.have.length(1);
  });
});
