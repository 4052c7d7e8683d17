/** carstrel-contact-form: filling the form — autofill, the keyboard journey, validation, the page language, drafts. */
import { expect, fixture, html } from '@open-wc/testing';
import type { CarstrelLeadSubmittedEvent } from '../shared/events.js';
import { apiBase, faults, journal, until } from '../testing/browser.js';
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
  storedDraft,
  tabAndType,
  type,
} from '../testing/forms.js';
import './carstrel-contact-form.js';

describe('carstrel-contact-form: filling in the form', () => {
  freshSandboxEach();

  it('renders a real <form> with labelled inputs of the right name, type and autocomplete (autofill works)', async () => {
    const el = await mountForm('carstrel-contact-form', 'autofill');
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
      expect(i.labels?.[0]?.textContent?.trim(), `${name} has a label`).to.be.a('string').and.not.equal('');
      expect(i.form).to.equal(form);
    }
    const message = input(el, 'message');
    expect(message.tagName).to.equal('TEXTAREA');
    expect(message.labels?.length).to.equal(1);
  });

  it('keyboard-only journey: Tab through, Enter sends, reference shown, focus on the result, accessible in every state', async () => {
    const el = await mountForm('carstrel-contact-form', 'journey');
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

    const records = await recordedFor('contacts', email);
    expect(records).to.have.length(1);
    expect(records[0].message).to.equal('Is the blue one still available?');
    expect(el.querySelector('.reference')?.textContent).to.contain(String(records[0].referenceId));
    expect(submitted).to.have.length(1);
    expect(submitted[0].detail).to.deep.include({
      kind: 'contact',
      reference: records[0].referenceId,
      queued: false,
    });
    expect(storedDraft('carstrel-contact-form', 'journey'), 'draft cleared after success').to.equal(undefined);
  });

  it('validation before submit: messages tied to each field, focus on the first, announced, accessible', async () => {
    const el = await mountForm('carstrel-contact-form', 'validation');
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
    const el = await mountForm('carstrel-contact-form', 'server-400');
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
    const el = await mountForm('carstrel-contact-form', 'reload');
    startButton().focus();
    await tabAndType(el, 'name', 'Grace Hopper');
    await tabAndType(el, 'email', 'grace@example.com');
    el.remove();
    const again = await mountForm('carstrel-contact-form', 'reload');
    expect(input(again, 'name').value).to.equal('Grace Hopper');
    expect(input(again, 'email').value).to.equal('grace@example.com');
  });
});
