/** The durable lead journal on a local disk (Node): append-only JSON lines, fsync per append. */
import {
  mkdirSync,
  openSync,
  fsyncSync,
  closeSync,
  readFileSync,
  existsSync,
  writeFileSync,
  renameSync,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported on this platform */
  }
}

/** Replace the journal with the live state, atomically: temp file, fsync, rename, fsync the directory. */
function writeSnapshot(file: string, records: Iterable<LeadRecord>): void {
  const tmp = `${file}.tmp`;
  let text = '';
  for (const rec of records) text += JSON.stringify({ t: rec.state === 'done' ? 'result' : 'queued', rec }) + '\n';
  writeFileSync(tmp, text, { mode: 0o600 });
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(dirname(file));
}

/** Appends between compactions while running (the journal is also compacted at every start). */
export const COMPACT_EVERY = 1000;

export class FileLeadStore extends MemoryLeadStore {
  private chain: Promise<void> = Promise.resolve();
  private appends = 0;
  private constructor(
    private readonly file: string,
    private fh: FileHandle,
    private readonly now: () => number,
    private readonly compactEvery: number,
  ) {
    super();
  }

  /** Open (and compact) the journal in `dir`, creating it if needed. */
  static async open(dir: string, opts: { now?: () => number; compactEvery?: number } = {}): Promise<FileLeadStore> {
    const now = opts.now ?? Date.now;
    // Leads carry shoppers' names and emails: readable by the proxy's user only.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, 'leads.jsonl');
    const records = existsSync(file) ? replayJournal(readFileSync(file, 'utf8'), now()) : new Map<string, LeadRecord>();
    writeSnapshot(file, records.values());
    const store = new FileLeadStore(file, await open(file, 'a', 0o600), now, opts.compactEvery ?? COMPACT_EVERY);
    for (const [id, r] of records) store.records.set(id, r);
    return store;
  }

  /** Append one entry and fsync; entries are written one at a time, in order. */
  private append(e: JournalEntry): Promise<void> {
    const line = JSON.stringify(e) + '\n';
    const next = this.chain.then(async () => {
      await this.fh.appendFile(line);
      await this.fh.datasync();
      if (++this.appends >= this.compactEvery) {
        apply(this.records, e); // the snapshot must include the entry just written
        await this.compact();
      }
    });
    this.chain = next.catch(() => {});
    return next;
  }

  /** Drop settled results past retention and rewrite the journal to the live state. */
  private async compact(): Promise<void> {
    this.appends = 0;
    const now = this.now();
    for (const [id, r] of this.records)
      if (r.state === 'done' && now - r.createdAt > RESULT_RETENTION_MS) this.records.delete(id);
    await this.fh.close();
    writeSnapshot(this.file, this.records.values());
    this.fh = await open(this.file, 'a', 0o600);
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
