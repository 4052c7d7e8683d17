// The groups `npm run mutation` measures proxy/lib in: one Stryker run per group, each with its own
// incremental file (test/mutation/results/<group>.json), so that a rerun only tests the mutants whose
// code or covering tests changed, and the machine never holds more than one run.
// Each group lists the node:test files its mutants are run against (Stryker's tap runner reruns,
// per mutant, only the files that reach it). Suites that take a minute or more (the journal's
// kill-and-restart tests, the socket-level fuzz) are left out: every mutant they would run costs that.

/**
 * The proxy's unit and in-process (app.fetch) tests that take seconds: every group runs against them.
 * The slower suites (leads 40 s, leaks 37 s, portability 26 s under a loaded machine) go only to the
 * groups whose code they are about: a surviving mutant reruns every file that reaches it.
 */
const unit = [
  'phases',
  'phases-edges',
  'gate-edges',
  'redact',
  'bytes',
  'compress',
  'body',
  'errors',
  'logger',
  'idempotency',
  'session',
  'session-hygiene',
  'cache',
  'cache-key',
  'routes',
  'cors',
  'ratelimit',
  'config',
  'health',
  'middleware',
  'upstream',
  'app',
];

const tests = (...names) => [`test/node/proxy/{${[...new Set(names)].join(',')}}.test.ts`];
const lib = (...names) => names.map((name) => `proxy/lib/${name}.ts`);

/** @type {Record<string, { mutate: string[]; testFiles: string[] }>} */
export const groups = {
  text: {
    mutate: lib('bytes', 'redact', 'compress', 'body', 'errors', 'logger', 'conninfo'),
    testFiles: tests(...unit, 'leaks'),
  },
  gate: {
    mutate: lib('phases', 'routes', 'cors', 'ratelimit', 'cache', 'idempotency', 'session'),
    testFiles: tests(...unit, 'leaks'),
  },
  upstream: {
    mutate: lib('upstream', 'upstream-client', 'health', 'metrics', 'prom', 'config'),
    testFiles: tests(...unit, 'portability', 'tenants-ops'),
  },
  leads: {
    mutate: lib('leads', 'leads-answer', 'leads-types', 'lead-store', 'lead-schedule', 'min-heap', 'leads-file'),
    testFiles: tests(...unit, 'leads', 'leads-app', 'leads-heap', 'sinks-outbox'),
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
