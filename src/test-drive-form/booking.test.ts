/** carstrel-test-drive-form: booking a test drive — sent once with a reference, refused with the reason, queued, kept as a draft. */
import { expect } from '@open-wc/testing';
import type { Vehicle } from '../api/types.js';
import { localToday } from '../forms/validators.js';
import type { CarstrelFormErrorEvent, CarstrelLeadSubmittedEvent } from '../shared/events.js';
import { faults, journal, until } from '../testing/browser.js';
import {
  announced,
  focused,
  forVehicle,
  freshEmail,
  freshSandboxEach,
  input,
  mountForm,
  press,
  recordedFor,
  someVehicles,
  startButton,
  storedDraft,
  tabAndType,
  type,
} from '../testing/forms.js';
import './carstrel-test-drive-form.js';

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

describe('carstrel-test-drive-form: booking', () => {
  let vehicle: Vehicle;
  before(async () => {
    [vehicle] = await someVehicles(1);
  });
  freshSandboxEach();

  it('renders a real <form> with labelled inputs of the right name, type and autocomplete (autofill works)', async () => {
    const el = await mountForm('carstrel-test-drive-form', 'autofill', forVehicle(vehicle));
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
    const el = await mountForm('carstrel-test-drive-form', 'journey', forVehicle(vehicle));
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

    const drives = await recordedFor('testDrives', email);
    expect(drives).to.have.length(1);
    expect(drives[0]).to.deep.include({
      vehicleId: vehicle.id,
      name: 'Ada Lovelace',
      phone: '+44 20 7946 0958',
      preferredDate: date.iso,
    });
    expect(el.querySelector('.reference')?.textContent).to.contain(String(drives[0].id));
    expect(events[0].detail).to.deep.include({ kind: 'test-drive', reference: drives[0].id, queued: false });
    expect(storedDraft('carstrel-test-drive-form', 'journey')).to.equal(undefined);
  });

  it('without a vehicle, submitting says what to do instead of sending', async () => {
    const el = await mountForm('carstrel-test-drive-form', 'no-vehicle');
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
    const el = await mountForm(
      'carstrel-test-drive-form',
      'refused',
      forVehicle({ id: '00000000-0000-4000-8000-000000000000', name: 'Gone Car' }),
    );
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
    const el = await mountForm('carstrel-test-drive-form', 'past', forVehicle(vehicle));
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
    const el = await mountForm('carstrel-test-drive-form', 'server-400', forVehicle(vehicle));
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
    const el = await mountForm('carstrel-test-drive-form', 'reload', forVehicle(vehicle));
    input(el, 'name').focus();
    await type('Grace');
    await press('Tab');
    await type('grace@example.com');
    el.remove();
    const again = await mountForm('carstrel-test-drive-form', 'reload', forVehicle(vehicle));
    expect(input(again, 'name').value).to.equal('Grace');
    expect(input(again, 'email').value).to.equal('grace@example.com');
  });

  it('upstream down: the request is queued, shown as queued, and recorded exactly once later', async () => {
    const el = await mountForm('carstrel-test-drive-form', 'queued', forVehicle(vehicle));
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
    expect(await recordedFor('testDrives', email)).to.have.length(0);
    await faults({ down: false });
    await until(
      async () => (await recordedFor('testDrives', email)).length === 1,
      20000,
      'the queued request to be delivered',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(await recordedFor('testDrives', email)).to.have.length(1);
  });
});
