/// <reference types="mocha" />
/**
 * Hydrate on intent (intent.ts), in parts: the served list announced at load (once, from the
 * render's data), the shopper's signs of intent, and the interactions held until the element has
 * hydrated and then replayed on the same nodes (or, when its code did not come, let go). The
 * elements here are stand-ins: a name defined by the test plays "the element's code arrived".
 */
import { expect } from '@open-wc/testing';
import { ANNOUNCED } from '../shared/page-marks.js';
import { vehicleHref } from '../shared/vehicle-data.js';
import { announceServed, sleepUntilIntent } from './intent.js';
import { canInsert, insertRender } from './render.js';

let n = 0;
/** A host of a fresh name (not defined) with a server-rendered-like shadow root. */
function host(shadow: string, light = ''): HTMLElement {
  const el = document.createElement(`x-intent-${++n}`);
  el.attachShadow({ mode: 'open' }).innerHTML = shadow;
  el.innerHTML = light;
  document.body.append(el);
  return el;
}

/** "The element's code has arrived": its name defined, each host's first update done. */
function define(el: HTMLElement): void {
  customElements.define(
    el.localName,
    class extends HTMLElement {
      updateComplete = Promise.resolve(true);
    },
  );
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const settled = (p: Promise<unknown>) => Promise.race([p.then(() => true), tick().then(() => false)]);

afterEach(() => {
  for (const el of document.querySelectorAll('body > *')) if (el.localName.startsWith('x-intent')) el.remove();
});

describe('loader intent: the served list announced at load', () => {
  const SERVED = JSON.stringify({
    results: { args: [], value: { total: 42, page: 1, pages: 7, vehicles: [{ id: 'v1' }] } },
  });

  it('fires carstrel-results-loaded once per host, from its served data, detail as the element gives it', () => {
    const el = host('<p>cards</p>', `<script type="application/json" data-carstrel-ssr>${SERVED}</script>`);
    const seen: Event[] = [];
    document.addEventListener('carstrel-results-loaded', (e) => seen.push(e), { once: true });
    announceServed([el]);
    expect(seen).to.have.length(1);
    const e = seen[0] as CustomEvent<unknown>;
    expect([e.target, e.bubbles, e.composed]).to.deep.equal([el, true, true]);
    expect(e.detail).to.deep.equal({ total: 42, page: 1, vehicles: [{ id: 'v1' }] });
    expect((el as unknown as Record<symbol, boolean>)[ANNOUNCED]).to.equal(true);
  });

  it('announces nothing for a host whose code has run (it announces itself) or without served results', () => {
    const defined = host('', `<script type="application/json" data-carstrel-ssr>${SERVED}</script>`);
    define(defined);
    const none = host('', '<script type="application/json" data-carstrel-ssr>{"options":{}}</script>');
    let count = 0;
    const count1 = () => count++;
    document.addEventListener('carstrel-results-loaded', count1);
    announceServed([defined, none]);
    document.removeEventListener('carstrel-results-loaded', count1);
    expect(count).to.equal(0);
    expect((none as unknown as Record<symbol, boolean>)[ANNOUNCED]).to.equal(undefined);
  });
});

describe('loader intent: the signs of intent', () => {
  for (const [type, inShadow] of [
    ['pointerover', true],
    ['pointerdown', false],
    ['touchstart', true],
    ['focusin', true],
    ['keydown', false],
  ] as const) {
    it(`${type} ${inShadow ? 'inside the shadow root' : 'on the host'} wakes it`, async () => {
      const el = host('<button type="button">Next</button>');
      const sleep = sleepUntilIntent([el]);
      expect(await settled(sleep.intent)).to.equal(false);
      const target = inShadow ? el.shadowRoot!.querySelector('button')! : el;
      target.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
      expect(await settled(sleep.intent)).to.equal(true);
    });
  }

  it('the page setting one of its attributes (a CMS configuring it late) wakes it; its class or style does not', async () => {
    const el = host('<p>cards</p>');
    const sleep = sleepUntilIntent([el]);
    el.className = 'wide';
    el.style.margin = '0';
    expect(await settled(sleep.intent)).to.equal(false);
    el.setAttribute('brand', 'toyota');
    expect(await settled(sleep.intent)).to.equal(true);
  });

  it('an event elsewhere on the page does not', async () => {
    const el = host('<button type="button">Next</button>');
    const sleep = sleepUntilIntent([el]);
    document.body.dispatchEvent(new Event('pointerover', { bubbles: true, composed: true }));
    expect(await settled(sleep.intent)).to.equal(false);
  });
});

describe('loader intent: interactions held until hydrated', () => {
  it('holds a plain click on a link or a button and replays it on the same node once hydrated', async () => {
    const el = host('<a href="#car-1"><span>Car 1</span></a><button type="button">Next</button><p>text</p>');
    const [link, button, text] = ['a', 'button', 'p'].map((s) => el.shadowRoot!.querySelector<HTMLElement>(s)!);
    const sleep = sleepUntilIntent([el]);
    const outside: Event[] = [];
    const onOutside = (e: Event) => outside.push(e);
    document.addEventListener('click', onOutside);
    const first = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
    link.querySelector('span')!.dispatchEvent(first);
    const second = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
    button.dispatchEvent(second);
    const plain = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
    text.dispatchEvent(plain);
    expect([first.defaultPrevented, second.defaultPrevented, plain.defaultPrevented]).to.deep.equal([
      true,
      true,
      false,
    ]);
    document.removeEventListener('click', onOutside);
    expect(outside).to.deep.equal([plain], 'the page sees the replayed clicks, not the held ones');
    expect(await settled(sleep.intent)).to.equal(true, 'a click is intent too');

    const replayed: Array<[EventTarget | null, boolean]> = [];
    for (const node of [link, button])
      node.addEventListener('click', (e) => {
        replayed.push([e.target, e.isTrusted]);
        e.preventDefault(); // the element's own handler (the link is not followed in this test)
      });
    define(el);
    expect(await sleep.settle(Promise.resolve())).to.equal(true);
    expect(replayed).to.deep.equal([
      [link, false],
      [button, false],
    ]);
    // Once hydrated nothing is held any more.
    const after = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
    button.dispatchEvent(after);
    expect([after.defaultPrevented, replayed.length]).to.deep.equal([true, 3]);
  });

  it('leaves a click with a modifier (a new tab) to the browser', () => {
    const el = host('<a href="#car-1">Car 1</a>');
    const link = el.shadowRoot!.querySelector('a')!;
    sleepUntilIntent([el]);
    let reached: boolean | undefined;
    link.addEventListener('click', (e) => {
      reached = e.defaultPrevented;
      e.preventDefault(); // not this test's browser's new tab
    });
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, ctrlKey: true }));
    expect(reached).to.equal(false, 'it reached the link, its default not prevented');
  });

  it("re-sends a change and an input on the same field with the shopper's value, after hydration reset it", async () => {
    const el = host('<form><select><option value="a">A</option><option value="b">B</option></select></form>');
    const form = el.shadowRoot!.querySelector('form')!;
    const select = el.shadowRoot!.querySelector('select')!;
    const sleep = sleepUntilIntent([el]);
    select.value = 'b';
    select.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    select.dispatchEvent(new Event('change', { bubbles: true }));
    const submit = new Event('submit', { bubbles: true, cancelable: true });
    form.dispatchEvent(submit);
    expect(submit.defaultPrevented).to.equal(true);
    select.value = 'a'; // what hydration does to a bound `.value`
    const got: string[] = [];
    for (const type of ['input', 'change']) select.addEventListener(type, () => got.push(`${type} ${select.value}`));
    form.addEventListener('submit', (e) => {
      got.push(`submit ${e.cancelable}`);
      e.preventDefault(); // as the element's own handler does (Firefox would submit an untrusted one)
    });
    define(el);
    await sleep.settle(Promise.resolve());
    expect(got).to.deep.equal(['input b', 'change b', 'submit true']);
  });

  it('when the code did not come (the element is not defined), replays nothing and holds nothing more', async () => {
    const el = host('<button type="button">Next</button>');
    const button = el.shadowRoot!.querySelector('button')!;
    const sleep = sleepUntilIntent([el]);
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
    let clicks = 0;
    button.addEventListener('click', () => clicks++);
    expect(await sleep.settle(Promise.reject(new Error('chunk 500')).catch(() => undefined))).to.equal(false);
    const later = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
    button.dispatchEvent(later);
    expect([clicks, later.defaultPrevented]).to.deep.equal([1, false]);
  });
});

describe('loader intent: the JSON-LD of a render', function () {
  before(function () {
    if (!canInsert()) this.skip();
  });

  it("gets the element's own absolute links (the server knew no page)", () => {
    const jsonLd = JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'Car', url: '?vehicle=v1', offers: { url: '?vehicle=v1' } },
        { '@type': 'Car', url: '/cars/civic', image: ['https://cdn.example/1.jpg'] },
      ],
    });
    const fragment =
      '<carstrel-blog data-carstrel-ssr><template shadowrootmode="open"><p>cards</p></template>' +
      '<script type="application/json" data-carstrel-ssr>{"results":{"args":[],"value":{"url":"?keep"}}}</script>' +
      `<script type="application/ld+json" data-carstrel-jsonld>${jsonLd}</script></carstrel-blog>`;
    const el = document.createElement('carstrel-blog');
    document.body.append(el);
    try {
      expect(insertRender(el, fragment, undefined)).to.equal(true);
      const own = vehicleHref({ id: 'v1', slug: 'civic' }, '');
      const graph = (
        JSON.parse(el.querySelector(':scope > script[data-carstrel-jsonld]')!.textContent) as {
          '@graph': Array<{ url: string; offers?: { url: string }; image?: string[] }>;
        }
      )['@graph'];
      expect(graph.map((car) => [car.url, car.offers?.url, car.image])).to.deep.equal([
        [own, own, undefined],
        [vehicleHref({ id: 'v2', slug: 'civic' }, '/cars/{slug}'), undefined, ['https://cdn.example/1.jpg']],
      ]);
      const served = el.querySelector(':scope > script[data-carstrel-ssr]')!.textContent;
      expect(JSON.parse(served)).to.deep.equal({ results: { args: [], value: { url: '?keep' } } }, 'data untouched');
    } finally {
      el.remove();
    }
  });
});
