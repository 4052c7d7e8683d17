/** carstrel-login: registration — a lead recorded once, the password never kept, a taken email. */
import { expect } from '@open-wc/testing';
import { resetSandbox, until } from '../testing/browser.js';
import {
  DEMO_CUSTOMER,
  focused,
  freshEmail,
  input,
  logOutQuietly,
  mountLogin,
  press,
  recordedFor,
  tabAndType,
  tabPanel,
} from '../testing/forms.js';
import './carstrel-login.js';

describe('carstrel-login: registration', () => {
  beforeEach(async () => {
    sessionStorage.clear();
    await resetSandbox();
    await logOutQuietly();
  });

  it('register (keyboard only): account created, recorded once, welcomed; the password is never stored', async () => {
    const el = await mountLogin('register');
    const email = freshEmail('register');
    const password = 'a-long-secret-9731';
    el.querySelector<HTMLElement>('[role="tab"]')!.focus();
    await press('ArrowRight');
    await tabAndType(tabPanel(el, 'register'), 'firstName', 'Dorothy');
    await tabAndType(tabPanel(el, 'register'), 'lastName', 'Vaughan');
    await tabAndType(tabPanel(el, 'register'), 'email', email);
    await tabAndType(tabPanel(el, 'register'), 'password', password);
    await tabAndType(tabPanel(el, 'register'), 'phone', '+1 555 0199');
    const stored = JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage });
    expect(stored).to.contain('Dorothy');
    expect(stored, 'the password is not in the draft').not.to.contain(password);
    await press('Enter');
    await until(() => el.querySelector('.account'), 8000, 'the logged-in view');
    expect(el.querySelector('.account .notice')?.textContent).to.match(/Your account is ready/);
    await expect(el).to.be.accessible();
    const customers = await recordedFor('customers', email);
    expect(customers).to.have.length(1);
    expect(customers[0]).to.deep.include({ firstName: 'Dorothy', lastName: 'Vaughan' });
    expect(JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })).not.to.contain(password);
  });

  it('everything from the API is rendered as text: markup in a customer name stays text', async () => {
    const el = await mountLogin('markup');
    el.querySelector<HTMLElement>('[role="tab"]')!.focus();
    await press('ArrowRight');
    await tabAndType(tabPanel(el, 'register'), 'firstName', '<img src=x onerror=alert(1)>');
    await tabAndType(tabPanel(el, 'register'), 'lastName', '<b>Bold</b>');
    await tabAndType(tabPanel(el, 'register'), 'email', freshEmail('markup'));
    await tabAndType(tabPanel(el, 'register'), 'password', 'markup-password-1');
    await press('Enter');
    await until(() => el.querySelector('.account'), 8000, 'the logged-in view');
    const heading = el.querySelector('.account h2')!;
    expect(heading.textContent).to.contain('<img src=x onerror=alert(1)> <b>Bold</b>');
    expect(el.querySelector('.account img, .account b')).to.equal(null);
  });

  it('email already registered: said on the email field, with a way to log in instead', async () => {
    const el = await mountLogin('taken');
    el.querySelector<HTMLElement>('[role="tab"]')!.focus();
    await press('ArrowRight');
    await tabAndType(tabPanel(el, 'register'), 'firstName', 'Jane');
    await tabAndType(tabPanel(el, 'register'), 'lastName', 'Doe');
    await tabAndType(tabPanel(el, 'register'), 'email', DEMO_CUSTOMER.email);
    await tabAndType(tabPanel(el, 'register'), 'password', 'whatever-123');
    await press('Enter');
    const email = input(tabPanel(el, 'register'), 'email');
    await until(() => email.getAttribute('aria-invalid') === 'true', 8000, 'the email error');
    expect(el.querySelector(`#${email.id}-error`)?.textContent).to.match(/already (registered|exists)/);
    await expect(el).to.be.accessible();
    const instead = el.querySelector<HTMLButtonElement>('.link')!;
    expect(instead.textContent).to.match(/Log in with this email instead/);
    instead.focus();
    await press('Enter');
    await until(() => focused() === input(tabPanel(el, 'login'), 'password'), 3000, 'focus on the login password');
    expect(input(tabPanel(el, 'login'), 'email').value).to.equal(DEMO_CUSTOMER.email);
  });

  it('reload keeps the registration draft (never the password)', async () => {
    const el = await mountLogin('draft');
    el.querySelector<HTMLElement>('[role="tab"]')!.focus();
    await press('ArrowRight');
    await tabAndType(tabPanel(el, 'register'), 'firstName', 'Mae');
    await tabAndType(tabPanel(el, 'register'), 'lastName', 'Jemison');
    await press('Tab');
    await tabAndType(tabPanel(el, 'register'), 'password', 'secret-secret');
    el.remove();
    const again = await mountLogin('draft');
    expect(input(tabPanel(again, 'register'), 'firstName').value).to.equal('Mae');
    expect(input(tabPanel(again, 'register'), 'lastName').value).to.equal('Jemison');
    expect(input(tabPanel(again, 'register'), 'password').value).to.equal('');
  });
});
