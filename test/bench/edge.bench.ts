/**
 * Edge benchmark (loopback, bounded): the Node proxy and the edge build in workerd (`npm run edge`)
 * side by side, in one run, in front of the same sandbox, each in its own process:
 *  - a vehicle list, forwarded every time (list cache off),
 *  - brands, answered from each proxy's reference cache,
 *  - the vehicle list again with rate limiting on (limits high enough never to refuse), which on
 *    the edge costs a Durable Object call per request (the client's bucket).
 * Runs alternate between the two runtimes in short rounds so drifting machine load hits both.
 * BENCH_SECONDS (default 3) and BENCH_CONNECTIONS (default 10) tune it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { edgeWorkDir, startEdge, type RunningEdge } from '../node/edge/workerd-harness.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const serve = fileURLToPath(new URL('./serve.ts', import.meta.url));
const HIGH_LIMITS = 'get=100000000,post=100000000,auth=100000000';

function child(role: string, env: Record<string, string> = {}): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', serve, role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (c) => {
      out += c;
      const m = /URL (\S+)/.exec(out);
      if (m?.[1]) resolve({ proc, url: m[1] });
    });
    proc.once('exit', (code) => reject(new Error(`${role} exited (${code})`)));
  });
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function run(url: string, duration = seconds): Promise<Result> {
  const r = await autocannon({ url, connections, duration, pipelining: 1 });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

async function pair(a: () => Promise<Result>, b: () => Promise<Result>, rounds = 2): Promise<[Result, Result]> {
  const ra: Result[] = [];
  const rb: Result[] = [];
  for (let i = 0; i < rounds; i++) {
    ra.push(await a());
    rb.push(await b());
  }
  const avg = (rs: Result[]): Result => ({
    rps: rs.reduce((n, r) => n + r.rps, 0) / rs.length,
    p50: rs.reduce((n, r) => n + r.p50, 0) / rs.length,
    p99: rs.reduce((n, r) => n + r.p99, 0) / rs.length,
    errors: rs.reduce((n, r) => n + r.errors, 0),
    non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
  });
  return [avg(ra), avg(rb)];
}

const fmt = (r: Result) =>
  `${Math.round(r.rps).toString().padStart(7)} req/s   p50 ${r.p50.toFixed(1).padStart(5)} ms   p99 ${r.p99.toFixed(1).padStart(5)} ms${r.errors || r.non2xx ? `   (errors ${r.errors}, non-2xx ${r.non2xx})` : ''}`;

const dataDir = mkdtempSync(join(tmpdir(), 'edge-bench-'));
const work = edgeWorkDir();
const procs: ChildProcess[] = [];
const edges: RunningEdge[] = [];
try {
  const sandbox = await child('sandbox');
  procs.push(sandbox.proc);
  const common = {
    CARSTREL_API_KEY: 'sk_test_sandbox',
    CARSTREL_API_URL: sandbox.url,
    CARSTREL_LOG: 'off',
    CARSTREL_CACHE_LIST_TTL: '0',
  };
  const node = await child('proxy', { SANDBOX_URL: sandbox.url, CARSTREL_DATA_DIR: dataDir });
  procs.push(node.proc);
  const nodeLimited = await child('proxy', {
    SANDBOX_URL: sandbox.url,
    CARSTREL_DATA_DIR: join(dataDir, 'limited'),
    BENCH_RATE_LIMIT: HIGH_LIMITS,
  });
  procs.push(nodeLimited.proc);
  const edge = await startEdge(
    { ...common, CARSTREL_RATE_LIMIT: 'off', CARSTREL_DATA_DIR: join(work.data, 'a') },
    { out: join(work.out, 'a') },
  );
  edges.push(edge);
  const edgeLimited = await startEdge(
    { ...common, CARSTREL_RATE_LIMIT: HIGH_LIMITS, CARSTREL_DATA_DIR: join(work.data, 'b') },
    { out: join(work.out, 'b') },
  );
  edges.push(edgeLimited);

  const list = '/external/vehicles?listingType=sale&limit=12';
  const brands = '/external/brands';
  console.log(
    `edge benchmark: Node ${process.version} proxy vs workerd, ${seconds}s per run, ${connections} connections, loopback\n`,
  );
  for (const base of [node.url, edge.url, nodeLimited.url, edgeLimited.url]) {
    await run(base + list, 1);
    await run(base + brands, 1);
  }
  const half = Math.max(1, seconds / 2);
  const rows: [string, Result, Result][] = [];
  for (const [name, path, a, b] of [
    ['vehicle list (forwarded)', list, node.url, edge.url],
    ['brands (cached)', brands, node.url, edge.url],
    ['vehicle list, rate limit on', list, nodeLimited.url, edgeLimited.url],
  ] as const) {
    const [n, w] = await pair(
      () => run(a + path, half),
      () => run(b + path, half),
    );
    rows.push([name, n, w]);
    console.log(`${name.padEnd(28)} node     ${fmt(n)}`);
    console.log(`${name.padEnd(28)} workerd  ${fmt(w)}`);
  }
  console.log('');
  for (const [name, n, w] of rows)
    console.log(`${`workerd ÷ node throughput, ${name}:`.padEnd(58)}${(w.rps / n.rps).toFixed(2)}`);
  if (rows.some(([, n, w]) => n.errors + n.non2xx + w.errors + w.non2xx > 0)) {
    console.error('some requests failed; the numbers above are not trustworthy');
    process.exitCode = 1;
  }
} finally {
  for (const e of edges) await e.stop();
  for (const p of procs) p.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  work.cleanup();
}
