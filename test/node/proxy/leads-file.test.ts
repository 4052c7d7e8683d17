/**
 * The lead journal's file handling on real files in a temp dir, fast (no fsync wait: the injected
 * handle records what the store does to the disk instead): reading lines at their limits, the
 * directory fsync'ed after a rewrite, failures of every kind visible and repaired before the next
 * append, the room of a refused lead given back, and rewrites exactly when the file has outgrown
 * twice the live state plus the slack (never sooner, never later), written in bounded chunks.
 * (The order of write, datasync and answer, and the desk's 503: leads-journal.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open as fsOpen } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { parseEntry, type PendingLead, type SettledLead } from '../../../proxy/lib/lead-store.js';
import { FileLeadStore, readLines, type OpenJournalFile } from '../../../proxy/lib/leads-file.js';
import type { SinkJob } from '../../../proxy/lib/sinks/jobs.js';
import { pendingAfterRestart, pendingLead, until } from './lead-fakes.js';

const NOW = 1_700_000_000_000;
const CHUNK = 1 << 20;
const line = (e: unknown) => JSON.stringify(e).length + 1;

interface Rewrite {
  /** The journal's size when the rewrite opened its new file. */
  before: number;
  /** Characters appended to the live journal since the last rewrite, when this one began. */
  at: number;
  /** What it wrote (its new file), once synced; undefined while it has not. */
  written?: number;
  /** The size of each write. */
  writes: number[];
}

/** An opener of real files that records what the store does (datasync is recorded, not waited for). */
function recorder(journal: string) {
  const disk = {
    events: [] as string[],
    rewrites: [] as Rewrite[],
    /** Characters appended to the live journal since the last rewrite. */
    appended: 0,
    /** Every append to the live journal: its first entry's kind and length. */
    appends: [] as { kind: string; length: number }[],
    /** While set, appends to the live journal wait for it. */
    gate: undefined as Promise<void> | undefined,
    /** While set, appends write half their data then reject with this value. */
    failing: false,
    failWith: undefined as unknown,
    failOpen: undefined as ((path: string) => boolean) | undefined,
    /** Where each refused rewrite began (`appended` then). */
    refusedAt: [] as number[],
    /** Called before each append to the live journal (the store's earlier work all done). */
    beforeAppend: undefined as ((data: string) => void) | undefined,
    tmpOpens: () => disk.events.filter((e) => e === 'open tmp').length,
  };
  const opener: OpenJournalFile = async (path, flags, mode) => {
    const name = path === journal ? 'journal' : path.endsWith('.tmp') ? 'tmp' : 'dir';
    if (disk.failOpen?.(path)) {
      disk.events.push(`refused ${name}`);
      if (name === 'tmp') disk.refusedAt.push(disk.appended);
      throw Object.assign(new Error(`cannot open ${path}`), { code: 'EACCES' });
    }
    const fh = await fsOpen(path, flags, mode);
    disk.events.push(`open ${name}`);
    const rewrite: Rewrite | undefined =
      name === 'tmp'
        ? { before: statSync(journal, { throwIfNoEntry: false })?.size ?? 0, at: disk.appended, writes: [] }
        : undefined;
    if (rewrite) disk.rewrites.push(rewrite);
    let snapshot = name === 'tmp';
    return {
      async appendFile(data: string) {
        if (snapshot) rewrite?.writes.push(data.length);
        else {
          disk.beforeAppend?.(data);
          disk.appends.push({ kind: /"t":"(\w+)"/.exec(data)?.[1] ?? '?', length: data.length });
          disk.appended += data.length;
          await disk.gate;
        }
        if (disk.failing) {
          await fh.appendFile(data.slice(0, data.length >> 1));
          throw disk.failWith;
        }
        await fh.appendFile(data);
      },
      async datasync() {
        disk.events.push(`datasync ${name}`);
      },
      async sync() {
        await fh.sync();
        disk.events.push(`sync ${name}`);
        if (name === 'dir') disk.events.push(`dir sees ${statSync(journal).ino}`);
        if (!rewrite) return;
        rewrite.written = rewrite.writes.reduce((a, b) => a + b, 0);
        disk.events.push(`synced ${(await fh.stat()).ino}`);
        snapshot = false;
        disk.appended = 0;
      },
      async close() {
        disk.events.push(`close ${name}`);
        await fh.close();
      },
    };
  };
  return { disk, opener };
}

const lead = (key: string, over: Partial<PendingLead> = {}) =>
  pendingLead({ path: '/p', idempotencyKey: key, createdAt: NOW, nextAttemptAt: NOW, attempts: 10, ...over });

const settledLead = (key: string): SettledLead => ({
  id: `/p ${key}`,
  fingerprint: 'f',
  reference: `lead_${key}`,
  state: 'done',
  createdAt: NOW,
  settledAt: NOW,
  result: { status: 201, body: '{}' },
});

const job = (key: string, body = '{"email":"a@b.c"}'): SinkJob => ({
  id: `/p ${key}`,
  reference: `lead_${key}`,
  createdAt: NOW,
  lead: { path: '/p', body },
  sinks: { webhook: { s: 'pending', attempts: 0, next: NOW } },
});

async function collect(file: string, max?: number): Promise<string[]> {
  const out: string[] = [];
  for await (const l of readLines(file, max)) out.push(l);
  return out;
}

type Recorder = ReturnType<typeof recorder>['disk'];

/**
 * Watches the journal's bound: before each append (all earlier work done) the file is within twice
 * the live state plus the slack (`late` lists where it was not), and each rewrite after the one at
 * start began only once the file had passed that bound (`premature` lists those that did not).
 */
function watchBound(disk: Recorder, file: string, slack: number, live: () => number) {
  const late: string[] = [];
  disk.beforeAppend = (data) => {
    // A sink update is applied before it is written; every other change after.
    if (data.startsWith('{"t":"sink"')) return;
    const size = statSync(file).size;
    if (size > 2 * live() + slack) late.push(`${size} > 2 x ${live()} + ${slack}`);
  };
  const premature = () =>
    disk.rewrites
      .slice(1)
      .filter((r) => !(r.before > 2 * (r.written ?? 0) + slack))
      .map((r) => `${r.before} <= 2 x ${r.written} + ${slack}`);
  return { late, premature };
}

describe('lead journal file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'leads-file-'));
    file = join(dir, 'leads.jsonl');
  });
  afterEach(() => {
    mock.restoreAll();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('readLines', () => {
    it('keeps a line of exactly the limit, skips one a character longer, and yields no empty line', async () => {
      writeFileSync(file, `abc\n${'x'.repeat(10)}\n${'y'.repeat(11)}\n\nz\n`);
      assert.deepEqual(await collect(file, 10), ['abc', 'x'.repeat(10), 'z']);
    });

    it('a last line without a newline is kept at the limit and skipped beyond it', async () => {
      writeFileSync(file, `abc\n${'x'.repeat(10)}`);
      assert.deepEqual(await collect(file, 10), ['abc', 'x'.repeat(10)]);
      writeFileSync(file, `abc\n${'y'.repeat(11)}`);
      assert.deepEqual(await collect(file, 10), ['abc']);
    });

    it('a line within the limit that spans two chunks is kept, even when it fills the first to its end', async () => {
      // 1 MiB chunks: three lines of 300k, then one that crosses into the second chunk.
      const a = 'a'.repeat(300_000);
      const b = 'b'.repeat(300_000);
      writeFileSync(file, `${a}\n${a}\n${a}\n${b}\nend\n`);
      assert.deepEqual(await collect(file, 350_000), [a, a, a, b, 'end']);
      // A line of exactly the limit that ends where the first chunk ends (its newline starts the second).
      const max = 600_000;
      const first = 'c'.repeat(CHUNK - max - 1);
      const exact = 'd'.repeat(max);
      writeFileSync(file, `${first}\n${exact}\nend\n`);
      assert.deepEqual(await collect(file, max), [first, exact, 'end']);
    });
  });

  it('a rewrite syncs the new file, renames it over the journal, syncs the directory, then closes the old file', async () => {
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, { openFile: opener, compactSlackBytes: 100 });
    await store.enqueue(lead('k01'));
    for (let i = 10; i < 20; i++) await store.retryLater('/p k01', i, NOW + 1000);
    await store.close();
    const e = disk.events;
    const synced = e.findIndex((x) => x.startsWith('synced '));
    const ino = e[synced]?.slice('synced '.length);
    const dirSync = e.indexOf('sync dir', synced);
    assert.ok(synced >= 0 && dirSync > synced, e.join(', '));
    assert.equal(e[dirSync + 1], `dir sees ${ino}`, 'the directory is synced once the new file is in place');
    assert.equal(e[dirSync + 2], 'close dir');
    // At start nothing was open yet; the first rewrite while running closes the journal opened at start.
    const rewriting = e.lastIndexOf('open tmp');
    const dirAfter = e.indexOf('sync dir', rewriting);
    const oldClosed = e.indexOf('close tmp', rewriting);
    assert.ok(dirAfter > rewriting && oldClosed > dirAfter, e.join(', '));
  });

  it('a failed write marks the journal not writable even without an error code, or without an error', async () => {
    for (const failWith of [new Error('no code'), undefined]) {
      const sub = mkdtempSync(join(dir, 'f-'));
      const { disk, opener } = recorder(join(sub, 'leads.jsonl'));
      const store = await FileLeadStore.open(sub, { openFile: opener, repairMs: 3600_000 });
      Object.assign(disk, { failing: true, failWith });
      await assert.rejects(store.enqueue(lead('k02')));
      assert.deepEqual([store.stats().writable, store.stats().error], [false, 'EIO']);
      await store.close();
    }
  });

  it('the default slack (1 MiB) leaves a small journal alone however many retries it records', async () => {
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, { openFile: opener });
    for (let i = 0; i < 20; i++) await store.enqueue(lead(`k${10 + i}`));
    for (let round = 11; round < 21; round++)
      for (const r of store.pending()) await store.retryLater(r.id, round, NOW + 1000);
    assert.equal(disk.tmpOpens(), 1, 'the rewrite at start only');
    await store.close();
  });

  it('a journal that cannot be rewritten at start is kept and appended to only once a rewrite succeeds', async () => {
    const s0 = await FileLeadStore.open(dir);
    await s0.enqueue(lead('k03'));
    await s0.close();
    const { disk, opener } = recorder(file);
    disk.failOpen = (p) => p.endsWith('.tmp');
    const store = await FileLeadStore.open(dir, { openFile: opener, repairMs: 3600_000 });
    assert.deepEqual([store.stats().writable, store.stats().error], [false, 'EACCES']);
    assert.equal(store.get('/p k03')?.state, 'pending', 'what is on disk is replayed');
    await assert.rejects(store.enqueue(lead('k04')), 'no lead is taken while the journal cannot be rewritten');
    disk.failOpen = undefined;
    await store.enqueue(lead('k05'));
    assert.equal(store.stats().writable, true);
    await store.close();
    assert.deepEqual(await pendingAfterRestart(dir), ['k03', 'k05']);
  });

  it('a journal that cannot be opened at all stops the start with a reason', async () => {
    const { disk, opener } = recorder(file);
    disk.failOpen = () => true;
    await assert.rejects(
      FileLeadStore.open(dir, { openFile: opener }),
      /Cannot write the lead journal .*leads\.jsonl \(EACCES\)\. Check that CARSTREL_DATA_DIR is writable/,
    );
  });

  it('a lead and its sink job are written in one append, and both come back after a restart', async () => {
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, { openFile: opener });
    await store.enqueue(lead('k06'), job('k06'));
    assert.deepEqual(
      disk.appends.map((a) => a.kind),
      ['job'],
      'one write, the job first',
    );
    await store.close();
    const again = await FileLeadStore.open(dir);
    assert.equal(again.get('/p k06')?.state, 'pending');
    assert.equal(again.job('/p k06')?.sinks.webhook?.s, 'pending');
    await again.close();
  });

  it('a settle that cannot be written changes no lead, but routes its sinks from memory (kept by the repair)', async () => {
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, { openFile: opener, repairMs: 3600_000 });
    await store.enqueue(lead('k07'));
    await store.enqueue(lead('k08'));
    Object.assign(disk, { failing: true, failWith: Object.assign(new Error('full'), { code: 'ENOSPC' }) });
    await assert.rejects(store.settle(settledLead('k07')));
    assert.equal(store.get('/p k07')?.state, 'pending', 'still queued: it will be sent again');
    await assert.rejects(store.settle(settledLead('k08'), job('k08')));
    assert.equal(store.job('/p k08')?.sinks.webhook?.s, 'pending', 'the sinks still get it');
    disk.failing = false;
    await store.retryLater('/p k07', 11, NOW + 1000); // the next write rewrites the journal first
    assert.equal(store.stats().writable, true);
    await store.close();
    const again = await FileLeadStore.open(dir);
    assert.equal(again.job('/p k08')?.sinks.webhook?.s, 'pending', 'the rewrite kept the job');
    await again.close();
  });

  it('the room a lead or a job takes is given back once written, or once refused', async () => {
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, {
      openFile: opener,
      repairMs: 3600_000,
      limits: { maxPending: 2 },
    });
    Object.assign(disk, { failing: true, failWith: new Error('io') });
    await assert.rejects(store.enqueue(lead('k09')));
    disk.failing = false;
    await store.enqueue(lead('k10'));
    await store.enqueue(lead('k11'));
    assert.equal(store.stats().pending, 2, 'two of two: the refused one holds no room');
    await store.settle(settledLead('k12'), job('k12'));
    await store.settle(settledLead('k13'), job('k13'));
    assert.equal(store.job('/p k13')?.sinks.webhook?.s, 'pending', 'the second job found room too');
    await store.close();
  });

  it('after a failed write the next append rewrites the journal first: nothing joins the half line', async () => {
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, { openFile: opener, repairMs: 3600_000 });
    await store.enqueue(lead('k14'));
    Object.assign(disk, { failing: true, failWith: new Error('io') });
    await assert.rejects(store.enqueue(lead('k15')));
    disk.failing = false;
    await store.enqueue(lead('k16'));
    assert.equal(store.stats().writable, true, 'repaired by that append');
    await store.close();
    assert.ok(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .every((l) => parseEntry(l)),
    );
    assert.deepEqual(await pendingAfterRestart(dir), ['k14', 'k16']);
  });

  it('close: nothing is written once closed, even a repair, and closing twice is fine', async () => {
    const { disk, opener } = recorder(file);
    const timers = mock.method(globalThis, 'setInterval');
    const store = await FileLeadStore.open(dir, { openFile: opener, repairMs: 3600_000 });
    Object.assign(disk, { failing: true, failWith: new Error('io') });
    await assert.rejects(store.enqueue(lead('k17')));
    disk.failing = false;
    const repair = timers.mock.calls.at(-1)?.arguments[0] as () => void;
    const opens = disk.events.length;
    repair(); // the repair timer fires just as the store closes
    await store.close();
    await assert.rejects(store.enqueue(lead('k18')), /closed/);
    assert.deepEqual(
      disk.events.slice(opens).filter((e) => e.startsWith('open')),
      [],
      'no file opened after close',
    );
    await store.close();
  });

  it('one repair timer at a time, stopped by the repair or by close; a repair already done is not redone', async () => {
    const { disk, opener } = recorder(file);
    const timers = mock.method(globalThis, 'setInterval');
    const cleared = mock.method(globalThis, 'clearInterval');
    const store = await FileLeadStore.open(dir, { openFile: opener, repairMs: 3600_000 });
    await store.enqueue(lead('k23'));
    Object.assign(disk, { failing: true, failWith: new Error('io') });
    await assert.rejects(store.enqueue(lead('k19')));
    await assert.rejects(store.enqueue(lead('k20')));
    assert.equal(timers.mock.callCount(), 1, 'one timer for the whole failure');
    const timer = timers.mock.calls[0]?.result;
    const repair = timers.mock.calls[0]?.arguments[0];
    disk.failing = false;
    const rewrites = disk.tmpOpens();
    const written = store.enqueue(lead('k21')); // rewrites first
    repair(); // the timer fires meanwhile
    await written;
    assert.ok(
      cleared.mock.calls.some((c) => c.arguments[0] === timer),
      'the repair stopped the timer',
    );
    await store.close();
    assert.equal(disk.tmpOpens() - rewrites, 1, 'one rewrite: the timer found the journal repaired');

    // A store closed while failing stops its timer.
    const sub = mkdtempSync(join(dir, 'c-'));
    const two = recorder(join(sub, 'leads.jsonl'));
    const s2 = await FileLeadStore.open(sub, { openFile: two.opener, repairMs: 3600_000 });
    Object.assign(two.disk, { failing: true, failWith: new Error('io') });
    await assert.rejects(s2.enqueue(lead('k22')));
    const t2 = timers.mock.calls.at(-1)?.result;
    await s2.close();
    assert.ok(cleared.mock.calls.some((c) => c.arguments[0] === t2));
  });

  it('rewrites exactly when the file outgrows twice the live state plus the slack, never sooner nor later', async () => {
    const slack = 600;
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, { openFile: opener, compactSlackBytes: slack, now: () => NOW });
    const settledIds: string[] = [];
    /** What a rewrite would write now, from what the store shows. */
    const live = () =>
      store.pending().reduce((n, rec) => n + line({ t: 'queued', rec }), 0) +
      settledIds.reduce((n, id) => n + line({ t: 'result', rec: store.get(id) }), 0) +
      [...store.jobs()].reduce((n, rec) => n + line({ t: 'job', rec }), 0);
    const { late, premature } = watchBound(disk, file, slack, live);

    // Growth alone never calls for a rewrite.
    for (let i = 0; i < 20; i++) await store.enqueue(lead(`k${30 + i}`));
    for (let i = 0; i < 6; i++) {
      await store.settle(settledLead(`s${10 + i}`));
      settledIds.push(`/p s${10 + i}`);
    }
    assert.equal(disk.tmpOpens(), 1, 'no rewrite while the journal only grew');

    // Retries leave older lines behind: rewritten each time the garbage passes the live state plus the slack.
    for (let round = 11; round < 30; round++)
      for (const r of store.pending()) await store.retryLater(r.id, round, NOW + 1000);
    assert.ok(disk.tmpOpens() >= 4, `rewritten ${disk.tmpOpens() - 1} times`);

    // Jobs whose bodies go once their sink settles: the state shrinks, the rewrite follows.
    for (let i = 0; i < 6; i++) {
      await store.settle(settledLead(`j${10 + i}`), job(`j${10 + i}`, 'b'.repeat(4000)));
      settledIds.push(`/p j${10 + i}`);
    }
    const before = disk.tmpOpens();
    for (let i = 0; i < 6; i++) await store.updateSink(`/p j${10 + i}`, 'webhook', { s: 'sent', at: NOW, attempts: 1 });
    for (const r of store.pending()) await store.retryLater(r.id, 31, NOW + 1000);
    assert.ok(disk.tmpOpens() > before, 'rewritten once the bodies were gone');

    // Small jobs settled since that rewrite count at their settled size when the next one comes due.
    for (let i = 0; i < 12; i++) {
      await store.settle(settledLead(`m${10 + i}`), job(`m${10 + i}`, 'c'));
      settledIds.push(`/p m${10 + i}`);
    }
    for (let i = 0; i < 12; i++)
      await store.updateSink(`/p m${10 + i}`, 'webhook', { s: 'sent', at: NOW, attempts: 1 });
    const after = disk.tmpOpens();
    for (let round = 32; disk.tmpOpens() === after && round < 99; round++)
      for (const r of store.pending()) await store.retryLater(r.id, round, NOW + 1000);
    await store.retryLater('/p k30', 99, NOW + 1000);
    assert.ok(disk.tmpOpens() > after, 'and rewritten again');

    assert.deepEqual(premature(), [], 'never rewritten before it outgrew the bound');
    assert.deepEqual(late, [], 'never left beyond the bound');
    await store.close();
  });

  it('after a failed rewrite, the next one is tried once another slack has been appended, not sooner', async () => {
    const attempt = line({ t: 'attempt', id: '/p k40', attempts: 11, nextAttemptAt: NOW + 1000 });
    const slack = 10 * attempt;
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, { openFile: opener, compactSlackBytes: slack, now: () => NOW });
    for (let i = 0; i < 5; i++) await store.enqueue(lead(`k${40 + i}`));
    disk.failOpen = (p) => p.endsWith('.tmp');
    for (let round = 11; round < 60; round++)
      for (const r of store.pending()) await store.retryLater(r.id, round, NOW + 1000);
    const at = disk.refusedAt;
    assert.ok(at.length >= 3, `${at.length} tries`);
    assert.equal(store.stats().writable, true, 'a failed rewrite is not a failed journal');
    // Each try begins right after an append; the next at the first append that reaches a slack further on.
    for (let i = 1; i < at.length; i++) {
      const [prev, next] = [at[i - 1] ?? 0, at[i] ?? 0];
      assert.ok(next >= prev + slack && next - attempt < prev + slack, `tries at ${at.join(', ')} (slack ${slack})`);
    }
    disk.failOpen = undefined;
    const last = at.at(-1) ?? 0;
    while (disk.appended < last + slack) await store.retryLater('/p k40', 11, NOW + 1000);
    await store.retryLater('/p k40', 11, NOW + 1000); // written after the rewrite its predecessor queued
    assert.equal(disk.rewrites.length, 2, 'the try after the refusals succeeds');
    await store.close();
  });

  it('results kept for no time at all are garbage at once: the journal still keeps to its bound', async () => {
    const slack = 500;
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, {
      openFile: opener,
      compactSlackBytes: slack,
      now: () => NOW,
      limits: { maxSettled: 0 },
    });
    const live = () => store.pending().reduce((n, rec) => n + line({ t: 'queued', rec }), 0);
    const { late, premature } = watchBound(disk, file, slack, live);
    for (let i = 0; i < 5; i++) await store.enqueue(lead(`k${60 + i}`));
    for (let i = 0; i < 60; i++) await store.settle(settledLead(`r${100 + i}`));
    await store.retryLater('/p k60', 11, NOW + 1000);
    assert.equal(store.stats().settled, 0);
    assert.ok(disk.tmpOpens() >= 3, `rewritten ${disk.tmpOpens() - 1} times`);
    assert.deepEqual([late, premature()], [[], []]);
    await store.close();
  });

  it('rewritten at the first append past the bound, not at it', async () => {
    const s0 = await FileLeadStore.open(dir, { now: () => NOW });
    for (let i = 0; i < 5; i++) await s0.enqueue(lead(`k${70 + i}`));
    await s0.close();
    await (await FileLeadStore.open(dir, { now: () => NOW })).close();
    const live = statSync(file).size;
    const attempt = line({ t: 'attempt', id: '/p k70', attempts: 11, nextAttemptAt: NOW + 1000 });
    const steps = Math.ceil(live / attempt) + 3;
    const slack = steps * attempt - live; // after `steps` appends the file is exactly 2 x live + slack
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, { openFile: opener, compactSlackBytes: slack, now: () => NOW });
    for (let i = 0; i < steps + 2; i++) await store.retryLater('/p k70', 11, NOW + 1000);
    assert.equal(disk.rewrites[1]?.before, 2 * live + slack + attempt);
    await store.close();
  });

  it('a rewrite that an append queued is dropped when the appends after it grew the state enough', async () => {
    const slack = 300;
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, { openFile: opener, compactSlackBytes: slack, now: () => NOW });
    const live = () => store.pending().reduce((n, rec) => n + line({ t: 'queued', rec }), 0);
    const { premature } = watchBound(disk, file, slack, live);
    for (let i = 0; i < 3; i++) await store.enqueue(lead(`k${80 + i}`));
    const attempt = line({ t: 'attempt', id: '/p k80', attempts: 11, nextAttemptAt: NOW + 1000 });
    while (statSync(file).size + attempt <= 2 * live() + slack) await store.retryLater('/p k80', 11, NOW + 1000);
    // This retry passes the bound and queues a rewrite; the big lead queued behind it (while the retry is
    // being written) brings the file back within.
    let release = () => {};
    disk.gate = new Promise<void>((r) => (release = r));
    const writes = disk.appends.length;
    const crossing = store.retryLater('/p k80', 11, NOW + 1000);
    await until(() => disk.appends.length > writes, 2000);
    disk.gate = undefined;
    const big = store.enqueue(lead('k89', { body: 'x'.repeat(2000) }));
    release();
    await Promise.all([crossing, big]);
    await store.retryLater('/p k80', 11, NOW + 1000);
    assert.equal(disk.tmpOpens(), 1, 'no rewrite');
    assert.deepEqual(premature(), []);
    await store.close();
  });

  it('a failed journal is rewritten by itself every repairMs', async () => {
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, { openFile: opener, repairMs: 30 });
    assert.equal(store.path, file);
    await store.enqueue(lead('k90'));
    Object.assign(disk, { failing: true, failWith: new Error('io') });
    await assert.rejects(store.enqueue(lead('k91')));
    disk.failing = false;
    assert.ok(await until(() => store.stats().writable, 2000), 'repaired without another lead');
    await store.close();
  });

  it('a write that fails while the store closes leaves no repair timer behind', async () => {
    const { disk, opener } = recorder(file);
    const timers = mock.method(globalThis, 'setInterval');
    const store = await FileLeadStore.open(dir, { openFile: opener, repairMs: 3600_000 });
    let release = () => {};
    disk.gate = new Promise<void>((r) => (release = r));
    Object.assign(disk, { failing: true, failWith: new Error('io') });
    const inFlight = store.enqueue(lead('k92'));
    await until(() => disk.appends.length > 0, 2000);
    const closing = store.close();
    release();
    await assert.rejects(inFlight);
    await closing;
    assert.equal(timers.mock.callCount(), 0);
  });

  it('a sink update for a job no longer held changes nothing', async () => {
    const store = await FileLeadStore.open(dir);
    await store.updateSink('/p gone', 'webhook', { s: 'sent', at: NOW, attempts: 1 });
    assert.equal(store.job('/p gone'), undefined);
    await store.close();
  });

  it('a snapshot is written in chunks of about 1 MiB, never as one string', async () => {
    const s0 = await FileLeadStore.open(dir);
    const body = JSON.stringify({ email: 'a@b.c', message: 'x'.repeat(60_000) });
    for (let i = 0; i < 40; i++) await s0.enqueue(lead(`k${50 + i}`, { body }));
    await s0.close();
    const { disk, opener } = recorder(file);
    const store = await FileLeadStore.open(dir, { openFile: opener });
    await store.close();
    const writes = disk.rewrites[0]?.writes ?? [];
    assert.ok(writes.length >= 2, `${writes.length} writes`);
    const longest = line({ t: 'queued', rec: lead('k50', { body }) });
    for (const w of writes.slice(0, -1)) assert.ok(w >= CHUNK && w < CHUNK + longest, `a write of ${w}`);
    const again = await FileLeadStore.open(dir);
    assert.equal(again.stats().pending, 40, 'every chunk whole');
    await again.close();
  });
});
