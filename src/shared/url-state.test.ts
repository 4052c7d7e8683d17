/// <reference types="mocha" />
/**
 * The page-URL state that the listing elements share (`UrlStateController` over `url-state.ts`),
 * driven through a small host element the way an element uses it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { UrlStateController, type UrlSync } from './url-state-controller.js';
import { navigateWithinPage } from './url-state.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

interface Read {
  params: Record<string, string>;
  navigated: boolean;
}

class UrlStateHost extends LitElement {
  key = '';
  mode: UrlSync = 'push';
  reads: Read[] = [];
  conflicts: string[] = [];
  readonly url = new UrlStateController(this, {
    names: () => ['page', 'sort'],
    key: () => this.key,
    mode: () => this.mode,
    exclusive: true,
    onConflict: (key) => this.conflicts.push(key),
    onRead: (params, { navigated }) => this.reads.push({ params, navigated }),
  });
}
customElements.define('x-url-state-host', UrlStateHost);

const pageWith = (query: string) => `${PAGE_URL}${PAGE_URL.includes('?') ? '&' : '?'}${query}`;
const param = (name: string) => new URL(location.href).searchParams.get(name);

describe('UrlStateController', () => {
  afterEach(() => history.replaceState(null, '', PAGE_URL));

  it("reads the element's parameters on connect, under its key, and leaves out others and empty ones", async () => {
    history.replaceState(null, '', pageWith('used.page=3&page=9&used.sort=&used.other=x'));
    const el = await fixture<UrlStateHost>(html`<x-url-state-host .key=${'used'}></x-url-state-host>`);
    expect(el.reads).to.deep.equal([{ params: { page: '3' }, navigated: false }]);
    expect(el.url.syncing).to.equal(true);
  });

  it('writes its parameters without a page load, keeping the parameters of others; Back is followed', async () => {
    history.replaceState(null, '', pageWith('utm_source=mail'));
    const el = await fixture<UrlStateHost>(html`<x-url-state-host></x-url-state-host>`);
    el.url.write({ page: '2', sort: '' });
    expect([param('page'), param('sort'), param('utm_source')]).to.deep.equal(['2', null, 'mail']);
    expect(el.reads.at(-1)).to.deep.equal({ params: { page: '2' }, navigated: true });

    const back = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    history.back();
    await back;
    // Back lands on the entry before the write, so the write pushed a new one. (Not counted with
    // history.length: the suite runs in one tab, and engines cap its history at 50 to 100 entries.)
    expect([param('page'), param('utm_source')]).to.deep.equal([null, 'mail']);
    expect(el.reads.at(-1)).to.deep.equal({ params: {}, navigated: true });
  });

  it('mode "replace" writes without a history entry; mode "off" neither reads nor writes', async () => {
    const replacing = await fixture<UrlStateHost>(html`<x-url-state-host .mode=${'replace'}></x-url-state-host>`);
    const length = history.length;
    replacing.url.write({ page: '4' });
    expect(param('page')).to.equal('4');
    expect(history.length).to.equal(length);
    replacing.remove();

    const off = await fixture<UrlStateHost>(html`<x-url-state-host .mode=${'off'}></x-url-state-host>`);
    off.url.write({ page: '5' });
    navigateWithinPage(pageWith('page=6'));
    expect(param('page')).to.equal('6');
    expect(off.reads).to.deep.equal([]);
    expect(off.url.syncing).to.equal(false);
  });

  it('one element per key: a second one does not sync and is told why, until the first one leaves', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <x-url-state-host id="a"></x-url-state-host><x-url-state-host id="b"></x-url-state-host
        ><x-url-state-host id="c" .key=${'other'}></x-url-state-host>
      </div>`,
    );
    const [a, b, c] = [...wrap.querySelectorAll<UrlStateHost>('x-url-state-host')];
    expect([a.url.syncing, b.url.syncing, c.url.syncing]).to.deep.equal([true, false, true]);
    expect(b.conflicts).to.deep.equal(['']);
    b.url.write({ page: '7' });
    expect(param('page')).to.equal(null);

    a.remove();
    b.remove();
    wrap.append(b);
    expect(b.url.syncing).to.equal(true);
    b.url.write({ page: '8' });
    expect(param('page')).to.equal('8');
  });
});
