/**
 * carstrel-login on a dealer page: the element renders in light DOM, so the page's own rules reach
 * its internals — a theme's `section { margin-block: 2rem }` (the demo theme has it; many
 * WordPress themes too) once pushed the tabs far below the dealer's heading.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { apiBase, until } from '../testing/browser.js';
import './carstrel-login.js';
import type { CarstrelLogin } from './carstrel-login.js';

describe('carstrel-login: layout on a dealer page', () => {
  let theme: HTMLStyleElement | undefined;
  afterEach(() => theme?.remove());

  it("a theme's section margins and padding do not reach inside the element (tabs sit under the dealer's heading)", async () => {
    theme = document.createElement('style');
    theme.textContent = 'section { margin-block: 2rem; padding: 1.5rem; border: 4px solid red; }';
    document.head.append(theme);
    const el = await fixture<CarstrelLogin>(
      html`<carstrel-login api=${apiBase()} storage-key="qa-theme"></carstrel-login>`,
    );
    // Logged out (tabs) or logged in (account), depending on the shared cookie jar: both are sections.
    const inner = (await until(
      () => el.querySelector<HTMLElement>(':scope > section'),
      5000,
      'the login or account view',
    ))!;
    const style = getComputedStyle(inner);
    expect([style.marginTop, style.marginBottom, style.paddingTop, style.borderTopWidth]).to.deep.equal([
      '0px',
      '0px',
      '0px',
      '0px',
    ]);
    expect(Math.abs(inner.getBoundingClientRect().top - el.getBoundingClientRect().top)).to.be.below(1);
    await expect(el).to.be.accessible();
  });
});
