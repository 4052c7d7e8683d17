/**
 * Compression phase: pick br or gzip from Accept-Encoding for compressible types. The codec is
 * injected (node:zlib on Node; edge platforms compress on their own, so they pass none).
 */

export type Encoding = 'br' | 'gzip';
export type Compressor = (body: Uint8Array, encoding: Encoding, level: 'fast' | 'best') => Uint8Array;

/** Below this, compression costs more than it saves. */
export const MIN_COMPRESS_BYTES = 1024;

const COMPRESSIBLE = /^(application\/(json|javascript)|text\/|image\/svg\+xml)/;

/** Pure phase "negotiate encoding": br over gzip, honouring q=0; none for small or binary bodies. */
export function negotiateEncoding(
  acceptEncoding: string | null | undefined,
  contentType: string | undefined,
  size: number,
): Encoding | undefined {
  if (!acceptEncoding || size < MIN_COMPRESS_BYTES || !contentType || !COMPRESSIBLE.test(contentType)) return undefined;
  const offered = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    offered.set(name.trim(), q ? Number(q[1]) : 1);
  }
  if ((offered.get('br') ?? 0) > 0) return 'br';
  if ((offered.get('gzip') ?? 0) > 0) return 'gzip';
  return undefined;
}
