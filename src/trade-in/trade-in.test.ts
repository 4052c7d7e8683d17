/**
 * carstrel-trade-in: the shopper's car and details — the controls, the keyboard journey, models
 * that follow the brand, validation, the draft and the page language.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CarstrelLeadSubmittedEvent } from '../shared/events.js';
import { apiBase, journal, resetSandbox, until } from '../testing/browser.js';
import {
  announced,
  fill,
  focused,
  freshEmail,
  input,
  mountForm,
  press,
  pressSubmit,
  recordedFor,
  startButton,
  storedDraft,
  tabAndType,
  type,
} from '../testing/forms.js';
import { brandNamed, choiceLabels, choicesLoaded, pick, select, typeChoice } from '../testing/trade-in.js';
import './carstrel-trade-in.js';

/** The control a visible label names (`<label for>`), or undefined. */
function labelled(root: Element, text: RegExp): HTMLElement | undefined {
  const label = [...root.querySelectorAll('label')].find((l) => text.test(l.textContent ?? ''));
  return label?.control ?? undefined;
}

describe('carstrel-trade-in: the shopper’s car and details', () => {
  beforeEach(async () => {
    sessionStorage.clear();
    await resetSandbox();
  });

  it('brand and model are <select>s; year, mileage, name (one field) and email labelled; generation and trim optional; "Send"', async () => {
    const el = await mountForm('carstrel-trade-in', 'controls');
    await choicesLoaded(el, 'brand');
    expect(el.shadowRoot, 'light DOM like the other forms').to.equal(null);
    expect(labelled(el, /^Brand/)?.tagName).to.equal('SELECT');
    expect(labelled(el, /^Model/)?.tagName).to.equal('SELECT');
    for (const [label, name] of [
      [/^Generation/, 'generation'],
      [/^Trim/, 'trim'],
    ] as const) {
      const control = labelled(el, label);
      expect(control?.getAttribute('name'), name).to.equal(name);
      expect(control?.hasAttribute('required'), `${name} is optional`).to.equal(false);
      expect(control?.closest('.field')?.textContent).to.contain('(optional)');
    }
    expect(labelled(el, /^Year/)?.getAttribute('name')).to.equal('year');
    expect(labelled(el, /^Mileage/)?.getAttribute('name')).to.equal('mileage');
    expect(labelled(el, /^Name/)?.getAttribute('autocomplete')).to.equal('name');
    expect(el.querySelectorAll('[autocomplete="given-name"], [autocomplete="family-name"]')).to.have.length(0);
    expect(labelled(el, /^Email/)?.getAttribute('type')).to.equal('email');
    expect(labelled(el, /^Phone/)?.getAttribute('type')).to.equal('tel');
    expect(el.querySelector('button[type=submit]')?.textContent?.trim()).to.equal('Send');
    expect(el.querySelector('[role="status"]'), 'one live region').to.not.equal(null);
    expect(select(el, 'model').disabled, 'no model before a brand').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('keyboard-only journey: brand → model → generation → trim → the rest, Enter sends one contact lead that names the car', async () => {
    const el = await mountForm('carstrel-trade-in', 'journey');
    const email = freshEmail('tradein');
    const submitted: CarstrelLeadSubmittedEvent[] = [];
    el.addEventListener('carstrel-lead-submitted', (e) => submitted.push(e));
    await choicesLoaded(el, 'brand');
    await expect(el).to.be.accessible();

    startButton().focus();
    await press('Tab');
    await typeChoice(el, 'brand', 'Toyota');
    await choicesLoaded(el, 'model');
    await press('Tab');
    await typeChoice(el, 'model', 'Corolla');
    await choicesLoaded(el, 'generation');
    await press('Tab');
    expect(focused()).to.equal(select(el, 'generation'));
    await press('ArrowDown');
    const generation = select(el, 'generation').selectedOptions[0]?.textContent?.trim() ?? '';
    expect(generation).to.match(/\(\d{4}–/);
    await press('Tab');
    await typeChoice(el, 'trim', 'XLE');
    await tabAndType(el, 'year', '2019');
    await tabAndType(el, 'mileage', '45,000');
    await press('Tab');
    await typeChoice(el, 'condition', 'Good');
    await tabAndType(el, 'name', 'Grace Hopper');
    await tabAndType(el, 'email', email);
    await tabAndType(el, 'phone', '+1 555 0100');
    await press('Tab');
    expect(focused()?.textContent?.trim()).to.equal('Send');
    await press('Enter');

    await until(() => el.querySelector('.result'), 8000, 'the confirmation');
    expect(focused()?.textContent).to.match(/Trade-in request sent/);
    expect(el.querySelector('.result')?.textContent).to.contain('2019 Toyota Corolla');
    await announced(el, /Sent/);
    await expect(el).to.be.accessible();
    expect(submitted.map((e) => [e.detail.kind, e.detail.queued])).to.deep.equal([['trade-in', false]]);

    const [lead, ...more] = await recordedFor('contacts', email);
    expect(more, 'recorded exactly once').to.have.length(0);
    expect(lead?.name).to.equal('Grace Hopper');
    expect(lead?.subject).to.equal('Trade-in');
    expect(submitted[0]?.detail.reference).to.equal(lead?.referenceId);
    const message = String(lead?.message);
    for (const part of ['Toyota', 'Corolla', generation, 'XLE', '2019', '45000 km', 'Good', '+1 555 0100'])
      expect(message, `the message names ${part}`).to.contain(part);
    expect(storedDraft('carstrel-trade-in', 'journey'), 'the draft is gone once sent').to.equal(undefined);
  });

  it('models follow the brand: another brand empties the model, generation and trim and lists its own models', async () => {
    const toyota = await brandNamed('Toyota');
    const bmw = await brandNamed('BMW');
    const requests: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (url, init) => {
      requests.push(new URL(String(url)).pathname);
      return realFetch(url, init);
    };
    try {
      const el = await mountForm('carstrel-trade-in', 'follow');
      await pick(el, 'brand', 'Toyota');
      await choicesLoaded(el, 'model');
      expect(choiceLabels(el, 'model')).to.deep.equal(toyota.models.map((m) => m.name).sort());
      await pick(el, 'model', 'Corolla');
      await pick(el, 'generation', '');
      await pick(el, 'trim', '');

      select(el, 'brand').focus();
      await type('BMW');
      await until(() => choiceLabels(el, 'model').includes(bmw.models[0]?.name ?? '?'), 5000, 'BMW models');
      expect(choiceLabels(el, 'model')).to.deep.equal(bmw.models.map((m) => m.name).sort());
      for (const name of ['model', 'generation', 'trim']) expect(select(el, name).value, name).to.equal('');
      expect(select(el, 'generation').disabled, 'no generation before a model').to.equal(true);
      // (Toyota's models may come from the page's cache: an earlier test chose Toyota; none chose BMW.)
      expect(requests).to.include(`/external/brands/${bmw.brand.id}/models`);
      await expect(el).to.be.accessible();
    } finally {
      window.fetch = realFetch;
    }
  });

  it('invalid: Send with nothing chosen shows each problem, announces them and focuses Brand; fixed fields clear', async () => {
    const el = await mountForm('carstrel-trade-in', 'invalid');
    await choicesLoaded(el, 'brand');
    await pressSubmit(el);
    await announced(el, /6 field\(s\) need attention: Brand, Model, Year, Mileage \(km\), Name, Email/);
    expect(focused()).to.equal(select(el, 'brand'));
    expect(select(el, 'brand').getAttribute('aria-invalid')).to.equal('true');
    expect(select(el, 'brand').validity.valid).to.equal(false);
    await expect(el).to.be.accessible();

    fill(el, 'year', '1850');
    fill(el, 'mileage', 'lots');
    await pressSubmit(el);
    await until(() => el.querySelector('[data-field="year"] .error')?.textContent?.includes('1900'));
    expect(el.querySelector('[data-field="mileage"] .error')?.textContent).to.match(/whole number from 0/);
    fill(el, 'mileage', '120 000');
    await until(() => !el.querySelector('[data-field="mileage"] .error'), 2000, 'the mileage error to clear');
    expect((await journal()).contacts, 'nothing sent').to.have.length(0);
  });

  it('the draft is kept: after a reload the car and the details are back, the selects showing them', async () => {
    const el = await mountForm('carstrel-trade-in', 'draft');
    await pick(el, 'brand', 'Toyota');
    await pick(el, 'model', 'Corolla');
    fill(el, 'mileage', '88000');
    fill(el, 'name', 'Ada');
    el.remove();

    const again = await mountForm('carstrel-trade-in', 'draft');
    await until(() => select(again, 'model').selectedOptions[0]?.textContent === 'Corolla', 5000, 'the model restored');
    expect(select(again, 'brand').selectedOptions[0]?.textContent).to.equal('Toyota');
    expect(input(again, 'mileage').value).to.equal('88000');
    expect(input(again, 'name').value).to.equal('Ada');
  });

  it('speaks French with lang="fr", miles with mileage-unit="mi", and keeps what the dealer put inside above the form', async () => {
    const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(
      html`<carstrel-trade-in api=${apiBase()} lang="fr" mileage-unit="mi" storage-key="fr"
        ><p class="intro">Reprise au meilleur prix</p></carstrel-trade-in
      >`,
    );
    await choicesLoaded(el, 'brand');
    expect(labelled(el, /^Marque/)?.tagName).to.equal('SELECT');
    expect(labelled(el, /^Kilométrage \(mi\)/)?.getAttribute('name')).to.equal('mileage');
    expect(el.querySelector('button[type=submit]')?.textContent?.trim()).to.equal('Envoyer');
    expect(el.firstElementChild?.textContent).to.equal('Reprise au meilleur prix');
    await expect(el).to.be.accessible();
  });
});
