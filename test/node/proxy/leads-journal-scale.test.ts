/**
 * The lead journal at scale: 200k pending leads across a restart (about 80 s on a loaded machine,
 * hence apart from leads-journal.test.ts, which the mutation run of the store reruns per mutant).
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, beforeEach, afterEach } from 'node:test';
import { Refusal } from '../../../proxy/lib/errors.js';
import { FileLeadStore } from '../../../proxy/lib/leads-file.js';
import { LeadDesk } from '../../../proxy/lib/leads.js';
import { okRes, pendingLead, scriptedUpstream } from './lead-fakes.js';

describe('lead journal at scale', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'leads-journal-scale-'));
    file = join(dir, 'leads.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'rule: 200k pending leads: the journal restarts, schedules and refuses beyond its limit',
    { timeout: 120_000 },
    async () => {
      const n = 200_000;
      const chunk: string[] = [];
      for (let i = 0; i < n; i++) {
        chunk.push(
          JSON.stringify({
            t: 'queued',
            rec: pendingLead({ idempotencyKey: `bulk-${i}`, nextAttemptAt: 1000 + ((i * 7919) % n), createdAt: i }),
          }),
        );
        if (chunk.length === 10_000) appendFileSync(file, chunk.splice(0).join('\n') + '\n');
      }
      let now = 0;
      const store = await FileLeadStore.open(dir, { now: () => now });
      assert.equal(store.stats().pending, n, 'nothing acknowledged is dropped, even beyond the limit');
      const up = scriptedUpstream([], { lead: () => okRes(201) });
      const desk = new LeadDesk(store, up, { apiKey: 'k', timeoutMs: 1000, now: () => now });
      now = 1000 + 49;
      await desk.deliverDue();
      assert.equal(up.posts().length, 50);
      const fwd = () => Promise.resolve(okRes(503));
      const refused = await desk
        .submit('/external/contact/submit', 'bulk-new', '{}', 'application/json', fwd)
        .catch((e: unknown) => e);
      assert.ok(refused instanceof Refusal && refused.status === 503, 'a new lead beyond the limit is refused');
      assert.equal(desk.queue().depth, n - 50);
      await desk.close();
      const again = await FileLeadStore.open(dir, { now: () => now });
      assert.equal(again.stats().pending, n - 50);
      assert.equal(again.nextDue()?.nextAttemptAt, 1050);
      await again.close();
    },
  );
});
