// The groups `npm run mutation` measures proxy/lib in: one Stryker run per group, each with its own
// incremental file (test/mutation/results/<group>.json), so that a rerun only tests the mutants whose
// code or covering tests changed, and the machine never holds more than one run.
// Each group lists the node:test files its mutants are run against (Stryker's tap runner reruns,
// per mutant, only the files that reach it). Suites that take a minute or more (the journal's
// kill-and-restart tests, the socket-level fuzz) are left out: every mutant they would run costs that.

/** The proxy's unit and in-process (app.fetch) tests: every group runs against them. */
const unit = [
  'phases',
  'redact',
  'idempotency',
  'session',
  'session-hygiene',
  'cache',
  'cache-key',
  'routes',
  'compress',
  'bytes',
  'cors',
  'ratelimit',
  'config',
  'health',
  'middleware',
  'leads',
  'upstream',
  'logger',
  'app',
  'portability',
  'leaks',
  'body',
  'errors',
  'phases-edges',
  'gate-edges',
];

const tests = (...names) => [`test/node/proxy/{${[...new Set(names)].join(',')}}.test.ts`];
const lib = (...names) => names.map((name) => `proxy/lib/${name}.ts`);

/** @type {Record<string, { mutate: string[]; testFiles: string[] }>} */
export const groups = {
  text: {
    mutate: lib('bytes', 'redact', 'compress', 'body', 'errors', 'logger', 'conninfo'),
    testFiles: tests(...unit),
  },
  gate: {
    mutate: lib('phases', 'routes', 'cors', 'ratelimit', 'cache', 'idempotency', 'session'),
    testFiles: tests(...unit),
  },
  upstream: {
    mutate: lib('upstream', 'upstream-client', 'health', 'metrics', 'prom', 'config'),
    testFiles: tests(...unit, 'tenants-ops'),
  },
  leads: {
    mutate: lib('leads', 'leads-answer', 'leads-types', 'lead-store', 'lead-schedule', 'min-heap', 'leads-file'),
    testFiles: tests(...unit, 'leads-app', 'leads-heap', 'sinks-outbox'),
  },
  node: {
    mutate: lib('node-runtime', 'static', 'cli'),
    testFiles: tests(...unit, 'static'),
  },
  sinks: {
    mutate: ['proxy/lib/sinks/*.ts'],
    testFiles: tests('sinks-units', 'sinks-outbox', 'leads', 'app'),
  },
};

export const resultsDir = 'test/mutation/results';
