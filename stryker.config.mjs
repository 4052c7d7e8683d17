// Mutation testing of the proxy (`npm run mutation`, test/mutation/run.mjs): StrykerJS 9 (the last
// line for Node 20) with its tap runner, which runs each node:test file under tsx and knows, per file,
// which mutants it covers, so each mutant reruns only the test files that reach it.
// The runner measures the whole of proxy/lib in groups (test/mutation/groups.mjs), one Stryker run per
// group with CARSTREL_MUTATION_GROUP set, incrementally, and adds the groups up. The `forms` group
// measures the DOM-free modules of src/forms the same way, against test/node/forms.
// `npx stryker run` alone (no group) mutates all of proxy/lib against every group's tests at once.
import { groups, resultsDir } from './test/mutation/groups.mjs';

const name = process.env.CARSTREL_MUTATION_GROUP;
const group = name ? groups[name] : undefined;
if (name && !group) throw new Error(`No mutation group "${name}" (test/mutation/groups.mjs)`);
const all = Object.values(groups);

// Survivors known to be equivalent (they cannot change behaviour), left unmarked in phases.ts, which
// the forwarding work owns:
// - hasControl's `i <= s.length` (charCodeAt past the end is NaN, never a control character);
// - checkRequestTarget's `startsWith('/')` and the `^` of the dot-segment pattern (the path pattern
//   just below already demands a leading slash), and the value of the empty query when there is no
//   `?` (a short string without control characters passes the same way);
// - parseJson's empty `catch` (it returns undefined either way), checkIdempotencyKey's
//   `value === undefined` (String(undefined) is a valid key shape), stripHeaders' `connection`
//   start value and `if (connection)` (deleting the name '' removes nothing), responseHeaders'
//   `apiKey = ''` default, clientAddress's `idx >= 0` vs `idx > 0` (both give hops[0]).
// - bytes.ts's `i <= last` (past `last` no compare can match).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    testFiles: group ? group.testFiles : [...new Set(all.flatMap((g) => g.testFiles))],
    nodeArgs: ['--import', 'tsx', '--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
  },
  mutate: group ? group.mutate : all.flatMap((g) => g.mutate),
  coverageAnalysis: 'perTest',
  // Incremental: results are kept per group in test/mutation/results/ (committed, so that the next run,
  // here or in CI, retests only the mutants whose code or covering tests changed).
  incremental: Boolean(group),
  incrementalFile: `${resultsDir}/${name ?? 'all'}.json`,
  // tsx strips types without checking them: nothing to disable (and the demo's HTML is not ours to touch).
  disableTypeChecks: false,
  ignoreStatic: true,
  // The machine is shared: two test runners at most.
  concurrency: 2,
  timeoutMS: 5_000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: `dist/mutation/${name ?? 'all'}.html` },
  // Not copied into the sandbox: build output (a concurrent `npm run build` would race the copy), data,
  // and the results of the other groups.
  ignorePatterns: ['dist', '.carstrel', 'test-results', 'reports', resultsDir],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
