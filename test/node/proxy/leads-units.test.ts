/**
 * The lead desk's small pure pieces, fast (no timers, no files): Retry-After in every form HTTP
 * allows, and the journal's per-record bookkeeping key.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryAfterMs } from '../../../proxy/lib/lead-schedule.js';
import { recordKey, type JournalEntry, type SettledLead } from '../../../proxy/lib/leads-types.js';
import { jobKey } from '../../../proxy/lib/sinks/jobs.js';
import { okRes, pendingLead } from './lead-fakes.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');

describe('phase: retryAfterMs, every form of Retry-After', () => {
  it('reads an HTTP date relative to now, not to the epoch', () => {
    const at = new Date(NOW + 45_000).toUTCString();
    assert.equal(retryAfterMs(okRes(503, { 'retry-after': at }), NOW), 45_000);
    assert.equal(retryAfterMs(okRes(503, { 'retry-after': new Date(NOW - 5000).toUTCString() }), NOW), 0, 'past: now');
  });

  it('reads the asctime date form (which ends in digits) as a date, not as seconds', () => {
    // asctime: "Sun Nov  6 08:49:37 1994"; here 30 s after NOW.
    const d = new Date(NOW + 30_000);
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const time = d.toISOString().slice(11, 19);
    const asctime = `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${time} ${d.getUTCFullYear()} GMT`;
    assert.equal(retryAfterMs(okRes(429, { 'retry-after': asctime }), NOW), 30_000);
  });

  it('takes seconds with surrounding whitespace, and ignores a value that is not whole seconds', () => {
    assert.equal(retryAfterMs(okRes(429, { 'retry-after': ' 7 ' }), NOW), 7000);
    assert.equal(retryAfterMs(okRes(429, { 'retry-after': '1.5' }), NOW), 0);
    assert.equal(retryAfterMs(okRes(429, { 'retry-after': '12abc' }), NOW), 0);
  });
});

describe('recordKey: the journal bookkeeping key of an entry', () => {
  it("gives every entry of a lead the lead's id, and every entry of its sink job the job's key, never the same", () => {
    const lead = pendingLead();
    const settled: SettledLead = {
      id: lead.id,
      fingerprint: 'f',
      reference: lead.reference,
      state: 'done',
      createdAt: 0,
      settledAt: 1,
      result: { status: 201, body: '{}' },
    };
    const leadEntries: JournalEntry[] = [
      { t: 'queued', rec: lead },
      { t: 'result', rec: settled },
      { t: 'attempt', id: lead.id, attempts: 2, nextAttemptAt: 5 },
    ];
    for (const e of leadEntries) assert.equal(recordKey(e), lead.id, e.t);
    const jobEntries: JournalEntry[] = [
      { t: 'job', rec: { id: lead.id, reference: lead.reference, createdAt: 0, sinks: {} } },
      { t: 'sink', id: lead.id, sink: 'webhook', state: { s: 'pending', attempts: 0, next: 0 } },
    ];
    for (const e of jobEntries) assert.equal(recordKey(e), jobKey(lead.id), e.t);
    assert.notEqual(jobKey(lead.id), lead.id);
  });
});
