/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import '../blog/carstrel-blog.js';
import '../brands/carstrel-brands.js';
import '../favorites/carstrel-favorites.js';
import { favoritesStore } from '../favorites/store.js';
import '../payment-calculator/carstrel-payment-calculator.js';
import { apiBase, resetSandbox, until } from '../testing/browser.js';

/** The kind of theme WordPress and Wix pages ship (as in hostile-theme.test.ts and demo/hostile-theme.html). */
const HOSTILE = `
  * { margin: 0 !important; padding: 0 !important; box-sizing: content-box !important; line-height: 3 !important; letter-spacing: 0.2em !important; }
  html, body { text-transform: uppercase !important; }
  img { width: 20px !important; height: 900px !important; max-width: none !important; border: 8px dashed lime !important; display: inline !important; float: right !important; }
  button { all: unset; background: red !important; color: yellow !important; font-size: 40px !important; padding: 30px !important; }
  a { color: lime !important; text-decoration: line-through !important; display: block !important; }
  table, td, th { border: 5px solid lime !important; display: block !important; }
  input, select { width: 10px !important; font-size: 60px !important; }
  h1, h2, h3, h4, p { font-size: 48px !important; }
  div, section, article, li, nav { display: inline !important; float: left !important; width: 50% !important; }
`;

function textStyle(el: Element) {
  const s = getComputedStyle(el);
  return {
    ratio: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
    spacing: s.letterSpacing,
    transform: s.textTransform,
  };
}

describe('hostile theme: shopper elements', () => {
  let style: HTMLStyleElement;
  before(async () => {
    await resetSandbox();
    style = document.createElement('style');
    style.textContent = HOSTILE;
    document.head.append(style);
  });
  after(() => {
    style.remove();
    favoritesStore().clear();
  });

  it('brand tiles keep their grid, text and links', async () => {
    const box = await fixture(
      html`<x-box style="display: block; width: 900px"><carstrel-brands api=${apiBase()}></carstrel-brands></x-box>`,
    );
    const el = box.querySelector('carstrel-brands')!;
    const root = el.shadowRoot!;
    await until(() => root.querySelector('a[part="tile"]'), 8000, 'tiles');
    const [a, b] = [...root.querySelectorAll('a[part="tile"]')].map((t) => t.getBoundingClientRect());
    expect(Math.abs(a.top - b.top)).to.be.lessThan(1);
    const tile = root.querySelector('a[part="tile"]')!;
    expect(getComputedStyle(tile).display).to.equal('grid');
    expect(getComputedStyle(tile).textDecorationLine).to.not.contain('line-through');
    const name = textStyle(root.querySelector('[part="tile-name"]')!);
    expect(name.ratio).to.be.lessThan(2);
    expect(name.spacing).to.equal('normal');
    expect(name.transform).to.equal('none');
    const img = root.querySelector('img')!;
    expect(img.getBoundingClientRect().height).to.be.lessThan(100);
  });

  it('the payment calculator keeps usable inputs and a readable estimate', async () => {
    const el = await fixture(html`<carstrel-payment-calculator price="20000" rate="6"></carstrel-payment-calculator>`);
    const root = el.shadowRoot!;
    const input = root.querySelector('input')!;
    expect(input.getBoundingClientRect().width).to.be.greaterThan(60);
    expect(parseFloat(getComputedStyle(input).fontSize)).to.be.lessThan(30);
    const monthly = root.querySelector('[part="monthly"]')!;
    expect(textStyle(monthly).transform).to.equal('none');
    expect(textStyle(monthly).ratio).to.be.lessThan(2);
  });

  it('blog covers keep their shape and titles are not struck through', async () => {
    const box = await fixture(
      html`<x-box style="display: block; width: 900px"
        ><carstrel-blog api=${apiBase()} limit="2"></carstrel-blog
      ></x-box>`,
    );
    const root = box.querySelector('carstrel-blog')!.shadowRoot!;
    const img = (await until(() => root.querySelector<HTMLImageElement>('[part="cover"]'), 8000, 'a cover'))!;
    await until(() => img.getBoundingClientRect().height > 0, 4000, 'cover layout');
    const r = img.getBoundingClientRect();
    expect(r.width / r.height).to.be.closeTo(800 / 420, 0.05);
    expect(getComputedStyle(img).borderStyle).to.equal('none');
    expect(getComputedStyle(root.querySelector('[part="post-link"]')!).textDecorationLine).to.not.contain(
      'line-through',
    );
  });

  it('the comparison stays a table and the Save toggle keeps its look', async () => {
    const res = await fetch(`${apiBase()}/external/vehicles?limit=2&page=3`);
    const vs = ((await res.json()) as ListEnvelope<Vehicle>).data;
    favoritesStore().clear();
    for (const v of vs) {
      favoritesStore().save(v);
      favoritesStore().recordView(v);
    }
    const box = await fixture(
      html`<x-box style="display: block; width: 900px"
        ><carstrel-favorites api=${apiBase()}></carstrel-favorites
      ></x-box>`,
    );
    const root = box.querySelector('carstrel-favorites')!.shadowRoot!;
    const table = (await until(() => root.querySelector('table'), 8000, 'the table'))!;
    expect(getComputedStyle(table).display).to.equal('table');
    expect(getComputedStyle(root.querySelector('td')!).display).to.equal('table-cell');
    const toggle = root.querySelector('[part="save-toggle"]')!;
    expect(getComputedStyle(toggle).backgroundColor).to.not.equal('rgb(255, 0, 0)');
    expect(parseFloat(getComputedStyle(toggle).fontSize)).to.be.lessThan(30);
  });
});
