/**
 * Proxy benchmark (loopback, bounded): in one run, against the same sandbox,
 *  - the goal of issue 13: a vehicle list proxied (forwarded every time; list cache off) against
 *    the leanest Node forwarder (lean.ts: node:http + an undici Pool with the proxy's own pool
 *    settings, no features), in BENCH_PAIRS pairs of runs whose order alternates; each pair's
 *    ratio, their median and range, and the CPU time each forwarder spent per request,
 *  - the same list proxied ÷ direct, and the p50 / p99 latency the proxy adds,
 *  - cached reference data through the proxy ÷ the same data direct (median of 3 pairs).
 * The sandbox, the proxy and the lean forwarder each run in their own child process; autocannon
 * drives from this one with the same connection count everywhere, after a warm-up of each.
 * BENCH_SECONDS (per run of the goal's pairs, default 4; the other runs take half),
 * BENCH_CONNECTIONS (default 10) and BENCH_PAIRS (default 5) tune it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { child, failed, fmt, fmtCpu, pair, pairs, run, settings, spread, type Result } from './harness.js';

const { seconds, connections, pairs: pairCount } = settings({ seconds: 4, pairs: 5 });
const half = Math.max(1, seconds / 2);
const KEY = { 'x-api-key': 'sk_test_sandbox' };
const GOAL = 0.9;

const dataDir = mkdtempSync(join(tmpdir(), 'proxy-bench-'));
const sandbox = await child('sandbox');
const proxy = await child('proxy', { SANDBOX_URL: sandbox.url, CARSTREL_DATA_DIR: dataDir });
const lean = await child('lean', { SANDBOX_URL: sandbox.url });
const at = (base: string, path: string, duration: number, pid?: number, headers: Record<string, string> = {}) =>
  run(base + path, { duration, connections, pid, headers });
const load = () => `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
const ratioText = (rs: number[]) => {
  const s = spread(rs);
  return `median ${s.median.toFixed(2)}, range ${s.min.toFixed(2)}–${s.max.toFixed(2)} (${rs.length} pairs)`;
};
try {
  const list = '/external/vehicles?listingType=sale&limit=12';
  // Reference data: brands (what the inventory filters load; costly upstream) and body types (cheap).
  const refs = ['/external/brands', '/external/body-types'];
  console.log(
    `proxy benchmark: ${seconds}s per run (${half}s outside the goal's pairs), ${connections} connections, loopback, Node ${process.version}, ${load()}\n`,
  );
  // Warm-up of every path measured below (JIT, keep-alive pools, the reference cache).
  const all: Result[] = [];
  await at(sandbox.url, list, 2, undefined, KEY);
  await at(proxy.url, list, 2);
  await at(lean.url, list, 2);
  for (const ref of refs) {
    await at(sandbox.url, ref, 1, undefined, KEY);
    await at(proxy.url, ref, 1);
  }

  // The goal: the uncached proxied request at ≥ 0.9× the leanest Node forwarder, side by side.
  const goal = await pairs(
    () => at(lean.url, list, seconds, lean.proc.pid),
    () => at(proxy.url, list, seconds, proxy.proc.pid),
    pairCount,
    (l, p, i) => {
      all.push(l, p);
      const first = i % 2 === 0 ? 'lean first ' : 'proxy first';
      console.log(
        `pair ${i + 1} (${first})  lean ${fmt(l)} ${fmtCpu(l)}\n` +
          `${' '.repeat(22)}proxy ${fmt(p)} ${fmtCpu(p)}   proxied ÷ lean ${(p.rps / l.rps).toFixed(2)}`,
      );
    },
  );
  const ratios = goal.map(([l, p]) => p.rps / l.rps);
  const cpu = goal.map(([l, p]) => l.cpuPerRequest / p.cpuPerRequest).filter((r) => !Number.isNaN(r));

  const [directList, proxiedList] = await pair(
    () => at(sandbox.url, list, half, undefined, KEY),
    () => at(proxy.url, list, half),
  );
  all.push(directList, proxiedList);
  console.log(`\nvehicle list        direct   ${fmt(directList)}`);
  console.log(`vehicle list        proxied  ${fmt(proxiedList)}`);

  const refRatios: string[] = [];
  for (const ref of refs) {
    const name = ref.replace('/external/', '');
    const runs = await pairs(
      () => at(sandbox.url, ref, half, undefined, KEY),
      () => at(proxy.url, ref, half),
      3,
      (direct, cached) => {
        all.push(direct, cached);
        console.log(`${name.padEnd(19)} direct   ${fmt(direct)}`);
        console.log(`${name.padEnd(19)} cached   ${fmt(cached)}`);
      },
    );
    refRatios.push(`cached ÷ direct throughput (${name}):`.padEnd(45) + ratioText(runs.map(([d, c]) => c.rps / d.rps)));
  }

  const s = spread(ratios);
  console.log('');
  console.log(
    `proxied ÷ lean forwarder (vehicle list):`.padEnd(45) +
      `${ratioText(ratios)}; goal ≥ ${GOAL.toFixed(2)}: ${s.median >= GOAL ? 'met' : 'NOT met'} by the median` +
      (s.min >= GOAL ? ', every pair' : ''),
  );
  if (cpu.length)
    console.log(`lean ÷ proxy CPU time per request:`.padEnd(45) + `${ratioText(cpu)} (it too rises with contention)`);
  console.log(`proxied ÷ direct throughput (vehicle list):`.padEnd(45) + (proxiedList.rps / directList.rps).toFixed(2));
  for (const r of refRatios) console.log(r);
  console.log(
    `latency added by the proxy (vehicle list):`.padEnd(45) +
      `p50 +${(proxiedList.p50 - directList.p50).toFixed(1)} ms, p99 +${(proxiedList.p99 - directList.p99).toFixed(1)} ms`,
  );
  console.log(`machine at the end:`.padEnd(45) + load());
  if (all.some(failed)) {
    console.error('some requests failed; the numbers above are not trustworthy');
    process.exitCode = 1;
  }
} finally {
  proxy.proc.kill('SIGKILL');
  lean.proc.kill('SIGKILL');
  sandbox.proc.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}
