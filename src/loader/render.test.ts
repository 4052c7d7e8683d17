/// <reference types="mocha" />
/**
 * The loader's first paint from `/render` (render.ts), in parts: which elements it asks a render
 * for and with what (the element's own attributes and its language, never the page's global
 * attributes), and how a render goes into an element that keeps its identity (the shadow root,
 * its styles as constructable stylesheets, Lit's markers, the served data in the light DOM).
 * No element is defined in this file: the loader only renders elements whose code has not run.
 */
import { expect } from '@open-wc/testing';
import { renderPreloads } from '../builder/snippet.js';
import type { BuilderElements } from '../builder/types.js';
import { canInsert, insertRender, renderUrl } from './render.js';
import { reserveSpace } from './reserve.js';

const BASE = 'https://cars.example';

/** Placed in a box this wide (CSS px; 1100: four cards a row, the render's default layout). */
function place(markup: string, width = 1100): Element {
  const box = document.createElement('div');
  box.style.width = `${width}px`;
  box.setAttribute('lang', 'fr-CA');
  box.innerHTML = markup;
  document.body.append(box);
  return box.firstElementChild!;
}

afterEach(() => document.querySelectorAll('body > div').forEach((d) => d.remove()));

describe('loader render: which elements, which request', function () {
  before(function () {
    if (!canInsert()) this.skip(); // no setHTMLUnsafe: the loader renders nothing (today's path)
    reserveSpace(); // the loader's first act: the elements are blocks of their container's width
  });

  it("asks for the element's own attributes and its language, not the page's global ones", () => {
    const el = place(
      '<carstrel-inventory page-size="6" brand="toyota" class="wide" id="cars" style="margin:0" data-x="1" aria-label="Cars"></carstrel-inventory>',
    );
    expect(renderUrl(el, `${BASE}/`)).to.equal(`${BASE}/render/carstrel-inventory?page-size=6&brand=toyota&lang=fr-ca`);
    const own = place('<carstrel-blog limit="2" lang="en" api="https://other.example/"></carstrel-blog>');
    expect(renderUrl(own, BASE)).to.equal(
      'https://other.example/render/carstrel-blog?limit=2&lang=en&api=https%3A%2F%2Fother.example%2F',
    );
  });

  it('leaves alone what a render would not show as the element will', () => {
    const cases = [
      place('<carstrel-vehicle></carstrel-vehicle>'), // follows ?vehicle= in the page URL
      place('<carstrel-brands><p>Our brands</p></carstrel-brands>'), // content of its own
      place('<carstrel-contact-form></carstrel-contact-form>'), // not rendered by the proxy
      place('<carstrel-inventory data-carstrel-ssr></carstrel-inventory>'), // inlined already
    ];
    expect(cases.map((el) => renderUrl(el, BASE))).to.deep.equal([undefined, undefined, undefined, undefined]);
    expect(renderUrl(place('<carstrel-vehicle vehicle-id="v1"></carstrel-vehicle>'), BASE)).to.match(
      /\/render\/carstrel-vehicle\?vehicle-id=v1&lang=fr-ca$/,
    );
  });

  it("asks for a narrow inventory's own layout: compact, and the cards of its first row", () => {
    const phone = place('<carstrel-inventory page-size="6" filters="brand sort"></carstrel-inventory>', 400);
    expect(renderUrl(phone, BASE)).to.equal(
      `${BASE}/render/carstrel-inventory?page-size=6&filters=brand+sort&lang=fr-ca&layout=compact&columns=1`,
    );
    const sidebar = place('<carstrel-inventory></carstrel-inventory>', 540); // compact, two cards a row
    expect(renderUrl(sidebar, BASE)).to.equal(`${BASE}/render/carstrel-inventory?lang=fr-ca&layout=compact&columns=2`);
    const tablet = place('<carstrel-inventory></carstrel-inventory>', 800); // wide filters, three cards a row
    expect(renderUrl(tablet, BASE)).to.equal(`${BASE}/render/carstrel-inventory?lang=fr-ca&columns=3`);
    // Only an inventory has a layout: a narrow blog is asked for as it is.
    const blog = place('<carstrel-blog limit="2"></carstrel-blog>', 400);
    expect(renderUrl(blog, BASE)).to.equal(`${BASE}/render/carstrel-blog?limit=2&lang=fr-ca`);
  });

  it("adopts the snippet builder's preload of the same render (its URL as written), not another one", () => {
    const elements: BuilderElements = {
      'carstrel-inventory': {
        summary: '',
        attributes: [
          { name: 'brand', kind: 'text' },
          { name: 'page-size', kind: 'number' },
        ],
      },
    };
    const links = renderPreloads(
      BASE,
      { element: 'carstrel-inventory', values: { brand: 'toyota', 'page-size': '6' } },
      elements,
    );
    expect(links).to.have.length(2); // wide pages, phones
    const head = document.createElement('div');
    head.innerHTML = `<link rel="preload" as="fetch" crossorigin href="http://[">${links.join('')}`; // a broken one first
    document.body.append(head);
    const [wide, phone] = [...head.querySelectorAll('link')].slice(1).map((l) => l.href);
    // The page's language `fr-ca` is French, not the links' English: its own request.
    expect(renderUrl(place('<carstrel-inventory page-size="6" brand="toyota"></carstrel-inventory>'), BASE)).to.equal(
      `${BASE}/render/carstrel-inventory?page-size=6&brand=toyota&lang=fr-ca`,
    );
    head
      .querySelectorAll('link')
      .forEach((l) => l.setAttribute('href', l.getAttribute('href')!.replace('lang=en', 'lang=fr')));
    const [wideFr, phoneFr] = [...head.querySelectorAll('link')].slice(1).map((l) => l.href);
    expect([wideFr, phoneFr]).to.not.deep.equal([wide, phone]);
    // Attributes in another order, a region the link leaves out, another count of cards a row (5 here): adopted.
    const desk = place('<carstrel-inventory page-size="6" brand="toyota"></carstrel-inventory>', 1300);
    expect(renderUrl(desk, BASE)).to.equal(wideFr);
    expect(
      renderUrl(place('<carstrel-inventory page-size="6" brand="toyota"></carstrel-inventory>', 400), BASE),
    ).to.equal(phoneFr);
    // Another attribute value, an attribute more, a link without `crossorigin` (not the fetch's request): not.
    const other = place('<carstrel-inventory page-size="12" brand="toyota"></carstrel-inventory>');
    expect(renderUrl(other, BASE)).to.equal(`${BASE}/render/carstrel-inventory?page-size=12&brand=toyota&lang=fr-ca`);
    const more = place('<carstrel-inventory page-size="6" brand="toyota" sort="price-asc"></carstrel-inventory>');
    expect(renderUrl(more, BASE)).to.contain('sort=price-asc&lang=fr-ca');
    head.querySelectorAll('link').forEach((l) => l.removeAttribute('crossorigin'));
    expect(renderUrl(desk, BASE)).to.equal(
      `${BASE}/render/carstrel-inventory?page-size=6&brand=toyota&lang=fr-ca&columns=5`,
    );
  });

  it('an inventory or blog whose state is in the page URL is left to the element', () => {
    const inventory = place('<carstrel-inventory></carstrel-inventory>');
    const blog = place('<carstrel-blog></carstrel-blog>');
    const off = place('<carstrel-inventory url-state="off"></carstrel-inventory>');
    const url = location.href;
    history.replaceState(null, '', '?cars.brand=bmw&post=hello');
    try {
      expect([renderUrl(inventory, BASE), renderUrl(blog, BASE)]).to.deep.equal([undefined, undefined]);
      expect(renderUrl(off, BASE)).to.be.a('string');
    } finally {
      history.replaceState(null, '', url);
    }
  });
});

describe('loader render: inserted into the element', function () {
  before(function () {
    if (!canInsert()) this.skip();
  });

  const FRAGMENT =
    '<carstrel-blog limit="2" data-carstrel-ssr api><template shadowroot="open" shadowrootmode="open">' +
    '<x-marker><template shadowrootmode="open"><style>span{color:rgb(1, 2, 3)}</style><span>Test mode</span></template></x-marker>' +
    '<style>p{color:rgb(4, 5, 6)}</style><!--lit-part abc--><p>First post</p><!--/lit-part--></template>' +
    '<script type="application/json" data-carstrel-ssr>{"posts":{"args":["",2],"value":[]}}</script></carstrel-blog>';

  it('keeps the element, gives it the shadow root with its markers, styles adopted, no style element', () => {
    const el = place('<carstrel-blog limit="2" class="mine"></carstrel-blog>');
    expect(insertRender(el, FRAGMENT, undefined)).to.equal(true);
    const root = el.shadowRoot!;
    expect(root.querySelector('p')!.textContent).to.equal('First post');
    expect(getComputedStyle(root.querySelector('p')!).color).to.equal('rgb(4, 5, 6)');
    const inner = root.querySelector('x-marker')!.shadowRoot!;
    expect(getComputedStyle(inner.querySelector('span')!).color).to.equal('rgb(1, 2, 3)');
    expect([root.querySelectorAll('style, template').length, inner.querySelectorAll('style').length]).to.deep.equal([
      0, 0,
    ]);
    const comments = [...root.childNodes].filter((n) => n.nodeType === Node.COMMENT_NODE).map((n) => n.textContent);
    expect(comments).to.deep.equal(['lit-part abc', '/lit-part']);
    const data = el.querySelector(':scope > script[data-carstrel-ssr]')!;
    expect(JSON.parse(data.textContent)).to.deep.equal({ posts: { args: ['', 2], value: [] } });
    expect([el.className, el.hasAttribute('data-carstrel-ssr'), el.hasAttribute('api')]).to.deep.equal([
      'mine',
      true,
      false,
    ]);
  });

  it('inserts nothing into an element that has a shadow root already, or from an answer not shaped like a render', () => {
    const taken = place('<carstrel-blog></carstrel-blog>');
    taken.attachShadow({ mode: 'open' });
    expect(insertRender(taken, FRAGMENT, undefined)).to.equal(false);
    const el = place('<carstrel-blog></carstrel-blog>');
    expect(insertRender(el, '<p>Not found</p>', undefined)).to.equal(false);
    expect([el.shadowRoot, el.childNodes.length, el.hasAttribute('data-carstrel-ssr')]).to.deep.equal([null, 0, false]);
  });
});
