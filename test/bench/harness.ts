/**
 * What the loopback benchmarks share (proxy.bench.ts, edge.bench.ts): child processes from
 * serve.ts, one autocannon run (throughput, latency and, on Linux, the CPU time the server process
 * spent per request), runs alternated so drifting machine load hits both sides alike, and the
 * summary of ratios (median and range).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const serve = fileURLToPath(new URL('./serve.ts', import.meta.url));

/** BENCH_SECONDS (seconds per run), BENCH_CONNECTIONS and BENCH_PAIRS, with each bench's defaults. */
export function settings(defaults: { seconds: number; connections?: number; pairs?: number }) {
  const num = (name: string, fallback: number) => {
    const v = Number(process.env[name] ?? fallback);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    seconds: num('BENCH_SECONDS', defaults.seconds),
    connections: Math.round(num('BENCH_CONNECTIONS', defaults.connections ?? 10)),
    pairs: Math.max(1, Math.round(num('BENCH_PAIRS', defaults.pairs ?? 3))),
  };
}

export interface Child {
  proc: ChildProcess;
  url: string;
}

/** A serve.ts role (`sandbox`, `proxy`, `lean`) in its own process, once it prints its URL. */
export function child(role: string, env: Record<string, string> = {}): Promise<Child> {
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

/** User + system CPU seconds of a process so far (Linux /proc); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

export interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
  /** CPU µs the measured server process spent per answered request (NaN when unknown). */
  cpuPerRequest: number;
}

export interface RunOptions {
  headers?: Record<string, string>;
  duration: number;
  connections: number;
  /** The process whose CPU time is counted per request. */
  pid?: number;
}

/** One autocannon run against `url`. */
export async function run(url: string, opts: RunOptions): Promise<Result> {
  const cpu0 = cpuSeconds(opts.pid);
  const r = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.duration,
    headers: opts.headers,
    pipelining: 1,
  });
  const cpu1 = cpuSeconds(opts.pid);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    total: r.requests.total,
    cpuPerRequest:
      cpu0 === undefined || cpu1 === undefined || !r.requests.total ? NaN : ((cpu1 - cpu0) * 1e6) / r.requests.total,
  };
}

/**
 * `count` pairs of runs, the order alternating from pair to pair (A B, B A, A B, …), so neither
 * side always runs first, right after the other has warmed or loaded the machine.
 */
export async function pairs(
  a: () => Promise<Result>,
  b: () => Promise<Result>,
  count: number,
  onPair?: (a: Result, b: Result, i: number) => void,
): Promise<Array<[Result, Result]>> {
  const out: Array<[Result, Result]> = [];
  for (let i = 0; i < count; i++) {
    let ra: Result;
    let rb: Result;
    if (i % 2 === 0) {
      ra = await a();
      rb = await b();
    } else {
      rb = await b();
      ra = await a();
    }
    out.push([ra, rb]);
    onPair?.(ra, rb, i);
  }
  return out;
}

/** The mean of several runs of one side (errors and totals summed). */
export function mean(rs: Result[]): Result {
  const avg = (f: (r: Result) => number) => rs.reduce((n, r) => n + f(r), 0) / rs.length;
  return {
    rps: avg((r) => r.rps),
    p50: avg((r) => r.p50),
    p99: avg((r) => r.p99),
    errors: rs.reduce((n, r) => n + r.errors, 0),
    non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
    total: rs.reduce((n, r) => n + r.total, 0),
    cpuPerRequest: avg((r) => r.cpuPerRequest),
  };
}

/** Alternating pairs, each side averaged: `[mean of A, mean of B]`. */
export async function pair(a: () => Promise<Result>, b: () => Promise<Result>, count = 2): Promise<[Result, Result]> {
  const ps = await pairs(a, b, count);
  return [mean(ps.map((p) => p[0])), mean(ps.map((p) => p[1]))];
}

/** Median, lowest and highest of some numbers. */
export function spread(values: number[]): { median: number; min: number; max: number } {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

export const failed = (r: Result) => r.errors > 0 || r.non2xx > 0;

export const fmt = (r: Result) =>
  `${Math.round(r.rps).toString().padStart(7)} req/s   p50 ${r.p50.toFixed(1).padStart(5)} ms   p99 ${r.p99
    .toFixed(1)
    .padStart(5)} ms${r.errors || r.non2xx ? `   (errors ${r.errors}, non-2xx ${r.non2xx})` : ''}`;

/** `  142 µs CPU/req`, or nothing where /proc is missing. */
export const fmtCpu = (r: Result) =>
  Number.isNaN(r.cpuPerRequest) ? '' : `${Math.round(r.cpuPerRequest).toString().padStart(5)} µs CPU/req`;
