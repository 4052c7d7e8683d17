// Mutation testing of the proxy (`npm run mutation`, test/mutation/run.mjs): StrykerJS 9 (the last
// line for Node 20) with its tap runner, which runs each node:test file under tsx and knows, per file,
// which mutants it covers, so each mutant reruns only the test files that reach it.
// The runner measures the whole of proxy/lib in groups (test/mutation/groups.mjs), one Stryker run per
// group with CARSTREL_MUTATION_GROUP set, incrementally, and adds the groups up.
// `npx stryker run` alone (no group) mutates all of proxy/lib against every group's tests at once.
import { groups, resultsDir } from './test/mutation/groups.mjs';

const name = process.env.CARSTREL_MUTATION_GROUP;
const group = name ? groups[name] : undefined;
if (name && !group) throw new Error(`No mutation group "${name}" (test/mutation/groups.mjs)`);
const all = Object.values(groups);

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
