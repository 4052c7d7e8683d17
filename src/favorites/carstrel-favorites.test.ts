/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Vehicle } from '../api/types.js';
import type { CarstrelFavoritesChangeEvent } from '../shared/events.js';
import { apiBase, faults, journal, resetSandbox, until, $, $$ } from '../testing/browser.js';
import { watchFetch, type FetchWatch } from '../testing/fetch-stub.js';
import { listVehicles } from '../testing/listing.js';
import '../vehicle/carstrel-vehicle.js';
import './carstrel-favorites.js';
import type { CarstrelFavorites } from './carstrel-favorites.js';
import { createFavoritesStore, favoritesStore, STORAGE_KEY } from './store.js';

/** Saves vehicles as a card's toggle would (from list data), the last one first in the list. */
function save(...list: Vehicle[]): void {
  for (const v of list) favoritesStore().save(v);
}

async function settled(el: CarstrelFavorites): Promise<void> {
  await until(() => $(el, '[part="list"], [part="empty"], [part="error"]'), 8000, 'favourites to settle');
  await el.updateComplete;
}

const names = (el: CarstrelFavorites) => $$(el, '[part="item"] .name').map((n) => n.textContent.trim());
const columns = (el: CarstrelFavorites) => $$(el, 'table thead th').map((th) => th.textContent.trim());
const rowHeaders = (el: CarstrelFavorites) => $$(el, 'table tbody th').map((th) => th.textContent.trim());
const cellOf = (el: CarstrelFavorites, row: string, col: number) =>
  $(el, `tr[data-row="${row}"]`)!.querySelectorAll('td')[col].textContent.trim();
const detailRequests = (net: FetchWatch) => net.urls.filter((u) => /^\/external\/vehicles\/[^/]+$/.test(u.pathname));

describe('carstrel-favorites', () => {
  let pool: Vehicle[];
  let net: FetchWatch;
  before(async () => {
    await resetSandbox();
    pool = await listVehicles('limit=60&sort=name&order=asc');
  });
  beforeEach(() => {
    favoritesStore().clear();
    net = watchFetch();
  });
  afterEach(async () => {
    net.restore();
    favoritesStore().clear();
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  it('empty state: says how to save, makes no request, accessible', async () => {
    const el = await fixture<CarstrelFavorites>(html`<carstrel-favorites api=${apiBase()}></carstrel-favorites>`);
    await settled(el);
    expect($(el, '[part="empty"]')!.textContent).to.contain('You have not saved any vehicles yet');
    expect($(el, '#saved-heading')!.textContent.trim()).to.equal('Saved vehicles');
    expect(net.urls).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('loading state: placeholders and a polite status while the list requests run, accessible', async () => {
    save(pool[0], pool[1]);
    await faults({ latencyMs: 1200 });
    const el = await fixture<CarstrelFavorites>(html`<carstrel-favorites api=${apiBase()}></carstrel-favorites>`);
    expect($$(el, '.skeleton li')).to.have.length(2);
    expect($(el, '[role="status"]')!.textContent).to.equal('Loading your saved vehicles…');
    await expect(el).to.be.accessible();
    await faults({ latencyMs: 0 });
    await settled(el);
  });

  it('lists saved vehicles and compares them in a real table (specs as rows) from list requests only, never the detail route', async () => {
    const [a, b, c] = [pool[2], pool[3], pool[4]];
    save(a, b, c);
    const el = await fixture<CarstrelFavorites>(html`<carstrel-favorites api=${apiBase()}></carstrel-favorites>`);
    await settled(el);
    expect(names(el)).to.deep.equal([c.name, b.name, a.name]);
    expect($(el, '#saved-heading')!.textContent.trim()).to.equal('Saved vehicles (3)');
    expect($(el, 'table caption')!.textContent.trim()).to.equal('Side-by-side comparison');
    expect(columns(el)).to.deep.equal([c.name, b.name, a.name]);
    expect(rowHeaders(el)).to.deep.equal([
      'Year',
      'Mileage',
      'Fuel',
      'Gearbox',
      'Body',
      'Engine',
      'Drivetrain',
      'Colour',
      'Price',
    ]);
    expect($$(el, 'table tbody th').every((th) => th.getAttribute('scope') === 'row')).to.equal(true);
    expect($$(el, 'table thead th').every((th) => th.getAttribute('scope') === 'col')).to.equal(true);
    expect(cellOf(el, 'year', 0)).to.equal(String(c.year));
    expect(cellOf(el, 'colour', 1)).to.equal(b.exteriorColor);
    expect(cellOf(el, 'body', 2)).to.equal(a.model.bodyType!.name);
    expect(cellOf(el, 'drivetrain', 0)).to.equal(c.drivetrain);
    expect(cellOf(el, 'engine', 0)).to.contain(c.engine!.name);
    expect(cellOf(el, 'mileage', 0)).to.match(/km$/);
    expect(cellOf(el, 'price', 0)).to.match(/\$[\d,]+/);
    expect(detailRequests(net)).to.deep.equal([]);
    expect(net.urls.every((u) => u.pathname === '/external/vehicles' && u.searchParams.has('modelId'))).to.equal(true);
    const impressions = (await journal()).impressions;
    for (const v of [a, b, c]) expect(impressions[v.id] ?? 0).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('keyboard journey: with five saved, four are compared; the fifth waits; unticking one frees a place; Remove keeps focus in the list', async () => {
    const five = pool.slice(10, 15);
    save(...five);
    const changes: CarstrelFavoritesChangeEvent[] = [];
    const el = await fixture<CarstrelFavorites>(
      html`<carstrel-favorites
        api=${apiBase()}
        @carstrel-favorites-change=${(e: CarstrelFavoritesChangeEvent) => changes.push(e)}
      ></carstrel-favorites>`,
    );
    await settled(el);
    const order = [...five].reverse();
    expect(columns(el)).to.deep.equal(order.slice(0, 4).map((v) => v.name));
    const boxes = () => $$<HTMLInputElement>(el, '[part="compare-toggle"] input');
    expect(boxes().map((b) => b.checked)).to.deep.equal([true, true, true, true, false]);
    expect(boxes()[4].disabled).to.equal(true);
    expect($(el, '.hint')!.textContent).to.contain('up to four');

    boxes()[1].focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(columns(el)).to.deep.equal([order[0], order[2], order[3]].map((v) => v.name));
    expect(boxes()[4].disabled).to.equal(false);
    boxes()[4].focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(columns(el)).to.deep.equal([order[0], order[2], order[3], order[4]].map((v) => v.name));
    await expect(el).to.be.accessible();

    const requestsBefore = net.urls.length;
    const removeButtons = () => $$<HTMLButtonElement>(el, '[part="remove-button"]');
    removeButtons()[0].focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await el.updateComplete;
    expect(names(el)).to.deep.equal(order.slice(1).map((v) => v.name));
    expect(el.shadowRoot!.activeElement).to.equal(removeButtons()[0]);
    expect($(el, '[role="status"]')!.textContent).to.equal(`${order[0].name} removed from your saved vehicles.`);
    expect(changes.map((e) => e.detail)).to.deep.equal([
      { vehicleId: order[0].id, saved: false, ids: order.slice(1).map((v) => v.id) },
    ]);
    expect(net.urls.length).to.equal(requestsBefore); // removing needs no request
    expect(favoritesStore().isSaved(order[0].id)).to.equal(false);
  });

  it('a saved vehicle that is no longer listed shows its saved name as no longer available, and can be removed', async () => {
    const listed = pool[20];
    favoritesStore().save({
      id: '00000000-0000-4000-8000-0000000000aa',
      name: '2015 Sold Since Coupe',
      model: { id: listed.model.id },
    });
    save(listed);
    const el = await fixture<CarstrelFavorites>(html`<carstrel-favorites api=${apiBase()}></carstrel-favorites>`);
    await settled(el);
    const gone = $(el, '.item.gone')!;
    expect(gone.textContent).to.contain('2015 Sold Since Coupe');
    expect(gone.textContent).to.contain('No longer available');
    expect($(el, 'table')).to.equal(null);
    expect($(el, '.hint')).to.equal(null);
    await expect(el).to.be.accessible();
    gone.querySelector<HTMLButtonElement>('[part="remove-button"]')!.click();
    await el.updateComplete;
    expect(names(el)).to.deep.equal([listed.name]);
  });

  it('follows another tab: what it saves appears here, loaded with a list request', async () => {
    save(pool[30]);
    const el = await fixture<CarstrelFavorites>(html`<carstrel-favorites api=${apiBase()}></carstrel-favorites>`);
    await settled(el);
    expect(names(el)).to.deep.equal([pool[30].name]);
    const frame = await fixture<HTMLIFrameElement>(html`<iframe title="another tab" src="about:blank"></iframe>`);
    const other = pool[31];
    const current = JSON.parse(localStorage.getItem(STORAGE_KEY)!) as { saved: unknown[]; viewed: unknown[] };
    frame.contentWindow!.localStorage.setItem(
      STORAGE_KEY,
      JSON.stringify({
        ...current,
        saved: [
          { id: other.id, name: other.name, slug: other.slug, modelId: other.model.id, at: '' },
          ...current.saved,
        ],
      }),
    );
    await until(() => names(el).length === 2, 8000, 'the vehicle saved in the other tab');
    expect(names(el)).to.deep.equal([other.name, pool[30].name]);
    expect(columns(el)).to.have.length(2);
    expect(detailRequests(net)).to.deep.equal([]);
  });

  it('on a vehicle page: records it as recently viewed with a Save toggle; saving it lists it, one impression in all, and it survives a reload', async () => {
    const v = pool[40];
    const root = await fixture<HTMLElement>(
      html`<div>
        <carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>
        <carstrel-favorites api=${apiBase()}></carstrel-favorites>
      </div>`,
    );
    const el = root.querySelector('carstrel-favorites')!;
    await until(() => $(el, '[part="recent"]'), 8000, 'the recently viewed list');
    const toggle = $<HTMLButtonElement>(el, '[part="recent"] button[aria-pressed]')!;
    expect($(el, '[part="recent"]')!.textContent).to.contain(v.name);
    expect(toggle.textContent.trim()).to.equal('Save');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    await expect(el).to.be.accessible();
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    await until(() => names(el).includes(v.name), 8000, 'the saved vehicle');
    expect(detailRequests(net).map((u) => u.pathname)).to.deep.equal([`/external/vehicles/${v.id}`]);
    expect((await journal()).impressions[v.id]).to.equal(1);
    // A reload starts a new store from localStorage.
    const reloaded = createFavoritesStore(localStorage, undefined);
    expect(reloaded.saved().map((e) => e.id)).to.deep.equal([v.id]);
    expect(reloaded.viewed()[0].id).to.equal(v.id);
  });

  it('error state: the envelope message in an alert, carstrel-error, a retry that recovers; accessible', async () => {
    save(pool[50], pool[51]);
    net.fail('/external/vehicles');
    const errors: Event[] = [];
    const el = await fixture<CarstrelFavorites>(
      html`<carstrel-favorites api=${apiBase()} @carstrel-error=${(e: Event) => errors.push(e)}></carstrel-favorites>`,
    );
    await settled(el);
    expect($(el, '[part="error"]')!.getAttribute('role')).to.equal('alert');
    expect($(el, '[part="error"] p')!.textContent).to.equal(
      'The dealer service is unavailable. Try again in a moment.',
    );
    expect(errors).to.have.length(1);
    await expect(el).to.be.accessible();
    net.heal();
    $<HTMLButtonElement>(el, '[part="retry-button"]')!.click();
    await until(() => names(el).length === 2, 8000, 'the vehicles after retry');
    await expect(el).to.be.accessible();
  });

  it('rate-limited, in French: when to try again (Retry-After) and the retry button in its own words', async () => {
    save(pool[52]);
    net.fail('/external/vehicles', 429, { 'retry-after': '9' });
    const el = await fixture<CarstrelFavorites>(
      html`<carstrel-favorites api=${apiBase()} lang="fr"></carstrel-favorites>`,
    );
    await settled(el);
    expect($(el, '[part="error"] p')!.textContent).to.equal('Trop de requêtes. Réessayez dans 9 s.');
    expect($(el, '[part="retry-button"]')!.textContent.trim()).to.equal('Réessayer');
    expect(getComputedStyle($(el, '[part="error"]')!).borderTopStyle, 'the error box is outlined').to.equal('solid');
    await expect(el).to.be.accessible();
  });

  it('speaks French: headings and row names', async () => {
    save(pool[5], pool[6]);
    const el = await fixture<CarstrelFavorites>(
      html`<carstrel-favorites api=${apiBase()} lang="fr"></carstrel-favorites>`,
    );
    await settled(el);
    expect($(el, '#saved-heading')!.textContent.trim()).to.equal('Véhicules enregistrés (2)');
    expect(rowHeaders(el).slice(0, 3)).to.deep.equal(['Année', 'Kilométrage', 'Carburant']);
    expect($(el, '[part="compare-toggle"]')!.textContent.trim()).to.equal('Comparer');
  });

  it('on a dark page, text follows the page colour and stays legible (axe contrast)', async () => {
    save(pool[7], pool[8]);
    const box = await fixture<HTMLElement>(
      html`<div style="background: #121417; color: rgb(235, 237, 240); padding: 1rem">
        <carstrel-favorites api=${apiBase()}></carstrel-favorites>
      </div>`,
    );
    const el = box.querySelector('carstrel-favorites')!;
    await settled(el);
    expect(getComputedStyle($(el, 'table td')!).color).to.equal('rgb(235, 237, 240)');
    expect(getComputedStyle($(el, '[part="link"]')!).color).to.equal('rgb(235, 237, 240)');
    await expect(box).to.be.accessible();
  });
});
