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
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { edgeWorkDir, startEdge, type RunningEdge } from '../node/edge/workerd-harness.js';
import { child, failed, fmt, pair, run as runAt, settings, type Result } from './harness.js';

const { seconds, connections } = settings({ seconds: 3 });
const HIGH_LIMITS = 'get=100000000,post=100000000,auth=100000000';
const run = (url: string, duration = seconds): Promise<Result> => runAt(url, { duration, connections });

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
  if (rows.some(([, n, w]) => failed(n) || failed(w))) {
    console.error('some requests failed; the numbers above are not trustworthy');
    process.exitCode = 1;
  }
} finally {
  for (const e of edges) await e.stop();
  for (const p of procs) p.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  work.cleanup();
}
