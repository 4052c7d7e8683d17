/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Brand, ListEnvelope } from '../api/types.js';
import { apiBase, until, $, $$ } from '../testing/browser.js';
import { api } from '../testing/listing.js';
import '../inventory/carstrel-inventory.js';
import '../brands/carstrel-brands.js';
import './carstrel-builder.js';
import type { CarstrelBuilder } from './carstrel-builder.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;
const PAGE_QUERY = new URL(PAGE_URL).search;

/** Opens the builder as `/builder?<query>` would: the query is the state. */
async function openBuilder(query = ''): Promise<CarstrelBuilder> {
  history.replaceState(null, '', `${location.pathname}${query || PAGE_QUERY}`);
  const el = await fixture<CarstrelBuilder>(html`<carstrel-builder api=${apiBase()}></carstrel-builder>`);
  await until(() => !el.shadowRoot!.textContent.includes("Loading the dealer's data"), 8000, "the dealer's data");
  await el.updateComplete;
  return el;
}

const field = <T extends HTMLElement = HTMLInputElement>(el: CarstrelBuilder, name: string) =>
  $<T>(el, `#attr-${name}`)!;
const snippet = (el: CarstrelBuilder) => $<HTMLTextAreaElement>(el, '#snippet')!.value;
const status = (el: CarstrelBuilder) => $(el, '[role="status"]')!.textContent.trim();
const copyButton = (el: CarstrelBuilder) =>
  $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent.trim() === 'Copy')!;
const preview = (el: CarstrelBuilder) => el.querySelector<HTMLElement>('[slot="preview"] > *');

/** Types into a field as an editor does (focus, select all, type). */
async function typeInto(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  input.select();
  await sendKeys({ press: 'Backspace' });
  if (text) await sendKeys({ type: text });
}

/** Records what the page copies (the clipboard itself needs a user gesture and permissions). */
function spyClipboard(): { copied: string[]; restore(): void } {
  const copied: string[] = [];
  const own = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: (text: string) => (copied.push(text), Promise.resolve()) },
  });
  return {
    copied,
    restore: () =>
      own
        ? Object.defineProperty(navigator, 'clipboard', own)
        : delete (navigator as { clipboard?: unknown }).clipboard,
  };
}

describe('carstrel-builder', () => {
  let clip: ReturnType<typeof spyClipboard>;
  beforeEach(() => (clip = spyClipboard()));
  afterEach(() => {
    clip.restore();
    history.replaceState(null, '', PAGE_URL);
  });

  it('an editor picks, sets, sees the preview change, copies; the URL holds the setup', async () => {
    const el = await openBuilder();
    const picker = $<HTMLSelectElement>(el, '#element')!;
    picker.value = 'carstrel-brands';
    picker.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(snippet(el)).to.contain('<carstrel-brands></carstrel-brands>');
    await until(() => preview(el)?.localName === 'carstrel-brands', 3000, 'the brands preview');

    picker.value = 'carstrel-inventory';
    picker.dispatchEvent(new Event('change'));
    await el.updateComplete;
    await typeInto(field(el, 'brand'), 'toyota');
    await typeInto(field(el, 'page-size'), '6');
    await el.updateComplete;
    const render = `${apiBase()}/render/carstrel-inventory?brand=toyota&amp;page-size=6&amp;lang=en`;
    const expected = [
      `<link rel="preload" as="fetch" crossorigin href="${render}" media="(min-width: 600px)">`,
      `<link rel="preload" as="fetch" crossorigin href="${render}&amp;layout=compact&amp;columns=1" media="(max-width: 599.98px)">`,
      `<script src="${apiBase()}/carstrel.js"></script>`,
      '<carstrel-inventory brand="toyota" page-size="6"></carstrel-inventory>',
    ].join('\n');
    expect(snippet(el)).to.equal(expected);
    expect(location.search).to.equal('?element=carstrel-inventory&brand=toyota&page-size=6');

    // The preview is the real element with the same attributes, showing Toyotas only.
    const inv = (await until(
      () =>
        preview(el)?.getAttribute('brand') === 'toyota' && preview(el)?.getAttribute('page-size') === '6'
          ? preview(el)
          : null,
      3000,
      'the preview to follow',
    ))!;
    expect(inv.localName).to.equal('carstrel-inventory');
    expect(inv.getAttribute('page-size')).to.equal('6');
    const names = (await until(
      () => {
        const cards = [...(inv.shadowRoot?.querySelectorAll('[part~="card-link"]') ?? [])];
        return cards.length ? cards.map((c) => c.textContent.trim()) : null;
      },
      8000,
      'the preview cards',
    ))!;
    expect(names.length).to.be.within(1, 6);
    for (const n of names) expect(n).to.contain('Toyota');

    copyButton(el).click();
    await until(() => status(el) === 'Copied', 2000, '"Copied"');
    expect(clip.copied).to.deep.equal([expected]);
    await expect(el).to.be.accessible();
  });

  it('reopens a shared URL: the element, its values, the snippet', async () => {
    const el = await openBuilder('?element=carstrel-inventory&brand=toyota&page-size=6');
    expect($<HTMLSelectElement>(el, '#element')!.value).to.equal('carstrel-inventory');
    expect(field(el, 'brand').value).to.equal('toyota');
    expect(field(el, 'page-size').value).to.equal('6');
    expect(snippet(el)).to.contain('<carstrel-inventory brand="toyota" page-size="6"></carstrel-inventory>');
    expect($(el, 'pre code')!.textContent).to.equal('[carstrel_inventory brand="toyota" page_size="6"]');
  });

  it("a French page: the editor picks the page's language, the preloads ask for the French render, the URL keeps it", async () => {
    const el = await openBuilder('?element=carstrel-inventory&page-size=6');
    const lang = $<HTMLSelectElement>(el, '#page-lang')!;
    expect(lang.value).to.equal('en');
    expect(lang.labels[0].textContent).to.contain('language');
    lang.focus();
    lang.value = 'fr';
    lang.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const preloads = snippet(el)
      .split('\n')
      .filter((line) => line.startsWith('<link rel="preload"'));
    expect(preloads).to.have.length(2);
    for (const line of preloads) expect(line).to.contain('&amp;lang=fr');
    expect(snippet(el)).to.contain('<carstrel-inventory page-size="6"></carstrel-inventory>'); // the page gives the language
    expect(location.search).to.equal('?element=carstrel-inventory&page-size=6&lang=fr');
    await expect(el).to.be.accessible();

    // Kept when another widget is picked; reopened from the URL; no field where nothing is preloaded.
    const picker = $<HTMLSelectElement>(el, '#element')!;
    picker.value = 'carstrel-brands';
    picker.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(snippet(el)).to.contain('/render/carstrel-brands?lang=fr');
    const again = await openBuilder('?element=carstrel-brands&lang=fr');
    expect($<HTMLSelectElement>(again, '#page-lang')!.value).to.equal('fr');
    const vehicle = await openBuilder('?element=carstrel-vehicle&lang=fr');
    expect($(vehicle, '#page-lang')).to.equal(null);
    expect(snippet(vehicle)).to.not.contain('preload');
  });

  it('a typo in a brand slug: named, called unknown, the closest offered, nothing copied', async () => {
    const el = await openBuilder('?element=carstrel-inventory&brand=toyta');
    const error = $(el, '#err-brand')!;
    expect(error.textContent).to.contain('“toyta”');
    expect(error.textContent).to.match(/unknown/i);
    expect(error.textContent).to.contain('toyota');
    expect(field(el, 'brand').getAttribute('aria-invalid')).to.equal('true');
    expect(field(el, 'brand').getAttribute('aria-describedby')).to.contain('err-brand');
    await expect(el).to.be.accessible();

    copyButton(el).click();
    await until(() => status(el).startsWith('Not copied'), 2000, 'the refusal');
    expect(clip.copied).to.deep.equal([]);
    expect(el.shadowRoot!.activeElement).to.equal(field(el, 'brand'));

    await typeInto(field(el, 'brand'), 'toyota');
    await el.updateComplete;
    expect($(el, '#err-brand')).to.equal(null);
  });

  it('models follow the brand; other unknown values (body type, listing type, numbers) are explained', async () => {
    const toyota = (await api<ListEnvelope<Brand>>('/external/brands?limit=100')).data.find(
      (b) => b.slug === 'toyota',
    )!;
    const el = await openBuilder(
      '?element=carstrel-inventory&brand=toyota&model=corola&body-type=sedn&listing-type=lease&page-size=six',
    );
    const models = $$<HTMLOptionElement>(el, '#list-model option').map((o) => o.value);
    expect(models).to.have.members((toyota.models ?? []).map((m) => m.slug));
    expect($(el, '#err-model')!.textContent).to.contain('“corola”');
    expect($(el, '#err-body-type')!.textContent).to.contain('sedan');
    expect($(el, '#err-listing-type')!.textContent).to.contain('“lease”');
    expect($(el, '#err-page-size')!.textContent).to.contain('not a number');
    // The preview leaves the values to fix out (a bad page-size would break the real element).
    const inv = (await until(() => (preview(el)?.hasAttribute('model') ? null : preview(el)), 3000, 'the preview'))!;
    expect(inv.getAttribute('brand')).to.equal('toyota');
    for (const bad of ['model', 'body-type', 'listing-type', 'page-size'])
      expect(inv.hasAttribute(bad), bad).to.equal(false);
  });

  it('vehicle-id is fed by the dealer vehicles', async () => {
    const el = await openBuilder('?element=carstrel-test-drive-form');
    const vehicles = $$<HTMLOptionElement>(el, '#list-vehicle-id option');
    expect(vehicles.length).to.be.greaterThan(10);
    expect(vehicles[0].textContent).to.match(/\d{4} /);
  });

  it('keyboard only: Tab to a field, type, Tab to Copy, Enter copies', async () => {
    const el = await openBuilder('?element=carstrel-brands');
    $<HTMLSelectElement>(el, '#element')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.id).to.equal('attr-group');
    const group = field<HTMLSelectElement>(el, 'group');
    await sendKeys({ press: 'ArrowDown' });
    // Some engines open the list on ArrowDown; set the choice the way the list would, then go on by keyboard.
    if (group.value === '') {
      group.value = 'body-type';
      group.dispatchEvent(new Event('change'));
    }
    await el.updateComplete;
    expect(snippet(el)).to.match(/<carstrel-brands group="[a-z-]+"><\/carstrel-brands>/);
    copyButton(el).focus();
    await sendKeys({ press: 'Enter' });
    await until(() => status(el) === 'Copied', 2000, '"Copied"');
    expect(clip.copied.length).to.equal(1);
  });

  it('says "Test mode" when the proxy forwards with a test key (the sandbox here), never the key', async () => {
    const el = await openBuilder();
    const marker = (await until(() => $(el, 'carstrel-test-mode'), 3000, 'the marker'))!;
    expect(marker.shadowRoot!.textContent).to.contain('Test mode');
    expect(el.shadowRoot!.innerHTML).not.to.contain('sk_test');
  });
});
