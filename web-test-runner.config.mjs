// Browser tests: every `src/**/*.test.ts` in real headless Chromium, against a real proxy and a
// real sandbox started here (the same code `npm start` runs). Run through tsx (see package.json)
// so that the proxy and sandbox TypeScript sources load directly.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromePath, CHROME_ARGS, NO_CHROME_HINT } from './test/helpers/chrome.ts';
import { startSandbox } from './proxy/sandbox/index.ts';
import { startProxy } from './proxy/server.ts';

const executablePath = chromePath();
if (!executablePath) {
  console.error(NO_CHROME_HINT);
  process.exit(1);
}

const PORT = Number(process.env.WTR_PORT ?? 8765);
const pageOrigins = [`http://127.0.0.1:${PORT}`, `http://localhost:${PORT}`];

const sandbox = await startSandbox({ port: 0 });
const proxy = await startProxy(
  {
    CARSTREL_API_KEY: 'sk_test_sandbox',
    CARSTREL_API_URL: sandbox.url,
    CARSTREL_ALLOWED_ORIGINS: pageOrigins.join(','),
    CARSTREL_RATE_LIMIT: 'off',
    CARSTREL_DATA_DIR: `dist/test-data/wtr-${process.pid}`,
  },
  { port: 0, log: () => {} },
);

/** Counts results for test/run-all.mjs, which adds up every runner. */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        for (const t of suite.tests ?? []) if (!t.skipped) t.passed ? passed++ : failed++;
        for (const s of suite.suites ?? []) walk(s);
      };
      for (const s of sessions) {
        const before = passed + failed;
        if (s.testResults) walk(s.testResults);
        if (!s.passed && passed + failed === before)
          failed++; // a file that failed to load
        else if (!s.passed && (s.errors ?? []).length) failed++; // an error outside any test
      }
      mkdirSync('dist', { recursive: true });
      writeFileSync('dist/wtr-summary.json', JSON.stringify({ passed, failed }));
    },
  };
}

/**
 * Same-origin access for the tests to the sandbox's inspection routes (`/_sandbox/*`), and to the
 * second demo dealer's registration (`/_dealer-two/register`), so a test can create a customer of
 * another dealer who then signs in on this one. The second key stays here, in Node.
 */
function sandboxBridge() {
  return async (ctx, next) => {
    const dealerTwo = ctx.path === '/_dealer-two/register';
    if (!ctx.path.startsWith('/_sandbox/') && !dealerTwo) return next();
    const target = dealerTwo ? `${sandbox.url}/external/auth/register` : sandbox.url + ctx.url;
    const res = await fetch(target, {
      method: ctx.method,
      headers: { 'content-type': 'application/json', ...(dealerTwo ? { 'x-api-key': 'sk_test_sandbox2' } : {}) },
      body: ctx.method === 'POST' ? await readBody(ctx.req) : undefined,
    });
    ctx.status = res.status;
    ctx.type = 'application/json';
    ctx.body = await res.text();
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: true,
  port: PORT,
  hostname: '127.0.0.1',
  concurrency: 1,
  browserStartTimeout: 60000,
  testsFinishTimeout: 300000,
  testFramework: { config: { timeout: 15000 } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    {
      name: 'carstrel-servers',
      async serverStop() {
        await proxy.close();
        await sandbox.close();
      },
    },
  ],
  middleware: [sandboxBridge()],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>CarStrel browser tests</title></head>
  <body>
    <script>window.__carstrelTest = ${JSON.stringify({ proxy: proxy.url, sandbox: sandbox.url })};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  browsers: [chromeLauncher({ launchOptions: { executablePath, headless: true, args: CHROME_ARGS } })],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter()],
};
