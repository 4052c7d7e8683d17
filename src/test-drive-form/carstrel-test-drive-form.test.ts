import { expect, fixture, html } from '@open-wc/testing';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import { apiBase, faults, journal, resetSandbox, until } from '../testing/browser.js';
import { localToday } from '../forms/validators.js';
import {
  announced,
  focused,
  freshEmail,
  input,
  press,
  startButton,
  storedDraft,
  tabAndType,
  type,
} from '../testing/forms.js';
import { clientFor } from '../api/client.js';
import { session } from '../login/session.js';
import {
  CarstrelTestDriveRequestEvent,
  CarstrelVehicleLoadedEvent,
  type CarstrelFormErrorEvent,
  type CarstrelLeadSubmittedEvent,
} from '../shared/events.js';
import './carstrel-test-drive-form.js';
import type { CarstrelTestDriveForm } from './carstrel-test-drive-form.js';

async function someVehicle(): Promise<Vehicle> {
  const res = await fetch(`${apiBase()}/external/vehicles?limit=1`);
  return ((await res.json()) as ListEnvelope<Vehicle>).data[0]!;
}

async function mount(storageKey: string, vehicle?: Pick<Vehicle, 'id' | 'name'>): Promise<CarstrelTestDriveForm> {
  const wrap = await fixture<HTMLDivElement>(
    html`<div>
      <button id="start">start</button>
      <carstrel-test-drive-form
        api=${apiBase()}
        storage-key=${storageKey}
        vehicle-id=${vehicle?.id ?? ''}
        vehicle-name=${vehicle?.name ?? ''}
      ></carstrel-test-drive-form>
    </div>`,
  );
  const el = wrap.querySelector('carstrel-test-drive-form')!;
  await el.updateComplete;
  return el;
}

/**
 * A date N days ahead, as YYYY-MM-DD and as typed into an en-US date field. With the separators
 * (MM/DD/YYYY): Chromium and Firefox move to the next segment after two digits, WebKit's
 * segmented date field only on the separator (without it the field stays invalid).
 */
function daysAhead(n: number): { iso: string; typed: string } {
  const d = new Date();
  d.setDate(d.getDate() + n);
  const iso = localToday(d);
  const [y, m, day] = iso.split('-');
  return { iso, typed: `${m}/${day}/${y}` };
}

const drivesFor = async (email: string) => (await journal()).testDrives.filter((t) => t.email === email);

describe('carstrel-test-drive-form', () => {
  let vehicle: Vehicle;
  before(async () => {
    vehicle = await someVehicle();
  });
  beforeEach(async () => {
    sessionStorage.clear();
    await resetSandbox();
  });
  afterEach(() => faults({ down: false, latencyMs: 0, errorRate: 0 }));

  it('renders a real <form> with labelled inputs of the right name, type and autocomplete (autofill works)', async () => {
    const el = await mount('autofill', vehicle);
    const expected: Array<[string, string, string]> = [
      ['name', 'text', 'name'],
      ['email', 'email', 'email'],
      ['phone', 'tel', 'tel'],
      ['preferredDate', 'date', 'off'],
    ];
    for (const [name, t, autocomplete] of expected) {
      const i = input(el, name);
      expect(i.type, name).to.equal(t);
      expect(i.getAttribute('autocomplete'), name).to.equal(autocomplete);
      expect(i.labels?.length, `${name} is labelled`).to.equal(1);
      expect(i.form).to.be.instanceOf(HTMLFormElement);
    }
    expect(input(el, 'phone').required, 'phone is optional').to.equal(false);
    expect(input(el, 'preferredDate').min).to.equal(localToday());
  });

  it('keyboard-only journey with vehicle-id: shows the vehicle, sends once, shows the reference, accessible in every state', async () => {
    const el = await mount('journey', vehicle);
    expect(el.querySelector('.vehicle-name')?.textContent).to.equal(vehicle.name);
    await expect(el).to.be.accessible();
    const email = freshEmail('drive');
    const date = daysAhead(3);
    const events: CarstrelLeadSubmittedEvent[] = [];
    el.addEventListener('carstrel-lead-submitted', (e) => events.push(e));

    startButton().focus();
    await tabAndType(el, 'name', 'Ada Lovelace');
    await tabAndType(el, 'email', email);
    await tabAndType(el, 'phone', '+44 20 7946 0958');
    await tabAndType(el, 'preferredDate', date.typed);
    expect(input(el, 'preferredDate').value).to.equal(date.iso);
    // Leave the date field: Chrome's date input has one Tab stop per segment.
    el.querySelector<HTMLButtonElement>('.submit')!.focus();
    await faults({ latencyMs: 500 });
    await press('Enter');
    await announced(el, /Sending/);
    await expect(el).to.be.accessible();
    await until(() => el.querySelector('.result'), 8000, 'the confirmation');
    expect(focused()?.textContent).to.match(/Test drive requested/);
    await expect(el).to.be.accessible();

    const drives = await drivesFor(email);
    expect(drives).to.have.length(1);
    expect(drives[0]).to.deep.include({
      vehicleId: vehicle.id,
      name: 'Ada Lovelace',
      phone: '+44 20 7946 0958',
      preferredDate: date.iso,
    });
    expect(el.querySelector('.reference')?.textContent).to.contain(String(drives[0]!.id));
    expect(events[0]!.detail).to.deep.include({ kind: 'test-drive', reference: drives[0]!.id, queued: false });
    expect(storedDraft('carstrel-test-drive-form', 'journey')).to.equal(undefined);
  });

  it('without vehicle-id: takes the vehicle a carstrel-vehicle shows, and its call to action focuses the form', async () => {
    const el = await mount('from-page');
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

  it('without a vehicle, submitting says what to do instead of sending', async () => {
    const el = await mount('no-vehicle');
    input(el, 'name').focus();
    await type('Ada');
    await press('Tab');
    await type('ada@example.com');
    await press('Enter');
    await announced(el, /Choose a vehicle/);
    await expect(el).to.be.accessible();
    expect((await journal()).testDrives).to.have.length(0);
  });

  it('a refused request is visibly refused with the reason (unknown vehicle), without a pointless retry', async () => {
    const el = await mount('refused', { id: '00000000-0000-4000-8000-000000000000', name: 'Gone Car' });
    const errors: CarstrelFormErrorEvent[] = [];
    el.addEventListener('carstrel-form-error', (e) => errors.push(e));
    input(el, 'name').focus();
    await type('Ada');
    await press('Tab');
    await type('ada@example.com');
    await press('Enter');
    await announced(el, /Not sent: No vehicle with id/);
    expect(el.querySelector('[part~="failure"]')?.textContent).to.match(
      /No vehicle with id 00000000-0000-4000-8000-000000000000/,
    );
    expect(
      el.querySelector('.submit')?.textContent?.trim(),
      'not "Try again": the same request would fail the same way',
    ).to.equal('Request test drive');
    expect(errors.map((e) => [e.detail.kind, e.detail.status])).to.deep.equal([['test-drive', 404]]);
    expect(input(el, 'name').value, 'what was typed is kept').to.equal('Ada');
    await expect(el).to.be.accessible();
  });

  it('preferred date not in the past: refused on the field before sending', async () => {
    const el = await mount('past', vehicle);
    input(el, 'name').focus();
    await type('Ada');
    await press('Tab');
    await type('ada@example.com');
    input(el, 'preferredDate').focus();
    await type(daysAhead(-2).typed);
    el.querySelector<HTMLButtonElement>('.submit')!.focus();
    await press('Enter');
    await announced(el, /need attention/);
    expect(input(el, 'preferredDate').getAttribute('aria-invalid')).to.equal('true');
    expect(el.querySelector('.error')?.textContent).to.match(/today or a later date/);
    expect(focused()).to.equal(input(el, 'preferredDate'));
    await expect(el).to.be.accessible();
    expect((await journal()).testDrives).to.have.length(0);
  });

  it('server validation errors land on the right field', async () => {
    const el = await mount('server-400', vehicle);
    input(el, 'name').focus();
    await type('Ada');
    await press('Tab');
    await type('ada@example.c');
    await press('Enter');
    await until(() => input(el, 'email').getAttribute('aria-invalid') === 'true', 8000, 'the email error');
    expect(el.querySelector('.error')?.textContent).to.match(/email must be a valid email address/);
    expect(input(el, 'name').getAttribute('aria-invalid')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('reload keeps the draft (element re-created with the same storage key)', async () => {
    const el = await mount('reload', vehicle);
    input(el, 'name').focus();
    await type('Grace');
    await press('Tab');
    await type('grace@example.com');
    el.remove();
    const again = await mount('reload', vehicle);
    expect(input(again, 'name').value).to.equal('Grace');
    expect(input(again, 'email').value).to.equal('grace@example.com');
  });

  it('upstream down: the request is queued, shown as queued, and recorded exactly once later', async () => {
    const el = await mount('queued', vehicle);
    const email = freshEmail('driveq');
    await faults({ down: true });
    input(el, 'name').focus();
    await type('Queued Shopper');
    await press('Tab');
    await type(email);
    await press('Enter');
    await until(() => el.querySelector('.result--queued'), 8000, 'the queued state');
    await announced(el, /delivered automatically/);
    await expect(el).to.be.accessible();
    expect(await drivesFor(email)).to.have.length(0);
    await faults({ down: false });
    await until(async () => (await drivesFor(email)).length === 1, 20000, 'the queued request to be delivered');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await drivesFor(email)).to.have.length(1);
  });

  it('an anonymous shopper costs no session check: no /external/auth/me request without a login hint', async () => {
    localStorage.removeItem('carstrel:session-hint');
    const calls: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (url, init) => {
      calls.push(String(url));
      return realFetch(url, init);
    };
    try {
      const el = await mount('anonymous', vehicle);
      await new Promise((r) => setTimeout(r, 300));
      expect(el.querySelector('form')).to.not.equal(null);
    } finally {
      window.fetch = realFetch;
    }
    expect(calls.filter((u) => u.includes('/external/auth/me'))).to.deep.equal([]);
  });

  it('prefilled from the logged-in customer; what the shopper typed wins', async () => {
    const email = freshEmail('prefill');
    const client = clientFor(apiBase());
    await session().register(
      client,
      { email, password: 'correct horse 1', firstName: 'Mary', lastName: 'Jackson', phone: { mobile: '+1 555 0100' } },
      crypto.randomUUID(),
    );
    try {
      const el = await mount('prefill', vehicle);
      await until(() => input(el, 'email').value === email, 3000, 'prefill');
      expect(input(el, 'name').value).to.equal('Mary Jackson');
      expect(input(el, 'phone').value).to.equal('+1 555 0100');
      expect(el.querySelector('.hint')?.textContent).to.match(/Filled in from your account/);
      await expect(el).to.be.accessible();

      // A shopper's own draft is never overwritten by the account's data.
      el.remove();
      sessionStorage.setItem(
        'carstrel:draft:carstrel-test-drive-form:typed',
        JSON.stringify({ values: { name: 'Typed By Shopper' } }),
      );
      const typed = await mount('typed', vehicle);
      await until(() => input(typed, 'email').value === email, 3000, 'prefill of the empty fields');
      expect(input(typed, 'name').value).to.equal('Typed By Shopper');
      // Logging out takes the account's details back (shared computers); the shopper's own stay.
      await session().logout(client);
      await typed.updateComplete;
      expect(input(typed, 'email').value).to.equal('');
      expect(input(typed, 'name').value).to.equal('Typed By Shopper');
    } finally {
      if (session().current.status === 'authenticated') await session().logout(client);
    }
  });
});
