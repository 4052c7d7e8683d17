/**
 * What the proxy's fuzzers draw requests from (fuzz.test.ts in `npm test`, test/bench/fuzz.bench.ts at
 * 10,000 requests): path words the proxy and the sandbox know, segments that try to escape or
 * confuse the path check, and header names that matter to the gate. The bench adds its own extras.
 */

/** Path segments the proxy, its demo and the CarStrel API answer to. */
export const PATH_WORDS = [
  'external',
  'brands',
  'vehicles',
  'customers',
  'stats',
  'summary',
  'auth',
  'me',
  'login',
  'register',
  'test-drives',
  'contact',
  'submit',
  'newsletter',
  'subscribe',
  'unsubscribe',
  'models',
  'engines',
  '_sandbox',
  'journal',
  'media',
  'chunks',
  'carstrel.js',
  'index.html',
  'healthz',
  'session',
  'logout',
  'blogs',
  'trims',
] as const;

/** Segments that try traversal, encodings, separators and prototype names. */
export const NASTY_SEGMENTS = [
  '..',
  '.',
  '',
  '%2e%2e',
  '%2E%2e',
  '%2f',
  '%5c',
  ';',
  ';x=1',
  '\\',
  '%00',
  '__proto__',
  'constructor',
  'a%20b',
  '~',
  '%252e%252e',
] as const;

/** Header names the gate reads, strips, refuses or must never forward. */
export const HEADER_NAMES = [
  'x-api-key',
  'cookie',
  'authorization',
  'connection',
  'origin',
  'content-type',
  'idempotency-key',
  'x-carstrel-session',
  'transfer-encoding',
  'content-length',
  'host',
  'x-forwarded-for',
  'if-none-match',
  'accept-encoding',
  'keep-alive',
  '__proto__',
  'constructor',
] as const;
