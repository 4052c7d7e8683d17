/**
 * The durable lead journal on a local disk (Node): append-only JSON lines, each append written and
 * `datasync`ed before the change is applied and the lead answered, so a `kill -9` loses nothing that
 * was acknowledged.
 *
 * Bounded by construction: the state it holds is bounded (lead-store.ts), and the file is rewritten
 * from that state whenever it grows past twice that state's size (plus a slack). A rewrite never closes
 * the live file first: the snapshot goes to a new file (written in chunks, fsync'ed), is renamed
 * over the journal, the directory is fsync'ed, and only then do appends switch to it. At start the
 * journal is read as a stream of lines, never as one string; a torn or over-long line is skipped
 * (its answer was never sent). A failed write makes the journal "not writable" (shown by /healthz,
 * new leads refused with 503 while CarStrel is down) until a rewrite succeeds; rewrites are retried, and
 * nothing is appended to a journal whose last write failed (it may end in half a line) before a rewrite.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import {
  MemoryLeadStore,
  parseEntry,
  recordKey,
  type JournalEntry,
  type LeadLimits,
  type LeadStoreStats,
  type PendingLead,
  type SettledLead,
} from './lead-store.js';
import { jobKey, type SinkJob, type SinkState } from './sinks/jobs.js';

/** What the journal needs of an open file (node:fs/promises `FileHandle` has it all). */
export interface JournalHandle {
  appendFile(data: string): Promise<void>;
  datasync(): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export type OpenJournalFile = (path: string, flags: string, mode: number) => Promise<JournalHandle>;

export interface FileLeadStoreOptions {
  now?: () => number;
  limits?: Partial<LeadLimits>;
  /** Rewrite the journal once it exceeds twice the live state by this many bytes (default 1 MiB). */
  compactSlackBytes?: number;
  /**
   * Opens journal files (and their directory, to fsync it after a rename); tests inject slow,
   * recording or failing handles. Default: node:fs/promises `open`.
   */
  openFile?: OpenJournalFile;
  /** Longest journal line read at start; longer ones are skipped (default 32 MiB). */
  maxLineBytes?: number;
  /** How often a rewrite is retried after a failed write (default 5000 ms). */
  repairMs?: number;
}

export const JOURNAL_FILE = 'leads.jsonl';
const MAX_LINE_BYTES = 32 * 1024 * 1024;
/** Snapshot lines are written in chunks of about this many characters. */
const CHUNK = 1 << 20;

/**
 * The lines of a file, read as a stream in chunks: never the whole file as one string. A line
 * longer than `maxLineBytes` (counted in characters) is skipped (only a corrupt journal has one),
 * so nothing can outgrow the engine's string limit.
 */
export async function* readLines(path: string, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<string> {
  const decoder = new StringDecoder(); // UTF-8
  let rest = '';
  let skipping = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const text = decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const line = rest ? rest + text.slice(start, nl) : text.slice(start, nl);
      if (!skipping && line && line.length <= maxLineBytes) yield line;
      rest = '';
      skipping = false;
      start = nl + 1;
    }
    const tail = text.length - start;
    // A line already too long is neither kept nor added to (so no line can outgrow the engine's string
    // limit); this is also the only length check of a last line without a newline.
    if (!skipping && rest.length + tail > maxLineBytes) skipping = true;
    // Stryker disable next-line ConditionalExpression,StringLiteral: memory only (a skipped line's start is never read)
    if (skipping) rest = '';
    else rest += text.slice(start);
  }
  rest += decoder.end(); // at most a replacement character for a torn multi-byte one
  if (!skipping && rest) yield rest;
}

async function syncDir(dir: string, openFile: OpenJournalFile): Promise<void> {
  try {
    const fh = await openFile(dir, 'r', 0o700);
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* not supported on this platform */
  }
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'EIO';
}

export class FileLeadStore extends MemoryLeadStore {
  private chain: Promise<void> = Promise.resolve();
  private fh: JournalHandle | undefined;
  /** Characters appended since the last rewrite, and the size of that rewrite. */
  private appended = 0;
  private liveSize = 0;
  /** The journal line of each live record (its size), and their sum: what a rewrite would write. */
  private readonly lineSizes = new Map<string, number>();
  private liveChars = 0;
  /** After a failed rewrite, the next is tried only once this much more has been appended. */
  private retryCompactAt = 0;
  /** The error code of the last failed write, until a rewrite succeeds. */
  private failure: string | undefined;
  private repairTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  private readonly now: () => number;
  private readonly openFile: OpenJournalFile;
  private readonly slack: number;

  private constructor(
    private readonly file: string,
    private readonly opts: FileLeadStoreOptions,
  ) {
    super(opts.limits);
    this.now = opts.now ?? Date.now;
    this.openFile = opts.openFile ?? ((path, flags, mode) => open(path, flags, mode));
    this.slack = opts.compactSlackBytes ?? 1024 * 1024;
  }

  /** Open (replay and rewrite) the journal in `dir`, creating it if needed. */
  static async open(dir: string, opts: FileLeadStoreOptions = {}): Promise<FileLeadStore> {
    // Leads carry shoppers' names and emails: readable by the proxy's user only.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const store = new FileLeadStore(join(dir, JOURNAL_FILE), opts);
    await store.replay();
    store.prune(store.now());
    try {
      await store.compact();
    } catch (err) {
      // Keep what is on disk and append to it; /healthz says why the rewrite failed.
      try {
        store.fh = await store.openFile(store.file, 'a', 0o600);
      } catch {
        throw new Error(
          `Cannot write the lead journal ${store.file} (${errorCode(err)}). Check that CARSTREL_DATA_DIR is writable and has free space.`,
        );
      }
      store.fail(err);
    }
    return store;
  }

  get path(): string {
    return this.file;
  }

  override async settle(rec: SettledLead, job?: SinkJob): Promise<void> {
    const { entries, release } = this.withJob({ t: 'result', rec }, job, rec.settledAt);
    try {
      await this.append(entries);
    } catch (err) {
      // Upstream has the lead already: route it from memory; a rewrite of the journal will keep it.
      // Stryker disable next-line OptionalChaining: withJob always returns the lead's own entry
      if (entries[0]?.t === 'job') this.applyEntry(entries[0]);
      throw err;
    } finally {
      release();
    }
  }

  override async enqueue(rec: PendingLead, job?: SinkJob): Promise<void> {
    const release = this.reserve(rec);
    const routed = this.withJob({ t: 'queued', rec }, job, rec.createdAt);
    try {
      await this.append(routed.entries);
    } finally {
      routed.release();
      release();
    }
  }

  override async updateSink(id: string, sink: string, state: SinkState): Promise<void> {
    await super.updateSink(id, sink, state);
    this.resized(id);
    await this.append([{ t: 'sink', id, sink, state }]).catch(() => {});
  }

  override async retryLater(id: string, attempts: number, nextAttemptAt: number): Promise<void> {
    await super.retryLater(id, attempts, nextAttemptAt);
    await this.append([{ t: 'attempt', id, attempts, nextAttemptAt }]).catch(() => {});
  }

  override stats(): LeadStoreStats {
    const s = super.stats();
    return this.failure ? { ...s, writable: false, error: this.failure } : s;
  }

  override async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.repairTimer);
    await this.chain;
    await this.fh?.close().catch(() => {});
    this.fh = undefined;
  }

  private async replay(): Promise<void> {
    const exists = await stat(this.file).then(
      () => true,
      // Stryker disable next-line ArrowFunction: undefined is as false as false
      () => false,
    );
    if (!exists) return;
    for await (const line of readLines(this.file, this.opts.maxLineBytes)) {
      const e = parseEntry(line);
      // Sizes are counted by the rewrite that follows the replay (open), not here.
      if (e) this.applyEntry(e);
    }
  }

  /** Size accounting after an entry is applied: a record's line, or a job that settled (now small). */
  private track(e: JournalEntry, chars: number): void {
    if (e.t === 'sink') this.resized(e.id);
    else if (e.t !== 'attempt') this.sized(recordKey(e), chars);
  }

  /** A job whose sinks have all settled dropped its lead: count its line as a rewrite would write it. */
  private resized(id: string): void {
    const job = this.job(id);
    // Stryker disable next-line ConditionalExpression: a job that keeps its lead is still counted at its line when admitted (a few characters apart); sizing it again would cost a stringify of its body per sink retry
    if (job && !job.lead) this.sized(jobKey(id), JSON.stringify({ t: 'job', rec: job }).length + 1);
  }

  protected override dropped(id: string): void {
    this.liveChars -= this.lineSizes.get(id) ?? 0;
    this.lineSizes.delete(id);
  }

  private sized(key: string, chars: number): void {
    if (!this.holds(key)) return;
    this.dropped(key);
    this.lineSizes.set(key, chars);
    this.liveChars += chars;
  }

  /** Serialize journal work: appends and rewrites run one at a time, in order. */
  private enqueueWork(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => {});
    return next;
  }

  /** Append entries (one write), datasync them, then apply them: the caller's answer waits for all three. */
  private append(entries: JournalEntry[]): Promise<void> {
    const lines = entries.map((e) => ({ e, text: JSON.stringify(e) + '\n' }));
    const line = lines.map((l) => l.text).join('');
    const done = this.enqueueWork(async () => {
      if (this.closed) throw new Error('the lead journal is closed');
      if (this.failure) await this.compact();
      const fh = this.fh;
      // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable (fh is unset only after close(), refused above)
      if (!fh) throw new Error('the lead journal is not open');
      try {
        await fh.appendFile(line);
        await fh.datasync();
      } catch (err) {
        this.fail(err);
        throw err;
      }
      for (const { e, text } of lines) {
        this.applyEntry(e);
        this.track(e, text.length);
      }
      this.appended += line.length;
      // Checked once applied (a settled job shrinks the live state at once), when its turn comes: appends
      // queued meanwhile may have grown the state.
      void this.enqueueWork(() => this.compactIfOutgrown());
    });
    return done;
  }

  private async compactIfOutgrown(): Promise<void> {
    if (this.closed || !this.outgrown()) return;
    await this.compact().catch(() => {
      this.retryCompactAt = this.appended + this.slack; // the live journal is intact: try again later
    });
  }

  /**
   * Whether the file has outgrown the live state: more than twice its size plus the
   * slack. Rewriting then costs O(live) for at least O(live) appended, and the file stays within
   * 2 × live + slack + one line, whatever the traffic.
   */
  private outgrown(): boolean {
    if (this.appended < this.retryCompactAt) return false;
    return this.liveSize + this.appended > 2 * this.liveChars + this.slack;
  }

  private fail(err: unknown): void {
    this.failure = errorCode(err);
    if (this.repairTimer || this.closed) return;
    this.repairTimer = setInterval(() => {
      void this.enqueueWork(async () => {
        // A write may have repaired the journal, or close() begun, since this try was queued.
        if (!this.closed && this.failure) await this.compact().catch(() => {});
      });
    }, this.opts.repairMs ?? 5000);
    this.repairTimer.unref();
  }

  /**
   * Rewrite the journal to the live state: a new file, written in chunks and fsync'ed, renamed
   * over the journal, the directory fsync'ed; only then do appends switch to it and the old
   * handle close. On any failure the live journal stays as it was.
   */
  private async compact(): Promise<void> {
    this.prune(this.now());
    const tmp = `${this.file}.tmp`;
    await rm(tmp, { force: true });
    const next = await this.openFile(tmp, 'ax', 0o600);
    let size = 0;
    try {
      let batch = '';
      for (const e of this.entries()) {
        const line = JSON.stringify(e) + '\n';
        this.sized(recordKey(e), line.length);
        batch += line;
        // Stryker disable next-line EqualityOperator: a batch of exactly CHUNK is written with or before the next line, within the same bound
        if (batch.length < CHUNK) continue;
        await next.appendFile(batch);
        size += batch.length;
        batch = '';
      }
      await next.appendFile(batch); // the rest (nothing, at worst)
      size += batch.length;
      await next.sync();
      await rename(tmp, this.file);
      await syncDir(dirname(this.file), this.openFile);
    } catch (err) {
      await next.close().catch(() => {});
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: the file was opened above, so it exists
      await rm(tmp, { force: true }).catch(() => {});
      throw err;
    }
    const old = this.fh;
    this.fh = next;
    this.failure = undefined;
    this.appended = 0;
    this.liveSize = size;
    this.retryCompactAt = 0;
    clearInterval(this.repairTimer);
    this.repairTimer = undefined;
    await old?.close().catch(() => {});
  }
}
