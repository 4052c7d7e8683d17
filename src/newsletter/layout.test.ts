/**
 * carstrel-newsletter's layout: the Subscribe button sits beside the email input and stays lined
 * up with it when a field error appears under the input (it once dropped to the error's bottom).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { apiBase, until } from '../testing/browser.js';
import { fill, input } from '../testing/forms.js';
import './carstrel-newsletter.js';
import type { CarstrelNewsletter } from './carstrel-newsletter.js';

function misalignment(el: CarstrelNewsletter): { top: number; bottom: number } {
  const field = input(el, 'email').getBoundingClientRect();
  const button = el.querySelector<HTMLButtonElement>('.submit')!.getBoundingClientRect();
  return { top: Math.abs(button.top - field.top), bottom: Math.abs(button.bottom - field.bottom) };
}

describe('carstrel-newsletter: layout', () => {
  beforeEach(() => sessionStorage.clear());

  it('the Subscribe button lines up with the email input, with and without a field error', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<x-column style="display: block; width: 390px"
        ><carstrel-newsletter api=${apiBase()} storage-key="qa-align"></carstrel-newsletter
      ></x-column>`,
    );
    const el = wrap.querySelector<CarstrelNewsletter>('carstrel-newsletter')!;
    await el.updateComplete;
    const before = misalignment(el);
    expect(before.top, 'top, no error').to.be.below(2);
    expect(before.bottom, 'bottom, no error').to.be.below(2);

    fill(el, 'email', 'not-an-email');
    el.querySelector<HTMLButtonElement>('.submit')!.click();
    await until(() => el.querySelector('.error'), 3000, 'the field error');
    await el.updateComplete;
    const after = misalignment(el);
    expect(after.top, 'top, with error').to.be.below(2);
    expect(after.bottom, 'bottom, with error').to.be.below(2);
    await expect(el).to.be.accessible();
  });
});
