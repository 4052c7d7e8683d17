/**
 * Every CarStrel call of the dealer console, in one place: the dealer-only customer endpoints and
 * the two statistics, through the typed client (`carstrel-widgets/client`) over the proxy's own
 * upstream connection. Each goes out with the dealer's key (set here, never taken from the
 * browser), answers the data of CarStrel's envelope, and turns a CarStrel refusal into the same
 * refusal for the console (its status and message, key redacted), an outage into 502/504.
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
import { CarstrelApiError, CarstrelNetworkError } from '../client/errors.js';
import type { ProxyServices } from '../context.js';
import type { ProxyConfig } from '../lib/config.js';
import { refuse, Refusal } from '../lib/errors.js';
import { redactor } from '../lib/sinks/types.js';
import { upstreamClient } from '../lib/upstream-client.js';
import type { Upstream } from '../lib/upstream.js';

export type CustomerPage = Omit<ListEnvelope<Customer>, 'statusCode' | 'message'>;

export interface ConsoleUpstream {
  customers(query: CustomerQuery): Promise<CustomerPage>;
  customer(id: string): Promise<Customer>;
  patchCustomer(id: string, patch: CustomerPatchBody): Promise<CustomerPatchResult>;
  customerStats(): Promise<CustomerStatsSummary>;
  vehicleStats(): Promise<VehicleStats>;
}

/** A CarStrel failure as the console's refusal: an outage is 502/504; CarStrel's 401/403 is not the console's own. */
function asRefusal(err: unknown): Refusal {
  if (err instanceof CarstrelNetworkError)
    return err.kind === 'timeout' ? refuse.upstreamTimeout() : refuse.upstreamUnreachable();
  if (err instanceof CarstrelApiError) {
    if (err.status >= 500) return refuse.upstreamFailed(err.status);
    return new Refusal(err.status === 401 || err.status === 403 ? 502 : err.status, err.envelope.message);
  }
  return refuse.upstreamUnreadable();
}

/** The console's CarStrel calls for one dealer. */
export function consoleUpstream(config: ProxyConfig, services: ProxyServices): ConsoleUpstream {
  const redact = redactor(config.apiKey);
  /** Every answer tells the lead outbox that CarStrel is reachable again (queued leads may flow). */
  const noting: Upstream = {
    request: async (req) => {
      const res = await services.upstream.request(req);
      services.leads.noteUpstream(res.status);
      return res;
    },
    close: () => services.upstream.close(),
  };
  const client = upstreamClient(noting, config.apiKey, config.upstreamTimeoutMs);

  /** The answer's data, with any echo of the key redacted; a failure as the console's refusal. */
  async function data<T>(call: () => Promise<unknown>): Promise<T> {
    let answer: unknown;
    try {
      answer = await call();
    } catch (err) {
      throw asRefusal(err);
    }
    return JSON.parse(redact(JSON.stringify(answer ?? {}))) as T;
  }

  return {
    async customers(q) {
      const query = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== ''));
      const page = await data<CustomerPage>(() => client.listCustomers(query));
      const { data: rows, total, page: at, limit, totalPages } = page;
      return { data: rows, total, page: at, limit, totalPages };
    },
    async customer(customerId) {
      return (await data<{ data: Customer }>(() => client.getCustomer(customerId))).data;
    },
    async patchCustomer(customerId, patch) {
      return (await data<{ data: CustomerPatchResult }>(() => client.updateCustomer(customerId, patch))).data;
    },
    async customerStats() {
      return (await data<{ data: CustomerStatsSummary }>(() => client.getCustomerStats())).data;
    },
    async vehicleStats() {
      return (await data<{ data: VehicleStats }>(() => client.getVehicleStats())).data;
    },
  };
}
