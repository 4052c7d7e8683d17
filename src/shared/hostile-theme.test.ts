/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import { apiBase, resetSandbox, until } from '../testing/browser.js';
import '../inventory/carstrel-inventory.js';
import '../vehicle/carstrel-vehicle.js';

/** The kind of theme WordPress and Wix pages ship (same rules as demo/hostile-theme.html). */
const HOSTILE = `
  * { margin: 0 !important; padding: 0 !important; box-sizing: content-box !important; line-height: 3 !important; letter-spacing: 0.2em !important; }
  html, body { text-transform: uppercase !important; }
  img { width: 20px !important; height: 900px !important; max-width: none !important; border: 8px dashed lime !important; display: inline !important; float: right !important; }
  button { all: unset; background: red !important; color: yellow !important; font-size: 40px !important; padding: 30px !important; }
  a { color: lime !important; text-decoration: line-through !important; display: block !important; }
  ul, ol { list-style: square inside !important; }
  h1, h2, h3, h4, p { font-size: 48px !important; }
  div, section, article, li, nav { display: inline !important; float: left !important; width: 50% !important; }
`;

describe('hostile theme', () => {
  let style: HTMLStyleElement;
  before(async () => {
    await resetSandbox();
    style = document.createElement('style');
    style.textContent = HOSTILE;
    document.head.append(style);
  });
  after(() => style.remove());

  it('a hostile page stylesheet does not break the inventory layout', async () => {
    const el = await fixture(
      html`<x-box style="display: block; width: 900px"
        ><carstrel-inventory api=${apiBase()} page-size="4" filters="brand sort"></carstrel-inventory
      ></x-box>`,
    );
    const inv = el.querySelector('carstrel-inventory')!;
    await until(() => inv.shadowRoot!.querySelector('.grid:not(.skeleton) img'), 8000, 'cards');
    const root = inv.shadowRoot!;
    const img = root.querySelector('li[part~="card"] img')!;
    await until(() => img.getBoundingClientRect().height > 0, 4000, 'image layout');
    const box = img.getBoundingClientRect();
    expect(box.width / box.height).to.be.closeTo(4 / 3, 0.05);
    expect(getComputedStyle(img).borderStyle).to.equal('none');
    const card = root.querySelector('li[part~="card"]')!;
    expect(getComputedStyle(card).display).to.equal('flex');
    expect(getComputedStyle(root.querySelector('.grid')!).display).to.equal('grid');
    const title = root.querySelector('.title')!;
    const t = getComputedStyle(title);
    expect(parseFloat(t.lineHeight) / parseFloat(t.fontSize)).to.be.lessThan(2);
    expect(t.letterSpacing).to.equal('normal');
    expect(t.textTransform).to.equal('none');
    const link = root.querySelector('a[part="card-link"]')!;
    expect(getComputedStyle(link).textDecorationLine).to.not.contain('line-through');
    const select = root.querySelector('select')!;
    expect(select.getBoundingClientRect().width).to.be.greaterThan(60);
    // Cards sit side by side in the 900px container, not stacked or floated.
    const [a, b] = [...root.querySelectorAll('li[part~="card"]')].map((c) => c.getBoundingClientRect());
    expect(Math.abs(a.top - b.top)).to.be.lessThan(1);
  });

  it('a hostile page stylesheet does not break the vehicle view', async () => {
    const res = await fetch(`${apiBase()}/external/vehicles?limit=1&listingType=sale`);
    const [v] = ((await res.json()) as ListEnvelope<Vehicle>).data;
    const el = await fixture(
      html`<x-box style="display: block; width: 900px"
        ><carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle
      ></x-box>`,
    );
    const veh = el.querySelector('carstrel-vehicle')!;
    await until(() => veh.shadowRoot!.querySelector('[part="gallery-image"]'), 8000, 'vehicle');
    const root = veh.shadowRoot!;
    const img = root.querySelector('[part="gallery-image"]')!;
    await until(() => img.getBoundingClientRect().height > 0, 4000, 'image layout');
    const box = img.getBoundingClientRect();
    expect(box.width / box.height).to.be.closeTo(4 / 3, 0.05);
    const cta = root.querySelector('[part="cta"]')!;
    expect(getComputedStyle(cta).backgroundColor).to.not.equal('rgb(255, 0, 0)');
    expect(parseFloat(getComputedStyle(cta).fontSize)).to.be.lessThan(30);
    const dt = root.querySelector('[part="specs"] dt')!;
    expect(getComputedStyle(dt).textTransform).to.equal('none');
  });
});
