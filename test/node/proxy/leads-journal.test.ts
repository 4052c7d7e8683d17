/**
 * The lead journal's rules, each driven through an injected file handle that records (or slows,
 * or fails) what the store does to the disk: the order of write, datasync and answer; rewrites that
 * never close the live file first; a journal bounded by what is live; reading as a stream of lines;
 * failures that refuse visibly and repair themselves. (200k pending leads across a restart:
 * leads-journal-scale.test.ts.)
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, beforeEach, afterEach } from 'node:test';
import { Refusal } from '../../../proxy/lib/errors.js';
import { parseEntry } from '../../../proxy/lib/lead-store.js';
import { FileLeadStore, readLines } from '../../../proxy/lib/leads-file.js';
import { LeadDesk } from '../../../proxy/lib/leads.js';
import {
  instrumented,
  okRes,
  pendingAfterRestart,
  pendingLead,
  scriptedUpstream,
  type Disk,
  until,
} from './lead-fakes.js';

function allLinesParse(file: string): boolean {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .every((l) => parseEntry(l) !== undefined);
}

describe('lead journal rules', () => {
  let dir: string;
  let file: string;
  let disk: Disk;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'leads-journal-'));
    file = join(dir, 'leads.jsonl');
    disk = { events: [], delayMs: 0 };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const downDesk = (store: FileLeadStore) =>
    new LeadDesk(store, scriptedUpstream([], { probe: 'down' }), { apiKey: 'k', timeoutMs: 1000 });

  async function queueOne(desk: LeadDesk, key: string, body = '{"email":"a@b.c"}') {
    const up = scriptedUpstream();
    const fwd = () => up.request({ method: 'POST', path: '/p', headers: {}, timeoutMs: 1000 });
    const a = await desk.submit('/p', key, body, 'application/json', fwd);
    disk.events.push('answer');
    return a;
  }

  it('rule: a queued lead is written and datasynced before its 202 is answered', async () => {
    const store = await FileLeadStore.open(dir, { openFile: instrumented(disk, file) });
    const desk = downDesk(store);
    disk.events.length = 0;
    const a = await queueOne(desk, 'key-sync-0001');
    assert.equal(a.status, 202);
    const e = disk.events;
    const written = e.indexOf('written h1 queued');
    const synced = e.indexOf('datasynced h1', written);
    const answered = e.indexOf('answer');
    assert.ok(written >= 0, `the lead was written: ${e.join(', ')}`);
    assert.ok(synced > written, `then datasynced: ${e.join(', ')}`);
    assert.ok(answered > synced, `then answered: ${e.join(', ')}`);
    await desk.close();
  });

  it('rule: the 202 waits until the journal write has completed (slow disk)', async () => {
    const store = await FileLeadStore.open(dir, { openFile: instrumented(disk, file) });
    const desk = downDesk(store);
    disk.events.length = 0;
    disk.delayMs = 300;
    const t0 = Date.now();
    const a = await queueOne(desk, 'key-slow-0001');
    assert.equal(a.status, 202);
    assert.ok(Date.now() - t0 >= 290, `answered after ${Date.now() - t0} ms, before the 300 ms write`);
    assert.ok(disk.events.indexOf('answer') > disk.events.indexOf('datasynced h1'), disk.events.join(', '));
    await desk.close();
    const again = await FileLeadStore.open(dir);
    assert.equal(again.get('/p key-slow-0001')?.state, 'pending', 'and it is on disk');
    await again.close();
  });

  it('rule: a rewrite never closes the live journal before the new one is in place', async () => {
    const store = await FileLeadStore.open(dir, { openFile: instrumented(disk, file), compactSlackBytes: 200 });
    const desk = downDesk(store);
    for (let i = 0; i < 20; i++) await queueOne(desk, `key-rewrite-${i}`);
    // Failed attempts make the older lines garbage: the file outgrows the live state.
    for (let round = 2; round < 12; round++)
      for (const r of store.pending()) await store.retryLater(r.id, round, Date.now() + 3600_000);
    const closes = disk.events.filter((x) => x.startsWith('close '));
    assert.ok(closes.length >= 2, `the journal was rewritten while running: ${closes.join(', ')}`);
    assert.deepEqual(
      closes.filter((x) => !x.endsWith('replaced')),
      [],
      'every old handle was closed only after the new file had replaced it',
    );
    // A rewrite that cannot even open its new file leaves the live journal working.
    disk.failOpen = (p) => p.endsWith('.tmp');
    for (let i = 20; i < 40; i++) assert.equal((await queueOne(desk, `key-rewrite-${i}`)).status, 202);
    for (let round = 12; round < 22; round++)
      for (const r of store.pending()) await store.retryLater(r.id, round, Date.now() + 3600_000);
    assert.ok(disk.events.includes('open refused'), 'a rewrite was attempted and failed');
    assert.equal(store.stats().writable, true, 'a failed rewrite is not a failed journal');
    await desk.close();
    const again = await FileLeadStore.open(dir);
    assert.equal(again.stats().pending, 40, 'every acknowledged lead survives');
    await again.close();
  });

  it('rule: the journal is bounded by what is live: delivered leads leave no body behind', async () => {
    const big = JSON.stringify({ email: 'a@b.c', message: 'x'.repeat(64_000) });
    const state = { up: false };
    const up = scriptedUpstream([], { probe: 'down', lead: () => (state.up ? okRes(201) : 'down') });
    const store = await FileLeadStore.open(dir, { compactSlackBytes: 64 * 1024 });
    const desk = new LeadDesk(store, up, { apiKey: 'k', timeoutMs: 1000 });
    const fwd = () => up.request({ method: 'POST', path: '/p', headers: {}, timeoutMs: 1000 });
    for (let i = 0; i < 60; i++) await desk.submit('/p', `key-big-${i}`, big, 'application/json', fwd);
    assert.ok(statSync(file).size > 60 * 64_000, 'queued leads are on disk whole');
    state.up = true;
    desk.noteUpstream(200);
    assert.ok(await until(() => desk.depth === 0, 10_000), 'delivered');
    // The forwarded path settles too: 60 more maximal leads straight through.
    for (let i = 60; i < 120; i++) await desk.submit('/p', `key-big-${i}`, big, 'application/json', fwd);
    await desk.close();
    const size = statSync(file).size;
    assert.ok(size < 400 * 1024, `journal is ${size} bytes after 120 maximal leads settled`);
    const again = await FileLeadStore.open(dir);
    assert.equal(again.stats().settled, 120);
    assert.ok(statSync(file).size < 120 * 600, `rewritten at start: ${statSync(file).size} bytes`);
    const rec = again.get('/p key-big-7');
    assert.ok(rec?.state === 'done' && !('body' in rec), 'a settled lead keeps no body');
    await again.close();
  });

  it('rule: settled records written whole by an earlier version are reduced at start', async () => {
    const whole = (i: number) => ({
      t: 'result',
      rec: {
        id: `/p old-${i}`,
        path: '/p',
        fingerprint: 'f',
        reference: `lead_${i}`,
        state: 'done',
        body: 'x'.repeat(60_000),
        contentType: 'application/json',
        idempotencyKey: `old-${i}`,
        createdAt: Date.now(),
        attempts: 1,
        nextAttemptAt: 0,
        result: { status: 201, body: '{"statusCode":201}' },
      },
    });
    writeFileSync(file, Array.from({ length: 20 }, (_, i) => JSON.stringify(whole(i))).join('\n') + '\n');
    const store = await FileLeadStore.open(dir);
    assert.equal(store.stats().settled, 20);
    assert.ok(statSync(file).size < 20 * 400, `rewritten to ${statSync(file).size} bytes`);
    assert.equal(store.get('/p old-3')?.state === 'done' && store.get('/p old-3')?.reference, 'lead_3');
    await store.close();
  });

  it('rule: the journal is read as a stream of lines; a torn or over-long line is skipped, the rest kept', async () => {
    const line = (key: string) => JSON.stringify({ t: 'queued', rec: pendingLead({ idempotencyKey: key }) });
    writeFileSync(file, `${line('keep-0001')}\n${'{"t":"queued","rec":' + 'z'.repeat(50_000)}\n${line('keep-0002')}\n`);
    appendFileSync(file, '{"t":"queued","rec":{"id":"/p torn"');
    const store = await FileLeadStore.open(dir, { maxLineBytes: 10_000 });
    assert.deepEqual(
      store
        .pending()
        .map((r) => r.idempotencyKey)
        .sort(),
      ['keep-0001', 'keep-0002'],
    );
    await store.close();
    assert.ok(allLinesParse(file), 'the rewritten journal has no broken line');
  });

  it('readLines: lines across chunk boundaries and multi-byte characters come out whole', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${i}:${'é'.repeat(i % 700)}€`);
    writeFileSync(file, lines.join('\n'));
    const out: string[] = [];
    for await (const l of readLines(file)) out.push(l);
    assert.deepEqual(out, lines);
  });

  it('readLines: a line longer than the limit is skipped even when it spans many chunks', async () => {
    writeFileSync(file, `first\n${'x'.repeat(3_500_000)}\nsecond\n${'y'.repeat(2_500_000)}`);
    const out: string[] = [];
    for await (const l of readLines(file, 1_000_000)) out.push(l);
    assert.deepEqual(out, ['first', 'second']);
  });

  it('rule: a failed journal write refuses the lead (503), shows as not writable, and is repaired by a rewrite', async () => {
    const store = await FileLeadStore.open(dir, { openFile: instrumented(disk, file), repairMs: 50 });
    const desk = downDesk(store);
    assert.equal((await queueOne(desk, 'key-fail-0001')).status, 202);
    disk.failWrites = 'ENOSPC';
    const refused = await queueOne(desk, 'key-fail-0002').catch((e: unknown) => e);
    assert.ok(refused instanceof Refusal && refused.status === 503, 'refused visibly');
    assert.equal(refused.headers['retry-after'], '30');
    assert.deepEqual([store.stats().writable, store.stats().error], [false, 'ENOSPC']);
    assert.deepEqual(desk.queue().journal, { writable: false, error: 'ENOSPC' });
    assert.equal(store.get('/p key-fail-0002'), undefined, 'a refused lead is not kept');
    disk.failWrites = undefined;
    assert.ok(await until(() => store.stats().writable, 2000), 'the journal repairs itself');
    assert.equal((await queueOne(desk, 'key-fail-0003')).status, 202);
    await desk.close();
    assert.ok(allLinesParse(file), 'the torn half line is gone');
    assert.deepEqual(await pendingAfterRestart(dir), ['key-fail-0001', 'key-fail-0003']);
  });

  it('rule: settled results are forgotten after the retention period and beyond the count limit', async () => {
    let now = 0;
    const store = await FileLeadStore.open(dir, {
      now: () => now,
      compactSlackBytes: 100,
      limits: { maxSettled: 10 },
    });
    await store.enqueue(pendingLead({ id: '/p keep', path: '/p', idempotencyKey: 'keep' }));
    for (let i = 0; i < 25; i++) {
      await store.settle({
        id: `/p k${i}`,
        fingerprint: 'f',
        reference: `lead_${i}`,
        state: 'done',
        createdAt: now,
        settledAt: now,
        result: { status: 201, body: '{}' },
      });
      now += 3 * 3600_000; // three hours per lead: the early ones pass the 24 h retention
    }
    await store.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.ok(lines.length < 25, `journal has ${lines.length} lines`);
    const again = await FileLeadStore.open(dir, { now: () => now });
    assert.equal(again.get('/p keep')?.state, 'pending', 'a queued lead survives every rewrite');
    assert.equal(again.get('/p k24')?.state, 'done', 'the last settled result is kept');
    assert.equal(again.get('/p k10'), undefined, 'results past retention are dropped');
    assert.ok(again.stats().settled <= 8, `${again.stats().settled} settled kept (24 h / 3 h)`);
    await again.close();
    const late = await FileLeadStore.open(dir, { now: () => now + 2 * 24 * 3600_000 });
    assert.equal(late.stats().settled, 0);
    assert.equal(late.stats().pending, 1);
    await late.close();
  });

  it('survives a reopen with a private journal file', async () => {
    const s1 = await FileLeadStore.open(dir);
    await s1.enqueue(pendingLead({ id: '/p k1', path: '/p', idempotencyKey: 'k1', createdAt: Date.now() }));
    await s1.retryLater('/p k1', 2, 123);
    await s1.close();
    const s2 = await FileLeadStore.open(dir);
    assert.deepEqual(
      s2.pending().map((r) => [r.id, r.attempts, r.nextAttemptAt]),
      [['/p k1', 2, 123]],
    );
    await s2.close();
    assert.equal(statSync(file).mode & 0o077, 0, 'the journal (names, emails) is private to the proxy user');
    assert.equal(statSync(dir).mode & 0o077, 0);
  });
});
