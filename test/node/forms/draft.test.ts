/**
 * What a draft keeps (src/forms/draft.ts, src/forms/form-draft.ts): what the shopper typed survives
 * a reload in this tab, passwords never do, and a retry after a reload reuses the submission's
 * Idempotency-Key so the lead is stored once.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DraftStore, fingerprint, submissionFor } from '../../../src/forms/draft.js';
import { FormDraft } from '../../../src/forms/form-draft.js';
import type { FieldSpec, Values } from '../../../src/forms/form-options.js';
import { MemoryStorage, useSessionStorage } from './storage.js';

/** FNV-1a, 32 bit, over UTF-16 code units, written independently of draft.ts (BigInt arithmetic). */
function fnv1a(text: string): string {
  let hash = 2166136261n;
  for (const unit of Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))) {
    hash = ((hash ^ BigInt(unit)) * 16777619n) % 2n ** 32n;
  }
  return hash.toString(16).padStart(8, '0');
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let storage: MemoryStorage;
let installed: { restore(): void };
beforeEach(() => {
  storage = new MemoryStorage();
  installed = useSessionStorage(storage);
});
afterEach(() => installed.restore());

describe('forms draft store: session storage', () => {
  it('saves under carstrel:draft:<key>, loads it back in a new store (a reload)', () => {
    const draft = { values: { name: 'Ada' }, submission: { key: 'k', fingerprint: 'f' } };
    new DraftStore('contact:/cars').save(draft);
    assert.deepEqual(JSON.parse(storage.getItem('carstrel:draft:contact:/cars') ?? ''), draft);
    assert.deepEqual(new DraftStore('contact:/cars').load(), draft);
    assert.deepEqual(new DraftStore('contact:/other').load(), { values: {} });
  });
  it('an empty draft removes what was kept; a submission alone is kept', () => {
    const store = new DraftStore('k');
    store.save({ values: { name: 'Ada' } });
    store.save({ values: { name: '', email: '' } });
    assert.equal(storage.getItem('carstrel:draft:k'), null);
    store.save({ values: { name: '' }, submission: { key: 'k1', fingerprint: 'f' } });
    assert.notEqual(storage.getItem('carstrel:draft:k'), null);
    store.save({ values: { name: 'Ada', email: '' } });
    assert.deepEqual(JSON.parse(storage.getItem('carstrel:draft:k') ?? ''), { values: { name: 'Ada', email: '' } });
  });
  it('clear forgets the draft, in storage and in memory', () => {
    const store = new DraftStore('k');
    store.save({ values: { name: 'Ada' } });
    store.clear();
    assert.equal(storage.getItem('carstrel:draft:k'), null);
    assert.deepEqual(store.load(), { values: {} });
  });
  it('a corrupt or foreign draft is dropped: the form starts empty', () => {
    for (const raw of ['{nope', '"text"', 'null', '[]', '{"values":null}', '{"values":"x"}', '{"other":{}}']) {
      storage.setItem('carstrel:draft:k', raw);
      assert.deepEqual(new DraftStore('k').load(), { values: {} }, raw);
    }
  });
  it('a corrupt draft does not replace what this page already holds', () => {
    const store = new DraftStore('k');
    store.save({ values: { name: 'Ada' } });
    storage.setItem('carstrel:draft:k', '{nope');
    assert.deepEqual(store.load(), { values: { name: 'Ada' } });
  });
  it('a full storage keeps the draft in memory', () => {
    storage.full = true;
    const store = new DraftStore('k');
    store.save({ values: { name: 'Ada' } });
    assert.deepEqual(store.load(), { values: { name: 'Ada' } });
  });
  for (const [label, kind] of [
    ['without storage', undefined],
    ['when storage throws (sandboxed frame)', 'throws'],
  ] as const) {
    it(`${label}, the draft lives in memory`, () => {
      installed.restore();
      installed = useSessionStorage(kind);
      const store = new DraftStore('k');
      store.save({ values: { name: 'Ada' } });
      assert.deepEqual(store.load(), { values: { name: 'Ada' } });
      store.clear();
      assert.deepEqual(store.load(), { values: {} });
    });
  }
});

describe('forms draft: fingerprint and Idempotency-Key', () => {
  it('the fingerprint is FNV-1a (32 bit) of the sorted entries: stable across releases, key order free', () => {
    assert.equal(fingerprint({}), fnv1a('[]'));
    assert.equal(fingerprint({ b: 'x', a: 'Ådå ✓' }), fnv1a('[["a","Ådå ✓"],["b","x"]]'));
    assert.equal(fingerprint({ name: 'Ada', email: 'a@b.co' }), fingerprint({ email: 'a@b.co', name: 'Ada' }));
    assert.match(fingerprint({ name: 'Ada' }), /^[0-9a-f]{8}$/);
    assert.equal(fingerprint({ a: '151' }), '00dc0c15'); // a small hash keeps its leading zeros
  });
  it('differs when any value differs, and does not contain the values', () => {
    const prints = new Set(['Ada', 'Adb', 'ada', 'Ada ', ''].map((name) => fingerprint({ name })));
    assert.equal(prints.size, 5);
    assert.ok(!fingerprint({ name: 'Ada' }).includes('Ada'));
  });
  it('the same body keeps its key; another body gets a new one', () => {
    const first = submissionFor({ name: 'Ada' }, undefined);
    assert.match(first.key, UUID);
    assert.equal(first.fingerprint, fingerprint({ name: 'Ada' }));
    assert.equal(submissionFor({ name: 'Ada' }, first), first);
    const other = submissionFor({ name: 'Bob' }, first);
    assert.notEqual(other.key, first.key);
    assert.equal(other.fingerprint, fingerprint({ name: 'Bob' }));
  });
});

describe('forms draft: a form’s draft and its submission', () => {
  const fields: FieldSpec[] = [
    { name: 'email', label: 'Email', autocomplete: 'email' },
    { name: 'password', label: 'Password', autocomplete: 'current-password', secret: true },
  ];
  const form = (values: Values) =>
    new FormDraft(
      () => fields,
      () => values,
    );

  it('keeps what was typed except secrets, and restores it after a reload', () => {
    const draft = form({ email: 'a@b.co', password: 'hunter22' });
    assert.deepEqual(draft.restore('login:/'), {});
    draft.save();
    assert.ok(!JSON.stringify([...storage.items]).includes('hunter22'));
    assert.deepEqual(form({}).restore('login:/'), { email: 'a@b.co' });
  });
  it('restores only this form’s non-secret text fields', () => {
    storage.setItem(
      'carstrel:draft:login:/',
      JSON.stringify({ values: { email: 'a@b.co', password: 'old', other: 'x', phone: 5 } }),
    );
    assert.deepEqual(form({}).restore('login:/'), { email: 'a@b.co' });
    storage.setItem('carstrel:draft:login:/', JSON.stringify({ values: { email: { text: 'a@b.co' } } }));
    assert.deepEqual(form({}).restore('login:/'), {});
  });
  it('restores a key once: the same key again gives nothing, another key loads its draft', () => {
    storage.setItem('carstrel:draft:a', JSON.stringify({ values: { email: 'a@a.co' } }));
    storage.setItem('carstrel:draft:b', JSON.stringify({ values: { email: 'b@b.co' } }));
    const draft = form({});
    assert.deepEqual(draft.restore('a'), { email: 'a@a.co' });
    assert.equal(draft.restore('a'), undefined);
    assert.deepEqual(draft.restore('b'), { email: 'b@b.co' });
  });
  it('persistable leaves secrets and unknown names out', () => {
    assert.deepEqual(form({}).persistable({ email: 'a@b.co', password: 'p', other: 'x' }), { email: 'a@b.co' });
  });
  it('a retry after a reload sends the same key; a changed body or fresh gets a new one', () => {
    const values = { email: 'a@b.co' };
    const before = form(values);
    before.restore('k');
    const key = before.keyFor(values);
    assert.match(key, UUID);
    // Saved before sending: a reload mid-flight finds the key.
    const after = form({});
    assert.deepEqual(after.restore('k'), values);
    assert.equal(after.keyFor(values), key);
    assert.equal(after.keyFor(values), key);
    const changed = after.keyFor({ email: 'c@d.co' });
    assert.notEqual(changed, key);
    assert.notEqual(after.keyFor({ email: 'c@d.co' }, true), changed);
  });
  it('clear: nothing kept, and the next submission gets a new key', () => {
    const values = { email: 'a@b.co' };
    const draft = form(values);
    draft.restore('k');
    const key = draft.keyFor(values);
    draft.clear();
    assert.equal(storage.getItem('carstrel:draft:k'), null);
    assert.deepEqual(form({}).restore('k'), {});
    assert.notEqual(draft.keyFor(values), key);
  });
  it('before a key is restored nothing is written', () => {
    const draft = form({ email: 'a@b.co' });
    draft.save();
    draft.keyFor({ email: 'a@b.co' });
    draft.clear();
    assert.equal(storage.length, 0);
  });
});
