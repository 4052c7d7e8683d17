/**
 * The Cloudflare Workers entry (`npm run edge` serves it in workerd; `wrangler deploy` deploys
 * it): the proxy's `fetch` handler and its Durable Object classes. See proxy/edge/worker.ts and
 * the README's "The edge".
 */
import { createEdgeWorker } from './edge/worker.js';

export { LeadOutbox } from './edge/lead-outbox.js';
export { RateLimitBucket } from './edge/rate-limits.js';

export default createEdgeWorker();
