/**
 * Many-dealers benchmark (`npm run bench:tenants`), in one run, against the same sandbox:
 *  - routing cost: a proxy serving 1,000 tenants from its tenants file (`/d/<id>/…`, and by Host)
 *    against a single-dealer proxy, on a cached reference read (where routing weighs most) and on
 *    a forwarded vehicle list; goal ≥ 0.95× the single dealer's req/s;
 *  - a reload under load: while autocannon drives the tenants proxy, the file is rewritten (keys of
 *    the busy tenants rotated, tenants added and removed) and SIGHUP sent, and no request may fail.
 * Every server runs in its own child process (the proxies are the real CLI, proxy/main.ts); runs of
 * the two proxies alternate in short rounds, so drifting machine load hits both alike.
 *  - the same routing cost measured where machine load cannot skew it: both apps in this process,
 *    the sandbox in memory as upstream, their requests interleaved one by one, CPU time per request.
 * BENCH_SECONDS (default 3), BENCH_CONNECTIONS (default 10), BENCH_TENANTS (default 1000) and
 * BENCH_REQUESTS (in-process requests per variant, default 15000) tune it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createProxyApp, type ProxyApp } from '../../proxy/app.js';
import { loadConfig } from '../../proxy/lib/config.js';
import { fetchUpstream } from '../../proxy/lib/upstream.js';
import { createSandbox } from '../../proxy/sandbox/index.js';
import { parseTenants } from '../../proxy/tenants/file.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const count = Number(process.env.BENCH_TENANTS ?? 1000);
const root = fileURLToPath(new URL('../..', import.meta.url));
const serve = fileURLToPath(new URL('./serve.ts', import.meta.url));
/** Tenants the load is spread over (each warmed first, so cached reads are hits for all of them). */
const HOT = 50;

interface Child {
  proc: ChildProcess;
  url: string;
}

function start(args: string[], env: Record<string, string>, pattern: RegExp): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = pattern.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}): ${out}`)));
  });
}

const id = (i: number) => `t${String(i).padStart(4, '0')}`;
const host = (i: number) => `${id(i)}.dealers.example`;

/** The tenants file: `count` tenants on the sandbox's dealers; each later `generation` rotates their keys. */
function tenantsFile(n: number, generation = 0): string {
  const tenants = Array.from({ length: n }, (_, i) => ({
    id: id(i),
    // All dealer one at first (the same upstream work as the single dealer); reloads then alternate dealers.
    apiKey: generation > 0 && (i + generation) % 2 ? 'sk_test_sandbox2' : 'sk_test_sandbox',
    allowedOrigins: [`https://www.${id(i)}.example`],
    hosts: [host(i)],
  }));
  return JSON.stringify({ tenants }, null, 1);
}

/** CPU seconds a process has used so far (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid: number | undefined): number | undefined {
  const stat = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(stat)) return undefined;
  const fields = readFileSync(stat, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime (fields 14 and 15 of the whole line), in clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Result {
  /** CPU time the measured proxy spent per answered request, µs (NaN where /proc is missing). */
  cpuPerRequest: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

async function run(
  target: Child,
  paths: string[],
  opts: { duration?: number; headers?: (i: number) => Record<string, string> } = {},
): Promise<Result> {
  const cpu0 = cpuSeconds(target.proc.pid);
  const url = target.url;
  const r = await autocannon({
    url,
    connections,
    duration: opts.duration ?? seconds,
    pipelining: 1,
    requests: paths.map((path, i) => ({ method: 'GET', path, headers: opts.headers?.(i) })),
  });
  const cpu1 = cpuSeconds(target.proc.pid);
  return {
    cpuPerRequest: cpu0 === undefined || cpu1 === undefined ? NaN : ((cpu1 - cpu0) * 1e6) / r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    total: r.requests.total,
  };
}

/** Alternate the runs in short rounds so drifting machine load hits all of them alike; averages. */
async function alternate(runs: Array<() => Promise<Result>>, rounds = 3): Promise<Result[]> {
  const all: Result[][] = runs.map(() => []);
  for (let i = 0; i < rounds; i++) for (const [k, r] of runs.entries()) all[k].push(await r());
  return all.map((rs) => ({
    cpuPerRequest: rs.reduce((n, r) => n + r.cpuPerRequest, 0) / rs.length,
    rps: rs.reduce((n, r) => n + r.rps, 0) / rs.length,
    p50: rs.reduce((n, r) => n + r.p50, 0) / rs.length,
    p99: rs.reduce((n, r) => n + r.p99, 0) / rs.length,
    errors: rs.reduce((n, r) => n + r.errors, 0),
    non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
    total: rs.reduce((n, r) => n + r.total, 0),
  }));
}

/**
 * CPU µs per request of each variant, the variants interleaved request by request (so whatever
 * else the machine does weighs on all alike): the single-dealer app against the 1,000-tenant app.
 */
async function handlerCost(text: string, requests: number): Promise<number[]> {
  const sandbox = createSandbox();
  const upstream = fetchUpstream('http://sandbox.invalid', (req) => sandbox.fetch(req));
  const env = { CARSTREL_API_URL: 'http://127.0.0.1:9', CARSTREL_LOG: 'off', CARSTREL_RATE_LIMIT: 'off' };
  const single = createProxyApp(loadConfig({ ...env, CARSTREL_API_KEY: 'sk_test_sandbox' }), { upstream });
  const multi = createProxyApp(loadConfig({ ...env, CARSTREL_TENANTS: 'tenants.json' }), { upstream });
  const parsed = parseTenants(text, {});
  if (!('tenants' in parsed) || !multi.tenants) throw new Error('the generated tenants file is refused');
  await multi.tenants.apply(parsed.tenants);
  const path = '/external/brands';
  const variants: Array<[ProxyApp, (i: number) => Request]> = [
    [single, () => new Request(`http://proxy${path}`)],
    [single, (i) => new Request(`http://proxy${path}?v=${i % HOT}`)],
    [multi, () => new Request(`http://proxy/d/${id(0)}${path}`)],
    [multi, (i) => new Request(`http://proxy/d/${id((i % HOT) * 20)}${path}`)],
    [multi, (i) => new Request(`http://proxy${path}`, { headers: { host: host((i % HOT) * 20) } })],
  ];
  const cpu = variants.map(() => 0);
  const warm = 2000;
  for (let i = 0; i < warm + requests; i++) {
    for (let k = 0; k < variants.length; k++) {
      const v = (i + k) % variants.length;
      const [app, make] = variants[v];
      const req = make(i);
      const t = process.cpuUsage();
      const res = await app.fetch(req);
      await res.arrayBuffer();
      const used = process.cpuUsage(t);
      if (res.status !== 200) throw new Error(`${req.url}: ${res.status}`);
      if (i >= warm) cpu[v] += used.user + used.system;
    }
  }
  await Promise.all([single.close(), multi.close()]);
  return cpu.map((us) => us / requests);
}

const dir = mkdtempSync(join(tmpdir(), 'proxy-bench-tenants-'));
const file = join(dir, 'tenants.json');
const write = (text: string) => {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
};
write(tenantsFile(count));

// List cache off: the vehicle list is forwarded on every request (the other route is a cache hit).
const common = {
  CARSTREL_RATE_LIMIT: 'off',
  CARSTREL_LOG: 'off',
  CARSTREL_CACHE_LIST_TTL: '0',
  PORT: '0',
  HOST: '127.0.0.1',
};
const started = /on (http:\/\/127\.0\.0\.1:\d+)/;
const sandbox = await start([serve, 'sandbox'], {}, /URL (\S+)/);
const single = await start(
  ['proxy/main.ts'],
  {
    ...common,
    CARSTREL_API_KEY: 'sk_test_sandbox',
    CARSTREL_API_URL: sandbox.url,
    CARSTREL_DATA_DIR: join(dir, 'single'),
  },
  started,
);
const t0 = performance.now();
const multi = await start(
  ['proxy/main.ts'],
  { ...common, CARSTREL_TENANTS: file, CARSTREL_API_URL: sandbox.url, CARSTREL_DATA_DIR: join(dir, 'multi') },
  started,
);
const startMs = performance.now() - t0;

const rows: string[][] = [];
let failed = false;
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const note = (r: Result) => (r.errors || r.non2xx ? ` (${r.errors} errors, ${r.non2xx} non-2xx)` : '');
try {
  console.log(
    `tenants benchmark: ${count} tenants, ${seconds} s per run, ${connections} connections, loopback, Node ${process.version}`,
  );
  console.log(`(the tenants proxy started in ${Math.round(startMs)} ms, tsx included)\n`);
  const hot = Array.from({ length: HOT }, (_, i) => Math.floor((i * count) / HOT));
  const routes: Array<{ name: string; path: string }> = [
    { name: 'brands (cache hit)', path: '/external/brands' },
    { name: 'vehicle list (forwarded)', path: '/external/vehicles?listingType=sale&limit=12' },
  ];
  // Warm up: JIT, keep-alive pools, every hot tenant's cache.
  for (const { path } of routes) {
    await run(single, [path], { duration: 1 });
    await run(
      multi,
      hot.map((i) => `/d/${id(i)}${path}`),
      { duration: 1 },
    );
  }
  for (const { name, path } of routes) {
    const half = Math.max(1, seconds / 2);
    const [one, prefixed, hosted] = await alternate([
      () => run(single, [path], { duration: half }),
      () =>
        run(
          multi,
          hot.map((i) => `/d/${id(i)}${path}`),
          { duration: half },
        ),
      () => run(multi, [path], { duration: half, headers: (i) => ({ host: host(hot[i % HOT]) }) }),
    ]);
    if (!one || !prefixed || !hosted) throw new Error('missing run');
    for (const r of [one, prefixed, hosted]) failed ||= r.errors > 0 || r.non2xx > 0;
    const cpu = (r: Result) => r.cpuPerRequest.toFixed(0);
    rows.push([
      name,
      `${n(one.rps)}${note(one)}`,
      `${n(prefixed.rps)}${note(prefixed)}`,
      (prefixed.rps / one.rps).toFixed(2),
      `${n(hosted.rps)}${note(hosted)}`,
      (hosted.rps / one.rps).toFixed(2),
      `${cpu(one)} / ${cpu(prefixed)} / ${cpu(hosted)}`,
      (one.cpuPerRequest / prefixed.cpuPerRequest).toFixed(2),
    ]);
  }

  // Reload under load: rewrite the file (rotate the busy tenants' keys, add and remove tenants) and
  // send SIGHUP while autocannon drives the busy tenants; count the failed requests.
  const duration = Math.max(4, seconds * 2);
  let writes = 0;
  let sighups = 0;
  let stop = false;
  const churn = (async () => {
    for (let g = 1; !stop; g++) {
      await new Promise((r) => setTimeout(r, 400));
      if (stop) break;
      write(tenantsFile(g % 2 ? count - 1 : count, g)); // rotated keys; the last tenant removed, then back
      writes++;
      if (g % 3 === 0) {
        multi.proc.kill('SIGHUP');
        sighups++;
      }
    }
  })();
  const under = await run(
    multi,
    hot.map((i) => `/d/${id(i)}/external/brands`),
    { duration },
  );
  stop = true;
  await churn;
  const health = (await (await fetch(`${multi.url}/healthz`)).json()) as {
    data: { reloads: { loads: number; refused: number } };
  };
  failed ||= under.errors > 0 || under.non2xx > 0;
  const failedRequests = under.errors + under.non2xx;

  const inProcess = await handlerCost(tenantsFile(count), Number(process.env.BENCH_REQUESTS ?? 15000));
  const [one, oneSpread, tenant, tenantsPrefix, tenantsHost] = inProcess.map((us) => us.toFixed(1));
  const ratio = (a: number | undefined, b: number | undefined) => ((a ?? NaN) / (b ?? NaN)).toFixed(2);

  const head = [
    'route',
    'single dealer req/s',
    `${count} tenants, /d/<id>/`,
    'ratio',
    'by Host',
    'ratio',
    'proxy CPU µs/request (single / prefix / host)',
    'ratio (prefix)',
  ];
  const table = [head, head.map(() => '---'), ...rows];
  console.log(table.map((r) => `| ${r.join(' | ')} |`).join('\n'));
  console.log('');
  console.log(
    `handler only (in this process, no sockets, requests interleaved one by one), CPU µs per cached brands read:`,
  );
  console.log(
    [
      '| single dealer, one URL | one tenant of 1,000 (/d/<id>/) | ratio | single dealer, 50 URLs in turn | 50 tenants in turn, /d/<id>/ | ratio | by Host | ratio |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${one} | ${tenant} | ${ratio(inProcess[0], inProcess[2])} | ${oneSpread} | ${tenantsPrefix} | ${ratio(inProcess[1], inProcess[3])} | ${tenantsHost} | ${ratio(inProcess[1], inProcess[4])} |`,
    ].join('\n'),
  );
  console.log('');
  console.log(
    `reload under load (${duration} s on ${HOT} tenants' brands): the file rewritten ${writes} times (the busy tenants' keys rotated, ` +
      `a tenant removed, then added back) and ${sighups} SIGHUPs; ${health.data.reloads.loads - 1} reloads applied ` +
      `(change events are debounced), ${health.data.reloads.refused} refused; ${n(under.total)} requests at ${n(under.rps)} req/s, ` +
      `failed: ${failedRequests}`,
  );
  if (failed) {
    console.error('some requests failed; the numbers above are not trustworthy');
    process.exitCode = 1;
  }
} finally {
  for (const c of [multi, single, sandbox]) c.proc.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
