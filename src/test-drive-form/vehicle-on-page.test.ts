/**
 * carstrel-test-drive-form with a carstrel-vehicle on the page: it takes the vehicle shown, and the
 * vehicle's call to action brings the form into view (reduced motion respected, room kept for the
 * section heading) with focus on its first field; the confirmation names the vehicle booked.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { Vehicle } from '../api/types.js';
import { CarstrelTestDriveRequestEvent, CarstrelVehicleLoadedEvent } from '../shared/events.js';
import { apiBase, engine, resetSandbox, until } from '../testing/browser.js';
import { fill, focused, freshEmail, input, mountForm, someVehicles } from '../testing/forms.js';
import './carstrel-test-drive-form.js';
import type { CarstrelTestDriveForm } from './carstrel-test-drive-form.js';

/** Records the options of every `scrollIntoView` call on `el`. */
function recordScrolls(el: HTMLElement): Array<ScrollIntoViewOptions | boolean | undefined> {
  const calls: Array<ScrollIntoViewOptions | boolean | undefined> = [];
  el.scrollIntoView = (options?: ScrollIntoViewOptions | boolean) => void calls.push(options);
  return calls;
}

/** Waits until the page has scrolled away from `from` and stopped (the same position for 100 ms). */
async function scrollSettled(from: number): Promise<void> {
  let last = NaN;
  let still = 0;
  await until(
    () => {
      still = window.scrollY === last ? still + 1 : 0;
      last = window.scrollY;
      return window.scrollY !== from && still >= 4;
    },
    3000,
    'the scroll to end',
  );
}

/** Emulating prefers-reduced-motion needs Chromium's DevTools protocol: WebDriver BiDi (Firefox) and WebKitWebDriver have no such command. */
const canEmulateMotion = engine() === 'chromium';

describe('carstrel-test-drive-form: the vehicle on the page', () => {
  let vehicle: Vehicle;
  let other: Vehicle;
  before(async () => {
    [vehicle, other] = await someVehicles(2);
  });
  beforeEach(async () => {
    sessionStorage.clear();
    await resetSandbox();
  });
  afterEach(async () => {
    if (canEmulateMotion) await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('without vehicle-id: takes the vehicle a carstrel-vehicle shows, and its call to action focuses the form', async () => {
    const el = await mountForm('carstrel-test-drive-form', 'from-page');
    expect(el.querySelector('.notice--warning')?.textContent).to.match(/Choose a vehicle/);
    await expect(el).to.be.accessible();
    window.dispatchEvent(new CarstrelVehicleLoadedEvent({ vehicle }));
    await el.updateComplete;
    expect(el.querySelector('.vehicle-name')?.textContent).to.equal(vehicle.name);
    expect(el.currentVehicleId).to.equal(vehicle.id);

    document.body.focus();
    window.dispatchEvent(new CarstrelTestDriveRequestEvent({ vehicle }));
    await until(() => focused() === input(el, 'name'), 3000, 'focus on the first field');
  });

  it('reduced motion: the call to action jumps to the form instead of a smooth scroll', async function () {
    if (!canEmulateMotion) this.skip(); // Firefox and WebKit drivers cannot emulate prefers-reduced-motion
    const el = await mountForm('carstrel-test-drive-form', 'motion');
    const scrolls = recordScrolls(el);

    await emulateMedia({ reducedMotion: 'reduce' });
    window.dispatchEvent(new CarstrelTestDriveRequestEvent({ vehicle }));
    await until(() => document.activeElement === input(el, 'name'), 3000, 'focus on the first field');
    expect(scrolls).to.have.length(1);
    expect((scrolls[0] as ScrollIntoViewOptions).behavior).to.equal('auto');

    await emulateMedia({ reducedMotion: 'no-preference' });
    document.body.focus();
    window.dispatchEvent(new CarstrelTestDriveRequestEvent({ vehicle }));
    await until(() => scrolls.length === 2, 3000, 'the second scroll');
    expect((scrolls[1] as ScrollIntoViewOptions).behavior).to.equal('smooth');
  });

  it('the call to action scrolls the form into view with room above it for the section heading', async () => {
    if (canEmulateMotion) await emulateMedia({ reducedMotion: 'reduce' });
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <div style="height: 3000px">page content</div>
        <h2 id="qa-heading">Book a test drive</h2>
        <carstrel-test-drive-form api=${apiBase()} storage-key="scroll-margin"></carstrel-test-drive-form>
        <div style="height: 3000px"></div>
      </div>`,
    );
    const el = wrap.querySelector<CarstrelTestDriveForm>('carstrel-test-drive-form')!;
    await el.updateComplete;
    const scrolledFrom = window.scrollY;
    window.dispatchEvent(new CarstrelTestDriveRequestEvent({ vehicle }));
    await until(() => document.activeElement === input(el, 'name'), 3000, 'focus on the first field');
    await scrollSettled(scrolledFrom); // a smooth scroll where reduced motion could not be emulated
    const top = el.getBoundingClientRect().top;
    expect(top).to.be.closeTo(72, 2); // 4.5rem
    expect(wrap.querySelector('#qa-heading')!.getBoundingClientRect().top).to.be.at.least(0);
    window.scrollTo(0, 0);
  });

  it('the confirmation names the vehicle the request was sent for, even when the page shows another one since', async () => {
    const el = await mountForm('carstrel-test-drive-form', 'names-vehicle');
    window.dispatchEvent(new CarstrelTestDriveRequestEvent({ vehicle }));
    await el.updateComplete;
    fill(el, 'name', 'Amina Otieno');
    fill(el, 'email', freshEmail('qa-confirm'));
    el.querySelector<HTMLButtonElement>('.submit')!.click();
    await until(() => el.querySelector('.result'), 8000, 'the confirmation');
    expect(el.querySelector('.result')!.textContent).to.include(vehicle.name);

    // The shopper goes on browsing: the confirmation still names what was booked.
    window.dispatchEvent(new CarstrelVehicleLoadedEvent({ vehicle: other }));
    await el.updateComplete;
    expect(el.querySelector('.result')!.textContent).to.include(vehicle.name);
    expect(el.querySelector('.result')!.textContent).not.to.include(other.name);
    await expect(el).to.be.accessible();
  });

  it('a very long unbroken vehicle name wraps inside the form on a phone', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<x-phone style="display: block; width: 320px"
        ><carstrel-test-drive-form api=${apiBase()} storage-key="long-name"></carstrel-test-drive-form
      ></x-phone>`,
    );
    const el = wrap.querySelector<CarstrelTestDriveForm>('carstrel-test-drive-form')!;
    window.dispatchEvent(
      new CarstrelVehicleLoadedEvent({
        vehicle: { ...vehicle, name: `2021 ${'VolkswagenTransporterKombi'.repeat(3)}` },
      }),
    );
    await el.updateComplete;
    const box = el.querySelector<HTMLElement>('.vehicle')!;
    expect(box.scrollWidth).to.be.at.most(box.clientWidth);
    expect(el.scrollWidth).to.be.at.most(320);
  });
});
