/// <reference types="mocha" />
/**
 * Early list responses (`load.ts`): kept for the element that asks for them, dropped when one
 * takes them, and never more than a few kept for elements that never come.
 */
import { expect } from '@open-wc/testing';
import { clientFor } from '../api/client.js';
import { apiBase, resetSandbox } from '../testing/browser.js';
import { arrivedCount, arrivedResults, loadResults, prefetchResults } from './load.js';
import { EMPTY_STATE } from './query.js';

describe('early list responses', () => {
  beforeEach(resetSandbox);

  it('one is dropped when the element takes it, by its first render or by its first request', async () => {
    const client = clientFor(apiBase());
    const before = arrivedCount();
    await prefetchResults(client, EMPTY_STATE, 2);
    await prefetchResults(client, EMPTY_STATE, 3);
    expect(arrivedCount()).to.equal(before + 2);
    expect(arrivedResults([client.base, EMPTY_STATE, 2])?.vehicles).to.have.length(2);
    expect(arrivedCount()).to.equal(before + 1);
    const results = await loadResults(client, EMPTY_STATE, 3, new AbortController().signal);
    expect(results.vehicles).to.have.length(3);
    expect(arrivedCount()).to.equal(before);
  });

  it('those no element takes are bounded: the oldest are dropped', async () => {
    const client = clientFor(apiBase());
    for (let size = 1; size <= 12; size++) await prefetchResults(client, EMPTY_STATE, size);
    expect(arrivedCount()).to.equal(8);
    expect(arrivedResults([client.base, EMPTY_STATE, 1])).to.equal(undefined);
    expect(arrivedResults([client.base, EMPTY_STATE, 12])?.vehicles).to.have.length(12);
  });
});
