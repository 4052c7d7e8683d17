/**
 * The few Cloudflare Workers platform types the edge uses, declared here rather than through
 * `@cloudflare/workers-types` (whose globals would clash with the DOM types the rest of the
 * project compiles against), and the environment the worker and its Durable Objects receive.
 */

export interface DurableObjectId {
  toString(): string;
}

export interface DurableObjectStub {
  fetch(input: Request | string, init?: RequestInit): Promise<Response>;
}

export interface DurableObjectNamespace {
  idFromName(name: string): DurableObjectId;
  get(id: DurableObjectId): DurableObjectStub;
}

export interface DurableObjectPutOptions {
  /** Answer without waiting for the write to be confirmed durable (for state that may be lost). */
  allowUnconfirmed?: boolean;
}

export interface DurableObjectStorage {
  get<T>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T, options?: DurableObjectPutOptions): Promise<void>;
  put<T>(entries: Record<string, T>, options?: DurableObjectPutOptions): Promise<void>;
  delete(keys: string[]): Promise<number>;
  delete(key: string): Promise<boolean>;
  list<T>(options?: { prefix?: string; start?: string; end?: string; limit?: number }): Promise<Map<string, T>>;
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

export interface DurableObjectState {
  readonly storage: DurableObjectStorage;
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
}

export interface Fetcher {
  fetch(input: Request | string, init?: RequestInit): Promise<Response>;
}

/** A KV namespace, read only here (`get` of a text value; null when the key is absent). */
export interface KVNamespace {
  get(key: string): Promise<string | null>;
}

export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * What the worker is given: the proxy's settings under the same names as on Node (plain-text
 * `vars` and secrets such as `CARSTREL_API_KEY`), and its bindings.
 */
export interface EdgeEnv {
  [setting: string]: unknown;
  /** The lead outbox and idempotency results: one Durable Object per dealer. */
  LEADS: DurableObjectNamespace;
  /** Rate-limit buckets: one Durable Object per client address. */
  RATE_LIMITS: DurableObjectNamespace;
  /** The widgets build (`/widgets/…`) and the demo pages (`/demo/…`). */
  ASSETS?: Fetcher;
  /** Many dealers: the tenants document under `CARSTREL_TENANTS_KEY` (see edge/tenants.ts). */
  TENANTS?: KVNamespace;
}

/** The string settings of an environment (bindings left out), as `loadConfig` reads them. */
export function settingsOf(env: EdgeEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') out[name] = value;
  return out;
}
