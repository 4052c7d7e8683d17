/**
 * Runs the edge as a user does: `proxy/edge/main.ts` (what `npm run edge` runs after building the
 * widgets) builds the worker, writes the workerd config and starts the real workerd binary. The
 * harness waits for its "ready" line, and knows workerd's pid (for `kill -9`).
 *
 * If workerd cannot start on this machine, `startEdge` rejects with what it printed: the edge
 * tests then fail with that message, they are never skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../helpers/ports.js';

export { freePort } from '../../helpers/ports.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface RunningEdge {
  url: string;
  port: number;
  /** workerd's own process id (the runner's child). */
  workerdPid: number;
  /** Every line the runner and workerd printed (request log lines included). */
  lines: string[];
  /** SIGTERM to the runner, which stops workerd; resolves once both are gone. */
  stop(): Promise<void>;
  /** `kill -9` of workerd alone (the runner then exits); resolves once the runner is gone. */
  kill9(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((ok) => child.once('exit', () => ok()));
}

/** A build directory per test file, removed by `cleanup`. */
export function edgeWorkDir(): { out: string; data: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'carstrel-edge-'));
  return {
    out: join(dir, 'build'),
    data: join(dir, 'data'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function startEdge(
  env: Record<string, string>,
  opts: { out: string; port?: number; timeoutMs?: number },
): Promise<RunningEdge> {
  const port = opts.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'proxy', 'edge', 'main.ts'), '--out', opts.out],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CARSTREL_LOG: 'json', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let workerdPid = 0;
  const ready = new Promise<void>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`workerd did not get ready within ${opts.timeoutMs ?? 30_000} ms:\n${lines.join('\n')}`)),
      opts.timeoutMs ?? 30_000,
    );
    const onLine = (line: string) => {
      lines.push(line);
      const pid = /workerd pid (\d+)/.exec(line);
      if (pid) workerdPid = Number(pid[1]);
      if (/^\s+ready: /.test(line)) {
        clearTimeout(timer);
        ok();
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        parts.forEach(onLine);
      });
    }
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(
        new Error(
          `The edge could not start: \`npm run edge\` exited (${signal ?? `code ${code}`}) before workerd served. It printed:\n${lines.join('\n')}`,
        ),
      );
    });
  });
  await ready;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    workerdPid,
    lines,
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
    async kill9() {
      process.kill(workerdPid, 'SIGKILL');
      await exited(child);
    },
  };
}
