/** The durable lead journal on a local disk (Node): append-only JSON lines, fsync per append. */
import { mkdirSync, openSync, fsyncSync, closeSync, readFileSync, existsSync, writeFileSync, renameSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { apply, MemoryLeadStore, RESULT_RETENTION_MS, type JournalEntry, type LeadRecord } from './leads.js';

/** Parse a journal, tolerating a torn last line (a crash mid-append). */
export function replayJournal(text: string, now: number): Map<string, LeadRecord> {
  const map = new Map<string, LeadRecord>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      apply(map, JSON.parse(line) as JournalEntry);
    } catch {
      /* torn write: the answer for it was never sent, so nothing acknowledged is lost */
    }
  }
  for (const [id, r] of map) if (r.state === 'done' && now - r.createdAt > RESULT_RETENTION_MS) map.delete(id);
  return map;
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  } catch { /* not supported on this platform */ }
}

export class FileLeadStore extends MemoryLeadStore {
  private chain: Promise<void> = Promise.resolve();
  private constructor(private readonly file: string, private readonly fh: FileHandle) {
    super();
  }

  /** Open (and compact) the journal in `dir`, creating it if needed. */
  static async open(dir: string, now = Date.now()): Promise<FileLeadStore> {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'leads.jsonl');
    const records = existsSync(file) ? replayJournal(readFileSync(file, 'utf8'), now) : new Map<string, LeadRecord>();
    // Compact: write the live state to a temp file, fsync, then atomically replace.
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, [...records.values()].map((rec) => JSON.stringify({ t: rec.state === 'done' ? 'result' : 'queued', rec }) + '\n').join(''));
    const fd = openSync(tmp, 'r+');
    try { fsyncSync(fd); } finally { closeSync(fd); }
    renameSync(tmp, file);
    fsyncDir(dir);
    const store = new FileLeadStore(file, await open(file, 'a'));
    for (const [id, r] of records) store.records.set(id, r);
    return store;
  }

  /** Append one entry and fsync; entries are written one at a time, in order. */
  private append(e: JournalEntry): Promise<void> {
    const line = JSON.stringify(e) + '\n';
    const next = this.chain.then(async () => {
      await this.fh.appendFile(line);
      await this.fh.datasync();
    });
    this.chain = next.catch(() => {});
    return next;
  }

  override async settle(rec: LeadRecord) {
    await this.append({ t: 'result', rec });
    await super.settle(rec);
  }
  override async enqueue(rec: LeadRecord) {
    await this.append({ t: 'queued', rec });
    await super.enqueue(rec);
  }
  override async retryLater(id: string, attempts: number, nextAttemptAt: number) {
    await super.retryLater(id, attempts, nextAttemptAt);
    await this.append({ t: 'attempt', id, attempts, nextAttemptAt }).catch(() => {});
  }
  override async close() {
    await this.chain;
    await this.fh.close();
  }

  get path(): string {
    return this.file;
  }
}

