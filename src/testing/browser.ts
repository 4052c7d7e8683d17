/**
 * Helpers for browser tests (`src/**\/*.test.ts`), which run against the real proxy and sandbox
 * started by web-test-runner.config.mjs.
 */
interface TestServers {
  /** The proxy's origin: give it to elements as their `api` attribute. */
  proxy: string;
  /** A proxy in front of the same sandbox with `CARSTREL_BEARER_FALLBACK=on`. */
  bearerProxy: string;
  /** The sandbox's origin (its `/_sandbox/*` routes are also bridged on the test page's origin). */
  sandbox: string;
}

export function servers(): TestServers {
  const s = (window as unknown as { __carstrelTest?: TestServers }).__carstrelTest;
  if (!s) throw new Error('Browser tests must run under web-test-runner.config.mjs (npm run test:browser).');
  return s;
}

/** The proxy origin, for `api="${apiBase()}"`. */
export const apiBase = (): string => servers().proxy;

export interface Journal {
  impressions: Record<string, number>;
  testDrives: Array<Record<string, unknown>>;
  contacts: Array<Record<string, unknown>>;
  newsletter: unknown[];
  customers: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** What the sandbox recorded (impressions, leads, customers). */
export async function journal(): Promise<Journal> {
  const res = await fetch('/_sandbox/journal');
  return (await res.json()) as Journal;
}

/** Injects upstream faults: `{ latencyMs, down, errorRate }`. */
export async function faults(f: { latencyMs?: number; down?: boolean; errorRate?: number }): Promise<void> {
  await fetch('/_sandbox/faults', { method: 'POST', body: JSON.stringify(f) });
}

/** Restores the seed and clears faults. */
export async function resetSandbox(): Promise<void> {
  await fetch('/_sandbox/reset', { method: 'POST', body: '{}' });
}

/** Waits until `check` returns a truthy value (polling), or fails after `timeout` ms. */
export async function until<T>(check: () => T | Promise<T>, timeout = 5000, what = 'condition'): Promise<T> {
  const end = performance.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (performance.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** First match inside an element's shadow root. */
export const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
/** All matches inside an element's shadow root. */
export const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [
  ...el.shadowRoot!.querySelectorAll<T>(sel),
];
