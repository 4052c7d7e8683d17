/**
 * The typed client (proxy/client) over the proxy's own upstream connection (the undici pool, the
 * in-process sandbox, or a test's fake): for the proxy's whole-operation calls to CarStrel
 * (health probe, …), not for forwarding, which passes bytes through untouched.
 */
import { createCarstrelClient, type CarstrelClient } from '../client/client.js';
import type { Upstream } from './upstream.js';

/** The origin is the upstream's own; this placeholder only gives the client's URLs a base. */
const BASE = 'http://carstrel.upstream';

export function upstreamClient(upstream: Upstream, apiKey: string, timeoutMs: number): CarstrelClient {
  return createCarstrelClient({
    baseUrl: BASE,
    apiKey,
    timeoutMs,
    retries: 0,
    fetch: async (req) => {
      const url = new URL(req.url);
      const headers: Record<string, string> = {};
      req.headers.forEach((value, name) => (headers[name] = value));
      const body = req.body ? new Uint8Array(await req.arrayBuffer()) : undefined;
      const res = await upstream.request({
        method: req.method,
        path: url.pathname + url.search,
        headers,
        body,
        timeoutMs,
      });
      const out = new Headers();
      for (const [name, value] of Object.entries(res.headers))
        for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) out.append(name, v);
      const nullBody = res.status === 204 || res.status === 304;
      // Stryker disable next-line MethodExpression: the copy only gives Response an ArrayBuffer-backed view (types); the bytes are the same.
      return new Response(nullBody ? null : res.body.slice(), { status: res.status, headers: out });
    },
  });
}
