/**
 * Many dealers on the edge: the shared tenant table (test/node/shared/tenant-cases.ts, the rules
 * the Node proxy passes in test/node/proxy/tenants-isolation.test.ts) against the real workerd
 * binary, started as `npm run edge` with `CARSTREL_TENANTS=<file>`: the file is served to the
 * worker as its TENANTS KV namespace, each tenant's leads go to its own LeadOutbox object.
 */
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { TENANTS_REFRESH_MS } from '../../../proxy/edge/tenants.js';
import { startSandbox } from '../../../proxy/sandbox/index.js';
import type { TenantEntry } from '../proxy/tenants-harness.js';
import {
  KEY_A,
  RATE_LIMIT_ENV,
  TWO_DEALERS,
  isolationCases,
  outboxCases,
  outboxFixture,
  outboxTenants,
  rateLimitCases,
  type OutboxFixture,
  type TenantTarget,
} from '../shared/tenant-cases.js';
import { edgeWorkDir, startEdge, type RunningEdge } from './workerd-harness.js';

interface EdgeTenants {
  edge: RunningEdge;
  target: TenantTarget;
  stop(): Promise<void>;
}

/** `npm run edge` with a tenants file in front of `apiUrl`. */
async function startEdgeTenants(
  tenants: TenantEntry[],
  apiUrl: string,
  env: Record<string, string> = {},
): Promise<EdgeTenants> {
  const work = edgeWorkDir();
  const file = join(work.data, '..', 'tenants.json');
  const write = (t: TenantEntry[]) => {
    writeFileSync(`${file}.tmp`, JSON.stringify({ tenants: t }, null, 2));
    renameSync(`${file}.tmp`, file);
  };
  write(tenants);
  const edge = await startEdge(
    {
      CARSTREL_TENANTS: file,
      CARSTREL_API_URL: apiUrl,
      CARSTREL_DATA_DIR: work.data,
      CARSTREL_RATE_LIMIT: 'off',
      CARSTREL_UPSTREAM_TIMEOUT_MS: '2000',
      ...env,
    },
    { out: work.out },
  );
  const target: TenantTarget = {
    runtime: 'workerd',
    url: edge.url,
    logs: edge.lines,
    operator: { 'cf-connecting-ip': '127.0.0.1' },
    async rewrite(t) {
      write(t);
      // Every reader (the worker's isolate, each outbox) reads the document again within this.
      await new Promise((r) => setTimeout(r, TENANTS_REFRESH_MS + 500));
    },
  };
  return {
    edge,
    target,
    async stop() {
      await edge.stop();
      work.cleanup();
    },
  };
}

describe('tenants on workerd: isolation against the sandbox (two dealers)', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let e: EdgeTenants;
  before(async () => {
    sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
    e = await startEdgeTenants(TWO_DEALERS, sandbox.url);
  });
  after(async () => {
    await e?.stop();
    await sandbox?.close();
  });

  it('the start says TENANTS mode and where the tenants come from', () => {
    assert.ok(
      e.edge.lines.some((l) => /TENANTS mode, 2 dealers from .*tenants\.json \(the TENANTS KV namespace\)/.test(l)),
    );
  });
  for (const c of isolationCases) it(c.rule, () => c.run(e.target, undefined));
});

describe('tenants on workerd: rate-limit buckets are per tenant', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let e: EdgeTenants;
  before(async () => {
    sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
    e = await startEdgeTenants(TWO_DEALERS, sandbox.url, RATE_LIMIT_ENV);
  });
  after(async () => {
    await e?.stop();
    await sandbox?.close();
  });

  for (const c of rateLimitCases) it(c.rule, () => c.run(e.target, undefined));
});

describe('tenants on workerd: lead outboxes, one Durable Object per tenant (fake upstream, recording keys)', () => {
  let fx: OutboxFixture;
  let e: EdgeTenants;
  before(async () => {
    fx = await outboxFixture();
    e = await startEdgeTenants(outboxTenants(KEY_A), fx.fake.url);
  });
  after(async () => {
    await e?.stop();
    await fx?.fake.close();
  });

  for (const c of outboxCases) it(c.rule, () => c.run(e.target, fx));
});
