/**
 * The webhook sink: one POST per lead to `CARSTREL_LEAD_WEBHOOK`, a JSON body signed with
 * HMAC-SHA256 (`X-CarStrel-Signature: sha256=<hex>` of the raw body, key
 * `CARSTREL_LEAD_WEBHOOK_SECRET`). The body's `timestamp` is when it was signed, so a receiver can
 * refuse old copies (replay); `reference` (also in `Idempotency-Key`) is the same on every retry, so
 * it can drop a copy it already has. Any 2xx is delivery; anything else is retried by the outbox.
 * WebCrypto and `fetch` only: it runs on Node and on edge runtimes alike.
 */
import { isoWithOffset } from './lead-event.js';
import { SinkFailure, type LeadEvent, type LeadSink } from './types.js';

export interface WebhookOptions {
  /** Default: the runtime's global `fetch`. */
  fetch?: typeof fetch;
  now?: () => number;
  /** Deadline of one delivery (default 10 s). */
  timeoutMs?: number;
  /** Applied to the body before signing (the API key never leaves the proxy). */
  redact?: (text: string) => string;
}

export const SIGNATURE_HEADER = 'x-carstrel-signature';

const hex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** `sha256=<hex HMAC-SHA256 of body with secret>`. */
export async function signature(secret: string, body: string): Promise<string> {
  const enc = new TextEncoder();
  // Stryker disable next-line BooleanLiteral: whether the key could be exported; it never is
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return `sha256=${hex(await crypto.subtle.sign('HMAC', key, enc.encode(body)))}`;
}

/** The JSON body of one delivery of a lead, signed at `now`. */
export function webhookBody(lead: LeadEvent, now: number): string {
  return JSON.stringify({
    kind: lead.kind,
    reference: lead.reference,
    timestamp: isoWithOffset(now),
    receivedAt: isoWithOffset(lead.receivedAt),
    fields: lead.fields,
    ...(lead.vehicle ? { vehicle: lead.vehicle } : {}),
    ...(lead.tradeIn ? { tradeIn: lead.tradeIn } : {}),
    ...(lead.page ? { page: lead.page } : {}),
  });
}

export function webhookSink(url: string, secret: string, opts: WebhookOptions = {}): LeadSink {
  const send = opts.fetch ?? ((input, init) => fetch(input, init));
  return {
    name: 'webhook',
    async deliver(lead) {
      const body = (opts.redact ?? ((s: string) => s))(webhookBody(lead, (opts.now ?? Date.now)()));
      let res: Response;
      try {
        res = await send(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'CarStrel-Widgets-Leads/1',
            'idempotency-key': lead.reference,
            [SIGNATURE_HEADER]: await signature(secret, body),
          },
          body,
          // A redirect could carry the lead elsewhere: not followed, retried as a failure.
          redirect: 'manual',
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new SinkFailure((err as Error)?.name === 'TimeoutError' ? 'timeout' : 'unreachable');
      }
      await res.body?.cancel().catch(() => {});
      if (res.status < 200 || res.status > 299) throw new SinkFailure(`HTTP ${res.status}`);
    },
  };
}
