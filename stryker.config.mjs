// Mutation testing of the proxy's pipeline (`npm run mutation`): StrykerJS 9 (the last line for
// Node 20) with its tap runner, which runs each node:test file under tsx and knows, per file,
// which mutants it covers, so each mutant reruns only the tests that reach it.
// A subset: `npm run mutation -- --mutate proxy/lib/phases.ts,proxy/lib/redact.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    // The proxy's unit and in-process tests (app.fetch); the socket-level suites are too slow to
    // rerun for every mutant and test the same code through node:http.
    testFiles: [
      'test/node/proxy/{phases,redact,idempotency,session,session-hygiene,cache,cache-key,routes,compress,bytes,cors,ratelimit,config,health,middleware,leads,upstream,logger,app,portability,leaks}.test.ts',
    ],
    nodeArgs: ['--import', 'tsx', '--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
  },
  mutate: [
    'proxy/lib/**/*.ts',
    // Node-only glue and the CLI are covered by the socket-level suites, not by the unit tests above.
    '!proxy/lib/node-runtime.ts',
    '!proxy/lib/leads-file.ts',
    '!proxy/lib/static.ts',
    '!proxy/lib/cli.ts',
  ],
  coverageAnalysis: 'perTest',
  // tsx strips types without checking them: nothing to disable (and the demo's HTML is not ours to touch).
  disableTypeChecks: false,
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 5_000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'dist/mutation/index.html' },
  // Not copied into the sandbox: build output (a concurrent `npm run build` would race the copy) and data.
  ignorePatterns: ['dist', '.carstrel', 'test-results', 'reports'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
