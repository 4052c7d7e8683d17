// The groups `npm run mutation` measures proxy/lib and src/forms in: one Stryker run per group, each with its own
// incremental file (test/mutation/results/<group>.json), so that a rerun only tests the mutants whose
// code or covering tests changed, and the machine never holds more than one run.
// Each group lists the node:test files its mutants are run against (Stryker's tap runner reruns,
// per mutant, only the files that reach it). Suites that take a minute or more (the journal's
// kill-and-restart tests, the socket-level fuzz) are left out: every mutant they would run costs that.
// The score is therefore that of these suites: a mutant only a slower suite would notice counts as
// survived.

const tests = (...names) => [`test/node/proxy/{${[...new Set(names)].join(',')}}.test.ts`];
const lib = (...names) => names.map((name) => `proxy/lib/${name}.ts`);
const sinks = (...names) => names.map((name) => `proxy/lib/sinks/${name}.ts`);
const forms = (...names) => names.map((name) => `src/forms/${name}.ts`);

// Each group runs against the suites about its code, not the whole proxy suite: on a machine shared
// by several jobs a surviving mutant reruns every listed file that reaches it (the in-process app
// suites take 15 to 40 s each there), and one that loops waits out its files' whole time.
/** @type {Record<string, { mutate: string[]; testFiles: string[] }>} */
export const groups = {
  text: {
    mutate: lib('bytes', 'redact', 'compress', 'body', 'errors', 'logger', 'conninfo'),
    testFiles: tests('bytes', 'redact', 'compress', 'body', 'errors', 'logger', 'middleware', 'phases-edges', 'leaks'),
  },
  gate: {
    mutate: lib('phases', 'cors', 'ratelimit'),
    testFiles: tests('phases', 'phases-edges', 'gate-edges', 'cors', 'ratelimit', 'middleware', 'app'),
  },
  store: {
    mutate: lib('routes', 'cache', 'idempotency', 'session', 'memo'),
    testFiles: tests('routes', 'cache', 'cache-key', 'idempotency', 'session', 'session-hygiene', 'memo', 'app'),
  },
  // The upstream connection, split in three runs of under half an hour each on the loaded machine, each
  // against its focused suites only (the in-process app suites reached these files too, at 2 to 5 s
  // per mutant, and checked none of their behaviour more closely).
  'upstream-a': {
    mutate: lib('upstream', 'upstream-client', 'health'),
    testFiles: tests('upstream', 'upstream-edges', 'health'),
  },
  'upstream-b': {
    mutate: lib('metrics', 'prom'),
    testFiles: tests('upstream-edges', 'tenants-ops'),
  },
  'upstream-c': {
    mutate: lib('config'),
    testFiles: tests('config', 'config-checks'),
  },
  // The leads group in four runs of about half an hour or less each (a stopped Stryker run saves nothing):
  // the small pure modules, the store, its journal on Node, and the desk itself. The desk's tests on real
  // timers (leads-timing, 14 s) run for the desk's own mutants only; the journal's rules (leads-journal, 6 s)
  // for the store's and the journal's; the journal at 200k leads (leads-journal-scale, 17-80 s) for none; the sinks'
  // own suite (sinks-outbox, 21 s) for the desk's (the store's job book is the sinks group's, sinks/jobs.ts).
  'leads-a': {
    mutate: lib('leads-answer', 'leads-types', 'lead-schedule', 'min-heap', 'outbox-view'),
    testFiles: tests('leads', 'leads-units', 'leads-heap', 'outbox-view'),
  },
  'leads-b': {
    mutate: lib('lead-store'),
    testFiles: tests(
      'leads-store',
      'leads-store-edges',
      'leads',
      'leads-units',
      'leads-journal',
      'leads-app',
      'idempotency',
      'outbox-view',
    ),
  },
  // The journal against its own suites on real files: leads-file (2 s, a recording handle instead of
  // fsync waits) and leads-journal (5 s, with the desk); the app and outbox suites that also open a
  // journal (leads-app 8 s, sinks-outbox 20 s) check nothing of the file the first two do not, and cost
  // their time for every mutant.
  'leads-c': {
    mutate: lib('leads-file'),
    testFiles: tests('leads-file', 'leads-journal', 'leads-store-edges'),
  },
  'leads-d': {
    mutate: lib('leads'),
    testFiles: tests('leads', 'leads-timing', 'leads-app', 'sinks-outbox', 'idempotency', 'outbox-view'),
  },
  node: {
    mutate: lib('node-runtime', 'static', 'mime', 'cli'),
    testFiles: tests('static', 'node-runtime', 'compress', 'upstream', 'config', 'config-checks'),
  },
  // proxy/lib/sinks in three runs of under half an hour each (a stopped run keeps nothing): the pure
  // modules against the fast unit file, the transports against the socket tests, the outbox against
  // its mocked-clock suite (sinks-runner, 1 s; sinks-outbox checks the same outbox with the lead desk
  // on the real clock in 20 s, which every one of its mutants would rerun: it stays in `npm test` and
  // in the leads group).
  'sinks-pure': {
    mutate: sinks('adf', 'config', 'lead-event', 'types'),
    testFiles: tests('sinks-units', 'sinks-transport'),
  },
  'sinks-send': {
    mutate: sinks('webhook', 'email', 'inventory', 'smtp'),
    testFiles: tests('sinks-units', 'sinks-transport'),
  },
  'sinks-outbox': {
    mutate: sinks('runner', 'jobs'),
    testFiles: ['test/node/proxy/sinks-runner.test.ts'],
  },
  forms: {
    mutate: [
      ...forms(
        'validators',
        'validation',
        'server-errors',
        'refusal',
        'delivery',
        'draft',
        'form-draft',
        'retry-countdown',
        'consent',
        'form-options',
        'person-fields',
      ),
      'src/forms/light-dom-styles.ts:14-17',
    ],
    testFiles: ['test/node/forms/*.test.ts'],
  },
};

// src/forms, the browser side: the DOM-free modules of the shared form foundation run under node:test
// (test/node/forms/*.test.ts), which Stryker's tap runner can rerun per mutant in a second; the rest
// needs a browser (web-test-runner, which Stryker cannot drive) and is listed in formsNotMeasured with
// the reason. light-dom-styles.ts is measured on the lines of its pure `scopeToTag` only.
/** @type {Record<string, string>} src/forms files left out of the forms group, and why. */
export const formsNotMeasured = {
  'src/forms/form-controller.ts': 'the Lit controller: needs a host element, events, focus (browser tests)',
  'src/forms/render.ts': 'Lit templates: what they render is checked in the browser (web-test-runner)',
  'src/forms/carstrel-form-element.ts': 'the Lit base element (decorators, light DOM): browser tests',
  'src/forms/honeypot.ts': 'reads an HTMLFormElement: browser tests',
  'src/forms/focus.ts': 'moves DOM focus after a render: browser tests',
  'src/forms/form.styles.ts': 'CSS',
  'src/forms/messages.ts': 'the message catalogue (data)',
};

export const resultsDir = 'test/mutation/results';
