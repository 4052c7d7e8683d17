/// <reference types="mocha" />
/**
 * The first-wave elements on a dark dealer theme that sets no `--carstrel-*` token (as
 * demo/shopper-dark.html): text that sits on the page follows the page's colour, surfaces follow
 * `color-scheme`, and axe finds no colour-contrast failure in any of them.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { Vehicle } from '../api/types.js';
import '../contact-form/carstrel-contact-form.js';
import '../inventory/carstrel-inventory.js';
import type { CarstrelInventory } from '../inventory/carstrel-inventory.js';
import '../login/carstrel-login.js';
import '../newsletter/carstrel-newsletter.js';
import '../test-drive-form/carstrel-test-drive-form.js';
import { apiBase, resetSandbox, until } from '../testing/browser.js';
import { listVehicles, settled, shown } from '../testing/listing.js';
import '../vehicle/carstrel-vehicle.js';
import type { CarstrelVehicle } from '../vehicle/carstrel-vehicle.js';

const PAGE_TEXT = 'rgb(235, 237, 240)';

/** The page's colour, or muted text mixed from it (`color(srgb 0.92 0.93 0.94 / 0.74)`). */
function followsPage(color: string): boolean {
  return color === PAGE_TEXT || /^color\(srgb 0\.9215\d* 0\.9294\d* 0\.9411\d* \/ 0\.\d+\)$/.test(color);
}

/** A dark page region: dark background, light text, and (or not) `color-scheme: dark`. */
async function darkPage(inner: unknown, scheme: 'dark' | 'normal' = 'normal'): Promise<HTMLElement> {
  return fixture<HTMLElement>(
    html`<div style="background: #121417; color: ${PAGE_TEXT}; color-scheme: ${scheme}; padding: 1rem">
      ${inner}
    </div>`,
  );
}

describe('dark dealer theme, no configuration: first-wave elements', () => {
  let vehicle: Vehicle;
  before(async () => {
    await resetSandbox();
    [vehicle] = await listVehicles('listingType=sale&limit=1&page=2');
  });

  for (const scheme of ['normal', 'dark'] as const) {
    describe(`page color-scheme: ${scheme}`, () => {
      it('carstrel-inventory: the count and filters follow the page; cards stay legible', async () => {
        const box = await darkPage(
          html`<carstrel-inventory api=${apiBase()} page-size="4" url-state="off" monthly-payment></carstrel-inventory>`,
          scheme,
        );
        const el = box.querySelector<CarstrelInventory>('carstrel-inventory')!;
        await settled(el);
        const count = getComputedStyle(el.shadowRoot!.querySelector('[part="count"]')!).color;
        expect(followsPage(count), count).to.equal(true);
        await expect(box).to.be.accessible();
      });

      it('carstrel-vehicle: title and specifications follow the page; price block and similar cards stay legible', async () => {
        const box = await darkPage(
          html`<carstrel-vehicle api=${apiBase()} vehicle-id=${vehicle.id} monthly-payment></carstrel-vehicle>`,
          scheme,
        );
        const el = box.querySelector<CarstrelVehicle>('carstrel-vehicle')!;
        await shown(el);
        await until(() => el.shadowRoot!.querySelector('[part="similar"]'), 8000, 'similar vehicles');
        expect(getComputedStyle(el.shadowRoot!.querySelector('[part="title"]')!).color).to.equal(PAGE_TEXT);
        await expect(box).to.be.accessible();
      });

      it('carstrel-test-drive-form and carstrel-contact-form', async () => {
        const box = await darkPage(
          html`<carstrel-test-drive-form
              api=${apiBase()}
              storage-key="dark-td"
              vehicle-id=${vehicle.id}
              vehicle-name=${vehicle.name}
            ></carstrel-test-drive-form>
            <carstrel-contact-form api=${apiBase()} storage-key="dark-contact"></carstrel-contact-form>`,
          scheme,
        );
        await until(() => box.querySelector('carstrel-contact-form form, carstrel-contact-form input'), 5000, 'form');
        await expect(box).to.be.accessible();
      });

      it('carstrel-login and carstrel-newsletter', async () => {
        const box = await darkPage(
          html`<carstrel-login api=${apiBase()} storage-key="dark-login"></carstrel-login>
            <carstrel-newsletter api=${apiBase()} storage-key="dark-news"></carstrel-newsletter>`,
          scheme,
        );
        await until(() => box.querySelector('carstrel-login [role="tablist"], carstrel-login .account'), 5000, 'login');
        await until(() => box.querySelector('carstrel-newsletter input'), 5000, 'newsletter');
        await expect(box).to.be.accessible();
      });
    });
  }
});
