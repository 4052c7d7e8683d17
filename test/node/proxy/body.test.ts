/** readLimited (proxy/lib/body.ts): a request body read up to a limit, never buffered past it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readLimited } from '../../../proxy/lib/body.js';

/** A stream of `chunks` that records whether it was cancelled and how many chunks were pulled. */
function source(chunks: string[]) {
  const state = { cancelled: false, pulled: 0 };
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled === chunks.length) return controller.close();
        controller.enqueue(encoder.encode(chunks[state.pulled++]));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : bytes);

describe('readLimited', () => {
  it('no body is an empty one', async () => {
    const body = await readLimited(null, 10);
    assert.ok(body instanceof Uint8Array);
    assert.equal(body.byteLength, 0);
  });
  it('joins the chunks in order, up to exactly the limit', async () => {
    const { stream, state } = source(['ab', 'cde', 'f']);
    assert.equal(text(await readLimited(stream, 6)), 'abcdef');
    assert.equal(state.cancelled, false);
  });
  it('stops at the first chunk past the limit and cancels the stream', async () => {
    const { stream, state } = source(['ab', 'cde', 'fgh', 'never']);
    assert.equal(await readLimited(stream, 6), undefined);
    assert.equal(state.cancelled, true);
    assert.equal(state.pulled, 3, 'nothing is read after the chunk that passed the limit');
  });
  it('a stream that cannot be cancelled is still refused', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(8));
      },
      cancel() {
        throw new Error('cannot cancel');
      },
    });
    assert.equal(await readLimited(stream, 4), undefined);
  });
});
