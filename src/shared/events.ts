import type { ErrorEnvelope, Vehicle } from '../api/types.js';
import { ANNOUNCED } from './page-marks.js';

/**
 * Domain events of CarStrel Widgets. Each is a small class, bubbles and is composed (crosses
 * shadow roots), and is declared in `HTMLElementEventMap` so `addEventListener` is typed.
 * With `data-layer` set on an element, the same events are pushed to `window.dataLayer`
 * (see `pushToDataLayer`).
 */
abstract class CarstrelEvent<D> extends Event {
  constructor(
    type: string,
    readonly detail: D,
    init: EventInit = {},
  ) {
    super(type, { bubbles: true, composed: true, ...init });
  }
}

/** A shopper chose a vehicle (a card was activated). Cancelable: `preventDefault()` stops navigation. */
export class CarstrelVehicleSelectEvent extends CarstrelEvent<{ vehicle: Vehicle; href?: string }> {
  static readonly type = 'carstrel-vehicle-select';
  constructor(detail: { vehicle: Vehicle; href?: string }) {
    super(CarstrelVehicleSelectEvent.type, detail, { cancelable: true });
  }
}

/** A list of vehicles finished loading. */
export class CarstrelResultsLoadedEvent extends CarstrelEvent<{ total: number; page: number; vehicles: Vehicle[] }> {
  static readonly type = 'carstrel-results-loaded';
  constructor(detail: { total: number; page: number; vehicles: Vehicle[] }) {
    super(CarstrelResultsLoadedEvent.type, detail);
  }
}

/** A vehicle detail view finished loading (a `carstrel-test-drive-form` on the page listens). */
export class CarstrelVehicleLoadedEvent extends CarstrelEvent<{ vehicle: Vehicle }> {
  static readonly type = 'carstrel-vehicle-loaded';
  constructor(detail: { vehicle: Vehicle }) {
    super(CarstrelVehicleLoadedEvent.type, detail);
  }
}

/** A widget could not load or send something. */
export class CarstrelErrorEvent extends CarstrelEvent<{ status: number; error: ErrorEnvelope }> {
  static readonly type = 'carstrel-error';
  constructor(detail: { status: number; error: ErrorEnvelope }) {
    super(CarstrelErrorEvent.type, detail);
  }
}

export type LeadKind = 'test-drive' | 'contact' | 'newsletter' | 'newsletter-unsubscribe' | 'registration' | 'trade-in';

/** A lead was stored upstream (`queued: false`) or accepted by the proxy for later delivery (`queued: true`). */
export class CarstrelLeadSubmittedEvent extends CarstrelEvent<{ kind: LeadKind; reference?: string; queued: boolean }> {
  static readonly type = 'carstrel-lead-submitted';
  constructor(detail: { kind: LeadKind; reference?: string; queued: boolean }) {
    super(CarstrelLeadSubmittedEvent.type, detail);
  }
}

/** A form submission was refused or failed. */
export class CarstrelFormErrorEvent extends CarstrelEvent<{
  kind: LeadKind | 'login';
  status: number;
  message: string;
}> {
  static readonly type = 'carstrel-form-error';
  constructor(detail: { kind: LeadKind | 'login'; status: number; message: string }) {
    super(CarstrelFormErrorEvent.type, detail);
  }
}

/** The customer session changed (login, logout, expiry). */
export class CarstrelSessionChangeEvent extends CarstrelEvent<{
  loggedIn: boolean;
  reason?: 'login' | 'register' | 'logout' | 'expired' | 'restored';
}> {
  static readonly type = 'carstrel-session-change';
  constructor(detail: { loggedIn: boolean; reason?: 'login' | 'register' | 'logout' | 'expired' | 'restored' }) {
    super(CarstrelSessionChangeEvent.type, detail);
  }
}

/** Asks a test-drive form on the page to show itself for a vehicle (from `carstrel-vehicle`'s call to action). */
export class CarstrelTestDriveRequestEvent extends CarstrelEvent<{ vehicle: Vehicle }> {
  static readonly type = 'carstrel-test-drive-request';
  constructor(detail: { vehicle: Vehicle }) {
    super(CarstrelTestDriveRequestEvent.type, detail);
  }
}

/** What a shop-by tile stands for (`carstrel-brands`). */
export interface TileDetail {
  group: 'brand' | 'body-type';
  id: string;
  slug: string;
  name: string;
  count: number;
  href?: string;
}

/** A shop-by tile was activated. Cancelable: `preventDefault()` stops the navigation. */
export class CarstrelTileSelectEvent extends CarstrelEvent<TileDetail> {
  static readonly type = 'carstrel-tile-select';
  constructor(detail: TileDetail) {
    super(CarstrelTileSelectEvent.type, detail, { cancelable: true });
  }
}

/** A payment estimate as shown by `carstrel-payment-calculator`. */
export interface PaymentDetail {
  price: number;
  downPayment: number;
  /** Annual percentage rate. */
  rate: number;
  /** Months. */
  term: number;
  /** Monthly payment, unrounded. */
  monthly: number;
  currency: string;
}

/** The shopper changed the down payment, term, rate or price of a payment estimate. */
export class CarstrelPaymentChangeEvent extends CarstrelEvent<PaymentDetail> {
  static readonly type = 'carstrel-payment-change';
  constructor(detail: PaymentDetail) {
    super(CarstrelPaymentChangeEvent.type, detail);
  }
}

/** A blog post was opened (`carstrel-blog`). Cancelable: `preventDefault()` stops the navigation. */
export class CarstrelPostOpenEvent extends CarstrelEvent<{ id: string; slug: string; title: string; href?: string }> {
  static readonly type = 'carstrel-post-open';
  constructor(detail: { id: string; slug: string; title: string; href?: string }) {
    super(CarstrelPostOpenEvent.type, detail, { cancelable: true });
  }
}

/** The shopper saved or removed a vehicle (`saved` says which); `ids` are all saved vehicles, newest first. */
export class CarstrelFavoritesChangeEvent extends CarstrelEvent<{ vehicleId: string; saved: boolean; ids: string[] }> {
  static readonly type = 'carstrel-favorites-change';
  constructor(detail: { vehicleId: string; saved: boolean; ids: string[] }) {
    super(CarstrelFavoritesChangeEvent.type, detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'carstrel-vehicle-select': CarstrelVehicleSelectEvent;
    'carstrel-results-loaded': CarstrelResultsLoadedEvent;
    'carstrel-vehicle-loaded': CarstrelVehicleLoadedEvent;
    'carstrel-error': CarstrelErrorEvent;
    'carstrel-lead-submitted': CarstrelLeadSubmittedEvent;
    'carstrel-form-error': CarstrelFormErrorEvent;
    'carstrel-session-change': CarstrelSessionChangeEvent;
    'carstrel-test-drive-request': CarstrelTestDriveRequestEvent;
    'carstrel-tile-select': CarstrelTileSelectEvent;
    'carstrel-payment-change': CarstrelPaymentChangeEvent;
    'carstrel-post-open': CarstrelPostOpenEvent;
    'carstrel-favorites-change': CarstrelFavoritesChangeEvent;
  }
  interface WindowEventMap {
    'carstrel-error': CarstrelErrorEvent;
    'carstrel-consent': Event;
    'carstrel-session-change': CarstrelSessionChangeEvent;
    'carstrel-vehicle-loaded': CarstrelVehicleLoadedEvent;
    'carstrel-test-drive-request': CarstrelTestDriveRequestEvent;
  }
  interface Window {
    dataLayer?: unknown[];
    /** The page's analytics consent for CarStrel elements with `consent="required"` (see `pushToDataLayer`). */
    carstrelConsent?: boolean;
  }
}

/** Where `emit` keeps the last vehicle a `carstrel-vehicle` showed (shared by two copies of the bundle). */
const PAGE_VEHICLE = Symbol.for('carstrel.pageVehicle');
interface PageVehicle {
  vehicle: Vehicle;
  /** The element that showed it. */
  shownBy: HTMLElement;
}
const pageVehicles = () => globalThis as unknown as Record<symbol, PageVehicle | undefined>;

/**
 * The vehicle a `carstrel-vehicle` still on the page showed last, for an element that connects
 * after its `carstrel-vehicle-loaded` event (elements load lazily, in any order). No request is made.
 */
export function lastLoadedVehicle(): PageVehicle | undefined {
  const last = pageVehicles()[PAGE_VEHICLE];
  return last?.shownBy.isConnected ? last : undefined;
}

/**
 * Dispatches a CarStrel event from `el` and, when the element opted in with the `data-layer`
 * attribute, pushes `{ event, ...detail }` to `window.dataLayer` (Google Tag Manager's queue).
 * Vehicles are reduced to id/name/price so that analytics gets no personal or bulky data.
 */
export function emit<D>(el: HTMLElement, event: CarstrelEvent<D>): boolean {
  if (event instanceof CarstrelVehicleLoadedEvent) pageVehicles()[PAGE_VEHICLE] = { ...event.detail, shownBy: el };
  const notCancelled = el.dispatchEvent(event);
  if (el.hasAttribute('data-layer')) pushToDataLayer(el, { event: event.type, ...analyticsDetail(event.detail) });
  return notCancelled;
}

/**
 * True once for an element whose server-rendered list the loader announced with
 * `carstrel-results-loaded` before the element's code came (hydration on intent): the element
 * does not announce that same list again. The mark is taken by the first call.
 */
export function announcedByLoader(el: HTMLElement): boolean {
  const marks = el as unknown as Record<symbol, boolean | undefined>;
  const announced = marks[ANNOUNCED] === true;
  delete marks[ANNOUNCED];
  return announced;
}

/** Analytics entries of `consent="required"` elements waiting for the page's consent, in order. */
const waitingForConsent: Array<Record<string, unknown>> = [];
/** A bound on what waits: a page that never asks for consent must not grow without limit. */
const MAX_WAITING = 200;

/** The page's `carstrel-consent` signal: records it, then pushes what waited (or drops it when refused). */
function onConsentSignal(event: Event): void {
  const detail: unknown = event instanceof CustomEvent ? event.detail : undefined;
  const analytics =
    typeof detail === 'object' && detail !== null && 'analytics' in detail ? detail.analytics : undefined;
  if (typeof analytics === 'boolean') window.carstrelConsent = analytics;
  if (window.carstrelConsent === true) flushWaiting();
  else if (analytics === false) waitingForConsent.length = 0;
}

function flushWaiting(): void {
  if (waitingForConsent.length) (window.dataLayer ??= []).push(...waitingForConsent.splice(0));
}

// Listening from the start: a signal given before anything waits still counts.
if (typeof window !== 'undefined') window.addEventListener('carstrel-consent', onConsentSignal);

/**
 * Pushes an analytics entry to `window.dataLayer` (Google Tag Manager's queue) for an element with
 * `data-layer`. When the dealer also sets `consent="required"` on the element, nothing is pushed
 * until the page gives the consent signal; entries wait in memory meanwhile and are pushed in
 * order once it comes (dropped if consent is refused, lost if the page closes first).
 *
 * The consent signal, for the page's consent banner (CMP) to give:
 * - `window.dispatchEvent(new CustomEvent('carstrel-consent', { detail: { analytics: true } }))`
 *   when the shopper accepts analytics (`analytics: false` refuses or withdraws it);
 * - or `window.carstrelConsent = true`, e.g. set before `carstrel.js` loads when the choice is
 *   already known (a returning visitor); a plain `new Event('carstrel-consent')` after setting it
 *   pushes what waited at once (otherwise it goes with the next push).
 */
export function pushToDataLayer(el: HTMLElement, entry: Record<string, unknown>): void {
  if (el.getAttribute('consent') === 'required' && window.carstrelConsent !== true) {
    if (waitingForConsent.length < MAX_WAITING) waitingForConsent.push(entry);
    return;
  }
  if (window.carstrelConsent === true) flushWaiting(); // consent given without the event: what waited goes first
  (window.dataLayer ??= []).push(entry);
}

function analyticsDetail(detail: unknown): Record<string, unknown> {
  if (!detail || typeof detail !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(detail)) {
    if (k === 'vehicle' && v && typeof v === 'object') {
      const veh = v as Vehicle;
      out.vehicle = { id: veh.id, name: veh.name, listingType: veh.listingType, price: veh.saleOptions?.price };
    } else if (k === 'vehicles' && Array.isArray(v)) {
      out.vehicleIds = (v as Vehicle[]).map((x) => x.id);
    } else if (k === 'error' && v && typeof v === 'object') {
      out.error = (v as ErrorEnvelope).message;
    } else {
      out[k] = v;
    }
  }
  return out;
}
