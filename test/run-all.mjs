#!/usr/bin/env node
// `npm test`: lints (ESLint and Prettier in check mode, counted as one step), builds, then runs
// every runner headless — Node's test runner (proxy, sandbox, build checks and budgets),
// web-test-runner in Chromium (elements), Node + Chromium end-to-end — and ends with one line
// `N passed, N failed` that adds up all of them.
//
// `node test/run-all.mjs lint|node|browser|e2e` runs one step (node, browser and e2e after the
// build they need).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv[2];
const totals = { passed: 0, failed: 0 };
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

function chromium() {
  const env = process.env.CHROME_PATH;
  if (env) return existsSync(env) ? env : undefined;
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ].find((p) => existsSync(p));
}

/** Node's test runner with a TAP copy on disk, so that counts are read, not guessed. */
function nodeTests(name, files, args = []) {
  if (!files.length) return;
  const tap = `dist/${name}.tap`;
  rmSync(tap, { force: true });
  console.log(`\n▶ ${name}: ${files.length} files`);
  const status = run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    ...args,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const pass = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  totals.passed += pass;
  totals.failed += fail || (status !== 0 ? 1 : 0);
}

function browserTests() {
  const summary = 'dist/wtr-summary.json';
  rmSync(summary, { force: true });
  console.log('\n▶ browser (web-test-runner, Chromium)');
  const status = run(process.execPath, ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js']);
  const counts = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : { passed: 0, failed: 1 };
  totals.passed += counts.passed;
  totals.failed += counts.failed || (status !== 0 ? 1 : 0);
}

/** `npm run lint` as one step: ESLint, then Prettier, both in check mode, each printing its findings. */
function lint() {
  console.log('\n▶ lint (eslint, prettier --check)');
  const eslint = run(process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
  const prettier = run(process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '.']);
  if (eslint === 0 && prettier === 0) totals.passed += 1;
  else totals.failed += 1;
}

mkdirSync('dist', { recursive: true });
const chrome = chromium();
if (!chrome && only !== 'node' && only !== 'lint') {
  console.error(
    'No Chromium found: install it with `apt-get install -y chromium` (Debian) or set CHROME_PATH to a Chrome/Chromium binary.',
  );
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
  if (chrome) browserTests();
  else {
    totals.failed += 1;
    exitCode = 1;
  }
}
if (!only || only === 'e2e') {
  if (chrome) nodeTests('e2e', findTests('test/e2e', '.test.ts'), ['--test-concurrency=1']);
  else {
    totals.failed += 1;
    exitCode = 1;
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : exitCode);
