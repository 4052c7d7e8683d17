/**
 * Proxy benchmark (loopback, bounded): in one run, against the same sandbox, measures
 *  - a vehicle list proxied (forwarded every time; list cache off) ÷ the same list direct,
 *  - cached reference data through the proxy ÷ the same data direct,
 *  - the p50 / p99 latency the proxy adds.
 * The sandbox and the proxy each run in their own child process; autocannon drives from this one.
 * Direct and proxied runs alternate in short rounds, so drifting machine load hits both alike.
 * BENCH_SECONDS (default 3) and BENCH_CONNECTIONS (default 10) tune it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const serve = fileURLToPath(new URL('./serve.ts', import.meta.url));
const KEY = { 'x-api-key': 'sk_test_sandbox' };

function child(role: string, env: Record<string, string> = {}): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', serve, role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /URL (\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1] });
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

async function run(url: string, headers: Record<string, string> = {}, duration = seconds): Promise<Result> {
  const r = await autocannon({ url, connections, duration, headers, pipelining: 1 });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** Alternate A and B in short rounds so drifting machine load hits both sides alike. */
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

const dataDir = mkdtempSync(join(tmpdir(), 'proxy-bench-'));
const sandbox = await child('sandbox');
const proxy = await child('proxy', { SANDBOX_URL: sandbox.url, CARSTREL_DATA_DIR: dataDir });
const lean = await child('lean', { SANDBOX_URL: sandbox.url });
try {
  const list = '/external/vehicles?listingType=sale&limit=12';
  // Reference data: brands (what the inventory filters load; costly upstream) and body types (cheap).
  const refs = ['/external/brands', '/external/body-types'];
  console.log(`proxy benchmark: ${seconds}s per run, ${connections} connections, loopback, Node ${process.version}\n`);
  // Warm up both paths (JIT, keep-alive pools, the reference cache).
  await run(sandbox.url + list, KEY, 1);
  await run(proxy.url + list, {}, 1);
  await run(lean.url + list, {}, 1);
  for (const ref of refs) await run(proxy.url + ref, {}, 1);

  const half = Math.max(1, seconds / 2);
  const [directList, proxiedList] = await pair(
    () => run(sandbox.url + list, KEY, half),
    () => run(proxy.url + list, {}, half),
  );
  console.log(`vehicle list        direct   ${fmt(directList)}`);
  console.log(`vehicle list        proxied  ${fmt(proxiedList)}`);
  // The goal: the uncached proxied request at ≥ 0.9× the leanest Node forwarder, side by side.
  const [leanList, proxiedAgain] = await pair(
    () => run(lean.url + list, {}, half),
    () => run(proxy.url + list, {}, half),
    3,
  );
  console.log(`vehicle list        lean     ${fmt(leanList)}   (node:http + undici Pool, no features)`);
  console.log(`vehicle list        proxied  ${fmt(proxiedAgain)}`);
  const all = [directList, proxiedList, leanList, proxiedAgain];
  const ratios: string[] = [];
  for (const ref of refs) {
    const [direct, cached] = await pair(
      () => run(sandbox.url + ref, KEY, half),
      () => run(proxy.url + ref, {}, half),
    );
    all.push(direct, cached);
    const name = ref.replace('/external/', '');
    console.log(`${name.padEnd(19)} direct   ${fmt(direct)}`);
    console.log(`${name.padEnd(19)} cached   ${fmt(cached)}`);
    ratios.push(`cached ÷ direct throughput (${name}):`.padEnd(45) + (cached.rps / direct.rps).toFixed(2));
  }
  console.log('');
  console.log(`proxied ÷ direct throughput (vehicle list):`.padEnd(45) + (proxiedList.rps / directList.rps).toFixed(2));
  console.log(
    `proxied ÷ lean forwarder (vehicle list):`.padEnd(45) +
      `${(proxiedAgain.rps / leanList.rps).toFixed(2)}   (goal ≥ 0.90)`,
  );
  for (const r of ratios) console.log(r);
  console.log(
    `latency added by the proxy (vehicle list):`.padEnd(45) +
      `p50 +${(proxiedList.p50 - directList.p50).toFixed(1)} ms, p99 +${(proxiedList.p99 - directList.p99).toFixed(1)} ms`,
  );
  const failed = all.some((r) => r.errors > 0 || r.non2xx > 0);
  if (failed) {
    console.error('some requests failed; the numbers above are not trustworthy');
    process.exitCode = 1;
  }
} finally {
  proxy.proc.kill('SIGKILL');
  lean.proc.kill('SIGKILL');
  sandbox.proc.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}
