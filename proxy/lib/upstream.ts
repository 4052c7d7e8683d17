/**
 * Phase "forward with deadline": the one place that talks to CarStrel. Two interchangeable
 * clients: an undici Pool with keep-alive (Node, fastest) and a web `fetch` (any runtime, or
 * an in-memory handler in tests). Bodies are buffered (streaming an undici body into a web
 * Response crashed Node 20 on client disconnect), and every call has a deadline.
 */

export interface UpstreamRequest {
  method: string;
  /** Path and query, e.g. `/external/vehicles?page=2`. The origin is fixed by configuration. */
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly kind: 'unreachable' | 'timeout',
    cause?: unknown,
  ) {
    super(kind === 'timeout' ? 'upstream timed out' : 'upstream unreachable', { cause });
  }
}

/**
 * A redirect from CarStrel is an upstream error, never followed: following it would send the
 * dealer's `x-api-key` to wherever the answer points. Both clients refuse it the same way.
 */
export function refuseRedirect(status: number): void {
  if (status >= 300 && status < 400)
    throw new UpstreamError('unreachable', new Error(`upstream answered ${status} (a redirect, not followed)`));
}

export interface Upstream {
  request(req: UpstreamRequest): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

/** A deadline that aborts a signal, and knows whether it fired. */
export function deadline(ms: number): { signal: AbortSignal; fired: () => boolean; clear: () => void } {
  const ac = new AbortController();
  let fired = false;
  const t = setTimeout(() => {
    fired = true;
    ac.abort();
  }, ms);
  return { signal: ac.signal, fired: () => fired, clear: () => clearTimeout(t) };
}

/** Web-fetch client: for edge runtimes, and for calling an in-memory handler (tests, portability). */
export function fetchUpstream(origin: string, fetchFn: (req: Request) => Promise<Response>): Upstream {
  return {
    async request(req) {
      const d = deadline(req.timeoutMs);
      const aborted = new Promise<never>((_, reject) =>
        d.signal.addEventListener('abort', () => reject(new Error('deadline')), { once: true }),
      );
      try {
        const res = await Promise.race([
          fetchFn(
            new Request(origin + req.path, {
              method: req.method,
              headers: req.headers,
              body: req.body && req.body.byteLength ? (req.body as Uint8Array<ArrayBuffer>) : undefined,
              signal: d.signal,
              redirect: 'manual',
            }),
          ),
          aborted,
        ]);
        if (res.status >= 300 && res.status < 400) void res.body?.cancel().catch(() => {});
        refuseRedirect(res.status);
        const body = await Promise.race([res.arrayBuffer(), aborted]);
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => (headers[k] = v));
        return { status: res.status, headers, body: new Uint8Array(body) };
      } catch (err) {
        if (err instanceof UpstreamError) throw err;
        throw new UpstreamError(d.fired() ? 'timeout' : 'unreachable', err);
      } finally {
        d.clear();
      }
    },
    async close() {},
  };
}
