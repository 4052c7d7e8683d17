/**
 * Test doubles for the lead desk: a scripted upstream that tells lead POSTs from probe GETs, and
 * an instrumented journal file opener (records, slows or fails what the store does to the disk).
 */
import { open, stat } from 'node:fs/promises';
import type { PendingLead } from '../../../proxy/lib/lead-store.js';
import { FileLeadStore, type OpenJournalFile } from '../../../proxy/lib/leads-file.js';
import {
  UpstreamError,
  type Upstream,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../../proxy/lib/upstream.js';

const enc = new TextEncoder();

export const okRes = (status = 201, headers: Record<string, string> = {}): UpstreamResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: enc.encode(JSON.stringify({ statusCode: status, data: { id: 't1' } })),
});

export type Answer = UpstreamResponse | 'down';

export interface ScriptedUpstream extends Upstream {
  /** Every request, in order. */
  sent: UpstreamRequest[];
  /** Lead POSTs only. */
  posts(): UpstreamRequest[];
  /** Probe GETs only. */
  probes(): UpstreamRequest[];
  /** What a probe GET gets: 'up' (200) or 'down' (unreachable). */
  probe: 'up' | 'down';
}

/**
 * Lead POSTs take `answers` in order (or `lead(req)` once they run out; default: unreachable);
 * probe GETs answer per `probe`.
 */
export function scriptedUpstream(
  answers: Answer[] = [],
  opts: { probe?: 'up' | 'down'; lead?: (req: UpstreamRequest) => Answer } = {},
): ScriptedUpstream {
  const up: ScriptedUpstream = {
    sent: [],
    probe: opts.probe ?? 'up',
    posts: () => up.sent.filter((r) => r.method === 'POST'),
    probes: () => up.sent.filter((r) => r.method === 'GET'),
    async request(req) {
      up.sent.push(req);
      const a =
        req.method === 'GET'
          ? up.probe === 'up'
            ? okRes(200)
            : 'down'
          : (answers.shift() ?? opts.lead?.(req) ?? 'down');
      if (a === 'down') throw new UpstreamError('unreachable');
      return a;
    },
    async close() {},
  };
  return up;
}

let seq = 0;
/** A pending lead as the desk would queue it. */
export function pendingLead(over: Partial<PendingLead> = {}): PendingLead {
  const key = over.idempotencyKey ?? `key-${String(++seq).padStart(8, '0')}`;
  const path = over.path ?? '/external/contact/submit';
  return {
    id: `${path} ${key}`,
    path,
    fingerprint: 'f',
    reference: `lead_${key}`,
    state: 'pending',
    body: '{"email":"a@b.c"}',
    contentType: 'application/json',
    idempotencyKey: key,
    createdAt: 0,
    attempts: 1,
    nextAttemptAt: 0,
    ...over,
  };
}

export function until(cond: () => boolean, timeoutMs: number, stepMs = 20): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const tick = () => {
      if (cond()) return resolve(true);
      if (Date.now() > end) return resolve(false);
      setTimeout(tick, stepMs);
    };
    tick();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Disk {
  events: string[];
  /** Delay every write by this many ms. */
  delayMs: number;
  /** Error code thrown by writes while set (after writing half of the data: a torn line). */
  failWrites?: string;
  /** Paths whose opening fails. */
  failOpen?: (path: string) => boolean;
}

/** An injected opener: real files, with every operation recorded (and slowed or failed on demand). */
export function instrumented(disk: Disk, journal: string): OpenJournalFile {
  let n = 0;
  return async (path, flags, mode) => {
    if (disk.failOpen?.(path)) disk.events.push('open refused');
    if (disk.failOpen?.(path)) throw Object.assign(new Error(`cannot open ${path}`), { code: 'EACCES' });
    const fh = await open(path, flags, mode);
    const name = `h${++n}`;
    const ino = (await fh.stat()).ino;
    disk.events.push(`open ${name}`);
    return {
      async appendFile(data: string) {
        const kind = /"t":"(\w+)"/.exec(data)?.[1] ?? '?';
        disk.events.push(`write ${name} ${kind}`);
        if (disk.delayMs) await sleep(disk.delayMs);
        if (disk.failWrites) {
          await fh.appendFile(data.slice(0, data.length >> 1));
          throw Object.assign(new Error('disk full'), { code: disk.failWrites });
        }
        await fh.appendFile(data);
        disk.events.push(`written ${name} ${kind}`);
      },
      async datasync() {
        await fh.datasync();
        disk.events.push(`datasynced ${name}`);
      },
      async sync() {
        await fh.sync();
        disk.events.push(`synced ${name}`);
      },
      async close() {
        const current = await stat(journal).then((s) => s.ino);
        disk.events.push(`close ${name} ${current === ino ? 'live' : 'replaced'}`);
        await fh.close();
      },
    };
  };
}

/** The keys of the pending leads a fresh start replays from the journal in `dir`, sorted. */
export async function pendingAfterRestart(dir: string): Promise<string[]> {
  const again = await FileLeadStore.open(dir);
  try {
    return again
      .pending()
      .map((r) => r.idempotencyKey)
      .sort();
  } finally {
    await again.close();
  }
}
