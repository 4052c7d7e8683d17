/**
 * A form's draft and its submission's `Idempotency-Key`, kept together in session storage
 * (`./draft.ts`): what the shopper typed survives a reload, and a retry after a reload is
 * recognised by the proxy as the same submission. Secret fields (passwords) are never written.
 */
import { DraftStore, submissionFor, type Submission } from './draft.js';
import type { FieldSpec, Values } from './form-options.js';

export class FormDraft {
  private store: DraftStore | undefined;
  /** The submission being sent: its key and the fingerprint of its body, until it is done. */
  private submission: Submission | undefined;

  constructor(
    private readonly fields: () => FieldSpec[],
    /** The form's current values (what `save()` writes). */
    private readonly values: () => Values,
  ) {}

  /** Loads the draft kept under `storageKey`; `undefined` when it is the one already loaded. */
  restore(storageKey: string): Values | undefined {
    if (this.store?.storageKey === storageKey) return undefined;
    this.store = new DraftStore(storageKey);
    const draft = this.store.load();
    const names = this.persistableNames();
    this.submission = draft.submission;
    return Object.fromEntries(Object.entries(draft.values).filter(([k, v]) => names.has(k) && typeof v === 'string'));
  }

  /** The values that may persist: every field but the secret ones. */
  persistable(values: Values): Values {
    const names = this.persistableNames();
    return Object.fromEntries(Object.entries(values).filter(([k]) => names.has(k)));
  }

  save(): void {
    this.store?.save({ values: this.persistable(this.values()), submission: this.submission });
  }

  /**
   * The `Idempotency-Key` for a submission identified by `body`: the kept one when it was made for
   * this same body (a retry, possibly after a reload), else — or with `fresh` — a new one. Saved
   * before sending, so a reload mid-flight retries with the same key.
   */
  keyFor(body: Record<string, unknown>, fresh = false): string {
    this.submission = submissionFor(body, fresh ? undefined : this.submission);
    this.save();
    return this.submission.key;
  }

  /** Sent (or dropped): nothing is kept, and the next submission gets a new key. */
  clear(): void {
    this.submission = undefined;
    this.store?.clear();
  }

  private persistableNames(): Set<string> {
    return new Set(
      this.fields()
        .filter((f) => !f.secret)
        .map((f) => f.name),
    );
  }
}
