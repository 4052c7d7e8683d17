/**
 * The leanest Node forwarder, as the speed reference for the proxy: node:http in front of an undici
 * Pool to the same upstream, with the proxy's own pool settings (connections, keep-alive, no
 * pipelining), the key injected and nothing else (no checks, no cache, no redaction, no
 * compression); the body is buffered, as the proxy buffers it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { POOL_OPTIONS } from '../../proxy/lib/node-runtime.js';

export function startLeanForwarder(upstream: string, apiKey: string): Promise<{ url: string; server: Server }> {
  const pool = new Pool(upstream, POOL_OPTIONS);
  const server = createServer((req, res) => void forward(req, res));
  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const r = await pool.request({
        method: req.method as 'GET',
        path: req.url ?? '/',
        headers: { 'x-api-key': apiKey, accept: 'application/json' },
      });
      const body = Buffer.from(await r.body.arrayBuffer());
      const type = r.headers['content-type'];
      res.writeHead(r.statusCode, {
        'content-type': typeof type === 'string' ? type : 'application/json',
        'content-length': body.byteLength,
      });
      res.end(body);
    } catch {
      res.writeHead(502).end();
    }
  }
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`, server });
    }),
  );
}
