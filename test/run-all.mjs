#!/usr/bin/env node
// `npm test`: lints (ESLint and Prettier in check mode, counted as one step), builds, then runs
// every runner headless — Node's test runner (proxy, sandbox, build checks and budgets),
// web-test-runner in each browser engine found (Chromium, Firefox, WebKit: the elements), Node +
// those engines end-to-end — and ends with one line `N passed, N failed` that adds up all of them.
// Engines not found are named, with the Debian packages that bring them.
//
// `node test/run-all.mjs lint|node|browser|e2e` runs one step (node, browser and e2e after the
// build they need).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const { chooseEngines, ENGINE_LABELS, missingLine } = await tsImport('./helpers/engines.ts', import.meta.url);

const only = process.argv[2];
const totals = { passed: 0, failed: 0 };
/** The names of the tests that failed, printed just before the last line (a CI log's tail shows them). */
const failures = [];
let exitCode = 0;

function run(cmd, args, extraEnv = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  if (res.status !== 0) exitCode = 1;
  return res.status ?? 1;
}

function findTests(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => join(dir, f));
}

/** Node's test runner with a TAP copy on disk, so that counts are read, not guessed. */
function nodeTests(name, files, args = []) {
  if (!files.length) return;
  console.log(`\n▶ ${name}: ${files.length} files`);
  count(name, nodeTestRun(name, files, args));
}

/** Adds one run's counts and failures to the totals. */
function count(name, { pass, fail, status, names }) {
  totals.passed += pass;
  totals.failed += fail || (status !== 0 ? 1 : 0);
  if (status !== 0) exitCode = 1;
  failures.push(...names.map((t) => `${name}: ${t}`));
  if (!fail && status !== 0) failures.push(`${name}: the runner exited with ${status}`);
}

/** One run of Node's test runner over `files`: its counts and the names of its failed tests. */
function nodeTestRun(name, files, args) {
  const tap = `dist/${name}.tap`;
  rmSync(tap, { force: true });
  const { status } = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      ...args,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { stdio: 'inherit' },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const pass = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  return { pass, fail, status: status ?? 1, names: tapFailures(text) };
}

/**
 * The end-to-end journeys, one file at a time (each starts its own proxy and browsers). A file with
 * a failure is run once more, alone, as the browser runner does: a test that passes then is named as
 * flaky (and the file counted from its second run); one that fails again fails.
 */
function e2eTests(files) {
  console.log(`\n▶ e2e: ${files.length} files, one at a time`);
  for (const file of files) {
    const first = nodeTestRun('e2e', [file], []);
    if (first.status === 0) {
      count('e2e', first);
      continue;
    }
    console.log(`\n▶ e2e, once more: ${file}`);
    const second = nodeTestRun('e2e', [file], []);
    flaky.push(...first.names.filter((t) => !second.names.includes(t)).map((t) => `e2e: ${t}`));
    count('e2e', second);
  }
}

/** Failed tests in a TAP report, each with its suites (`suite › test`), leaves only. */
function tapFailures(text) {
  const names = [];
  const suites = [];
  for (const line of text.split('\n')) {
    const subtest = /^( *)# Subtest: (.*)$/.exec(line);
    if (subtest) suites[subtest[1].length / 4] = subtest[2];
    const failed = /^( *)not ok \d+ - (.*?)(?: #.*)?$/.exec(line);
    if (!failed) continue;
    const path = [...suites.slice(0, failed[1].length / 4), failed[2]].join(' › ');
    if (!names.some((n) => n.startsWith(`${path} › `))) names.push(path);
  }
  return names;
}

/**
 * web-test-runner once per engine (its own proxy and sandbox, its own time), counts added up. A file
 * with a failure is run once more, alone: a test that passes then is named as flaky (and counted as
 * passed), one that fails again fails.
 */
function browserTests(engines) {
  for (const id of engines) {
    const label = ENGINE_LABELS[id];
    console.log(`\n▶ browser (web-test-runner, ${label})`);
    const started = Date.now();
    const first = wtr(id, []);
    let { passed, failed } = first;
    let failedNow = first.failures;
    const again = Object.keys(first.failedFiles ?? {});
    if (again.length && first.failed < 10) {
      console.log(`\n▶ browser (${label}), once more: ${again.join(' ')}`);
      const second = wtr(id, ['--files', ...again]);
      for (const c of Object.values(first.failedFiles)) {
        passed -= c.passed;
        failed -= c.failed;
      }
      passed += second.passed;
      failed += second.failed;
      const stillFailing = new Set(second.failures.map((f) => f.test));
      flaky.push(...first.failures.filter((f) => !stillFailing.has(f.test)).map((f) => `${label}: ${f.test}`));
      failedNow = second.failures;
    }
    totals.passed += passed;
    totals.failed += failed;
    failures.push(...failedNow.map((f) => `${label}: ${f.test}: ${f.message}`));
    engineReport.push(`${label}: ${passed} passed, ${failed} failed in ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

/** One web-test-runner run in one engine: its counts, the failed tests and the files they are in. */
function wtr(engine, args) {
  const summary = 'dist/wtr-summary.json';
  rmSync(summary, { force: true });
  // Not run(): a failure here is counted from the summary (a retried file may pass).
  const { status } = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', ...args],
    { stdio: 'inherit', env: { ...process.env, CARSTREL_ENGINES: engine } },
  );
  const counts = existsSync(summary)
    ? JSON.parse(readFileSync(summary, 'utf8'))
    : { passed: 0, failed: 0, failures: [], failedFiles: {} };
  if (!counts.failed && status !== 0)
    return {
      ...counts,
      failed: 1,
      failures: [{ test: 'web-test-runner', message: `exited with ${status}` }],
      failedFiles: {},
    };
  return counts;
}
const flaky = [];
const engineReport = [];

/** `npm run lint` as one step: ESLint, then Prettier, both in check mode, each printing its findings. */
function lint() {
  console.log('\n▶ lint (eslint, prettier --check)');
  const eslint = run(process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
  const prettier = run(process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '.']);
  if (eslint === 0 && prettier === 0) totals.passed += 1;
  else totals.failed += 1;
}

/** A fresh Debian machine, as root with apt-get: install Debian's own `chromium` (as .ci/run does). */
function installChromium() {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  console.log("No Chromium found: installing Debian's `chromium` package (apt-get install -y chromium)…");
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } };
  if (spawnSync('apt-get', ['update', '-qq'], quiet).status === 0)
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], quiet);
}

mkdirSync('dist', { recursive: true });
const browserSteps = only !== 'node' && only !== 'lint';
let engines = chooseEngines();
if (browserSteps && engines.missing.some((m) => m.id === 'chromium')) {
  installChromium();
  engines = chooseEngines();
}
if (browserSteps) {
  console.log(`Browser engines: ${engines.run.map((id) => ENGINE_LABELS[id]).join(', ') || 'none'}`);
  for (const m of engines.missing) console.warn(missingLine(m));
}

if (!only || only === 'lint') lint();

if (!only) {
  console.log('\n▶ build');
  if (run('npm', ['run', '--silent', 'build']) !== 0) {
    console.log(`\n${totals.passed} passed, ${totals.failed + 1} failed`);
    process.exit(1);
  }
}

if (!only || only === 'node') nodeTests('node', findTests('test/node', '.test.ts'));
if (!only || only === 'browser') {
  if (engines.run.length) browserTests(engines.run);
  else {
    totals.failed += 1;
    exitCode = 1;
  }
}
if (!only || only === 'e2e') {
  if (engines.run.length) e2eTests(findTests('test/e2e', '.test.ts'));
  else {
    totals.failed += 1;
    exitCode = 1;
  }
}

if (engineReport.length) console.log(`\nBrowser suite per engine:\n  ${engineReport.join('\n  ')}`);
for (const m of browserSteps ? engines.missing : []) console.log(missingLine(m));
if (flaky.length) console.log(`\nFlaky (failed, then passed when run again):\n  ${flaky.join('\n  ')}`);
if (failures.length) console.log(`\nFailed:\n  ${failures.join('\n  ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : exitCode);
