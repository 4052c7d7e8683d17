/**
 * Returns the URL as a string only if it is an absolute http(s) URL; anything else from the API
 * (`javascript:`, `data:`, relative junk) is refused with `undefined`.
 */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 4096) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
