/// <reference types="mocha" />
/**
 * The loader's own early list request (`startFirstLists`): started at once for a plain inventory
 * only (its `page-size` alone, none of its parameters in the URL), and taken by the element exactly
 * once, so that the cards cost one list request, not two; once it has arrived, the first row's
 * photos are preloaded, each fetched once.
 */
import { expect } from '@open-wc/testing';
import { globalConfig } from '../api/client.js';
import type { CarstrelInventory } from '../inventory/carstrel-inventory.js';
import { orderedPhotos } from '../shared/vehicle-data.js';
import { apiBase, resetSandbox, until, $$ } from '../testing/browser.js';
import { listVehicles, recordRequests } from '../testing/listing.js';
import { startFirstLists } from './preload.js';

const PAGE_URL = location.href;

/** Puts inventories with these attributes on the page (not defined yet unless the element was imported). */
function place(...attributes: Array<Record<string, string>>): HTMLElement[] {
  return attributes.map((attrs) => {
    const el = document.createElement('carstrel-inventory');
    el.setAttribute('api', apiBase());
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    document.body.append(el);
    return el;
  });
}

describe('the loader starts the first list request of a plain inventory', () => {
  let recorder: ReturnType<typeof recordRequests> | undefined;
  const early = (globalConfig().early ??= new Map());
  beforeEach(async () => {
    await resetSandbox();
    early.clear();
    recorder = recordRequests();
  });
  afterEach(() => {
    for (const el of document.querySelectorAll('body > carstrel-inventory, head > link[as="image"]')) el.remove();
    recorder?.restore();
    early.clear();
    history.replaceState(null, '', PAGE_URL);
  });

  // (That the cards show these very URLs, each fetched once, is tested on a dealer page with the
  // built bundle: test/e2e/preload.test.ts.)
  it("preloads the first row's photos once the early list has arrived, at a high priority, each URL once a page", async () => {
    place({ 'page-size': '6', filters: 'none', style: 'display: block; width: 800px' }); // 3 cards a row
    startFirstLists(early, apiBase());
    const links = () => [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="image"]')];
    await until(() => links().length === 3, 5000, 'the photos of the first row preloaded');
    const firstRow = (await listVehicles('page=1&limit=3')).map((v) => orderedPhotos(v)[0]?.href);
    expect(links().map((l) => l.href)).to.deep.equal(firstRow);
    if ('fetchPriority' in HTMLLinkElement.prototype)
      expect(links().map((l) => l.getAttribute('fetchpriority'))).to.deep.equal(['high', 'high', 'high']);
    const again = new Map<string, Promise<Response>>();
    startFirstLists(again, apiBase()); // the same inventory again (a second loader): no second preload
    await (await [...again.values()][0])?.clone().json(); // its list has arrived and been read
    await new Promise((r) => setTimeout(r, 100));
    expect(links()).to.have.length(3);
  });

  it('for an inventory with only a page size; not for one with a preset, a server-rendered one, or the URL state', () => {
    history.replaceState(null, '', `${PAGE_URL}${PAGE_URL.includes('?') ? '&' : '?'}used.brand=bmw`);
    place(
      { 'page-size': '4', 'url-state': 'off' },
      { 'page-size': '5', brand: 'toyota', 'url-state': 'off' },
      { 'page-size': '6', 'listing-type': 'sale', 'url-state': 'off' },
      { 'page-size': '7', 'url-state': 'off', 'data-carstrel-ssr': '' },
      { 'page-size': '8' }, // follows the URL, which has an inventory parameter
    );
    startFirstLists(early, 'http://unused.example');
    const lists = recorder!.vehicleLists();
    expect(lists.map((u) => u.search)).to.deep.equal(['?page=1&limit=4']);
    expect(lists[0]?.origin).to.equal(new URL(apiBase()).origin);
    expect([...early.keys()]).to.deep.equal([`${apiBase()}/external/vehicles?page=1&limit=4`]);
  });

  it('the element takes it: its cards cost one list request in all, and the response is gone once taken', async () => {
    const [el] = place({ 'page-size': '3', filters: 'none' }) as [CarstrelInventory];
    startFirstLists(early, apiBase());
    expect(early.size).to.equal(1);
    await import('../inventory/carstrel-inventory.js');
    await until(() => $$(el, '[part~="card"] .title').length === 3, 8000, 'three cards');
    await el.updateComplete;
    expect(recorder!.vehicleLists()).to.have.length(1);
    expect(early.size).to.equal(0);
  });
});
