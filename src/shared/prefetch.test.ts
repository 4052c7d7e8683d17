/// <reference types="mocha" />
/** The prefetch registry: an early response is handed to the first asker of its URL, once, while fresh. */
import { expect } from '@open-wc/testing';
import { putPrefetch, takePrefetch } from './prefetch.js';

describe('prefetch registry', () => {
  it('hands an early response to the first asker of the same URL, once', async () => {
    putPrefetch('https://p.example/external/vehicles?page=1', Promise.resolve({ data: [1] }));
    expect(takePrefetch('https://p.example/external/vehicles?page=2')).to.equal(undefined);
    const early = takePrefetch<{ data: number[] }>('https://p.example/external/vehicles?page=1');
    expect(await early).to.deep.equal({ data: [1] });
    expect(takePrefetch('https://p.example/external/vehicles?page=1')).to.equal(undefined);
  });

  it('an early failure reaches the element that takes it (and is not an unhandled rejection before)', async () => {
    putPrefetch('u:fail', Promise.reject(new Error('down')));
    await new Promise((r) => setTimeout(r, 10));
    let message = '';
    await takePrefetch('u:fail')?.catch((e: Error) => (message = e.message));
    expect(message).to.equal('down');
  });

  it('a stale early response is not used', () => {
    const realNow = Date.now;
    putPrefetch('u:old', Promise.resolve('old'));
    Date.now = () => realNow() + 60_000;
    try {
      expect(takePrefetch('u:old')).to.equal(undefined);
    } finally {
      Date.now = realNow;
    }
  });
});
