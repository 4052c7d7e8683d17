/**
 * Every CarStrel call of the dealer console, in one place: the dealer-only customer endpoints and
 * the two statistics. Each goes out with the dealer's key (set here, never taken from the
 * browser), answers the data of CarStrel's envelope, and turns a CarStrel refusal into the same
 * refusal for the console (its status and message, key redacted), an outage into 502/504.
 * (The typed client, `carstrel-widgets/client`, is meant to replace the internals of this module.)
 */
import type {
  Customer,
  CustomerPatchBody,
  CustomerPatchResult,
  CustomerQuery,
  CustomerStatsSummary,
  ListEnvelope,
  VehicleStats,
} from '../../src/api/types.js';
import type { ProxyServices } from '../context.js';
import type { ProxyConfig } from '../lib/config.js';
import { refuse, Refusal } from '../lib/errors.js';
import { redactor } from '../lib/sinks/types.js';
import { UpstreamError } from '../lib/upstream.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

export type CustomerPage = Omit<ListEnvelope<Customer>, 'statusCode' | 'message'>;

export interface ConsoleUpstream {
  customers(query: CustomerQuery): Promise<CustomerPage>;
  customer(id: string): Promise<Customer>;
  patchCustomer(id: string, patch: CustomerPatchBody): Promise<CustomerPatchResult>;
  customerStats(): Promise<CustomerStatsSummary>;
  vehicleStats(): Promise<VehicleStats>;
}

/** The console's CarStrel calls for one dealer. */
export function consoleUpstream(config: ProxyConfig, services: ProxyServices): ConsoleUpstream {
  const redact = redactor(config.apiKey);

  async function call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    let res;
    try {
      res = await services.upstream.request({
        method,
        path,
        headers: {
          accept: 'application/json',
          'x-api-key': config.apiKey,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : enc.encode(JSON.stringify(body)),
        timeoutMs: config.upstreamTimeoutMs,
      });
    } catch (err) {
      throw err instanceof UpstreamError && err.kind === 'timeout'
        ? refuse.upstreamTimeout()
        : refuse.upstreamUnreachable();
    }
    services.leads.noteUpstream(res.status);
    let parsed: unknown;
    try {
      parsed = JSON.parse(redact(dec.decode(res.body)));
    } catch {
      throw refuse.upstreamUnreadable();
    }
    const envelope = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    if (res.status >= 500) throw refuse.upstreamFailed(res.status);
    if (res.status >= 400) {
      const message = typeof envelope.message === 'string' ? envelope.message : `CarStrel refused (${res.status}).`;
      throw new Refusal(res.status === 401 || res.status === 403 ? 502 : res.status, message);
    }
    return envelope;
  }

  const query = (q: CustomerQuery): string => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  const id = (s: string) => encodeURIComponent(s);

  return {
    async customers(q) {
      const { data, total, page, limit, totalPages } = await call('GET', `/external/customers${query(q)}`);
      return { data: data as Customer[], total, page, limit, totalPages } as CustomerPage;
    },
    async customer(customerId) {
      return (await call('GET', `/external/customers/${id(customerId)}`)).data as Customer;
    },
    async patchCustomer(customerId, patch) {
      return (await call('PATCH', `/external/customers/${id(customerId)}`, patch)).data as CustomerPatchResult;
    },
    async customerStats() {
      return (await call('GET', '/external/customers/stats/summary')).data as CustomerStatsSummary;
    },
    async vehicleStats() {
      return (await call('GET', '/external/vehicles/stats/summary')).data as VehicleStats;
    },
  };
}
