/// <reference types="mocha" />
/**
 * QA findings on carstrel-vehicle (shopper on a phone, French page, imperfect dealer data):
 * each test reproduces a defect seen in the demo and guards its fix.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { apiBase, resetSandbox, until, $, $$ } from '../testing/browser.js';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import './carstrel-vehicle.js';
import type { CarstrelVehicle } from './carstrel-vehicle.js';
import { shown } from './testing.js';
import '../inventory/carstrel-inventory.js';
import type { CarstrelInventory } from '../inventory/carstrel-inventory.js';

const PAGE_URL = location.href;

async function allVehicles(): Promise<Vehicle[]> {
  const res = await fetch(`${apiBase()}/external/vehicles?limit=100&page=1`);
  return ((await res.json()) as ListEnvelope<Vehicle>).data;
}

/** The value shown for a specification label (e.g. "Transmission"). */
function spec(el: CarstrelVehicle, label: string): string | undefined {
  const row = $$(el, '[part="specs"] > div').find((d) => d.querySelector('dt')!.textContent!.trim() === label);
  return row?.querySelector('dd')!.textContent!.trim();
}

/** Serves the vehicle detail route through `edit` (the list and everything else pass through). */
function editVehicleDetail(edit: (v: Vehicle) => void): () => void {
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await original(input, init);
    if (!/^\/external\/vehicles\/[^/]+$/.test(new URL(String(input), location.href).pathname) || !res.ok) return res;
    const body = (await res.json()) as { data: Vehicle };
    edit(body.data);
    return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
  };
  return () => (window.fetch = original);
}

const MISSING = () => `${apiBase()}/media/qa-missing-photo.jpg`;

describe('carstrel-vehicle (QA polish)', () => {
  let vehicles: Vehicle[];
  let restore: (() => void) | undefined;

  before(async () => {
    await resetSandbox();
    vehicles = await allVehicles();
  });
  afterEach(() => {
    restore?.();
    restore = undefined;
    history.replaceState(null, '', PAGE_URL);
  });

  it('"Back to all vehicles" returns focus to the card the shopper came from (not to the top of the page)', async () => {
    const page = await fixture<HTMLElement>(
      html`<div>
        <carstrel-vehicle api=${apiBase()}></carstrel-vehicle>
        <carstrel-inventory api=${apiBase()} page-size="4" filters="none"></carstrel-inventory>
      </div>`,
    );
    const inventory = page.querySelector<CarstrelInventory>('carstrel-inventory')!;
    const view = page.querySelector<CarstrelVehicle>('carstrel-vehicle')!;
    await until(() => $$(inventory, 'a[part~="card-link"]').length === 4, 8000, 'the cards');
    const chosen = $$<HTMLAnchorElement>(inventory, 'a[part~="card-link"]')[2]!;
    chosen.click();
    await shown(view);
    await until(() => view.shadowRoot!.activeElement === $(view, '.title'), 3000, 'focus on the vehicle title');

    $<HTMLButtonElement>(view, '[part="back-button"]')!.click();
    await until(() => view.hidden, 3000, 'the view to close');
    await until(() => document.activeElement === inventory, 3000, 'focus back in the inventory');
    expect(inventory.shadowRoot!.activeElement).to.equal(chosen);
    expect(new URL(location.href).searchParams.has('vehicle')).to.equal(false);
  });

  it('fuel and gearbox enums are shown in the shopper\'s language ("CVT" not "Cvt"; French "Essence", "Automatique")', async () => {
    const cvt = vehicles.find((v) => v.engine?.transmission?.toLowerCase() === 'cvt');
    const petrolAutomatic = vehicles.find(
      (v) => v.engine?.type?.toLowerCase() === 'petrol' && v.engine?.transmission?.toLowerCase() === 'automatic',
    );
    expect(cvt, 'a seeded vehicle with a CVT gearbox').to.exist;
    expect(petrolAutomatic, 'a seeded petrol automatic').to.exist;

    const en = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${cvt!.id} lang="en"></carstrel-vehicle>`,
    );
    await shown(en);
    expect(spec(en, 'Transmission')).to.equal('CVT');

    const fr = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${petrolAutomatic!.id} lang="fr"></carstrel-vehicle>`,
    );
    await shown(fr);
    expect(spec(fr, 'Carburant')).to.equal('Essence');
    expect(spec(fr, 'Boîte de vitesses')).to.equal('Automatique');
    await expect(fr).to.be.accessible();
  });

  it('an enum value the catalogue does not know is still shown readable', async () => {
    restore = editVehicleDetail((v) => {
      v.engine = { ...(v.engine ?? {}), type: 'HYDROGEN_FUEL_CELL' } as Vehicle['engine'];
    });
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${vehicles[0]!.id} lang="en"></carstrel-vehicle>`,
    );
    await shown(el);
    expect(spec(el, 'Fuel')).to.equal('Hydrogen fuel cell');
  });

  it('a photo that fails to load leaves the gallery (no broken-image icon): the next photo is shown', async () => {
    const v = vehicles.find((x) => (x.media ?? []).filter((m) => /^https?:/.test(m.url)).length >= 3)!;
    restore = editVehicleDetail((d) => {
      const featured = d.media.find((m) => m.isFeatured) ?? d.media[0]!;
      featured.url = MISSING();
    });
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>`,
    );
    await shown(el);
    const photos = (v.media ?? []).filter((m) => /^https?:/.test(m.url) && (m.type ?? 'photo') === 'photo').length;
    await until(
      () => $<HTMLImageElement>(el, '[part="gallery-image"]')?.src !== MISSING(),
      5000,
      'the broken photo to leave the gallery',
    );
    await el.updateComplete;
    expect($$<HTMLImageElement>(el, 'img').map((i) => i.src)).not.to.include(MISSING());
    expect($(el, '[part="gallery-image"]')!.getAttribute('alt')).to.equal(`Photo 1 of ${photos - 1}`);
    await expect(el).to.be.accessible();
  });

  it('when no photo loads, the gallery says "No photo available" instead of a broken image', async () => {
    restore = editVehicleDetail((d) => {
      d.media = d.media.slice(0, 2).map((m, i) => ({ ...m, url: `${MISSING()}?n=${i}` }));
    });
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${vehicles[1]!.id}></carstrel-vehicle>`,
    );
    await shown(el);
    await until(() => $(el, '.stage.empty'), 5000, 'the empty gallery');
    expect($(el, '.stage.empty')!.textContent!.trim()).to.equal('No photo available');
    expect($(el, '[part="gallery-image"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('a very long unbroken vehicle name wraps on a phone-width page instead of widening it', async () => {
    const longWord = 'VolkswagenTransporterKombiLongWheelbaseHighRoofEdition2000';
    restore = editVehicleDetail((d) => {
      d.name = `2021 ${longWord}`;
      d.exteriorColor = longWord;
    });
    const box = await fixture<HTMLElement>(
      html`<x-phone style="display: block; width: 320px"
        ><carstrel-vehicle api=${apiBase()} vehicle-id=${vehicles[2]!.id}></carstrel-vehicle
      ></x-phone>`,
    );
    const el = box.querySelector<CarstrelVehicle>('carstrel-vehicle')!;
    await shown(el);
    const title = $(el, '[part="title"]')!;
    expect(title.textContent).to.include(longWord);
    expect(title.scrollWidth, 'title fits its box').to.be.at.most(title.clientWidth);
    expect($(el, '.layout')!.scrollWidth, 'view fits 320px').to.be.at.most(320);
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
  });

  it('the full-screen view moves focus to its close button, and renders no autofocus attribute (no console notice on load)', async () => {
    const v = vehicles.find((x) => (x.media ?? []).length > 1)!;
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>`,
    );
    await shown(el);
    expect($$(el, '[autofocus]')).to.have.length(0);
    $<HTMLButtonElement>(el, '.full')!.click();
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(dialog.querySelector('.close'));
    dialog.close();
  });

  it('keyboard: the thumbnails are one Tab stop (arrows move between them), so the call to action is near', async () => {
    const v = vehicles.find((x) => (x.media ?? []).length > 3)!;
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>`,
    );
    await shown(el);
    const thumbs = $$<HTMLButtonElement>(el, '[part="thumbnail"]');
    expect(thumbs.length).to.be.greaterThan(3);
    expect(thumbs.map((t) => t.tabIndex)).to.deep.equal(thumbs.map((_, i) => (i === 0 ? 0 : -1)));

    $<HTMLButtonElement>(el, '.full')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(thumbs[0]);
    await sendKeys({ press: 'ArrowRight' });
    await until(
      () => el.shadowRoot!.activeElement === $$(el, '[part="thumbnail"]')[1],
      2000,
      'focus on the second thumbnail',
    );
    expect($<HTMLImageElement>(el, '[part="gallery-image"]')!.alt).to.match(/^Photo 2 of/);
    await sendKeys({ press: 'End' });
    await until(
      () => el.shadowRoot!.activeElement === $$(el, '[part="thumbnail"]').at(-1),
      2000,
      'focus on the last thumbnail',
    );
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="cta"]'));
    await expect(el).to.be.accessible();
  });

  it('in the full-screen view a phone swipe changes the photo too', async () => {
    const v = vehicles.find((x) => (x.media ?? []).length > 2)!;
    const el = await fixture<CarstrelVehicle>(
      html`<carstrel-vehicle api=${apiBase()} vehicle-id=${v.id}></carstrel-vehicle>`,
    );
    await shown(el);
    $<HTMLButtonElement>(el, '.full')!.click();
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    const image = dialog.querySelector('img')!;
    const pointer = (type: string, x: number) =>
      image.dispatchEvent(
        new PointerEvent(type, { clientX: x, clientY: 300, bubbles: true, composed: true, pointerType: 'touch' }),
      );
    expect(image.alt).to.match(/^Photo 1 of/);
    pointer('pointerdown', 300);
    pointer('pointerup', 120);
    await el.updateComplete;
    expect(image.alt).to.match(/^Photo 2 of/);
    pointer('pointerdown', 100);
    pointer('pointerup', 300);
    await el.updateComplete;
    expect(image.alt).to.match(/^Photo 1 of/);
    expect(dialog.open).to.equal(true);
    dialog.close();
  });
});
