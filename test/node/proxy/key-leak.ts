/**
 * A misbehaving upstream that echoes the dealer's key every way it can, and an oracle that finds
 * the key in any of those forms, written independently of the proxy's redaction (proxy/lib/redact.ts)
 * so that a gap in one is not hidden by the same gap in the other.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { FakeReply } from './fake-upstream.js';

/** The forms a text may be undone from, by a client that wants the key. */
function decodings(text: string): string[] {
  const out = [text];
  let percent = text;
  for (let i = 0; i < 3; i++) {
    percent = percent.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    out.push(percent);
  }
  const escapes = text.replace(/\\+(?:u([0-9a-f]{4})|x([0-9a-f]{2}))/gi, (_, u?: string, x?: string) =>
    String.fromCharCode(parseInt((u ?? x)!, 16)),
  );
  out.push(escapes);
  out.push(
    text
      .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/&#(\d+);?/g, (_, d: string) => String.fromCharCode(Number(d))),
  );
  return out;
}

/** True when `text` gives the key away in any form a client could undo. */
export function leaksKey(text: string, key: string): boolean {
  return decodings(text).some((t) => t.includes(key));
}

const hex = (ch: string) => ch.charCodeAt(0).toString(16).padStart(2, '0');

/** The key written every way upstream might: plain, JSON/JS escapes, percent-encoding, entities, mixed. */
export function keyForms(key: string): string[] {
  const chars = [...key];
  return [
    key,
    chars.map((c) => `\\u00${hex(c)}`).join(''),
    chars.map((c) => `\\u00${hex(c).toUpperCase()}`).join(''),
    chars.map((c, i) => (i % 2 ? c : `\\u00${hex(c)}`)).join(''),
    // As JSON text: an escaped backslash, then x73 (a JavaScript escape once the JSON is parsed).
    chars.map((c) => `\\\\x${hex(c)}`).join(''),
    chars.map((c) => `%${hex(c)}`).join(''),
    chars.map((c) => (c === '_' ? '%5F' : c)).join(''),
    chars.map((c) => `%25${hex(c)}`).join(''),
    chars.map((c) => `&#${c.charCodeAt(0)};`).join(''),
    chars.map((c) => `&#x${hex(c)};`).join(''),
  ];
}

/** A JSON body whose strings carry every form of the key (as raw JSON text, so `\u` stays escaped). */
export function echoJson(key: string, data: Record<string, unknown> = {}): string {
  const forms = keyForms(key)
    .map((f, i) => `"form${i}":"${f.replace(/"/g, '')}"`)
    .join(',');
  const extra = JSON.stringify(data).slice(1, -1);
  return `{"statusCode":200,"message":"echo ${key}","data":{${extra}${extra ? ',' : ''}${forms}}}`;
}

/** Headers that echo the key in every allow-listed name and a few others. */
export function echoHeaders(key: string): Record<string, string> {
  return {
    'content-type': `application/json; charset=utf-8; key=${key}`,
    'content-language': key,
    'last-modified': `Tue, 15 Nov 1994 08:12:31 GMT ${key}`,
    'retry-after': key,
    'x-api-key': key,
    'x-echo': key,
    etag: `"${key}"`,
    link: `<https://x.example/?k=${key}>`,
    'set-cookie': `k=${key}`,
  };
}

export type EchoMode = 'headers' | 'json' | 'gzip' | 'br' | 'deflate' | 'gzip-unreadable';

export const ECHO_MODES: readonly EchoMode[] = ['headers', 'json', 'gzip', 'br', 'deflate', 'gzip-unreadable'];

/** Upstream's answer in one echo mode, with `status` and `data` besides the echoes. */
export function echoReply(mode: EchoMode, key: string, status = 200, data: Record<string, unknown> = {}): FakeReply {
  const json = echoJson(key, data);
  const base = { 'content-type': 'application/json; charset=utf-8' };
  switch (mode) {
    case 'headers':
      return { status, headers: echoHeaders(key), body: json };
    case 'json':
      return { status, headers: base, body: json };
    case 'gzip':
      return { status, headers: { ...base, 'content-encoding': 'gzip' }, raw: gzipSync(json) };
    case 'br':
      return { status, headers: { ...base, 'content-encoding': 'br' }, raw: brotliCompressSync(json) };
    case 'deflate':
      return { status, headers: { ...base, 'content-encoding': 'deflate' }, raw: deflateSync(json) };
    case 'gzip-unreadable':
      // Claims gzip, is not: the proxy cannot decode it, so it must not pass it on either.
      return { status, headers: { ...base, 'content-encoding': 'gzip' }, body: json };
  }
}
