/// <reference types="mocha" />
/**
 * The light-DOM forms' styles are constructable stylesheets adopted by the document (or the
 * shadow root holding the form), never `<style>` elements: they apply on pages whose
 * Content-Security-Policy has no `'unsafe-inline'` for styles.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { apiBase } from '../testing/browser.js';
import '../contact-form/carstrel-contact-form.js';

const styleElements = (root: Document | ShadowRoot) => root.querySelectorAll('style').length;

describe('light-DOM form styles', () => {
  it('are adopted into the document once, scoped to the tag, with no <style> element', async () => {
    const before = document.adoptedStyleSheets.length;
    const stylesBefore = styleElements(document);
    await fixture(html`<div>
      <carstrel-contact-form api=${apiBase()}></carstrel-contact-form>
      <carstrel-contact-form api=${apiBase()}></carstrel-contact-form>
    </div>`);
    expect(styleElements(document)).to.equal(stylesBefore);
    const added = document.adoptedStyleSheets.slice(before);
    expect(added).to.have.length(1);
    const rule = added[0].cssRules[0] as CSSStyleRule;
    expect(rule.selectorText).to.equal('carstrel-contact-form');
    const submit = document.querySelector<HTMLElement>('carstrel-contact-form [part~="submit"]')!;
    expect(getComputedStyle(submit).cursor).to.equal('pointer');
  });

  it('a form inside a shadow root gets its styles adopted there', async () => {
    const host = await fixture<HTMLElement>(html`<div></div>`);
    const shadow = host.attachShadow({ mode: 'open' });
    const form = document.createElement('carstrel-contact-form');
    form.setAttribute('api', apiBase());
    shadow.append(form);
    await (form as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(shadow.adoptedStyleSheets).to.have.length(1);
    expect(styleElements(shadow)).to.equal(0);
  });
});
