/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { CarstrelElement } from './carstrel-element.js';
import { defineElement } from './define.js';
import type { Catalogue } from './i18n.js';

const catalogue: Catalogue<'hello'> = { en: { hello: 'Hello' }, fr: { hello: 'Bonjour' } };

/** The smallest CarStrel element: one message in the language in effect. */
class LangProbe extends CarstrelElement {
  override render() {
    return html`<p>${this.messages(catalogue)('hello')}</p>`;
  }
}
defineElement('x-lang-probe', LangProbe);

const text = (el: LangProbe) => el.shadowRoot?.textContent?.trim();

describe('CarstrelElement: the language in effect', () => {
  it('speaks the language of its lang attribute and follows a change of it', async () => {
    const el = await fixture<LangProbe>(html`<x-lang-probe lang="fr"></x-lang-probe>`);
    expect(text(el)).to.equal('Bonjour');
    el.setAttribute('lang', 'en');
    await el.updateComplete;
    expect(text(el)).to.equal('Hello');
  });

  it('the lang property is the native global attribute: setting it re-renders and is seen by nested content', async () => {
    const el = await fixture<LangProbe>(html`<x-lang-probe></x-lang-probe>`);
    el.lang = 'fr';
    await el.updateComplete;
    expect(el.getAttribute('lang')).to.equal('fr');
    expect(text(el)).to.equal('Bonjour');
  });

  it("without a lang of its own, the closest ancestor's language applies", async () => {
    const wrap = await fixture(html`<div lang="fr"><x-lang-probe></x-lang-probe></div>`);
    const el = wrap.querySelector<LangProbe>('x-lang-probe');
    await el?.updateComplete;
    expect(el && text(el)).to.equal('Bonjour');
  });
});
