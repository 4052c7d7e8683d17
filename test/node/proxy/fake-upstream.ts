/**
 * A tiny fake CarStrel for proxy tests: records every request it receives and answers from a
 * handler the test controls. Used until (and besides) the real sandbox.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Delay before answering, ms. */
  delay?: number;
  /** Drop the connection without answering. */
  drop?: boolean;
  /** Bytes sent as they are (e.g. a gzip body), instead of `body`. */
  raw?: Uint8Array;
}

export interface FakeUpstream {
  url: string;
  seen: Seen[];
  reply: (s: Seen) => FakeReply | Promise<FakeReply>;
  close(): Promise<void>;
}

export function envelope(data: unknown, statusCode = 200) {
  return { statusCode, message: 'data has been received', data };
}

export async function startFakeUpstream(reply?: FakeUpstream['reply']): Promise<FakeUpstream> {
  const fake: FakeUpstream = {
    url: '',
    seen: [],
    reply: reply ?? ((s) => ({ body: envelope({ path: s.url }) })),
    close: async () => {},
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const seen: Seen = {
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    fake.seen.push(seen);
    const r = await fake.reply(seen);
    if (r.delay) await new Promise((ok) => setTimeout(ok, r.delay));
    if (r.drop) {
      req.socket.destroy();
      return;
    }
    const body = r.raw ?? (typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? envelope(null)));
    res.writeHead(r.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...r.headers });
    res.end(body);
  }
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  fake.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  fake.close = () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    });
  return fake;
}
