/**
 * The three browser engines the tests run in, found on this machine from Debian's packages (never
 * a browser downloaded by a tool): Chromium (`chromium`), Gecko (`firefox-esr`, driven over WebDriver
 * BiDi by puppeteer-core) and WebKit (WebKitGTK's MiniBrowser, driven by `WebKitWebDriver` under
 * `xvfb-run`, package `webkit2gtk-driver`). Used by web-test-runner.config.mjs, the end-to-end
 * tests and test/run-all.mjs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chromePath } from './chrome.js';
import { freePort } from './ports.js';

export type EngineId = 'chromium' | 'firefox' | 'webkit';
export const ENGINE_IDS: readonly EngineId[] = ['chromium', 'firefox', 'webkit'];

export const ENGINE_LABELS: Record<EngineId, string> = {
  chromium: 'Chromium',
  firefox: 'Firefox',
  webkit: 'WebKit',
};

/** How to get each engine on Debian (what `.ci/run` installs). */
export const ENGINE_HINTS: Record<EngineId, string> = {
  chromium: '`apt-get install -y chromium` (or set CHROME_PATH)',
  firefox: '`apt-get install -y firefox-esr` (or set FIREFOX_PATH)',
  webkit: '`apt-get install -y webkit2gtk-driver xvfb xauth`',
};

export interface WebKitPaths {
  driver: string;
  miniBrowser: string;
  xvfbRun: string;
}

const envPath = (name: string): string | undefined | false => {
  const v = process.env[name];
  if (!v) return undefined;
  return existsSync(v) ? v : false;
};

/** Firefox ESR (or Firefox); `FIREFOX_PATH` wins. */
export function firefoxPath(): string | undefined {
  const fromEnv = envPath('FIREFOX_PATH');
  if (fromEnv !== undefined) return fromEnv || undefined;
  return ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p));
}

/** WebKitWebDriver, WebKitGTK's MiniBrowser (lib dir of `libwebkit2gtk-4.x`) and xvfb-run. */
export function webkitPaths(): WebKitPaths | undefined {
  const driver = envPath('WEBKIT_WEBDRIVER') ?? '/usr/bin/WebKitWebDriver';
  const xvfbRun = '/usr/bin/xvfb-run';
  let miniBrowser: string | false | undefined = envPath('WEBKIT_MINIBROWSER');
  if (miniBrowser === undefined) {
    for (const lib of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']) {
      if (!existsSync(lib)) continue;
      const dirs = readdirSync(lib)
        .filter((d) => /^webkit2gtk-4\.\d$/.test(d))
        .sort()
        .reverse();
      miniBrowser = dirs.map((d) => `${lib}/${d}/MiniBrowser`).find((p) => existsSync(p));
      if (miniBrowser) break;
    }
  }
  if (!driver || !existsSync(driver) || !miniBrowser || !existsSync(xvfbRun)) return undefined;
  return { driver, miniBrowser, xvfbRun };
}

export function enginePresent(id: EngineId): boolean {
  if (id === 'chromium') return chromePath() !== undefined;
  if (id === 'firefox') return firefoxPath() !== undefined;
  return webkitPaths() !== undefined;
}

export interface EngineChoice {
  /** Engines to run: found on this machine and asked for. */
  run: EngineId[];
  /** Engines asked for but not found, with how to get them. */
  missing: Array<{ id: EngineId; hint: string }>;
}

/**
 * The engines to run: `CARSTREL_ENGINES=chromium,webkit` narrows the choice (default: all three);
 * each runs only when its binaries are found.
 */
export function chooseEngines(wanted = process.env.CARSTREL_ENGINES): EngineChoice {
  const asked = wanted
    ? wanted
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)
    : [...ENGINE_IDS];
  const unknown = asked.filter((a) => !(ENGINE_IDS as readonly string[]).includes(a));
  if (unknown.length) throw new Error(`CARSTREL_ENGINES: unknown engine ${unknown.join(', ')} (use ${ENGINE_IDS})`);
  const ids = ENGINE_IDS.filter((id) => asked.includes(id));
  return {
    run: ids.filter(enginePresent),
    missing: ids.filter((id) => !enginePresent(id)).map((id) => ({ id, hint: ENGINE_HINTS[id] })),
  };
}

export const missingLine = (m: { id: EngineId; hint: string }): string =>
  `${ENGINE_LABELS[m.id]} skipped: not found on this machine; install it with ${m.hint}`;

export interface WebKitDriver {
  port: number;
  /** webdriverio `remote()` options for a MiniBrowser session on this driver (classic WebDriver). */
  remoteOptions: {
    hostname: string;
    port: number;
    path: string;
    logLevel: 'error';
    connectionRetryTimeout: number;
    connectionRetryCount: number;
    capabilities: Record<string, unknown>;
  };
  stop(): Promise<void>;
}

/**
 * Starts `WebKitWebDriver` under `xvfb-run` (its own X display, its own process group, so that
 * stopping it ends Xvfb, the driver and every MiniBrowser it started) and waits until it answers.
 */
export async function startWebKitDriver(port?: number): Promise<WebKitDriver> {
  const paths = webkitPaths();
  if (!paths) throw new Error(missingLine({ id: 'webkit', hint: ENGINE_HINTS.webkit }));
  const p = port ?? (await freePort());
  let out = '';
  const child: ChildProcess = spawn(
    paths.xvfbRun,
    ['-a', '-s', '-screen 0 1920x4320x24 -nolisten tcp', paths.driver, `--port=${p}`],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  // Ended with this process, also when it is killed (a timeout): no Xvfb or MiniBrowser left behind.
  const onExit = () => killGroup('SIGKILL');
  const onSignal = (signal: NodeJS.Signals) => {
    killGroup('SIGKILL');
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.once('exit', onExit);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`http://127.0.0.1:${p}/status`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      killGroup('SIGKILL');
      throw new Error(`WebKitWebDriver did not answer on port ${p} in 20 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port: p,
    remoteOptions: {
      hostname: '127.0.0.1',
      port: p,
      path: '/',
      logLevel: 'error',
      // A command that hangs (a MiniBrowser gone without its driver noticing) fails after a minute, not
      // webdriverio's default 3 × 2 minutes, so that the page can be started afresh.
      connectionRetryTimeout: 60_000,
      connectionRetryCount: 1,
      capabilities: {
        browserName: 'MiniBrowser',
        // WebKitWebDriver speaks classic WebDriver only: a BiDi `webSocketUrl` fails to match.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: paths.miniBrowser, args: ['--automation'] },
      },
    },
    stop: async () => {
      process.removeListener('exit', onExit);
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGHUP', onSignal);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Firefox prefs for tests: no first-run pages, no updates or telemetry calls. */
export const FIREFOX_PREFS: Record<string, unknown> = {
  'browser.shell.checkDefaultBrowser': false,
  'app.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'browser.startup.homepage_override.mstone': 'ignore',
};
