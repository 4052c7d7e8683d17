/**
 * `carstrel-widgets/client`: the typed CarStrel API client, for server code only. It holds the
 * dealer's secret API key, so its entry refuses to load where a page's `window` or `document`
 * exists: a key in a browser bundle is a key anyone can read. Pages use the widgets, which talk
 * to the proxy (which uses this client itself).
 */
if (typeof window !== 'undefined' || typeof document !== 'undefined') {
  throw new Error(
    'carstrel-widgets/client is server-only: it needs the dealer’s secret API key, which must never ' +
      'reach a browser. Call CarStrel from your server (or through the carstrel-proxy), not from page code.',
  );
}

export { createCarstrelClient, type CarstrelClient, type CarstrelClientOptions } from './client.js';
export { CarstrelApiError, CarstrelNetworkError, type ErrorEnvelope } from './errors.js';
export {
  OPERATIONS,
  type BearerOptions,
  type BodyOf,
  type CallOptions,
  type OperationName,
  type QueryOf,
  type ResultOf,
} from './operations.js';
