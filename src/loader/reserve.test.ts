/// <reference types="mocha" />
/**
 * Space reserved before the code arrives: an inventory and a vehicle view are as tall before their
 * element is defined (the loader's `:not(:defined)` rules) as with their skeleton, and the skeleton
 * is as tall as the loaded view, at a phone's, a sidebar's, a column's and a full page's width.
 * The elements are defined only in the middle of the test (this file imports them late).
 */
import { expect } from '@open-wc/testing';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import { $, $$, apiBase, faults, resetSandbox, until } from '../testing/browser.js';
import { api } from '../testing/listing.js';
import { reserveRules, reserveSpace } from './reserve.js';

const WIDTHS = [360, 700, 1000, 1300];

/** One box per width, each holding `markup` and a paragraph after it (the dealer's text). */
function place(markup: string): HTMLElement[] {
  return WIDTHS.map((width) => {
    const box = document.createElement('div');
    box.style.width = `${width}px`;
    box.innerHTML = `${markup}<p class="after">Text after the widget</p>`;
    document.body.append(box);
    return box;
  });
}

/** Where the dealer's text after the widget starts, relative to its box. */
const afterTop = (box: HTMLElement) =>
  box.querySelector('.after')!.getBoundingClientRect().top - box.getBoundingClientRect().top;

describe('space reserved before the code arrives', () => {
  let boxes: HTMLElement[] = [];

  before(() => reserveSpace());
  afterEach(async () => {
    for (const box of boxes) box.remove();
    boxes = [];
    await faults({ latencyMs: 0 });
  });

  it('only adopts a stylesheet (no style element: fine under a strict CSP)', () => {
    expect(document.adoptedStyleSheets.length).to.be.greaterThan(0);
    expect(document.querySelector('style')).to.equal(null);
    expect(reserveRules()).to.contain('carstrel-inventory:not(:defined)');
  });

  it('an inventory: reserved height = skeleton height = loaded height, at every width', async () => {
    await resetSandbox();
    boxes = place(`<carstrel-inventory api="${apiBase()}" page-size="12" url-state="off"></carstrel-inventory>`);
    const reserved = boxes.map(afterTop);
    expect(reserved.every((h) => h > 1000)).to.equal(true, `reserved ${reserved.join(', ')}`);

    await faults({ latencyMs: 1500 });
    await import('../inventory/carstrel-inventory.js');
    const inventories = boxes.map((box) => box.querySelector('carstrel-inventory')!);
    await until(() => inventories.every((el) => el.shadowRoot?.querySelector('.skeleton')), 5000, 'skeletons');
    await new Promise((r) => requestAnimationFrame(r));
    const skeleton = boxes.map(afterTop);

    // Every card (the first row comes first, the others a task later: inventory/first-row.ts).
    await until(
      () => inventories.every((el) => $(el, '.grid:not(.skeleton)') && !$(el, '.grid .placeholder')),
      8000,
      'cards',
    );
    await new Promise((r) => requestAnimationFrame(r));
    const loaded = boxes.map(afterTop);

    WIDTHS.forEach((width, i) => {
      expect(
        Math.abs(skeleton[i] - reserved[i]),
        `${width}px: reserved ${reserved[i]}, skeleton ${skeleton[i]}`,
      ).to.be.below(4);
      expect(Math.abs(loaded[i] - skeleton[i]), `${width}px: skeleton ${skeleton[i]}, loaded ${loaded[i]}`).to.be.below(
        1,
      );
    });
    // The cards really are there, 12 of them, as tall as the skeleton's.
    expect($$(inventories[2], '[part~="card"]').length).to.equal(12);
  });

  it('a vehicle view: nothing above the details moves when the vehicle arrives', async () => {
    await resetSandbox();
    const list = await api<ListEnvelope<Vehicle>>('/external/vehicles?limit=1&listingType=sale');
    const id = list.data[0].id;
    boxes = place(`<carstrel-vehicle api="${apiBase()}" vehicle-id="${id}"></carstrel-vehicle>`);
    const reserved = boxes.map(afterTop);

    await faults({ latencyMs: 1500 });
    await import('../vehicle/carstrel-vehicle.js');
    const views = boxes.map((box) => box.querySelector('carstrel-vehicle')!);
    await until(() => views.every((el) => el.shadowRoot?.querySelector('.skeleton')), 5000, 'skeletons');
    const skeleton = boxes.map(afterTop);
    /**
     * The stage's place in its box (the boxes above grow when their details arrive), to a tenth of a
     * pixel: engines lay out in their own units (Firefox 1/60 px, WebKit 1/64 px), and the same
     * length can come out 0.0001 px apart by two routes (a line box and a min-height).
     */
    const tenth = (n: number) => Math.round(n * 10) / 10;
    const stage = (el: Element) => {
      const rect = $(el, '.stage')!.getBoundingClientRect();
      return [tenth(rect.top - el.parentElement!.getBoundingClientRect().top), tenth(rect.height)];
    };
    const stageBefore = views.map((el) => stage(el));

    await until(() => views.every((el) => $(el, '[part="base"]')), 8000, 'vehicles');
    const stageAfter = views.map((el) => stage(el));

    WIDTHS.forEach((width, i) => {
      expect(
        Math.abs(skeleton[i] - reserved[i]),
        `${width}px: reserved ${reserved[i]}, skeleton ${skeleton[i]}`,
      ).to.be.below(4);
      expect(stageAfter[i], `${width}px: the gallery's stage`).to.deep.equal(stageBefore[i]);
    });
  });
});
