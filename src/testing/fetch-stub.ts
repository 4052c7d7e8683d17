/**
 * Browser-test helpers around `window.fetch`: watch what elements request from the proxy, and
 * make some requests fail the way the proxy answers when upstream is down and nothing is cached
 * (a 502 in the CarStrel error envelope). Everything else passes through to the real proxy.
 */

export interface FetchWatch {
  /** URLs requested so far (resolved against the page). */
  urls: URL[];
  /** Makes requests whose path matches `path` fail with `status` until `heal()` is called. */
  fail(path: string | RegExp, status?: number, headers?: Record<string, string>): void;
  heal(): void;
  restore(): void;
}

export function watchFetch(): FetchWatch {
  const original = window.fetch;
  const urls: URL[] = [];
  let failing: { path: string | RegExp; status: number; headers: Record<string, string> } | undefined;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    urls.push(url);
    const f = failing;
    if (f && (typeof f.path === 'string' ? url.pathname === f.path : f.path.test(url.pathname))) {
      const body = {
        statusCode: f.status,
        message: 'The dealer service is unavailable. Try again in a moment.',
        error: 'Bad Gateway',
        timestamp: new Date().toISOString(),
      };
      return new Response(JSON.stringify(body), {
        status: f.status,
        headers: { 'content-type': 'application/json', ...f.headers },
      });
    }
    return original(input, init);
  };
  return {
    urls,
    fail: (path, status = 502, headers = {}) => (failing = { path, status, headers }),
    heal: () => (failing = undefined),
    restore: () => (window.fetch = original),
  };
}
