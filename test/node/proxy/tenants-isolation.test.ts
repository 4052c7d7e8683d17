/**
 * Many dealers, one deployment, on Node: the shared tenant table (test/node/shared/tenant-cases.ts,
 * which workerd runs too: test/node/edge/tenants-workerd.test.ts) against the Node proxy and its
 * tenants file, and what only Node has: each tenant's own journal directory.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { startSandbox } from '../../../proxy/sandbox/index.js';
import {
  KEY_A,
  KEY_B,
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
import { startTenants, type TenantsHarness } from './tenants-harness.js';

function nodeTarget(h: TenantsHarness): TenantTarget {
  return {
    runtime: 'node',
    url: h.proxy.url,
    logs: h.logs,
    operator: {},
    async rewrite(tenants) {
      h.write(tenants);
      assert.equal(await h.proxy.reload?.(), true, 'the new tenants are served');
    },
  };
}

describe('tenants: isolation against the sandbox (two dealers)', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let h: TenantsHarness;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    h = await startTenants(TWO_DEALERS, sandbox.url);
  });
  after(async () => {
    await h.close();
    await sandbox.close();
  });

  for (const c of isolationCases) it(c.rule, () => c.run(nodeTarget(h), undefined));
});

describe('tenants: rate-limit buckets are per tenant', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let h: TenantsHarness;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    h = await startTenants(TWO_DEALERS, sandbox.url, RATE_LIMIT_ENV);
  });
  after(async () => {
    await h.close();
    await sandbox.close();
  });

  for (const c of rateLimitCases) it(c.rule, () => c.run(nodeTarget(h), undefined));
});

describe('tenants: lead outboxes (fake upstream, recording keys)', () => {
  let fx: OutboxFixture;
  let h: TenantsHarness;

  before(async () => {
    fx = await outboxFixture();
    h = await startTenants(outboxTenants(KEY_A), fx.fake.url);
  });
  after(async () => {
    await h.close();
    await fx.fake.close();
  });

  it("isolation: lead journal entries are per tenant (each tenant's own outbox directory)", async () => {
    const res = await fx.post(nodeTarget(h), 'alpha', 'journal-key-0001');
    assert.equal(res.status, 202);
    const reference = (res.json().data as { reference: string }).reference;
    const alphaJournal = join(h.dataDir, 'tenants', 'alpha', 'leads.jsonl');
    assert.ok(readFileSync(alphaJournal, 'utf8').includes(reference), "queued in alpha's journal");
    assert.ok(!existsSync(join(h.dataDir, 'tenants', 'bravo', 'leads.jsonl')), 'bravo has no journal yet');
    assert.deepEqual(fx.leadsSeen(KEY_B), [], "nothing went out with bravo's key");
  });

  for (const c of outboxCases) it(c.rule, () => c.run(nodeTarget(h), fx));

  it("isolation: bravo's journal holds bravo's lead only", () => {
    const bravo = readFileSync(join(h.dataDir, 'tenants', 'bravo', 'leads.jsonl'), 'utf8');
    assert.ok(bravo.includes('shared-key-0001'));
    assert.ok(!bravo.includes('journal-key-0001'), "alpha's lead is not in bravo's journal");
  });
});
