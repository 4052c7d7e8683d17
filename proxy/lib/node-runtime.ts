/** Node-only pieces: the undici Pool upstream client (keep-alive) and the node:zlib compressor. */
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { Pool } from 'undici';
import type { Compressor } from './compress.js';
import { deadline, refuseRedirect, UpstreamError, type Upstream } from './upstream.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Keep-alive connection pool to a fixed origin (Node). */
export function poolUpstream(origin: string, opts: { connections?: number } = {}): Upstream {
  const pool = new Pool(origin, {
    connections: opts.connections ?? 128,
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
  });
  return {
    async request(req) {
      const d = deadline(req.timeoutMs);
      try {
        const res = await pool.request({
          method: req.method,
          path: req.path,
          headers: req.headers,
          body:
            req.body && req.body.byteLength
              ? Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength)
              : null,
          signal: d.signal,
        });
        const body = new Uint8Array(await res.body.arrayBuffer());
        refuseRedirect(res.statusCode);
        return { status: res.statusCode, headers: res.headers, body };
      } catch (err) {
        if (err instanceof UpstreamError) throw err;
        const code = (err as { code?: string }).code;
        throw new UpstreamError(
          d.fired() || (code !== undefined && TIMEOUT_CODES.has(code)) ? 'timeout' : 'unreachable',
          err,
        );
      } finally {
        d.clear();
      }
    },
    async close() {
      await pool.close().catch(() => pool.destroy());
    },
  };
}

export const nodeCompressor: Compressor = (body, encoding, level) => {
  if (encoding === 'br') {
    return brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: level === 'best' ? 11 : 4,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      },
    });
  }
  return gzipSync(body, { level: level === 'best' ? 9 : 6 });
};
