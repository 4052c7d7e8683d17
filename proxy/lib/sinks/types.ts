/**
 * Lead routing: the shapes every sink shares. A sink (the dealer's webhook, an ADF/XML email) takes
 * a `LeadEvent`, the lead as the dealer's systems want it, and either accepts it or fails with a
 * short reason; the outbox (runner.ts) retries it, once per lead, through the lead journal.
 */

export type LeadKind = 'contact' | 'test-drive' | 'newsletter' | 'trade-in';

/** What is known of a car: the dealer's (a test drive) or the shopper's own (a trade-in). */
export interface VehicleFacts {
  /** The dealer's vehicle id (CarStrel's). */
  id?: string;
  year?: number;
  make?: string;
  model?: string;
  generation?: string;
  trim?: string;
  /** Odometer reading, and its unit when the shopper gave one. */
  mileage?: number;
  mileageUnit?: 'km' | 'mi';
  /** Asking price (the dealer's car). */
  price?: number;
  /** The shopper's own words for its condition (a trade-in). */
  condition?: string;
}

/** A lead as the sinks describe it. */
export interface LeadEvent {
  kind: LeadKind;
  /** The proxy's reference for the lead (`lead_…`): the same in every sink and on every retry. */
  reference: string;
  /** When the shopper sent it (ms since the epoch). */
  receivedAt: number;
  /** The shopper's fields, as submitted (the JSON body of the lead). */
  fields: Record<string, unknown>;
  /** How to reach the shopper, from those fields (a trade-in's phone is in its message). */
  contact: { name?: string; email?: string; phone?: string };
  /** A test drive's car: its id, and year/make/model/trim when the dealer's inventory lists it. */
  vehicle?: VehicleFacts;
  /** A trade-in's car, read from the lead's message. */
  tradeIn?: VehicleFacts;
  /** The page the lead came from (Referer, else Origin), when the browser said. */
  page?: string;
}

export interface LeadSink {
  /** Stable name: the key of this sink's state in the journal (`webhook`, `email`). */
  readonly name: string;
  /** Deliver one lead; resolves once the sink accepted it, throws a `SinkFailure` otherwise. */
  deliver(lead: LeadEvent): Promise<void>;
  close?(): Promise<void>;
}

/** A failed delivery, with a short reason fit for the journal and `/healthz` (never a secret or a URL). */
export class SinkFailure extends Error {
  override name = 'SinkFailure';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The dealer's sinks. One object per dealer: a multi-dealer deployment gives each tenant its own. */
export interface LeadSinksConfig {
  webhook?: { url: string; secret: string };
  email?: { to: string; smtpUrl: string };
  /** The dealer's name, for ADF `<vendorname>` (default: the host of the page the lead came from). */
  dealerName?: string;
}

/** Replaces every occurrence of the API key (anything sent to a sink goes through it). */
export function redactor(apiKey: string): (text: string) => string {
  return (text) => (apiKey && text.includes(apiKey) ? text.split(apiKey).join('[redacted]') : text);
}
