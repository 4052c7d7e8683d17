// Browser tests: every `src/**/*.test.ts` in real headless Chromium, Firefox and WebKit (those found
// on this machine; `CARSTREL_ENGINES=firefox` picks some), against a real proxy and a real sandbox
// started here (the same code `npm start` runs). Run through tsx (see package.json)
// so that the proxy and sandbox TypeScript sources load directly.
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { Hono } from 'hono';
import { startSandbox } from './proxy/sandbox/index.ts';
import { startProxy } from './proxy/server.ts';
import { ENGINE_HINTS, ENGINE_IDS, missingLine } from './test/helpers/engines.ts';
import { engineLaunchers, webdriverHeldKeysPlugin } from './test/helpers/wtr-launchers.ts';

// One launcher per engine found (Chromium, Firefox, WebKit); the others are named with how to get them.
const engines = await engineLaunchers();
for (const m of engines.missing) console.warn(missingLine(m));
if (!engines.run.length) {
  console.error(`No browser engine found: install one with ${ENGINE_IDS.map((id) => ENGINE_HINTS[id]).join(', or ')}.`);
  process.exit(1);
}

const PORT = Number(process.env.WTR_PORT ?? 8765);
const pageOrigins = [`http://127.0.0.1:${PORT}`, `http://localhost:${PORT}`];

const sandbox = await startSandbox({ port: 0 });
const proxyEnv = {
  CARSTREL_API_KEY: 'sk_test_sandbox',
  CARSTREL_API_URL: sandbox.url,
  CARSTREL_ALLOWED_ORIGINS: pageOrigins.join(','),
  CARSTREL_RATE_LIMIT: 'off',
  CARSTREL_DATA_DIR: `dist/test-data/wtr-${process.pid}`,
};
const proxy = await startProxy(proxyEnv, { port: 0, log: () => {} });
/** A second deployment that enables the bearer fallback (`CARSTREL_BEARER_FALLBACK=on`, off by default). */
const bearerProxy = await startProxy(
  { ...proxyEnv, CARSTREL_BEARER_FALLBACK: 'on', CARSTREL_DATA_DIR: `${proxyEnv.CARSTREL_DATA_DIR}-bearer` },
  { port: 0, log: () => {} },
);

/**
 * Counts results for test/run-all.mjs, which adds up every runner: per engine, and in all (the
 * sum of the engines). Engines not found are listed with how to get them.
 */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const perEngine = Object.fromEntries(engines.run.map((id) => [id, { passed: 0, failed: 0, skipped: 0 }]));
      const failures = [];
      /** Counts of each file that had a failure, so that test/run-all.mjs can run it once more. */
      const failedFiles = {};
      for (const s of sessions) {
        const file = relative(process.cwd(), s.testFile);
        const c = { passed: 0, failed: 0, skipped: 0 };
        const fail = (test, message) => {
          c.failed++;
          failures.push({ test: `${file}: ${test}`, message: message.slice(0, 240) });
        };
        const walk = (suite, path) => {
          for (const t of suite.tests ?? []) {
            if (t.skipped) c.skipped++;
            else if (t.passed) c.passed++;
            else fail([...path, t.name].join(' › '), t.error?.message ?? 'failed');
          }
          for (const sub of suite.suites ?? []) walk(sub, [...path, sub.name]);
        };
        if (s.testResults) walk(s.testResults, []);
        const outside = (s.errors ?? []).map((e) => e.message).join('; ');
        if (!s.passed && c.passed + c.failed === 0) fail('(did not run)', outside || 'failed to load');
        else if (!s.passed && outside) fail('(outside any test)', outside);
        const total = perEngine[engines.engineOf(s.browser)];
        for (const k of Object.keys(c)) total[k] += c[k];
        if (c.failed) failedFiles[file] = c;
      }
      const sum = (k) => Object.values(perEngine).reduce((n, c) => n + c[k], 0);
      mkdirSync('dist', { recursive: true });
      writeFileSync(
        'dist/wtr-summary.json',
        JSON.stringify({
          passed: sum('passed'),
          failed: sum('failed'),
          failures,
          failedFiles,
          engines: perEngine,
          missing: engines.missing,
        }),
      );
    },
  };
}

/**
 * Same-origin access for the tests to the sandbox's inspection routes (`/_sandbox/*`), and to the
 * second demo dealer's registration (`/_dealer-two/register`), so a test can create a customer of
 * another dealer who then signs in on this one. The second key stays here, in Node.
 */
const sandboxBridge = new Hono()
  .all('/_sandbox/*', (c) => {
    const { pathname, search } = new URL(c.req.url);
    return relay(c.req.raw, sandbox.url + pathname + search);
  })
  .all('/_dealer-two/register', (c) =>
    relay(c.req.raw, `${sandbox.url}/external/auth/register`, { 'x-api-key': 'sk_test_sandbox2' }),
  );

/** Sends the request on to the sandbox as JSON and answers with the sandbox's status and body. */
async function relay(req, target, headers = {}) {
  const res = await fetch(target, {
    method: req.method,
    headers: { 'content-type': 'application/json', ...headers },
    body: req.method === 'POST' ? await req.text() : undefined,
  });
  return new Response(await res.text(), {
    status: res.status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** Koa (the test runner's server) → Hono: a request the app routes goes to `app.fetch`; its Response is written back. */
function koaAdapter(app) {
  return async (ctx, next) => {
    if (!app.router.match(ctx.method, ctx.path)[0].length) return next();
    const hasBody = ctx.method !== 'GET' && ctx.method !== 'HEAD';
    const res = await app.fetch(
      new Request(new URL(ctx.url, ctx.origin), {
        method: ctx.method,
        headers: Object.entries(ctx.headers).filter(([, value]) => typeof value === 'string'),
        body: hasBody ? await readBody(ctx.req) : undefined,
      }),
    );
    ctx.status = res.status;
    res.headers.forEach((value, name) => ctx.set(name, value));
    ctx.body = Buffer.from(await res.arrayBuffer());
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: true,
  port: PORT,
  hostname: '127.0.0.1',
  concurrency: 1,
  // One engine at a time: the tests share one sandbox, and the journal counts must not mix.
  concurrentBrowsers: 1,
  browserStartTimeout: 60000,
  testsFinishTimeout: 300000,
  testFramework: { config: { timeout: 15000 } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    webdriverHeldKeysPlugin(),
    {
      name: 'carstrel-servers',
      async serverStop() {
        await proxy.close();
        await bearerProxy.close();
        await sandbox.close();
        await engines.stop();
      },
    },
  ],
  middleware: [koaAdapter(sandboxBridge)],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>CarStrel browser tests</title></head>
  <body>
    <script>window.__carstrelTest = ${JSON.stringify({ proxy: proxy.url, bearerProxy: bearerProxy.url, sandbox: sandbox.url })};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  browsers: engines.browsers,
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter()],
};
