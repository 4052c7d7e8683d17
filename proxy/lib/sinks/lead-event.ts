/**
 * From a lead as taken (route, body, page) to the `LeadEvent` every sink describes: its kind, the
 * shopper's fields, the test drive's car (from the dealer's inventory, when listed) and a trade-in's
 * car (read from the message the trade-in form writes). Pure, except the injected vehicle lookup.
 */
import type { RoutedLead, SinkJob } from './jobs.js';
import type { LeadEvent, LeadKind, VehicleFacts } from './types.js';

/** The dealer's car by id (inventory.ts), or undefined when it is not known. */
export type VehicleLookup = (id: string) => Promise<VehicleFacts | undefined>;

/** The subject the trade-in form sends (`carstrel-trade-in`): such a contact lead is a trade-in. */
export const TRADE_IN_SUBJECT = 'Trade-in';

/** Longest page URL kept (a Referer with a huge query string is cut, not refused). */
const MAX_PAGE = 2048;

/** The page a lead came from: an http(s) URL without credentials or fragment, or undefined. */
export function pageOf(referer: string | undefined, origin: string | undefined): string | undefined {
  for (const raw of [referer, origin]) {
    // Stryker disable next-line ConditionalExpression: an absent or empty value fails `new URL` just below
    if (!raw) continue;
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      continue;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
    u.username = '';
    u.password = '';
    u.hash = '';
    const s = u.href;
    // Stryker disable next-line EqualityOperator: a page of exactly MAX_PAGE characters is the same sliced or not
    return s.length > MAX_PAGE ? s.slice(0, MAX_PAGE) : s;
  }
  return undefined;
}

/** ISO 8601 with the server's UTC offset (`2026-11-30T09:15:00+03:00`), as ADF's requestdate wants it. */
export function isoWithOffset(ms: number): string {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const local = new Date(ms + offset * 60_000);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local.toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function kindOf(path: string, fields: Record<string, unknown>): LeadKind {
  if (path === '/external/test-drives') return 'test-drive';
  if (path === '/external/newsletter/subscribe') return 'newsletter';
  return text(fields.subject)?.toLowerCase() === TRADE_IN_SUBJECT.toLowerCase() ? 'trade-in' : 'contact';
}

type TradeInField = 'make' | 'model' | 'generation' | 'trim' | 'condition' | 'year' | 'mileage' | 'phone';

/** The trade-in form's message lines (`Label: value`), in the languages it speaks. */
const TRADE_IN_LABELS = new Map<string, TradeInField>([
  ['brand', 'make'],
  ['marque', 'make'],
  ['model', 'model'],
  ['modèle', 'model'],
  ['generation', 'generation'],
  ['génération', 'generation'],
  ['trim', 'trim'],
  ['finition', 'trim'],
  ['year', 'year'],
  ['année', 'year'],
  ['mileage', 'mileage'],
  ['kilométrage', 'mileage'],
  ['condition', 'condition'],
  ['état', 'condition'],
  ['phone', 'phone'],
  ['téléphone', 'phone'],
]);
const NOT_LISTED = /^\((not listed|non répertorié)\)$/i;

/** A trade-in's car (and phone) from its message; what it does not name is left out. */
export function readTradeIn(message: string): { car: VehicleFacts; phone?: string } {
  const car: VehicleFacts = {};
  let phone: string | undefined;
  for (const line of message.split(/\r?\n/)) {
    const m = /^\s*([^:]{1,40}?)\s*:\s*(\S.*?)\s*$/.exec(line); // a value starts with a non-blank
    const field = m?.[1] ? TRADE_IN_LABELS.get(m[1].toLowerCase()) : undefined;
    const value = m?.[2];
    if (!field || !value || NOT_LISTED.test(value)) continue;
    if (field === 'phone') phone = value;
    else if (field === 'year') {
      if (/^\d{4}$/.test(value)) car.year = Number(value);
    } else if (field === 'mileage') {
      const r = /^(\d[\d\s.,]*?)\s*(km|mi)?$/i.exec(value);
      if (!r?.[1]) continue;
      car.mileage = Number(r[1].replace(/\D/g, ''));
      if (r[2]) car.mileageUnit = r[2].toLowerCase() === 'mi' ? 'mi' : 'km';
    } else car[field] = value;
  }
  return phone ? { car, phone } : { car };
}

function fieldsOf(body: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The event the sinks describe, for a job that still holds its lead. */
export async function describeLead(
  job: SinkJob & { lead: RoutedLead },
  lookup: VehicleLookup | undefined,
): Promise<LeadEvent> {
  const fields = fieldsOf(job.lead.body);
  const kind = kindOf(job.lead.path, fields);
  const contact: LeadEvent['contact'] = {};
  for (const key of ['name', 'email', 'phone'] as const) {
    const value = text(fields[key]);
    if (value) contact[key] = value;
  }
  const event: LeadEvent = { kind, reference: job.reference, receivedAt: job.createdAt, fields, contact };
  if (job.lead.page) event.page = job.lead.page;
  const vehicleId = text(fields.vehicleId);
  if (kind === 'test-drive' && vehicleId) {
    const known = await lookup?.(vehicleId).catch(() => undefined);
    event.vehicle = { ...known, id: vehicleId };
  }
  if (kind === 'trade-in') {
    // Stryker disable next-line StringLiteral: any text without a `Label: value` line reads as no car
    const { car, phone } = readTradeIn(text(fields.message) ?? '');
    if (Object.keys(car).length) event.tradeIn = car;
    if (phone && !contact.phone) contact.phone = phone;
  }
  return event;
}
