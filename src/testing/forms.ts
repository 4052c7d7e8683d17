/**
 * Helpers for the form elements' browser tests (keyboard journeys against the real proxy and
 * sandbox). Not part of any element bundle.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { CarstrelClient } from '../api/client.js';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import type { CarstrelLogin } from '../login/carstrel-login.js';
import { apiBase, faults, journal, resetSandbox, until } from './browser.js';

/**
 * Every test of the calling `describe` starts from the seeded sandbox with no saved draft (session
 * storage; local storage too when `localStorage` is set: the newsletter keeps its subscription
 * there), and ends with the sandbox's faults off, whatever the test injected.
 */
export function freshSandboxEach({ localStorage: clearLocal = false } = {}): void {
  beforeEach(async () => {
    sessionStorage.clear();
    if (clearLocal) localStorage.clear();
    await resetSandbox();
  });
  afterEach(() => faults({ down: false, latencyMs: 0, errorRate: 0 }));
}

/** A unique address per test run, so that tests never see each other's leads. */
export function freshEmail(tag: string): string {
  return `${tag}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}@example.com`;
}

export function input(root: Element, name: string): HTMLInputElement {
  const found = root.querySelector<HTMLInputElement>(`form [name="${name}"]`);
  if (!found) throw new Error(`no field named ${name}`);
  return found;
}

export const press = (key: string) => sendKeys({ press: key });
export const type = (text: string) => sendKeys({ type: text });

/** Tab to the next control and check it is the expected field, then type into it. */
export async function tabAndType(root: Element, name: string, text: string): Promise<void> {
  await press('Tab');
  expect(document.activeElement, `focus after Tab should be on ${name}`).to.equal(input(root, name));
  if (text) await type(text);
}

export function focused(): Element | null {
  return document.activeElement;
}

/** Waits for the element's live region to announce something matching `pattern`. */
export function announced(root: Element, pattern: RegExp, timeout = 8000): Promise<string> {
  return until(
    () =>
      Array.from(root.querySelectorAll('[role="status"]'))
        .map((n) => n.textContent ?? '')
        .find((t) => pattern.test(t)),
    timeout,
    `an announcement matching ${pattern}`,
  ) as Promise<string>;
}

/** A start button before the element: keyboard journeys begin there and Tab into the form. */
export function startButton(): HTMLButtonElement {
  const b = document.querySelector<HTMLButtonElement>('#start');
  if (!b) throw new Error('fixture needs <button id="start">');
  return b;
}

/** The draft kept in session storage for `storageKey` (element tag + key). */
export function storedDraft(tag: string, storageKey: string, ...parts: string[]): unknown {
  const raw = sessionStorage.getItem(`carstrel:draft:${[tag, storageKey, ...parts].join(':')}`);
  return raw ? JSON.parse(raw) : undefined;
}

/** No JWT anywhere page JavaScript can read. */
export function readableJwts(): string[] {
  const jwt = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g;
  const places = [document.cookie, ...Object.values({ ...localStorage }), ...Object.values({ ...sessionStorage })];
  return places.flatMap((p) => String(p).match(jwt) ?? []);
}

/** The form elements these helpers mount. */
type FormTag =
  'carstrel-contact-form' | 'carstrel-login' | 'carstrel-newsletter' | 'carstrel-test-drive-form' | 'carstrel-trade-in';

/**
 * Mounts a form element talking to the test proxy, after a `<button id="start">` (keyboard
 * journeys begin there and Tab into the form), and waits for its first render. `attributes` may
 * override `api`.
 */
export async function mountForm<K extends FormTag>(
  tag: K,
  storageKey: string,
  attributes: Record<string, string> = {},
): Promise<HTMLElementTagNameMap[K]> {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries({ api: apiBase(), 'storage-key': storageKey, ...attributes }))
    el.setAttribute(name, value);
  await fixture(html`<div><button id="start">start</button>${el}</div>`);
  await el.updateComplete;
  return el;
}

/** The attributes that tie a `carstrel-test-drive-form` to a vehicle. */
export function forVehicle(vehicle: Pick<Vehicle, 'id' | 'name'>): Record<string, string> {
  return { 'vehicle-id': vehicle.id, 'vehicle-name': vehicle.name };
}

/** Sets a field's value as typing would (an `input` event), without the keyboard. */
export function fill(root: Element, name: string, value: string): void {
  const field = input(root, name);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Focuses the form's submit button and presses Enter on it. */
export async function pressSubmit(root: Element): Promise<void> {
  const submit = root.querySelector<HTMLButtonElement>('.submit');
  if (!submit) throw new Error('no submit button');
  submit.focus();
  await press('Enter');
}

/** The first `count` vehicles of the test dealer's inventory (through the proxy). */
export async function someVehicles(count: number): Promise<Vehicle[]> {
  const res = await fetch(`${apiBase()}/external/vehicles?limit=${count}`);
  const { data } = (await res.json()) as ListEnvelope<Vehicle>;
  if (data.length < count) throw new Error(`the sandbox has fewer than ${count} vehicles`);
  return data;
}

/** What the sandbox recorded for one shopper's address (leads, subscriptions, customers). */
export async function recordedFor(
  list: 'testDrives' | 'contacts' | 'newsletter' | 'customers',
  email: string,
): Promise<Array<Record<string, unknown>>> {
  const entries: unknown[] = (await journal())[list];
  return entries.filter(
    (entry): entry is Record<string, unknown> =>
      typeof entry === 'object' && entry !== null && 'email' in entry && entry.email === email,
  );
}

// ---- the customer session (carstrel-login) ----

/** The seeded demo customer. */
export const DEMO_CUSTOMER = { email: 'jane.doe@example.com', password: 'password123' };

/** `carstrel-login` once its session check is over (the tabs, or the logged-in customer). */
export async function mountLogin(
  storageKey = 'login',
  attributes: Record<string, string> = {},
): Promise<CarstrelLogin> {
  const el = await mountForm('carstrel-login', storageKey, attributes);
  await until(() => el.querySelector('[role="tablist"], .account'), 5000, 'the session check');
  return el;
}

/** The login or register tab panel of a `carstrel-login`. */
export function tabPanel(el: Element, tab: 'login' | 'register'): Element {
  const panel = el.querySelector(`[role="tabpanel"][id$="-panel-${tab}"]`);
  if (!panel) throw new Error(`no ${tab} panel`);
  return panel;
}

/** A fresh page: forget the in-memory session store, as a reload would. */
export function forgetPageState(): void {
  delete (globalThis as unknown as Record<symbol, unknown>)[Symbol.for('carstrel.session')];
  CarstrelClient.bearer = undefined;
}

/** Types the credentials into the login tab with the keyboard and submits them. */
export async function submitLogin(el: Element, who: { email: string; password: string }): Promise<void> {
  input(tabPanel(el, 'login'), 'email').focus();
  await type(who.email);
  await press('Tab');
  await type(who.password);
  await press('Enter');
}

/** Logs in through the login tab with the keyboard and waits for the logged-in view. */
export async function logIn(el: Element, who: { email: string; password: string }): Promise<void> {
  await submitLogin(el, who);
  await until(() => el.querySelector('.account'), 8000, 'the logged-in view');
}

/** Ends any session cookie behind the page's back and forgets the page's session state. */
export async function logOutQuietly(): Promise<void> {
  await fetch(`${apiBase()}/session/logout`, { method: 'POST', credentials: 'include' });
  forgetPageState();
}
