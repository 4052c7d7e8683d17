/** Byte search for the key redaction phase: native where the runtime has Buffer, plain code elsewhere. */

/** Node's Buffer (native memmem) when the runtime has it; the loop below elsewhere. */
const NativeBuffer = (
  globalThis as {
    Buffer?: { from(b: ArrayBufferLike, o: number, l: number): { indexOf(n: Uint8Array | number): number } };
  }
).Buffer;

/** First index of one byte value in `haystack` (memchr where the runtime has Buffer). */
export function indexOfByte(haystack: Uint8Array, byte: number): number {
  // Stryker disable next-line ConditionalExpression: both searches give the same index; the choice is speed only.
  if (NativeBuffer) return NativeBuffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(byte);
  return haystack.indexOf(byte);
}

/** First index of `needle` in `haystack`: native where possible, plain web-standard code otherwise. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: both searches give the same index (0 for an empty needle); the choice is speed only.
  if (NativeBuffer && needle.length)
    return NativeBuffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle);
  return indexOfBytesPortable(haystack, needle);
}

/** The same search in plain web-standard code (runtimes without Buffer). */
export function indexOfBytesPortable(haystack: Uint8Array, needle: Uint8Array): number {
  if (!needle.length) return 0;
  const first = needle[0];
  // Stryker disable next-line ArithmeticOperator: `last` only ends the loop early; past it no compare below can match.
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}
